// Tests of evaluate(): transport-rule conditions, actions, ordering, the connecting IP, the
// Area 1 disposition and scratch reuse (mailflow-model.md sections 3-5, decisions.md).
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/engine.h"
#include "engine/rules/load_native.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::final_action;
using mfsim::outcome;
using mfsim::release_path;
using mfsim::run_options;
using mfsim::scl_origin;
using mfsim::verdict;
using mfsim::mail::ip_source;
using mfsim::test::message;
using mfsim::test::simulator;
using names = std::vector<std::string>;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t k20240319T094111Z = 1710841271;  // Tue, 19 Mar 2024 09:41:11 +0000

// A rule set with an egress list and a partner list, followed by `rules` (a YAML list body
// indented by two spaces, written as it would stand under `transport_rules:`).
std::string rule_set_yaml(std::string_view rules, std::string_view extra_top_level = {}) {
  std::string yaml = R"(mfsim: 1
name: evaluator-test
area1:
  egress_list: egress
ip_lists:
  egress:
    entries:
      - 104.30.32.0/24
      - 52.11.209.211
  partners:
    entries:
      - 198.51.100.0/24
      - '2001:db8:beef::/48'
)";
  yaml.append(extra_top_level);
  yaml.append("transport_rules:\n");
  yaml.append(rules);
  return yaml;
}

std::string ip_text(const outcome& o) { return o.sender_ip ? o.sender_ip->to_string() : "none"; }

std::string indent_rule_lines(const std::vector<std::string_view>& lines,
                              std::string_view prefix = {}) {
  std::string out;
  for (const auto l : lines) {
    out.append("    ");
    out.append(prefix);
    out.append(l);
    out.append("\n");
  }
  return out;
}

// ---- one table for every condition kind --------------------------------------------------

struct condition_case {
  std::string_view what;
  std::vector<std::string_view> condition;  // rule keys, as written in YAML
  std::vector<std::string_view> matching;   // header lines of a message it holds for
  std::vector<std::string_view> other;      // header lines of a message it does not
};

const std::vector<condition_case>& condition_cases() {
  static const std::vector<condition_case> cases = {
      {"HeaderContainsWords",
       {"HeaderContainsMessageHeader: X-Area1Security-Disposition", "HeaderContainsWords: UCE"},
       {"X-Area1Security-Disposition: UCE"},
       {"X-Area1Security-Disposition: MALICIOUS"}},
      {"HeaderMatchesPatterns",
       {"HeaderMatchesMessageHeader: X-Mailer", "HeaderMatchesPatterns: 'bulk ?mailer v[0-9]+'"},
       {"X-Mailer: Acme BULKMailer v12 (build 7)"},
       {"X-Mailer: Microsoft Outlook 16.0"}},
      {"SenderIpRanges, one address",
       {"SenderIpRanges: 52.11.209.211"},
       {"X-Sender-IP: 52.11.209.211"},
       {"X-Sender-IP: 52.11.209.212"}},
      {"SenderIpRanges, CIDR",
       {"SenderIpRanges: 104.30.32.0/24"},
       {"X-Sender-IP: 104.30.32.200"},
       {"X-Sender-IP: 104.30.33.1"}},
      {"SenderIpRanges, a-b range",
       {"SenderIpRanges: 1.2.3.4-1.2.3.9"},
       {"X-Sender-IP: 1.2.3.9"},
       {"X-Sender-IP: 1.2.3.10"}},
      {"SenderIpRanges, a-b range lower bound",
       {"SenderIpRanges: 1.2.3.4-1.2.3.9"},
       {"X-Sender-IP: 1.2.3.4"},
       {"X-Sender-IP: 1.2.3.3"}},
      {"SenderIpRanges, IPv6 prefix",
       {"SenderIpRanges: '2001:db8:beef::/48'"},
       {"X-Sender-IP: 2001:db8:beef:1::25"},
       {"X-Sender-IP: 2001:db8:bef0::1"}},
      {"SenderIpRanges, IPv6 range",
       {"SenderIpRanges: '2001:db8::10-2001:db8::20'"},
       {"X-Sender-IP: 2001:DB8::1F"},
       {"X-Sender-IP: 2001:db8::21"}},
      {"SenderIpRanges, $list reference",
       {"SenderIpRanges: [$egress]"},
       {"X-Sender-IP: 104.30.32.17"},
       {"X-Sender-IP: 203.0.113.5"}},
      {"SenderIpRanges, comma list ORs",
       {"SenderIpRanges: [203.0.113.9, $partners]"},
       {"X-Sender-IP: 198.51.100.77"},
       {"X-Sender-IP: 203.0.113.10"}},
      {"SenderIpRanges, no sender IP at all",
       {"SenderIpRanges: 0.0.0.0/0"},
       {"X-Sender-IP: 203.0.113.10"},
       {"Subject: no address anywhere"}},
      {"From, an exact address without case",
       {"From: ceo@contoso.com"},
       {"From: The CEO <Ceo@Contoso.com>"},
       {"From: ceo@contoso.com.evil.example"}},
      {"SentTo, a To address",
       {"SentTo: bob@contoso.com"},
       {"To: Bob <BOB@contoso.com>, x@example.org"},
       {"To: bobby@contoso.com"}},
      {"SentTo, a Cc address",
       {"SentTo: bob@contoso.com"},
       {"Cc: bob@contoso.com"},
       {"Bcc: bob@contoso.com"}},
      {"RecipientDomainIs, a subdomain",
       {"RecipientDomainIs: contoso.com"},
       {"To: a@sales.contoso.com"},
       {"To: a@notcontoso.com"}},
      {"SubjectOrBodyContainsWords, in the subject",
       {"SubjectOrBodyContainsWords: wire transfer"},
       {"Subject: urgent Wire Transfer today"},
       {"Subject: wire transfers"}},
      {"MessageSizeOver, bytes of the whole message",
       {"MessageSizeOver: 100 B"},
       {"Subject: 0123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789"},
       {"Subject: x"}},
      {"SubjectContainsWords",
       {"SubjectContainsWords: Invoice"},
       {"Subject: Your INVOICE #42"},
       {"Subject: Invoices attached"}},
      {"SubjectMatchesPatterns",
       {"SubjectMatchesPatterns: '^\\[ext\\]'"},
       {"Subject: [EXT] lunch"},
       {"Subject: RE: [EXT] lunch"}},
      {"FromAddressContainsWords",
       {"FromAddressContainsWords: ceo"},
       {"From: Jane Doe <CEO@contoso.com>"},
       {"From: \"CEO\" <jane@contoso.com>"}},
      {"FromAddressMatchesPatterns",
       {"FromAddressMatchesPatterns: '@contoso\\.com$'"},
       {"From: billing@Contoso.com"},
       {"From: \"billing@contoso.com\" <billing@evil.example>"}},
      {"SenderDomainIs, the domain",
       {"SenderDomainIs: contoso.com"},
       {"From: a@contoso.com"},
       {"From: a@evilcontoso.com"}},
      {"SenderDomainIs, a subdomain",
       {"SenderDomainIs: contoso.com"},
       {"From: Alerts <A@Mail.CONTOSO.com>"},
       {"From: a@contoso.com.evil.example"}},
      {"SenderDomainIs, any address of several",
       {"SenderDomainIs: [fabrikam.com, contoso.com]"},
       {"From: a@other.example, \"Doe, Jane\" <jane@sales.contoso.com>"},
       {"From: a@other.example, b@fabrikam.com.other.example"}},
      {"SenderDomainIs, a display name does not count",
       {"SenderDomainIs: contoso.com"},
       {"From: \"x@evil.example\" <boss@contoso.com>"},
       {"From: \"boss@contoso.com\" <x@evil.example>"}},
      // SCLOver reads only an earlier rule's SetSCL (decisions.md 14), never the message: its
      // test, with the rule that sets the SCL, is "SCLOver sees only the SCL earlier rules set".
  };
  return cases;
}

// ---- connecting IP ------------------------------------------------------------------------

constexpr std::string_view kForefront =
    "X-Forefront-Antispam-Report: CIP:104.30.32.5;CTRY:US;LANG:en;SCL:1;SRV:;IPV:NLI;"
    "SFV:NSPM;H:mx.example;PTR:mx.example;CAT:NONE;SFS:;DIR:INB;";
constexpr std::string_view kSenderIp = "X-Sender-IP: 104.30.32.6";
constexpr std::string_view kAuthResults =
    "Authentication-Results: spf=pass (sender IP is 104.30.32.7) smtp.mailfrom=example.com; "
    "dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none "
    "header.from=example.com;compauth=pass reason=100";
constexpr std::string_view kReceivedSpf =
    "Received-SPF: Pass (protection.outlook.com: domain of example.com designates 104.30.32.8 as "
    "permitted sender) receiver=protection.outlook.com; client-ip=104.30.32.8; "
    "helo=mx.example;";
constexpr std::string_view kReceivedExternal =
    "Received: from mx.area1.example (mx.area1.example [104.30.32.9]) by "
    "BN1NAM02FT014.mail.protection.outlook.com (10.13.2.129) with Microsoft SMTP Server; "
    "Tue, 19 Mar 2024 09:41:11 +0000";
constexpr std::string_view kReceivedInternal =
    "Received: from BN1NAM02FT014.eop-nam02.prod.protection.outlook.com "
    "(2603:10b6:403:1::45) by DM6PR01MB1234.namprd01.prod.outlook.com (2603:10b6:5:2::1) with "
    "Microsoft SMTP Server; Tue, 19 Mar 2024 09:41:11 +0000";

struct ip_case {
  std::string_view what;
  std::vector<std::string_view> headers;
  std::string_view ip;
  ip_source source;
};

const std::vector<ip_case>& ip_cases() {
  static const std::vector<ip_case> cases = {
      {"X-Forefront-Antispam-Report CIP: beats every other header",
       {kReceivedInternal, kReceivedExternal, kReceivedSpf, kAuthResults, kSenderIp, kForefront},
       "104.30.32.5",
       ip_source::x_forefront_antispam_report},
      {"X-Sender-IP comes next",
       {kReceivedExternal, kReceivedSpf, kAuthResults, kSenderIp},
       "104.30.32.6",
       ip_source::x_sender_ip},
      {"then Authentication-Results 'sender IP is'",
       {kReceivedExternal, kReceivedSpf, kAuthResults},
       "104.30.32.7",
       ip_source::authentication_results},
      {"then Received-SPF client-ip=",
       {kReceivedExternal, kReceivedSpf},
       "104.30.32.8",
       ip_source::received_spf},
      {"then the Received walk, skipping Exchange Online hops",
       {kReceivedInternal, kReceivedExternal},
       "104.30.32.9",
       ip_source::received},
      {"a verdict header without CIP: is passed over",
       {"X-Forefront-Antispam-Report: SFV:NSPM;SCL:1;CAT:NONE", kSenderIp},
       "104.30.32.6",
       ip_source::x_sender_ip},
      {"an unparseable instance is passed over for the next instance",
       {"X-Sender-IP: unknown", "X-Sender-IP: 203.0.113.44"},
       "203.0.113.44",
       ip_source::x_sender_ip},
      {"-Untrusted copies are never read",
       {"X-Forefront-Antispam-Report-Untrusted: CIP:198.51.100.1;SCL:1",
        "X-Sender-IP-Untrusted: 198.51.100.2",
        "Authentication-Results-Untrusted: spf=pass (sender IP is 198.51.100.3)",
        "Received-SPF-Untrusted: Pass client-ip=198.51.100.4;", kReceivedExternal},
       "104.30.32.9",
       ip_source::received},
      {"Received hops from private, loopback and link-local addresses are skipped",
       {"Received: from localhost (localhost [127.0.0.1]) by mx.example.net; "
        "Tue, 19 Mar 2024 09:41:11 +0000",
        "Received: from relay.corp (relay.corp [10.1.2.3]) by mx.example.net; "
        "Tue, 19 Mar 2024 09:41:10 +0000",
        "Received: from box (box [192.168.7.7]) by relay.corp; Tue, 19 Mar 2024 09:41:09 +0000",
        "Received: from v6box ([IPv6:fd12:3456::1]) by box; Tue, 19 Mar 2024 09:41:09 +0000",
        "Received: from v6ll ([IPv6:fe80::1]) by box; Tue, 19 Mar 2024 09:41:09 +0000",
        "Received: from apipa (apipa [169.254.1.1]) by box; Tue, 19 Mar 2024 09:41:09 +0000",
        "Received: from lo6 ([IPv6:::1]) by box; Tue, 19 Mar 2024 09:41:09 +0000",
        "Received: from corp16 (corp16 [172.16.5.5]) by box; Tue, 19 Mar 2024 09:41:09 +0000",
        "Received: from mail.sender.example (mail.sender.example [203.0.113.20]) by box; "
        "Tue, 19 Mar 2024 09:41:08 +0000"},
       "203.0.113.20",
       ip_source::received},
      {"the unspecified address is none of private, loopback or link-local: not skipped",
       {"Received: from placeholder (placeholder [0.0.0.0]) by mx.example.net; "
        "Tue, 19 Mar 2024 09:41:11 +0000",
        "Received: from mail.sender.example (mail.sender.example [203.0.113.20]) by box; "
        "Tue, 19 Mar 2024 09:41:08 +0000"},
       "0.0.0.0",
       ip_source::received},
      {"the by clause's address is never used",
       {"Received: from mail.sender.example by mx.example.net (198.51.100.9) with ESMTP; "
        "Tue, 19 Mar 2024 09:41:11 +0000",
        "Received: from [203.0.113.21] by mail.sender.example ([198.51.100.10]); "
        "Tue, 19 Mar 2024 09:41:10 +0000"},
       "203.0.113.21",
       ip_source::received},
      {"a by-only address gives no IP at all",
       {"Received: by mx.example.net (198.51.100.9) with ESMTP; Tue, 19 Mar 2024 09:41:11 +0000"},
       "none",
       ip_source::none},
      {"an IPv6 literal in a Received hop",
       {"Received: from mail.v6.example ([IPv6:2001:db8:beef::25]) by mx.example.net; "
        "Tue, 19 Mar 2024 09:41:11 +0000"},
       "2001:db8:beef::25",
       ip_source::received},
      {"an IPv6 CIP: in the verdict header",
       {"X-Forefront-Antispam-Report: CIP:2a01:111:f400:7e49::205;CTRY:;LANG:en;SCL:1", kSenderIp},
       "2a01:111:f400:7e49::205",
       ip_source::x_forefront_antispam_report},
      {"a bracketed X-Sender-IP",
       {"X-Sender-IP: [203.0.113.45]"},
       "203.0.113.45",
       ip_source::x_sender_ip},
      {"IPv4-mapped IPv6 is reported as IPv4",
       {"X-Sender-IP: ::ffff:104.30.32.10"},
       "104.30.32.10",
       ip_source::x_sender_ip},
      {"no source at all", {"Subject: hi"}, "none", ip_source::none},
  };
  return cases;
}

}  // namespace

TEST_SUITE("evaluator") {
  TEST_CASE("every condition kind holds on a matching message and not on another") {
    for (const auto& c : condition_cases()) {
      CAPTURE(c.what);
      simulator sim(rule_set_yaml("  - Name: R\n" + indent_rule_lines(c.condition) +
                                  "    SetHeaderName: X-Hit\n    SetHeaderValue: yes\n"));
      sim.run(message(c.matching));
      CHECK(sim.fired() == names{"R"});
      sim.run(message(c.other));
      CHECK(sim.fired() == names{});
    }
  }

  TEST_CASE(
      "every condition's ExceptIf twin cancels the rule on exactly the messages it holds for") {
    for (const auto& c : condition_cases()) {
      CAPTURE(c.what);
      simulator sim(rule_set_yaml("  - Name: R\n" + indent_rule_lines(c.condition, "ExceptIf") +
                                  "    SetHeaderName: X-Hit\n    SetHeaderValue: yes\n"));
      sim.run(message(c.matching));
      CHECK(sim.fired() == names{});
      sim.run(message(c.other));
      CHECK(sim.fired() == names{"R"});
    }
  }

  TEST_CASE("a condition together with its own ExceptIf twin never fires") {
    for (const auto& c : condition_cases()) {
      CAPTURE(c.what);
      simulator sim(rule_set_yaml("  - Name: R\n" + indent_rule_lines(c.condition) +
                                  indent_rule_lines(c.condition, "ExceptIf") +
                                  "    SetHeaderName: X-Hit\n    SetHeaderValue: yes\n"));
      sim.run(message(c.matching));
      CHECK(sim.fired() == names{});
      sim.run(message(c.other));
      CHECK(sim.fired() == names{});
    }
  }

  TEST_CASE("conditions read LF-only messages the same as CRLF ones") {
    for (const auto& c : condition_cases()) {
      CAPTURE(c.what);
      simulator sim(rule_set_yaml("  - Name: R\n" + indent_rule_lines(c.condition) +
                                  "    SetHeaderName: X-Hit\n    SetHeaderValue: yes\n"));
      sim.run(message(c.matching, "\n"));
      CHECK(sim.fired() == names{"R"});
      sim.run(message(c.other, "\n"));
      CHECK(sim.fired() == names{});
    }
  }

  TEST_CASE("words match only as whole words, without case") {
    struct row {
      std::string_view word;
      std::string_view value;
      bool matches;
    };
    const row rows[] = {
        {"UCE", "UCE", true},
        {"UCE", "uce", true},
        {"UCE", "x UCE;y", true},
        {"UCE", "(UCE)", true},
        {"UCE", "UCE-1", true},
        {"UCE", "UCE.", true},
        {"UCE", "UCEX", false},
        {"UCE", "XUCE", false},
        {"UCE", "UCE_1", false},
        {"UCE", "_UCE", false},
        {"UCE", "1UCE", false},
        {"UCE", "UC E", false},
        {"UCE", "no, UCEX then UCE", true},  // a later occurrence that is whole still counts
        {"uce", "UCE", true},
        // Any non-ASCII byte is a word character.
        {"UCE", "caf\xc3\xa9UCE", false},
        {"UCE", "UCE\xc3\xa9", false},
        {"UCE", "caf\xc3\xa9 UCE", true},
        // Punctuation inside a word is literal.
        {"SFV:SPM", "CIP:1.2.3.4;SFV:SPM;X", true},
        {"SFV:SPM", "CIP:1.2.3.4;SFV:SPMX;X", false},
        {"SFV:SPM", "SFV: SPM", false},
        {"CAT:PHSH", "SCL:5;cat:phsh", true},
        // No wildcards: '*' is literal.
        {"spam*", "spam* offer", true},
        {"spam*", "spammer offer", false},
        {"spam*", "spam offer", false},
        {"*", "rated * stars", true},
        {"*", "rated five stars", false},
        {"a.c", "abc", false},
        {"a.c", "x a.c y", true},
        // Phrases.
        {"free money", "get FREE MONEY now", true},
        {"free money", "get free  money now", false},
        {"free money", "freemoney", false},
        {"[EXT]", "[EXT] hello", true},
        {"[EXT]", "EXT hello", false},
    };
    for (const auto& r : rows) {
      CAPTURE(r.word);
      CAPTURE(r.value);
      simulator sim(
          rule_set_yaml(std::string("  - Name: R\n    HeaderContainsMessageHeader: X-Test\n"
                                    "    HeaderContainsWords: ['") +
                        std::string(r.word) + "']\n    SetSCL: 5\n"));
      sim.run(message({"X-Test: " + std::string(r.value)}));
      CHECK((sim.fired() == names{"R"}) == r.matches);
    }
  }

  TEST_CASE("header values are unfolded and RFC 2047-decoded before matching") {
    struct row {
      std::string_view what;
      std::string_view condition;  // YAML keys
      std::string_view header;     // one header line, maybe folded
      bool matches;
    };
    const row rows[] = {
        {"B-encoded UTF-8", "SubjectContainsWords: alert",
         "Subject: =?UTF-8?B?VUNFIGFsZXJ0?=", true},
        {"B-encoded, the encoded text itself is not seen", "SubjectContainsWords: VUNFIGFsZXJ0",
         "Subject: =?UTF-8?B?VUNFIGFsZXJ0?=", false},
        {"Q-encoded Latin-1, a non-ASCII word",
         "HeaderContainsMessageHeader: X-Test\n    HeaderContainsWords: 'r\xc3\xa9sum\xc3\xa9'",
         "X-Test: =?iso-8859-1?q?R=E9sum=E9_UCE?=", true},
        {"Q-encoded Latin-1, an ASCII word after it",
         "HeaderContainsMessageHeader: X-Test\n    HeaderContainsWords: UCE",
         "X-Test: =?iso-8859-1?q?R=E9sum=E9_UCE?=", true},
        {"decoded non-ASCII byte next to the word blocks it",
         "HeaderContainsMessageHeader: X-Test\n    HeaderContainsWords: UCE",
         "X-Test: =?utf-8?b?Y2Fmw6lVQ0U=?=", false},
        {"the disposition, encoded",
         "HeaderContainsMessageHeader: X-Area1Security-Disposition\n    HeaderContainsWords: UCE",
         "X-Area1Security-Disposition: =?utf-8?q?UCE?=", true},
        {"a pattern sees the decoded value", "SubjectMatchesPatterns: '^uce alert$'",
         "Subject: =?UTF-8?B?VUNFIGFsZXJ0?=", true},
        {"a value folded onto the next line",
         "HeaderContainsMessageHeader: X-Area1Security-Disposition\n    HeaderContainsWords: UCE",
         "X-Area1Security-Disposition:\r\n\tUCE", true},
        {"a phrase split by folding", "SubjectContainsWords: 'quarterly report'",
         "Subject: your quarterly\r\n report is due", true},
        {"a pattern across a fold", "SubjectMatchesPatterns: 'quarterly report'",
         "Subject: your quarterly\r\n report is due", true},
        {"folding does not join words", "SubjectContainsWords: quarterlyreport",
         "Subject: your quarterly\r\n report is due", false},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      simulator sim(
          rule_set_yaml("  - Name: R\n    " + std::string(r.condition) + "\n    SetSCL: 5\n"));
      sim.run(message({r.header}));
      CHECK((sim.fired() == names{"R"}) == r.matches);
    }
  }

  TEST_CASE("words and patterns ignore the case of non-ASCII letters (decision 350)") {
    struct row {
      std::string_view what;
      std::string_view condition;  // YAML keys
      std::string body_or_header;  // one header line; a body after an empty line
      bool matches;
    };
    const std::string body_marker = "\r\n";  // a row whose text starts here is the body
    const row rows[] = {
        {"German, upper-case text",
         "SubjectContainsWords: '\xc3\xbc"
         "berweisung'",
         "Subject: Ihre \xc3\x9c"
         "BERWEISUNG heute",
         true},
        {"German, upper-case word",
         "SubjectContainsWords: '\xc3\x9c"
         "BERWEISUNG'",
         "Subject: ihre \xc3\xbc"
         "berweisung heute",
         true},
        {"Cyrillic, RFC 2047 in KOI8-R",  // "СЧЁТ" (KOI8-R) against the word "счёт"
         "SubjectContainsWords: '\xd1\x81\xd1\x87\xd1\x91\xd1\x82'",
         "Subject: =?koi8-r?b?8/6z9A==?=", true},
        {"Greek final and medial sigma",
         "SubjectContainsWords: '\xce\xa3\xce\x9f\xce\xa6\xce\x9f\xce\xa3'",
         "Subject: \xcf\x83\xce\xbf\xcf\x86\xce\xbf\xcf\x82", true},
        {"a different letter still differs",
         "SubjectContainsWords: '\xc3\xbc"
         "berweisung'",
         "Subject: \xc3\xb9"
         "berweisung",
         false},
        {"the Kelvin sign is not folded (its UTF-8 is longer than k's)",
         "SubjectContainsWords: 'k'", "Subject: \xe2\x84\xaa", false},
        {"bytes that are not UTF-8 compare as they are", "SubjectContainsWords: 'caf\xc3\xa9'",
         "Subject: CAF\xc9", false},
        {"a header word condition",
         "HeaderContainsMessageHeader: X-Test\n    HeaderContainsWords: '\xc3\x89t\xc3\xa9'",
         "X-Test: \xc3\xa9T\xc3\x89", true},
        {"a pattern with a non-ASCII letter",
         "SubjectMatchesPatterns: '^\xc3\xbc"
         "berweisung \\d+$'",
         "Subject: \xc3\x9c"
         "BERWEISUNG 42",
         true},
        {"a pattern whose ASCII classes keep their case", "SubjectMatchesPatterns: '\xc3\xa9\\W'",
         "Subject: \xc3\x89-", true},
        {"a pattern's \\W still refuses a letter", "SubjectMatchesPatterns: '\xc3\xa9\\W'",
         "Subject: \xc3\x89x", false},
        {"a sender domain with non-ASCII letters",
         "SenderDomainIs: 'B\xc3\x9c"
         "CHER.example'",
         "From: shop@b\xc3\xbc"
         "cher.example",
         true},
        {"a sender address with non-ASCII letters", "From: 'J\xc3\x93N@example.org'",
         "From: <j\xc3\xb3n@Example.org>", true},
        {"the body, words",
         "SubjectOrBodyContainsWords: '\xc3\xbc"
         "berweisung'",
         body_marker + "Bitte die \xc3\x9c"
                       "BERWEISUNG pr\xc3\xbc"
                       "fen",
         true},
        {"the body, patterns",
         "SubjectOrBodyMatchesPatterns: '\xc3\x9c"
         "berweisung'",
         body_marker + "bitte die \xc3\xbc"
                       "berweisung",
         true},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      simulator sim(
          rule_set_yaml("  - Name: R\n    " + std::string(r.condition) + "\n    SetSCL: 5\n"));
      const bool in_body = r.body_or_header.starts_with(body_marker);
      std::string msg = in_body ? "Subject: hello\r\nMIME-Version: 1.0\r\n"
                                  "Content-Type: text/plain; charset=utf-8\r\n" +
                                      r.body_or_header + "\r\n"
                                : message({r.body_or_header});
      sim.run(std::move(msg));
      CHECK((sim.fired() == names{"R"}) == r.matches);
    }
  }

  TEST_CASE("any instance of a repeated header can satisfy a header condition") {
    simulator sim(rule_set_yaml(R"(  - Name: Words
    HeaderContainsMessageHeader: X-Test
    HeaderContainsWords: UCE
    SetHeaderName: X-Hit
    SetHeaderValue: yes
  - Name: Pattern
    HeaderMatchesMessageHeader: X-Test
    HeaderMatchesPatterns: '^spo+f$'
    SetHeaderName: X-Hit2
    SetHeaderValue: yes
)"));
    sim.run(message({"X-Test: clean", "X-Test: nothing", "X-Test: UCE"}));
    CHECK(sim.fired() == names{"Words"});
    sim.run(message({"X-Test: SPOOF", "X-Test: clean"}));
    CHECK(sim.fired() == names{"Pattern"});
    sim.run(message({"X-Test: clean", "X-Test: clean too"}));
    CHECK(sim.fired() == names{});
  }

  TEST_CASE("header names are compared without case, in rules and in messages") {
    simulator sim(rule_set_yaml(R"(  - Name: R
    HeaderContainsMessageHeader: x-area1security-DISPOSITION
    HeaderContainsWords: UCE
    SetSCL: 5
)"));
    sim.run(message({"X-AREA1SECURITY-disposition: UCE"}));
    CHECK(sim.fired() == names{"R"});
    sim.run(message({"x-area1security-disposition: uce"}));
    CHECK(sim.fired() == names{"R"});
    sim.run(message({"X-Area1Security-Dispositions: UCE"}));  // another header
    CHECK(sim.fired() == names{});
  }

  TEST_CASE("conditions AND, values within a condition OR, exceptions OR") {
    simulator sim(rule_set_yaml(R"(  - Name: R
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: [UCE, SPOOF]
    SenderIpRanges: [$egress]
    ExceptIfSubjectContainsWords: newsletter
    ExceptIfSenderDomainIs: partner.example
    SetSCL: 5
)"));
    const std::string_view egress = "X-Sender-IP: 104.30.32.5";
    const std::string_view elsewhere = "X-Sender-IP: 203.0.113.5";
    struct row {
      std::string_view what;
      std::vector<std::string_view> headers;
      bool fires;
    };
    const row rows[] = {
        {"both conditions, first word", {"X-Area1Security-Disposition: UCE", egress}, true},
        {"both conditions, second word", {"X-Area1Security-Disposition: SPOOF", egress}, true},
        {"header only", {"X-Area1Security-Disposition: UCE", elsewhere}, false},
        {"IP only", {"X-Area1Security-Disposition: MALICIOUS", egress}, false},
        {"neither", {"X-Area1Security-Disposition: BULK", elsewhere}, false},
        {"first exception",
         {"X-Area1Security-Disposition: UCE", egress, "Subject: weekly newsletter"},
         false},
        {"second exception",
         {"X-Area1Security-Disposition: UCE", egress, "From: news@lists.partner.example"},
         false},
        {"an exception's non-matching values do not cancel",
         {"X-Area1Security-Disposition: UCE", egress, "Subject: hello", "From: a@other.example"},
         true},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      sim.run(message(r.headers));
      CHECK((sim.fired() == names{"R"}) == r.fires);
    }
  }

  TEST_CASE("a rule with an action and no condition applies to every message") {
    simulator sim(rule_set_yaml("  - Name: Everything\n    SetSCL: 6\n"));
    for (const std::string& msg :
         {message({"Subject: hi"}), message({"X-Area1Security-Disposition: UCE"}),
          message({"From: a@b.example"}, "\n"), std::string()}) {
      const auto& o = sim.run(msg);
      CHECK(sim.fired() == names{"Everything"});
      CHECK(o.scl == 6);
      CHECK(o.scl_source == scl_origin::rule);
      CHECK(o.verdict_value == verdict::spam);
    }
    CHECK(sim.run(std::string()).error == "empty message");
  }

  TEST_CASE(
      "rules run by Priority, not by file order, and a later SetSCL overwrites an earlier one") {
    simulator sim(rule_set_yaml(R"(  - Name: Second
    Priority: 1
    SetSCL: 9
  - Name: First
    Priority: 0
    SetSCL: 5
)"));
    const auto& o = sim.run(message({"Subject: hi"}));
    CHECK(sim.fired() == names{"First", "Second"});
    CHECK(sim.compiled().rule_name(0) == "First");
    CHECK(o.scl == 9);
    CHECK(o.verdict_value == verdict::high_confidence_spam);

    simulator swapped(rule_set_yaml(R"(  - Name: Second
    Priority: 0
    SetSCL: 9
  - Name: First
    Priority: 1
    SetSCL: 5
)"));
    const auto& s = swapped.run(message({"Subject: hi"}));
    CHECK(swapped.fired() == names{"Second", "First"});
    CHECK(s.scl == 5);
    CHECK(s.verdict_value == verdict::spam);
  }

  TEST_CASE("rules without Priority run in file order") {
    simulator sim(rule_set_yaml(R"(  - Name: A
    SetSCL: 1
  - Name: B
    SetSCL: 2
  - Name: C
    SetSCL: 3
)"));
    const auto& o = sim.run(message({"Subject: hi"}));
    CHECK(sim.fired() == names{"A", "B", "C"});
    CHECK(o.scl == 3);
  }

  TEST_CASE("StopRuleProcessing stops the rules after a matching rule, not after a failing one") {
    simulator sim(rule_set_yaml(R"(  - Name: Stopper
    Priority: 0
    SubjectContainsWords: stop
    SetSCL: 5
    StopRuleProcessing: true
  - Name: Later
    Priority: 1
    SetSCL: 9
)"));
    const auto& stopped = sim.run(message({"Subject: please stop"}));
    CHECK(sim.fired() == names{"Stopper"});
    CHECK(stopped.scl == 5);
    const auto& went_on = sim.run(message({"Subject: go on"}));
    CHECK(sim.fired() == names{"Later"});
    CHECK(went_on.scl == 9);
  }

  TEST_CASE("Audit and AuditAndNotify rules are listed but change nothing") {
    for (const std::string_view mode : {"Audit", "AuditAndNotify"}) {
      CAPTURE(mode);
      simulator sim(
          rule_set_yaml("  - Name: Audited\n    Priority: 0\n    Mode: " + std::string(mode) + R"(
    SetSCL: 9
    SetHeaderName: X-Audit
    SetHeaderValue: seen
    PrependSubject: "[AUDIT] "
    StopRuleProcessing: true
  - Name: SeesHeader
    Priority: 1
    HeaderContainsMessageHeader: X-Audit
    HeaderContainsWords: seen
    SetSCL: 8
  - Name: SeesSubject
    Priority: 2
    SubjectContainsWords: AUDIT
    SetSCL: 8
  - Name: Last
    Priority: 3
    SCLOver: 9
    SetSCL: 8
)"));
      const auto& o = sim.run(message({"Subject: hello"}));
      CHECK(sim.fired() == names{"Audited"});
      CHECK_FALSE(o.scl.has_value());
      CHECK(o.scl_source == scl_origin::none);
      CHECK(o.verdict_value == verdict::not_spam);
      CHECK(o.action == final_action::deliver);

      simulator terminal(rule_set_yaml("  - Name: Audited\n    Mode: " + std::string(mode) + R"(
    Quarantine: true
  - Name: Audited delete
    Mode: )" + std::string(mode) + R"(
    DeleteMessage: true
  - Name: Audited redirect
    Mode: )" + std::string(mode) + R"(
    RedirectMessageTo: soc@contoso.example
)"));
      const auto& t = terminal.run(message({"Subject: hello"}));
      CHECK(terminal.fired() == names{"Audited", "Audited delete", "Audited redirect"});
      CHECK(t.action == final_action::deliver);
      CHECK(t.quarantine_policy.empty());
      CHECK(t.release == release_path::none);
    }
  }

  TEST_CASE("a disabled rule never fires") {
    simulator sim(rule_set_yaml(R"(  - Name: Off
    State: Disabled
    SetSCL: 9
    StopRuleProcessing: true
  - Name: On
    SetSCL: 1
)"));
    const auto& o = sim.run(message({"Subject: hi"}));
    CHECK(sim.fired() == names{"On"});
    CHECK(o.scl == 1);
    CHECK(sim.compiled().rule_count() == 2);  // still part of the plan
  }

  TEST_CASE("headers set or removed by a rule are what later rules see") {
    simulator sim(rule_set_yaml(R"(  - Name: Tag
    Priority: 0
    SubjectContainsWords: go
    SetHeaderName: X-Tag
    SetHeaderValue: tagged
  - Name: Strip
    Priority: 1
    SubjectContainsWords: go
    RemoveHeader: X-Old
  - Name: SeesNewTag
    Priority: 2
    HeaderContainsMessageHeader: x-tag
    HeaderContainsWords: tagged
    SetSCL: 1
  - Name: SeesOldTag
    Priority: 3
    HeaderContainsMessageHeader: X-Tag
    HeaderContainsWords: original
    SetSCL: 2
  - Name: SeesOld
    Priority: 4
    HeaderMatchesMessageHeader: X-Old
    HeaderMatchesPatterns: '.'
    SetSCL: 3
)"));
    // Both original X-Tag instances are replaced; every X-Old instance is removed.
    sim.run(message(
        {"Subject: go", "X-Tag: original", "X-Tag: original again", "X-Old: a", "X-Old: b"}));
    CHECK(sim.fired() == names{"Tag", "Strip", "SeesNewTag"});
    // Without the actions the original values are seen.
    sim.run(message({"Subject: stay", "X-Tag: original", "X-Old: a"}));
    CHECK(sim.fired() == names{"SeesOldTag", "SeesOld"});
  }

  TEST_CASE("SetHeaderValue may be empty and RemoveHeader undoes an earlier SetHeaderName") {
    simulator sim(rule_set_yaml(R"(  - Name: Set
    SetHeaderName: X-Flag
    SetHeaderValue: ""
  - Name: Present
    HeaderMatchesMessageHeader: X-Flag
    HeaderMatchesPatterns: '^$'
    SetSCL: 1
  - Name: SetAgain
    SetHeaderName: X-Flag
    SetHeaderValue: raised
  - Name: Remove
    RemoveHeader: x-FLAG
  - Name: Gone
    HeaderMatchesMessageHeader: X-Flag
    HeaderMatchesPatterns: '.*'
    SetSCL: 9
)"));
    const auto& o = sim.run(message({"Subject: hi", "X-Flag: raised"}));
    CHECK(sim.fired() == names{"Set", "Present", "SetAgain", "Remove"});
    CHECK(o.scl == 1);
  }

  TEST_CASE("PrependSubject is seen by later subject conditions") {
    simulator sim(rule_set_yaml(R"(  - Name: External
    Priority: 0
    SenderIpRanges: 0.0.0.0/0
    PrependSubject: "[EXT] "
  - Name: Tagged
    Priority: 1
    SubjectContainsWords: EXT
    SetSCL: 1
  - Name: Anchored
    Priority: 2
    SubjectMatchesPatterns: '^\[ext\] quarterly report$'
    SetSCL: 2
)"));
    const auto& o = sim.run(message({"X-Sender-IP: 203.0.113.1", "Subject: Quarterly report"}));
    CHECK(sim.fired() == names{"External", "Tagged", "Anchored"});
    CHECK(o.scl == 2);
    sim.run(message({"Subject: Quarterly report"}));  // no sender IP: nothing prepended
    CHECK(sim.fired() == names{});
    // A message without a subject gets one made of the prefix.
    sim.run(message({"X-Sender-IP: 203.0.113.1"}));
    CHECK(sim.fired() == names{"External", "Tagged"});
  }

  TEST_CASE("each PrependSubject goes before the subject as the previous rules left it") {
    simulator sim(rule_set_yaml(R"(  - Name: First
    PrependSubject: "[A] "
  - Name: Second
    PrependSubject: "[B] "
  - Name: Both
    SubjectMatchesPatterns: '^\[B\] \[A\] hello$'
    SetSCL: 1
)"));
    sim.run(message({"Subject: hello"}));
    CHECK(sim.fired() == names{"First", "Second", "Both"});
  }

  TEST_CASE("a rule's Quarantine sends to the hosted quarantine and stops later rules") {
    simulator sim(rule_set_yaml(R"(  - Name: Redirect first
    Priority: 0
    RedirectMessageTo: soc@contoso.example
  - Name: Hold
    Priority: 1
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: MALICIOUS
    SetSCL: 5
    Quarantine: true
  - Name: After
    Priority: 2
    SetSCL: 1
    DeleteMessage: true
)",
                                R"(quarantine_policies:
  - Name: UserRelease
    EndUserQuarantinePermissionsValue: 7
    ESNEnabled: true
antispam_policy:
  SpamAction: Quarantine
  SpamQuarantineTag: UserRelease
  QuarantineRetentionPeriod: 15
)"));
    const auto& o = sim.run(message(
        {"X-Area1Security-Disposition: MALICIOUS", "Date: Tue, 19 Mar 2024 09:41:11 +0000"}));
    CHECK(sim.fired() == names{"Redirect first", "Hold"});
    CHECK(o.action == final_action::quarantine);
    CHECK(o.quarantine_policy == "AdminOnlyAccessPolicy");
    CHECK(o.release == release_path::admin);
    CHECK_FALSE(o.notify);
    CHECK(o.received == k20240319T094111Z);
    CHECK(o.expires == k20240319T094111Z + 30 * kDay);
    CHECK(o.scl == 5);
    CHECK(o.verdict_value == verdict::spam);  // the verdict is still reported

    // Without the quarantine the same SCL goes through the anti-spam policy.
    const auto& p = sim.run(
        message({"X-Area1Security-Disposition: UCE", "Date: Tue, 19 Mar 2024 09:41:11 +0000"}));
    CHECK(sim.fired() == names{"Redirect first", "After"});
    CHECK(p.action == final_action::delete_message);
  }

  TEST_CASE("DeleteMessage drops the message and stops later rules") {
    simulator sim(rule_set_yaml(R"(  - Name: Drop
    Priority: 0
    SubjectContainsWords: lottery
    DeleteMessage: true
  - Name: After
    Priority: 1
    Quarantine: true
)"));
    const auto& o =
        sim.run(message({"Subject: You won the lottery", "Date: Tue, 19 Mar 2024 09:41:11 +0000"}));
    CHECK(sim.fired() == names{"Drop"});
    CHECK(o.action == final_action::delete_message);
    CHECK(o.quarantine_policy.empty());
    CHECK(o.release == release_path::none);
    CHECK_FALSE(o.notify);
    CHECK_FALSE(o.expires.has_value());
  }

  TEST_CASE("RedirectMessageTo redirects, lets later rules run, and beats the anti-spam policy") {
    simulator sim(rule_set_yaml(R"(  - Name: Redirect
    Priority: 0
    SubjectContainsWords: invoice
    RedirectMessageTo: [ap@contoso.example, soc@contoso.example]
  - Name: Spam
    Priority: 1
    SetSCL: 9
)",
                                "antispam_policy:\n  HighConfidenceSpamAction: Quarantine\n"));
    const auto& o = sim.run(message({"Subject: invoice 42"}));
    CHECK(sim.fired() == names{"Redirect", "Spam"});
    CHECK(o.action == final_action::redirect);
    CHECK(o.verdict_value == verdict::high_confidence_spam);
    CHECK(o.quarantine_policy.empty());
    CHECK(o.release == release_path::none);
    const auto& q = sim.run(message({"Subject: hello"}));
    CHECK(q.action == final_action::quarantine);
  }

  TEST_CASE("a later Quarantine or DeleteMessage wins over an earlier redirect") {
    simulator sim(rule_set_yaml(R"(  - Name: Redirect
    RedirectMessageTo: soc@contoso.example
  - Name: Drop
    SubjectContainsWords: drop
    DeleteMessage: true
  - Name: Hold
    Quarantine: true
)"));
    CHECK(sim.run(message({"Subject: drop it"})).action == final_action::delete_message);
    CHECK(sim.fired() == names{"Redirect", "Drop"});
    CHECK(sim.run(message({"Subject: keep it"})).action == final_action::quarantine);
    CHECK(sim.fired() == names{"Redirect", "Hold"});
  }

  TEST_CASE("malware is quarantined whatever a rule's terminal action asked for") {
    simulator sim(rule_set_yaml(R"(  - Name: Redirect
    RedirectMessageTo: soc@contoso.example
  - Name: Drop
    SubjectContainsWords: drop
    DeleteMessage: true
)"));
    const auto& o =
        sim.run(message({"Subject: drop it", "X-Forefront-Antispam-Report: CAT:MALW;SCL:9"}));
    CHECK(sim.fired() == names{"Redirect", "Drop"});
    CHECK(o.verdict_value == verdict::malware);
    CHECK(o.action == final_action::quarantine);
    CHECK(o.quarantine_policy == "AdminOnlyAccessPolicy");
    CHECK(o.release == release_path::admin);
  }

  TEST_CASE("a pathological pattern is bounded: a rule error, no match, and evaluation goes on") {
    // "Afterwards" comes first in the file: rule_errors name plan (evaluation-order) indexes.
    simulator sim(rule_set_yaml(R"(  - Name: Afterwards
    Priority: 3
    SetSCL: 1
  - Name: Catastrophic
    Priority: 0
    HeaderMatchesMessageHeader: X-Payload
    HeaderMatchesPatterns: ['(a|aa)+b', 'zzz']
    SetSCL: 9
  - Name: Nested
    Priority: 1
    SubjectMatchesPatterns: '(a+)+$'
    SetSCL: 8
  - Name: Excepted
    Priority: 2
    ExceptIfHeaderMatchesMessageHeader: X-Payload
    ExceptIfHeaderMatchesPatterns: '(a|aa)+c'
    SetHeaderName: X-Excepted
    SetHeaderValue: ran
)"));
    const std::string as(5000, 'a');
    // The budget is counted in searches (decision 57), so what it stops is checked below, not
    // timed.
    const auto& o = sim.run(message({"X-Payload: " + as, "Subject: " + as + "!"}));
    // A pattern that gave up leaves its rule undecided (decisions.md 16a): it neither fires nor
    // is let through by a failing exception.
    CHECK(sim.fired() == names{"Afterwards"});
    CHECK(o.scl == 1);
    REQUIRE(o.rule_errors.size() >= 3);
    std::vector<std::uint32_t> erring;
    for (const auto& e : o.rule_errors) {
      CHECK_FALSE(e.message.empty());
      if (erring.empty() || erring.back() != e.rule) erring.push_back(e.rule);
    }
    CHECK(erring == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(o.error.empty());

    // The same scratch, a harmless message: no errors carried over.
    const auto& clean = sim.run(message({"X-Payload: aab", "Subject: aaa"}));
    CHECK(clean.rule_errors.empty());
    CHECK(sim.fired() == names{"Catastrophic", "Nested", "Excepted", "Afterwards"});
  }

  TEST_CASE("the connecting IP comes from the first source that has one") {
    simulator sim(rule_set_yaml("  - Name: Any\n    SetSCL: 1\n"));
    for (const auto& c : ip_cases()) {
      CAPTURE(c.what);
      const auto& o = sim.run(message(c.headers));
      CHECK(ip_text(o) == c.ip);
      CHECK(o.sender_ip_source == c.source);
    }
  }

  TEST_CASE("run_options.client_ip beats every header and the manifest beats client_ip") {
    simulator sim(rule_set_yaml(R"(  - Name: Egress
    SenderIpRanges: [$egress]
    SetSCL: 5
)"));
    const std::string msg = message({kForefront, kSenderIp, kReceivedExternal});
    run_options options;
    options.client_ip = mfsim::net::ip_address::parse("203.0.113.50");
    const auto& o = sim.run(msg, options);
    CHECK(ip_text(o) == "203.0.113.50");
    CHECK(o.sender_ip_source == ip_source::client_ip);
    CHECK_FALSE(o.in_egress);
    CHECK(sim.fired() == names{});

    mfsim::message_overrides manifest;
    manifest.client_ip = mfsim::net::ip_address::parse("52.11.209.211");
    manifest.received = k20240319T094111Z;
    const auto& m = mfsim::evaluate(sim.compiled(), msg, options, sim.working_memory(), &manifest);
    CHECK(m.received == k20240319T094111Z);
    CHECK(ip_text(m) == "52.11.209.211");
    CHECK(m.sender_ip_source == ip_source::manifest);
    CHECK(m.in_egress);
    REQUIRE(m.rules.size() == 1);

    options.client_ip = mfsim::net::ip_address::parse("104.30.32.200");
    CHECK(sim.run(message({"Subject: no headers with an IP"}), options).in_egress);
    CHECK(sim.fired() == names{"Egress"});
  }

  TEST_CASE("in_egress says whether the sender IP lies in the Area 1 egress list") {
    simulator sim(rule_set_yaml("  - Name: Any\n    SetSCL: 1\n"));
    CHECK(sim.run(message({"X-Sender-IP: 104.30.32.1"})).in_egress);
    CHECK(sim.run(message({"X-Sender-IP: 52.11.209.211"})).in_egress);
    CHECK_FALSE(sim.run(message({"X-Sender-IP: 52.11.209.210"})).in_egress);
    CHECK_FALSE(sim.run(message({"X-Sender-IP: 198.51.100.1"})).in_egress);  // partners only
    CHECK_FALSE(sim.run(message({"Subject: no IP"})).in_egress);

    // No egress_list: nothing is egress.
    simulator bare("mfsim: 1\ntransport_rules:\n  - Name: Any\n    SetSCL: 1\n");
    CHECK_FALSE(bare.run(message({"X-Sender-IP: 104.30.32.1"})).in_egress);
  }

  TEST_CASE("the disposition is the first instance, unfolded, decoded, trimmed and upper-cased") {
    simulator sim(rule_set_yaml("  - Name: Any\n    SetSCL: 1\n"));
    struct row {
      std::string_view what;
      std::vector<std::string_view> headers;
      std::optional<std::string_view> disposition;
    };
    const row rows[] = {
        {"plain", {"X-Area1Security-Disposition: UCE"}, "UCE"},
        {"lower case", {"X-Area1Security-Disposition: malicious"}, "MALICIOUS"},
        {"first instance",
         {"X-Area1Security-Disposition: spoof", "X-Area1Security-Disposition: BULK"},
         "SPOOF"},
        {"first instance even when empty-looking later",
         {"X-Area1Security-Disposition: Suspicious", "X-Area1Security-Disposition: MALICIOUS"},
         "SUSPICIOUS"},
        {"encoded", {"X-Area1Security-Disposition: =?UTF-8?Q?uce?="}, "UCE"},
        {"folded and padded", {"X-Area1Security-Disposition: \r\n\t  Bulk  "}, "BULK"},
        {"any value", {"X-Area1Security-Disposition: none"}, "NONE"},
        {"name case", {"x-area1security-disposition: Spoof"}, "SPOOF"},
        {"empty counts as absent", {"X-Area1Security-Disposition:   "}, std::nullopt},
        {"absent", {"Subject: hi"}, std::nullopt},
        {"another product's header is not read",
         {"X-CFEmailSecurity-Disposition: UCE"},
         std::nullopt},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      const auto& o = sim.run(message(r.headers));
      CHECK(o.disposition == r.disposition);
    }
  }

  TEST_CASE("the disposition header named by the rule set is the one read") {
    simulator sim(R"(mfsim: 1
area1:
  disposition_header: X-CFEmailSecurity-Disposition
transport_rules:
  - Name: Any
    SetSCL: 1
)");
    CHECK(sim.run(message({"X-CFEmailSecurity-Disposition: spoof"})).disposition == "SPOOF");
    CHECK_FALSE(sim.run(message({"X-Area1Security-Disposition: UCE"})).disposition.has_value());
  }

  TEST_CASE("a rule that rewrites the disposition header does not change the recorded one") {
    simulator sim(rule_set_yaml(R"(  - Name: Rewrite
    Priority: 0
    SetHeaderName: X-Area1Security-Disposition
    SetHeaderValue: MALICIOUS
  - Name: SeesRewrite
    Priority: 1
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: MALICIOUS
    SetSCL: 9
)"));
    const auto& o = sim.run(message({"X-Area1Security-Disposition: UCE"}));
    CHECK(sim.fired() == names{"Rewrite", "SeesRewrite"});
    CHECK(o.disposition == "UCE");
  }

  TEST_CASE("a disposition Area 1 keeps never reaches the rules: action area1_quarantine") {
    simulator sim(R"(mfsim: 1
area1:
  quarantine_dispositions: [malicious, SPOOF]
  egress_list: egress
ip_lists:
  egress:
    entries: [104.30.32.0/24]
transport_rules:
  - Name: Everything
    SetSCL: 9
)");
    const auto& o =
        sim.run(message({"X-Area1Security-Disposition: Malicious", "X-Sender-IP: 104.30.32.5",
                         "X-Forefront-Antispam-Report: CIP:104.30.32.5;SCL:9;CAT:MALW",
                         "Date: Tue, 19 Mar 2024 09:41:11 +0000"}));
    CHECK(o.disposition == "MALICIOUS");
    CHECK(o.action == final_action::area1_quarantine);
    CHECK(sim.fired() == names{});
    CHECK_FALSE(o.scl.has_value());
    CHECK(o.verdict_value == verdict::not_spam);
    CHECK(o.quarantine_policy == "Area1Quarantine");
    CHECK(o.release == release_path::admin);
    CHECK_FALSE(o.notify);
    CHECK_FALSE(o.expires.has_value());
    CHECK(o.in_egress);

    CHECK(sim.run(message({"X-Area1Security-Disposition: spoof"})).action ==
          final_action::area1_quarantine);
    const auto& passed = sim.run(message({"X-Area1Security-Disposition: UCE"}));
    CHECK(passed.action == final_action::junk);
    CHECK(sim.fired() == names{"Everything"});
    // The disposition is the value's first word, as a rule's word match reads it.
    CHECK(sim.run(message({"X-Area1Security-Disposition: SPOOF; reason=lookalike"})).action ==
          final_action::area1_quarantine);
    CHECK(sim.run(message({"X-Area1Security-Disposition: Malicious,BEC"})).action ==
          final_action::area1_quarantine);
    CHECK(sim.run(message({"X-Area1Security-Disposition: SPOOFED"})).action == final_action::junk);
  }

  // Mail flow rules run before content filtering: the SCL the message records later does not
  // exist for them (decisions.md 14, issue 20).
  TEST_CASE("SCLOver sees only the SCL earlier rules set") {
    simulator sim(rule_set_yaml(R"(  - Name: Set1
    Priority: 0
    SubjectContainsWords: one
    SetSCL: 1
  - Name: Set6
    Priority: 1
    SubjectContainsWords: six
    SetSCL: 6
  - Name: Over5
    Priority: 2
    SCLOver: 5
    SetHeaderName: X-Over5
    SetHeaderValue: yes
  - Name: OverMinus1
    Priority: 3
    SCLOver: -1
    SetHeaderName: X-Over-1
    SetHeaderValue: yes
)"));
    // The message's own SCL, in either header, is never compared.
    sim.run(message({"X-MS-Exchange-Organization-SCL: 6", "Subject: plain"}));
    CHECK(sim.fired() == names{});
    sim.run(message(
        {"X-Forefront-Antispam-Report: CIP:1.2.3.4;SFV:SPM;SCL:9;CAT:HSPM", "Subject: plain"}));
    CHECK(sim.fired() == names{});
    // An earlier rule's SCL is; a later SetSCL overwrites an earlier one.
    sim.run(message({"X-MS-Exchange-Organization-SCL: 9", "Subject: one"}));
    CHECK(sim.fired() == names{"Set1", "OverMinus1"});
    sim.run(message({"Subject: six"}));
    CHECK(sim.fired() == names{"Set6", "Over5", "OverMinus1"});
    sim.run(message({"Subject: six one"}));
    CHECK(sim.fired() == names{"Set1", "Set6", "Over5", "OverMinus1"});
  }

  TEST_CASE("a scratch reused across different messages carries nothing over") {
    simulator sim(rule_set_yaml(R"(  - Name: Trigger
    Priority: 0
    HeaderContainsMessageHeader: X-Trigger
    HeaderContainsWords: go
    SetHeaderName: X-Flag
    SetHeaderValue: raised
    RemoveHeader: X-Keep
    PrependSubject: "[EXT] "
    SetSCL: 9
  - Name: Flagged
    Priority: 1
    HeaderContainsMessageHeader: X-Flag
    HeaderContainsWords: raised
    SetHeaderName: X-Second
    SetHeaderValue: also
  - Name: External
    Priority: 2
    SubjectContainsWords: EXT
    SetSCL: 8
  - Name: Kept
    Priority: 3
    HeaderContainsMessageHeader: X-Keep
    HeaderContainsWords: keep
    SetSCL: 1
  - Name: Second
    Priority: 4
    HeaderContainsMessageHeader: X-Second
    HeaderContainsWords: also
    SetSCL: 2
  - Name: Uce
    Priority: 5
    HeaderContainsMessageHeader: X-A
    HeaderContainsWords: uce
    SetSCL: 3
  - Name: Pattern
    Priority: 6
    HeaderMatchesMessageHeader: X-Payload
    HeaderMatchesPatterns: '(x|xx)+y'
    SetSCL: 4
)"));
    const std::string first =
        message({"X-A: UCE", "X-Trigger: go", "X-Keep: keep", "Subject: hello",
                 "X-Area1Security-Disposition: UCE", "X-Sender-IP: 104.30.32.5",
                 "X-Payload: " + std::string(3000, 'x'), "Date: Tue, 19 Mar 2024 09:41:11 +0000",
                 "X-Forefront-Antispam-Report: CIP:104.30.32.5;SCL:6;CAT:SPM"});
    const auto& o1 = sim.run(first);
    CHECK(sim.fired() == names{"Trigger", "Flagged", "External", "Second", "Uce"});
    CHECK(o1.scl == 3);
    CHECK(o1.disposition == "UCE");
    CHECK(o1.in_egress);
    CHECK_FALSE(o1.rule_errors.empty());
    const auto first_errors = o1.rule_errors.size();

    // Same positions, different values: no cached decoded value may survive.
    const auto& o2 = sim.run(message({"X-A: clean", "X-Keep: keep", "Subject: hello"}));
    CHECK(sim.fired() == names{"Kept"});
    CHECK(o2.scl == 1);
    CHECK_FALSE(o2.disposition.has_value());
    CHECK_FALSE(o2.sender_ip.has_value());
    CHECK(o2.sender_ip_source == ip_source::none);
    CHECK_FALSE(o2.in_egress);
    CHECK(o2.rule_errors.empty());
    CHECK_FALSE(o2.received.has_value());
    CHECK(o2.error.empty());

    // Fewer fields than before, then none at all.
    const auto& o3 = sim.run(message({"Subject: [EXT] x"}));
    CHECK(sim.fired() == names{"External"});
    CHECK(o3.scl == 8);
    const auto& o4 = sim.run(std::string());
    CHECK(sim.fired() == names{});
    CHECK_FALSE(o4.scl.has_value());
    CHECK(o4.error == "empty message");
    const auto& o5 = sim.run(message({"Subject: hi"}));
    CHECK(o5.error.empty());

    // The first message again gives the first outcome again.
    const auto& again = sim.run(first);
    CHECK(sim.fired() == names{"Trigger", "Flagged", "External", "Second", "Uce"});
    CHECK(again.scl == 3);
    CHECK(again.rule_errors.size() == first_errors);
  }

  TEST_CASE("one scratch can serve two plans in turn") {
    simulator a(rule_set_yaml(R"(  - Name: A
    HeaderContainsMessageHeader: X-Zeta
    HeaderContainsWords: one
    SetSCL: 5
)"));
    simulator b(rule_set_yaml(R"(  - Name: B1
    HeaderContainsMessageHeader: X-Alpha
    HeaderContainsWords: one
    SetHeaderName: X-Beta
    SetHeaderValue: two
  - Name: B2
    HeaderContainsMessageHeader: X-Beta
    HeaderContainsWords: two
    SetSCL: 9
)"));
    mfsim::scratch shared;
    const std::string msg = message({"X-Alpha: one", "X-Zeta: one"});
    const auto& oa = mfsim::evaluate(a.compiled(), msg, {}, shared);
    CHECK(oa.rules.size() == 1);
    CHECK(oa.scl == 5);
    const auto& ob = mfsim::evaluate(b.compiled(), msg, {}, shared);
    CHECK(ob.rules.size() == 2);
    CHECK(ob.scl == 9);
    const auto& oa2 = mfsim::evaluate(a.compiled(), msg, {}, shared);
    CHECK(oa2.rules.size() == 1);
    CHECK(oa2.scl == 5);
  }

  TEST_CASE("evaluating the same message twice gives the same outcome") {
    const std::string yaml = rule_set_yaml(R"(  - Name: Area 1 User Quarantine Message
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: [UCE, SPOOF]
    SenderIpRanges: [$egress]
    SetSCL: 5
  - Name: Tag
    PrependSubject: "[EXT] "
)",
                                           R"(antispam_policy:
  SpamAction: Quarantine
  SpamQuarantineTag: DefaultFullAccessWithNotificationPolicy
)");
    simulator sim(yaml);
    const std::string msg =
        message({kReceivedInternal, kReceivedExternal, "X-Area1Security-Disposition: UCE",
                 "Subject: =?UTF-8?B?VUNFIGFsZXJ0?=", "From: a@contoso.com"});
    const outcome first = sim.run(msg);
    const outcome second = sim.run(msg);
    mfsim::scratch fresh;
    const outcome third = mfsim::evaluate(sim.compiled(), msg, {}, fresh);
    for (const outcome* o : {&second, &third}) {
      CHECK(o->disposition == first.disposition);
      CHECK(o->sender_ip == first.sender_ip);
      CHECK(o->sender_ip_source == first.sender_ip_source);
      CHECK(o->in_egress == first.in_egress);
      CHECK(o->rules == first.rules);
      CHECK(o->scl == first.scl);
      CHECK(o->scl_source == first.scl_source);
      CHECK(o->verdict_value == first.verdict_value);
      CHECK(o->action == first.action);
      CHECK(o->quarantine_policy == first.quarantine_policy);
      CHECK(o->release == first.release);
      CHECK(o->notify == first.notify);
      CHECK(o->expires == first.expires);
      CHECK(o->received == first.received);
      CHECK(o->error == first.error);
      CHECK(o->flags == first.flags);
      CHECK(o->rule_errors.size() == first.rule_errors.size());
    }
    CHECK(first.action == final_action::quarantine);
    CHECK(first.quarantine_policy == "DefaultFullAccessWithNotificationPolicy");
    CHECK(first.release == release_path::user);
    CHECK(first.notify);
    CHECK(first.received == k20240319T094111Z);
    CHECK(first.expires == k20240319T094111Z + 15 * kDay);
  }

  TEST_CASE("one plan evaluated on several threads gives the same outcomes as on one") {
    simulator sim(rule_set_yaml(R"(  - Name: Area 1 User Quarantine Message
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: [UCE, SPOOF]
    SenderIpRanges: [$egress]
    SetSCL: 5
  - Name: Admin
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: MALICIOUS
    SenderIpRanges: [$egress]
    SetSCL: 9
  - Name: Tag
    SubjectMatchesPatterns: '^(re|fw): '
    PrependSubject: "[EXT] "
)"));
    const char* const dispositions[] = {"UCE", "SPOOF", "MALICIOUS", "BULK", "NONE"};
    std::vector<std::string> corpus;
    for (int i = 0; i < 200; ++i) {
      corpus.push_back(
          message({"X-Area1Security-Disposition: " + std::string(dispositions[i % 5]),
                   "X-Sender-IP: " + std::string(i % 3 == 0 ? "203.0.113.9" : "104.30.32.9"),
                   std::string(i % 2 == 0 ? "Subject: RE: hello " : "Subject: hello ") +
                       std::to_string(i)}));
    }
    struct summary {
      std::vector<std::uint32_t> rules;
      std::optional<int> scl;
      verdict v = verdict::not_spam;
      bool operator==(const summary&) const = default;
    };
    auto run_all = [&](std::vector<summary>& out, std::size_t from, std::size_t step) {
      mfsim::scratch s;
      for (std::size_t i = from; i < corpus.size(); i += step) {
        const auto& o = mfsim::evaluate(sim.compiled(), corpus[i], {}, s);
        out[i] = {o.rules, o.scl, o.verdict_value};
      }
    };
    std::vector<summary> serial(corpus.size());
    run_all(serial, 0, 1);
    std::vector<summary> parallel(corpus.size());
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) threads.emplace_back([&, t] { run_all(parallel, t, 4); });
    for (auto& t : threads) t.join();
    CHECK(serial == parallel);
    CHECK(serial[1].scl == 5);
    CHECK(serial[2].scl == 9);
    CHECK_FALSE(serial[0].scl.has_value());  // from outside the egress list
  }

}  // TEST_SUITE("evaluator")
