// Stages [A] (Area 1 edge) and [B] (connecting IP, egress membership) against the reference, as
// an acceptance tester reads it: mailflow-model.md sections 2-4, cli-contract.md ("Connecting
// IP", `disposition`, `sender_ip_source`, `in_egress`) and area1-presets.md (the egress lists).
// Each case names the sentence it checks; docs/decisions.md gives mfsim's reading where the
// reference is silent.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/rules/presets.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::final_action;
using mfsim::outcome;
using mfsim::mail::ip_source;
using mfsim::test::message;
using mfsim::test::simulator;

constexpr std::string_view kDate = "Date: Tue, 19 Mar 2024 09:41:11 +0000";
constexpr std::string_view kTo = "To: adele@fabrikam.example";

std::string preset(std::string_view name) {
  const auto yaml = mfsim::rules::preset_yaml(name);
  REQUIRE_MESSAGE(yaml.has_value(), name);
  return *yaml;
}

// The preset with its egress list replaced by another list the presets define.
std::string with_egress(std::string_view name, std::string_view list) {
  std::string yaml = preset(name);
  const std::string_view from = "egress_list: area1-office365";
  const auto at = yaml.find(from);
  REQUIRE(at != std::string::npos);
  yaml.replace(at, from.size(), "egress_list: " + std::string(list));
  return yaml;
}

std::string disposition_of(const outcome& o) {
  return o.disposition ? std::string(*o.disposition) : std::string("<null>");
}

std::string ip_of(const outcome& o) { return o.sender_ip ? o.sender_ip->to_string() : "<null>"; }

// A message with the given header lines, then Date and To.
std::string mail_with(std::vector<std::string_view> headers) {
  headers.push_back(kDate);
  headers.push_back(kTo);
  return message(headers);
}

}  // namespace

TEST_SUITE("area1 edge audit") {
  // cli-contract.md, `disposition`: "the first instance of the preset's disposition header,
  // unfolded, RFC 2047-decoded, trimmed and upper-cased, whatever its value".
  TEST_CASE("the disposition is the first instance, unfolded, decoded, trimmed, upper-cased") {
    simulator sim(preset("uc4"));
    const auto d = [&](std::vector<std::string_view> headers) {
      return disposition_of(sim.run(mail_with(std::move(headers))));
    };
    CHECK(d({"X-Area1Security-Disposition: UCE"}) == "UCE");
    CHECK(d({"X-Area1Security-Disposition:   uce \t"}) == "UCE");
    CHECK(d({"x-area1security-DISPOSITION: Spoof"}) == "SPOOF");               // names ignore case
    CHECK(d({"X-Area1Security-Disposition:", "\tMALICIOUS"}) == "MALICIOUS");  // folded
    CHECK(d({"X-Area1Security-Disposition: =?us-ascii?q?bulk?="}) == "BULK");
    // Decoding may give white space of any of RFC 5322's kinds; trimming removes it (decision 6).
    CHECK(d({"X-Area1Security-Disposition: =?utf-8?q?=0D=0AUCE=0D=0A?="}) == "UCE");
    CHECK(d({"X-Area1Security-Disposition: =?utf-8?b?CVNVU1BJQ0lPVVMJ?="}) == "SUSPICIOUS");
    // "whatever its value": unknown words are reported as written, upper-cased.
    CHECK(d({"X-Area1Security-Disposition: spoofed"}) == "SPOOFED");
    CHECK(d({"X-Area1Security-Disposition: None"}) == "NONE");
    CHECK(d({"X-Area1Security-Disposition: SPAM"}) == "SPAM");
    // "One per message" (mailflow-model.md 3): the first instance is the one read.
    CHECK(d({"X-Area1Security-Disposition: MALICIOUS", "X-Area1Security-Disposition: UCE"}) ==
          "MALICIOUS");
    // "null when absent"; an empty value is absent (decision 6), and the Untrusted copy is
    // never the header the rule set names.
    CHECK(d({}) == "<null>");
    CHECK(d({"X-Area1Security-Disposition:   "}) == "<null>");
    CHECK(d({"X-Area1Security-Disposition-Untrusted: UCE"}) == "<null>");
    // Attribute lines are no disposition (mailflow-model.md 3: absent header = clean).
    CHECK(d({"X-Area1Security-Attribute: BEC", "X-Area1Security-Attribute: NEW_DOMAIN_SENDER=1"}) ==
          "<null>");
  }

  // cli-contract.md: "Only the header name the rule set names is read (uc4 names
  // X-Area1Security-Disposition)"; area1-presets.md: presets take the header name as a parameter.
  TEST_CASE("only the disposition header the rule set names is read, whichever alias it is") {
    const std::string cf = "X-CFEmailSecurity-Disposition: UCE";
    const std::string es = "X-EmailSecurity-Disposition: UCE";
    simulator area1(preset("uc4"));
    CHECK(disposition_of(area1.run(mail_with({cf}))) == "<null>");
    CHECK(disposition_of(area1.run(mail_with({es}))) == "<null>");
    simulator today(preset("uc4-2025-07"));
    CHECK(disposition_of(today.run(mail_with({cf}))) == "UCE");
    CHECK(disposition_of(today.run(mail_with({"X-Area1Security-Disposition: UCE"}))) == "<null>");
    std::string yaml = preset("uc4");
    const std::string_view from = "disposition_header: X-Area1Security-Disposition";
    const auto at = yaml.find(from);
    REQUIRE(at != std::string::npos);
    yaml.replace(at, from.size(), "disposition_header: X-EmailSecurity-Disposition");
    simulator older(yaml);
    CHECK(disposition_of(older.run(mail_with({es}))) == "UCE");
  }

  // mailflow-model.md 3 and area1-presets.md: the domain's quarantine dispositions never reach
  // Microsoft 365 (action area1_quarantine); use cases 3-5 keep none.
  TEST_CASE("Area 1 keeps each use case's quarantine dispositions, and only those") {
    const std::vector<std::string_view> all = {"MALICIOUS", "UCE", "SPOOF", "SUSPICIOUS", "BULK"};
    const struct {
      const char* preset;
      std::vector<std::string_view> kept;
    } cases[] = {{"uc1", {"MALICIOUS", "UCE", "SPOOF"}},
                 {"uc2", {"MALICIOUS"}},
                 {"uc3", {}},
                 {"uc4", {}},
                 {"uc5", {}}};
    for (const auto& c : cases) {
      simulator sim(preset(c.preset));
      for (const auto word : all) {
        const std::string header = "X-Area1Security-Disposition: " + std::string(word);
        const outcome& o = sim.run(mail_with({header, "X-Sender-IP: 104.30.40.1"}));
        const bool kept = std::find(c.kept.begin(), c.kept.end(), word) != c.kept.end();
        INFO(c.preset, " ", word);
        CHECK((o.action == final_action::area1_quarantine) == kept);
        if (kept) {
          CHECK(o.rules.empty());
          CHECK_FALSE(o.scl);
        }
      }
    }
    // The dashboard's SPAM is UCE in the header; the word SPAM itself is kept by no use case.
    simulator uc1(preset("uc1"));
    CHECK(uc1.run(mail_with({"X-Area1Security-Disposition: SPAM"})).action !=
          final_action::area1_quarantine);
    // Lower case, spaces, and a value with more after its first word (decision 20).
    CHECK(uc1.run(mail_with({"X-Area1Security-Disposition:  spoof "})).action ==
          final_action::area1_quarantine);
    CHECK(uc1.run(mail_with({"X-Area1Security-Disposition: UCE; reason=x"})).action ==
          final_action::area1_quarantine);
    CHECK(uc1.run(mail_with({"X-Area1Security-Disposition: =?utf-8?q?UCE=0D=0A?="})).action ==
          final_action::area1_quarantine);
    CHECK(uc1.run(mail_with({"X-Area1Security-Disposition: SPOOFED"})).action !=
          final_action::area1_quarantine);
    CHECK(uc1.run(mail_with({"X-Area1Security-Attribute: BEC"})).action !=
          final_action::area1_quarantine);
  }

  // cli-contract.md "Connecting IP": "first found wins: a manifest entry, --client-ip,
  // X-Forefront-Antispam-Report CIP:, X-Sender-IP, Authentication-Results "sender IP is",
  // Received-SPF client-ip=, then the Received: headers".
  TEST_CASE("each source of the connecting IP wins over every later one") {
    simulator sim(preset("uc4"));
    const std::vector<std::string> sources = {
        "X-Forefront-Antispam-Report: CIP:203.0.113.1;CTRY:US;SCL:1", "X-Sender-IP: 203.0.113.2",
        "Authentication-Results: spf=pass (sender IP is 203.0.113.3) smtp.mailfrom=b.example",
        "Received-SPF: Pass (protection.outlook.com: domain of b.example designates 203.0.113.4 "
        "as permitted sender) receiver=protection.outlook.com; client-ip=203.0.113.4;",
        "Received: from mx.example (mx.example [203.0.113.5]) by x.example; " +
            std::string(kDate.substr(6))};
    const ip_source kinds[] = {ip_source::x_forefront_antispam_report, ip_source::x_sender_ip,
                               ip_source::authentication_results, ip_source::received_spf,
                               ip_source::received};
    // Headers written in reverse order of precedence: the position in the message is no part of
    // the rule.
    for (std::size_t first = 0; first < sources.size(); ++first) {
      std::vector<std::string_view> headers;
      for (std::size_t i = sources.size(); i-- > first;) headers.push_back(sources[i]);
      const outcome& o = sim.run(mail_with(headers));
      INFO("first source ", first);
      CHECK(ip_of(o) == "203.0.113." + std::to_string(first + 1));
      CHECK(o.sender_ip_source == kinds[first]);
    }
    const outcome& none = sim.run(mail_with({}));
    CHECK(ip_of(none) == "<null>");
    CHECK(none.sender_ip_source == ip_source::none);
    CHECK(std::string(mfsim::mail::to_string(ip_source::none)) == "none");
    // --client-ip overrides every header source.
    mfsim::run_options options;
    options.client_ip = mfsim::net::ip_address::parse("104.30.40.1");
    std::vector<std::string_view> all(sources.begin(), sources.end());
    const outcome& given = sim.run(mail_with(all), options);
    CHECK(ip_of(given) == "104.30.40.1");
    CHECK(std::string(mfsim::mail::to_string(given.sender_ip_source)) == "client-ip");
    CHECK(given.in_egress);
  }

  // The contract's spellings of sender_ip_source.
  TEST_CASE("sender_ip_source is spelled as the contract lists it") {
    const std::pair<ip_source, std::string_view> spelled[] = {
        {ip_source::manifest, "client-ip"},
        {ip_source::client_ip, "client-ip"},
        {ip_source::x_forefront_antispam_report, "x-forefront-antispam-report"},
        {ip_source::x_sender_ip, "x-sender-ip"},
        {ip_source::authentication_results, "authentication-results"},
        {ip_source::received_spf, "received-spf"},
        {ip_source::received, "received"},
        {ip_source::none, "none"}};
    for (const auto& [source, text] : spelled) CHECK(mfsim::mail::to_string(source) == text);
  }

  // Decision 7: an instance without a valid address is passed over, then the next instance, then
  // the next source; the contract: "...-Untrusted copies of these headers are never read".
  TEST_CASE("invalid values fall through; several instances; Untrusted copies are never read") {
    simulator sim(preset("uc4"));
    const auto read = [&](std::vector<std::string_view> headers) {
      const outcome& o = sim.run(mail_with(std::move(headers)));
      return ip_of(o) + " " + mfsim::mail::to_string(o.sender_ip_source);
    };
    CHECK(read({"X-Forefront-Antispam-Report: CIP:bogus;SCL:1",
                "X-Forefront-Antispam-Report: CIP:134.195.27.9;SCL:1"}) ==
          "134.195.27.9 x-forefront-antispam-report");
    CHECK(read({"X-Forefront-Antispam-Report: SCL:1;SFV:NSPM", "X-Sender-IP: 203.0.113.2"}) ==
          "203.0.113.2 x-sender-ip");
    CHECK(read({"X-Sender-IP: 999.1.1.1", "X-Sender-IP: 52.11.209.211"}) ==
          "52.11.209.211 x-sender-ip");
    CHECK(read({"X-Sender-IP: 52.11.209.211", "X-Sender-IP: 198.51.100.1"}) ==
          "52.11.209.211 x-sender-ip");
    CHECK(read({"X-Sender-IP: unknown",
                "Authentication-Results: spf=none (sender IP is 158.51.64.63) "
                "smtp.mailfrom=b.example"}) == "158.51.64.63 authentication-results");
    CHECK(read({"Authentication-Results: spf=none (sender IP is x) smtp.mailfrom=b.example",
                "Received-SPF: None client-ip=104.30.32.1;"}) == "104.30.32.1 received-spf");
    CHECK(read({"X-Forefront-Antispam-Report-Untrusted: CIP:104.30.40.1;SCL:1",
                "X-Sender-IP-Untrusted: 104.30.40.2",
                "Authentication-Results-Untrusted: spf=pass (sender IP is 104.30.40.3)",
                "Received-SPF-Untrusted: Pass client-ip=104.30.40.4;",
                "X-Sender-IP: 198.51.100.7"}) == "198.51.100.7 x-sender-ip");
  }

  // Header names ignore case (RFC 5322 1.2.2), the IP sources' as every other.
  TEST_CASE("the IP sources are found whatever the case of their names") {
    simulator sim(preset("uc4"));
    const auto source = [&](std::string_view header) {
      return std::string(mfsim::mail::to_string(sim.run(mail_with({header})).sender_ip_source));
    };
    CHECK(source("x-forefront-antispam-report: cip:104.30.40.1;scl:1") ==
          "x-forefront-antispam-report");
    CHECK(source("X-SENDER-IP: 104.30.40.1 ") == "x-sender-ip");
    CHECK(source("authentication-results: spf=pass (Sender IP Is 104.30.40.1)") ==
          "authentication-results");
    CHECK(source("received-spf: Pass CLIENT-IP=104.30.40.1;") == "received-spf");
    CHECK(source("RECEIVED: FROM mx (mx [104.30.40.1]) BY b; x") == "received");
  }

  // "The engine accepts IPv4 and IPv6" (mailflow-model.md 4); decision 8: brackets, the IPv6:
  // tag, IPv4-mapped IPv6 reported in IPv4 form; decision 9: RFC 5952 text.
  TEST_CASE("IPv6, IPv4-mapped IPv6 and brackets in every header source") {
    simulator sim(preset("uc4"));
    const auto read = [&](std::string_view header) { return ip_of(sim.run(mail_with({header}))); };
    CHECK(read("X-Forefront-Antispam-Report: CIP:2405:8100:C400:0:0:0:0:1;SCL:1") ==
          "2405:8100:c400::1");
    CHECK(read("X-Forefront-Antispam-Report: CIP: [104.30.63.255] ;SCL:1") == "104.30.63.255");
    CHECK(read("X-Sender-IP: [::ffff:134.195.26.1]") == "134.195.26.1");
    CHECK(read("X-Sender-IP: ::FFFF:104.30.40.5") == "104.30.40.5");
    CHECK(read("X-Sender-IP: [IPv6:2001:db8::1]") == "2001:db8::1");
    CHECK(read("Authentication-Results: spf=pass (sender IP is 2001:DB8::2) "
               "smtp.mailfrom=b.example") == "2001:db8::2");
    CHECK(read("Received-SPF: Pass client-ip=::ffff:52.89.255.11; helo=x;") == "52.89.255.11");
    // A mapped egress address is an egress address.
    CHECK(sim.run(mail_with({"X-Sender-IP: ::ffff:104.30.40.5"})).in_egress);
  }

  // cli-contract.md: "the Received: headers from the top: skip hops inside Exchange Online (the
  // from host ends in .outlook.com, .office365.com or .exchangelabs.com, or its address is
  // private (RFC 1918, RFC 4193), loopback or link-local) and take the address in the from
  // clause (bracketed or parenthesised) of the first remaining one. The by clause's address is
  // never used."
  TEST_CASE("the Received walk takes the first hop from outside Exchange Online") {
    simulator sim(preset("uc4"));
    const auto read = [&](std::vector<std::string_view> hops) {
      const outcome& o = sim.run(mail_with(std::move(hops)));
      return ip_of(o) + " " + mfsim::mail::to_string(o.sender_ip_source);
    };
    CHECK(read({"Received: from BN8PR12MB.namprd12.prod.outlook.com (2603:10b6:408:6b::22) by "
                "BN8PR12MB.namprd12.prod.OUTLOOK.COM with HTTPS; Tue, 19 Mar 2024 09:41:11 +0000",
                "Received: from a.eu.office365.com (a.eu.office365.com [40.107.1.1]) by b; x",
                "Received: from c.EXCHANGELABS.com ([40.107.1.2]) by d; x",
                "Received: from mx1.area1.example (mx1.area1.example [104.30.33.9]) by "
                "e.mail.protection.outlook.com (10.1.1.1) with ESMTPS; x"}) ==
          "104.30.33.9 received");
    // Private, unique local, loopback and link-local hops are passed over; edges of RFC 1918.
    CHECK(
        read({"Received: from a (a [10.255.255.255]) by b; x",
              "Received: from a (a [172.16.0.0]) by b; x",
              "Received: from a (a [172.31.255.255]) by b; x",
              "Received: from a (a [192.168.1.1]) by b; x",
              "Received: from a (a [IPv6:fd12::1]) by b; x",
              "Received: from a (a [IPv6:fc00::1]) by b; x",
              "Received: from a (a [127.0.0.1]) by b; x", "Received: from a (a [IPv6:::1]) by b; x",
              "Received: from a (a [169.254.9.9]) by b; x",
              "Received: from a (a [IPv6:fe80::1]) by b; x",
              "Received: from a (a [::ffff:10.0.0.1]) by b; x",
              "Received: from a (a [172.32.0.1]) by b; x"}) == "172.32.0.1 received");
    CHECK(read({"Received: from a (a [11.0.0.1]) by b; x"}) == "11.0.0.1 received");
    CHECK(read({"Received: from a (a [192.169.0.1]) by b; x"}) == "192.169.0.1 received");
    // Only the kinds the contract names are passed over: shared (RFC 6598) and unspecified
    // addresses are not (decision 388).
    CHECK(read({"Received: from a (a [100.64.0.1]) by b; x"}) == "100.64.0.1 received");
    CHECK(read({"Received: from a (a [0.0.0.0]) by b; x"}) == "0.0.0.0 received");
    // Bracketed or parenthesised; the IPv6: tag; a port after the bracket.
    CHECK(read({"Received: from [104.30.40.4] by b; x"}) == "104.30.40.4 received");
    CHECK(read({"Received: from mx (104.30.40.6) by b; x"}) == "104.30.40.6 received");
    CHECK(read({"Received: from mx ([104.30.40.3]:52344) by b; x"}) == "104.30.40.3 received");
    CHECK(read({"Received: from mx (mx [IPv6:2405:8100:c400::5]) by b; x"}) ==
          "2405:8100:c400::5 received");
    // The by clause's address is never used; a hop without one in its from clause is passed over.
    CHECK(read({"Received: from mx.example by b.example (203.0.113.77); x"}) == "<null> none");
    CHECK(read({"Received: by b.example ([203.0.113.78]); x",
                "Received: from mx (mx [203.0.113.79]) by c; x"}) == "203.0.113.79 received");
    // "ends in .outlook.com": a name that only contains it is outside.
    CHECK(read({"Received: from outlook.com.evil.example ([203.0.113.80]) by b; x"}) ==
          "203.0.113.80 received");
    CHECK(read({"Received: from evil-outlook.com ([203.0.113.81]) by b; x"}) ==
          "203.0.113.81 received");
    // The host ends in .outlook.com: skipped whatever its address.
    CHECK(read({"Received: from x.outlook.com ([104.30.40.1]) by b; x",
                "Received: from y.example ([198.51.100.3]) by c; x"}) == "198.51.100.3 received");
  }

  // area1-presets.md "Area 1 egress IPs": the Office 365 form, and the contract: every ucN
  // preset of every revision uses it (decision 51 names the page version).
  TEST_CASE("every use-case preset of every revision checks the Office 365 egress list") {
    for (const auto& info : mfsim::rules::preset_list()) {
      if (info.name.rfind("uc", 0) != 0) continue;
      const auto set = mfsim::rules::load_preset(info.name);
      REQUIRE(set.has_value());
      INFO(info.name);
      CHECK(set->area1.egress_list == "area1-office365");
    }
  }

  TEST_CASE("egress membership at each boundary of the Office 365 list") {
    simulator sim(preset("uc4"));
    const auto in = [&](std::string_view ip) {
      const std::string header = "X-Sender-IP: " + std::string(ip);
      return sim.run(mail_with({header})).in_egress;
    };
    for (const char* single : {"52.11.209.211", "52.89.255.11", "52.0.67.109", "54.173.50.115",
                               "52.58.35.43", "35.157.195.63"}) {
      CHECK_MESSAGE(in(single), single);
    }
    for (const char* near : {"52.11.209.210", "52.11.209.212", "52.89.255.10", "52.0.67.110",
                             "54.173.50.114", "52.58.35.44", "35.157.195.62"}) {
      CHECK_FALSE_MESSAGE(in(near), near);
    }
    // 104.30.32.0/24 ... 104.30.63.0/24, 158.51.64.0/26, 158.51.65.0/26, 134.195.26.0/24 and
    // 134.195.27.0/24; no IPv6.
    CHECK(in("104.30.32.0"));
    CHECK(in("104.30.47.128"));
    CHECK(in("104.30.63.255"));
    CHECK_FALSE(in("104.30.31.255"));
    CHECK_FALSE(in("104.30.64.0"));
    CHECK(in("158.51.64.0"));
    CHECK(in("158.51.64.63"));
    CHECK_FALSE(in("158.51.64.64"));
    CHECK_FALSE(in("158.51.63.255"));
    CHECK(in("158.51.65.0"));
    CHECK(in("158.51.65.63"));
    CHECK_FALSE(in("158.51.65.64"));
    CHECK(in("134.195.26.0"));
    CHECK(in("134.195.27.255"));
    CHECK_FALSE(in("134.195.25.255"));
    CHECK_FALSE(in("134.195.28.0"));
    CHECK_FALSE(in("2405:8100:c400::1"));
    CHECK_FALSE(in("::"));
  }

  // area1-presets.md, the list's history and the full list.
  TEST_CASE("the other egress lists: 2022 and 2024 versions, and the full list with IPv6") {
    const auto in = [](simulator& sim, std::string_view ip) {
      const std::string header = "X-Sender-IP: " + std::string(ip);
      return sim.run(mail_with({header})).in_egress;
    };
    // "the 2022 list had 134.195.26.0/24 only": 134.195.27.x is the regression case.
    simulator y2022(with_egress("uc4", "area1-office365-2022"));
    CHECK(in(y2022, "134.195.26.7"));
    CHECK_FALSE(in(y2022, "134.195.27.7"));
    // The two Europe addresses were once for European customers only (decision 51).
    simulator y2024(with_egress("uc4", "area1-office365-2024"));
    CHECK(in(y2024, "134.195.27.7"));
    CHECK_FALSE(in(y2024, "52.58.35.43"));
    CHECK_FALSE(in(y2024, "35.157.195.63"));
    // The full list as written: 104.30.32.0/19, 134.195.26.0/23, 2405:8100:c400::/38.
    simulator full(with_egress("uc4", "area1-full"));
    CHECK(in(full, "104.30.32.0"));
    CHECK(in(full, "104.30.63.255"));
    CHECK_FALSE(in(full, "104.30.64.0"));
    CHECK(in(full, "134.195.27.255"));
    CHECK_FALSE(in(full, "134.195.28.0"));
    CHECK(in(full, "52.58.35.43"));
    CHECK(in(full, "2405:8100:c400::"));
    CHECK(in(full, "2405:8100:c7ff:ffff:ffff:ffff:ffff:ffff"));
    CHECK_FALSE(in(full, "2405:8100:c800::"));
    CHECK_FALSE(in(full, "2405:8100:c3ff:ffff:ffff:ffff:ffff:ffff"));
  }

  // mailflow-model.md 4: a disposition on mail not from an egress address must not fire the
  // rules guarded by the IP condition.
  TEST_CASE("a disposition from outside the egress list fires no rule") {
    simulator sim(preset("uc4"));
    const outcome& forged =
        sim.run(mail_with({"X-Area1Security-Disposition: MALICIOUS", "X-Sender-IP: 198.51.100.1"}));
    CHECK(forged.rules.empty());
    CHECK_FALSE(forged.in_egress);
    const outcome& real =
        sim.run(mail_with({"X-Area1Security-Disposition: MALICIOUS", "X-Sender-IP: 104.30.40.1"}));
    CHECK(sim.fired() == std::vector<std::string>{"Area 1 User Quarantine Message Admin Release"});
    CHECK(real.in_egress);
  }

  // mailflow-model.md 2: "received time | manifest > first Received: date > Date:"; the
  // contract's expires: "the topmost Received: date, else Date:, else --now".
  TEST_CASE("the received time: the topmost Received date, else Date, else --now") {
    simulator sim(preset("uc4"));
    mfsim::run_options now;
    now.now = 1700000000;
    const auto received = [&](std::vector<std::string_view> headers) {
      headers.push_back(kTo);
      return sim.run(message(headers), now).received;
    };
    // 2024-03-19T09:41:11Z and the next day.
    CHECK(received({"Received: from a ([203.0.113.1]) by b; Wed, 20 Mar 2024 09:41:11 +0000",
                    "Received: from c ([203.0.113.2]) by a; Thu, 21 Mar 2024 09:41:11 +0000",
                    kDate}) == 1710927671);
    CHECK(received({"Received: from a ([203.0.113.1]) by b", kDate}) == 1710841271);
    CHECK(received({kDate}) == 1710841271);
    CHECK(received({}) == 1700000000);
  }

  // mailflow-model.md 2: "recipients | manifest > --rcpt > To/Cc headers".
  TEST_CASE("recipients: --rcpt, else the To and Cc addresses") {
    std::string yaml = preset("uc4");
    const std::string_view rules = "transport_rules:\n";
    const auto at = yaml.find(rules);
    REQUIRE(at != std::string::npos);
    yaml.insert(at + rules.size(),
                "  - Name: To fabrikam\n    RecipientDomainIs: [fabrikam.example]\n"
                "    SetSCL: 1\n");
    simulator sim(yaml);
    sim.run(message({kDate, "To: a@contoso.example", "Cc: b@fabrikam.example"}));
    CHECK(sim.fired() == std::vector<std::string>{"To fabrikam"});
    mfsim::run_options rcpt;
    rcpt.recipients = {"c@contoso.example"};
    sim.run(message({kDate, "To: a@fabrikam.example"}), rcpt);
    CHECK(sim.fired().empty());
  }
}
