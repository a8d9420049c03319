// Tests of the anti-spam policy's Advanced Spam Filter settings (MarkAsSpam*, IncreaseScoreWith*,
// TestModeAction, TestModeBccToRecipients), IntraOrgFilterState and -MakeDefault, as "Advanced
// Spam Filter (ASF) settings in EOP" and Set-HostedContentFilterPolicy document them
// (decisions.md 270-289).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/compile/message_reads.h"
#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/load_native.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/write_yaml.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::verdict;
using mfsim::test::message;
using mfsim::test::simulator;

// A policy with one setting: `MarkAsSpamFormTagsInHtml: On`, plus extra YAML lines.
std::string policy_with(const std::string& settings) {
  return "mfsim: 1\nantispam_policy:\n  Name: Default\n" + settings;
}

// A message with an HTML body (and any extra header lines).
std::string html_message(const std::string& html, const std::string& headers = "") {
  return "From: a@sender.example\r\nTo: b@contoso.com\r\nSubject: hello\r\n" + headers +
         "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>" + html +
         "</body></html>\r\n";
}

nlohmann::json record_of(simulator& sim, const mfsim::outcome& o) {
  std::string line;
  mfsim::report::append_record(line, "m.eml", o, sim.compiled());
  return mfsim::parse_json(line);
}

struct html_case {
  const char* parameter;
  const char* html;
  const char* x_custom_spam;
  verdict expected;
};

// One message per setting that finds it, and the X-CustomSpam value the ASF page lists.
const html_case kHtmlCases[] = {
    {"MarkAsSpamEmbedTagsInHtml", "<embed src=\"a.swf\">", "Embed tag in html",
     verdict::high_confidence_spam},
    {"MarkAsSpamJavaScriptInHtml", "<script>alert(1)</script>",
     "Javascript or VBscript tags in HTML", verdict::high_confidence_spam},
    {"MarkAsSpamJavaScriptInHtml", "<a href=\"javascript:go()\">x</a>",
     "Javascript or VBscript tags in HTML", verdict::high_confidence_spam},
    {"MarkAsSpamJavaScriptInHtml", "<body onload=\"go()\">x", "Javascript or VBscript tags in HTML",
     verdict::high_confidence_spam},
    {"MarkAsSpamFormTagsInHtml", "<FORM action=\"/post\"><input></FORM>", "Form tag in html",
     verdict::high_confidence_spam},
    {"MarkAsSpamFramesInHtml", "<iframe src=\"x.html\"></iframe>", "IFRAME or FRAME in HTML",
     verdict::high_confidence_spam},
    {"MarkAsSpamFramesInHtml", "<frame src=\"x.html\">", "IFRAME or FRAME in HTML",
     verdict::high_confidence_spam},
    {"MarkAsSpamWebBugsInHtml", "<img src=\"https://t.example/p.gif\" width=\"1\" height=\"1\">",
     "Web bug", verdict::high_confidence_spam},
    {"MarkAsSpamWebBugsInHtml", "<img style=\"width:1px;height:1px\" src='http://t.example/p.gif'>",
     "Web bug", verdict::high_confidence_spam},
    {"MarkAsSpamObjectTagsInHtml", "<object data=\"x\"></object>", "Object tag in html",
     verdict::high_confidence_spam},
    {"IncreaseScoreWithImageLinks", "<img src=\"https://img.example/logo.png\">",
     "Image links to remote sites", verdict::spam},
    {"IncreaseScoreWithNumericIps", "<a href=\"http://192.0.2.7/login\">x</a>", "Numeric IP in URL",
     verdict::spam},
    {"IncreaseScoreWithRedirectToOtherPort", "<a href=\"https://www.contoso.com:123/\">x</a>",
     "URL redirect to other port", verdict::spam},
    {"IncreaseScoreWithBizOrInfoUrls", "<a href=\"https://deals.example.biz/x\">x</a>",
     "URL to .biz or .info websites", verdict::spam},
    {"IncreaseScoreWithBizOrInfoUrls", "see http://news.example.INFO today",
     "URL to .biz or .info websites", verdict::spam},
};

}  // namespace

TEST_SUITE("asf settings") {
  TEST_CASE("each HTML and link setting, On, marks the message and adds its X-CustomSpam") {
    for (const auto& c : kHtmlCases) {
      CAPTURE(c.parameter);
      CAPTURE(c.html);
      simulator on(policy_with(std::string("  ") + c.parameter + ": On\n"));
      const auto& o = on.run(html_message(c.html));
      CHECK(o.verdict_value == c.expected);
      CHECK(o.why_verdict.cause == mfsim::verdict_cause::asf);
      const auto j = record_of(on, o);
      CHECK(j["asf"] == nlohmann::json::array({std::string(c.parameter) + "=On"}));
      CHECK(j["x_custom_spam"] == nlohmann::json::array({c.x_custom_spam}));
      // Off (the default): the same message is not spam, and the record says nothing of ASF.
      simulator off(policy_with(std::string("  ") + c.parameter + ": Off\n"));
      const auto& o2 = off.run(html_message(c.html));
      CHECK(o2.verdict_value == verdict::not_spam);
      CHECK(record_of(off, o2).count("asf") == 0);
    }
  }

  TEST_CASE("what the settings do not count") {
    simulator sim(policy_with(
        "  MarkAsSpamWebBugsInHtml: On\n  IncreaseScoreWithImageLinks: On\n"
        "  IncreaseScoreWithRedirectToOtherPort: On\n  IncreaseScoreWithNumericIps: On\n"
        "  IncreaseScoreWithBizOrInfoUrls: On\n  MarkAsSpamJavaScriptInHtml: On\n"));
    // Ports 80, 8080 and 443 are the documented exceptions; an embedded (cid:) image is not
    // remote; a host that merely contains digits is not numeric; a .biz word is not a link;
    // "javascript" in text is not script.
    const auto& o = sim.run(html_message(
        "<a href=\"http://a.example:8080/\">a</a> <a href=\"https://b.example:443/\">b</a> "
        "<a href=\"http://c.example:80\">c</a> <img src=\"cid:logo@x\" width=1 height=1> "
        "<a href=\"https://web1.example/\">d</a> buy.biz and learn javascript"));
    CHECK(o.verdict_value == verdict::not_spam);
    CHECK(o.asf_on == 0);
    // A remote image larger than one pixel is an image link, not a web bug.
    const auto& o2 =
        sim.run(html_message("<img src=\"https://i.example/a.png\" width=2 height=1>"));
    CHECK(o2.verdict_value == verdict::spam);
    CHECK(record_of(sim, o2)["asf"] == nlohmann::json::array({"IncreaseScoreWithImageLinks=On"}));
  }

  TEST_CASE("the highest SCL decides; every setting that found its property adds its header") {
    simulator sim(
        policy_with("  IncreaseScoreWithNumericIps: On\n  MarkAsSpamFormTagsInHtml: On\n"));
    const auto& o = sim.run(html_message("<a href=\"http://192.0.2.1/\">x</a><form></form>"));
    CHECK(o.verdict_value == verdict::high_confidence_spam);
    REQUIRE(o.asf_decided);
    CHECK(*o.asf_decided == mfsim::rules::asf_setting::form_tags);
    CHECK(record_of(sim, o)["x_custom_spam"] ==
          nlohmann::json::array({"Form tag in html", "Numeric IP in URL"}));
    // A worse verdict filtering reached stays: ASF only adds its header.
    const auto& o2 =
        sim.run(html_message("<form></form>", "X-Forefront-Antispam-Report: SCL:9;CAT:HPHSH\r\n"));
    CHECK(o2.verdict_value == verdict::high_confidence_phish);
    CHECK_FALSE(o2.asf_decided);
    CHECK(record_of(sim, o2)["asf"] == nlohmann::json::array({"MarkAsSpamFormTagsInHtml=On"}));
  }

  TEST_CASE("Test mode takes TestModeAction instead of marking the message") {
    const std::string settings = "  MarkAsSpamFormTagsInHtml: Test\n";
    simulator none(policy_with(settings));
    const auto& a = none.run(html_message("<form></form>"));
    CHECK(a.verdict_value == verdict::not_spam);
    auto j = record_of(none, a);
    CHECK(j["asf"] == nlohmann::json::array({"MarkAsSpamFormTagsInHtml=Test"}));
    CHECK(j.count("x_custom_spam") == 0);
    CHECK(j.count("asf_test_bcc") == 0);

    simulator header(policy_with(settings + "  TestModeAction: AddXHeader\n"));
    const auto& b = header.run(html_message("<form></form>"));
    CHECK(b.verdict_value == verdict::not_spam);
    CHECK(record_of(header, b)["x_custom_spam"] ==
          nlohmann::json::array({"This message was filtered by the custom spam filter option"}));

    simulator bcc(
        policy_with(settings +
                    "  TestModeAction: BccMessage\n"
                    "  TestModeBccToRecipients: [Admin@Contoso.com, audit@contoso.com]\n"));
    const auto& c = bcc.run(html_message("<form></form>"));
    CHECK(c.verdict_value == verdict::not_spam);
    j = record_of(bcc, c);
    CHECK(j["asf_test_bcc"] == nlohmann::json::array({"admin@contoso.com", "audit@contoso.com"}));
    // A message without the property: no Test action.
    const auto& d = bcc.run(html_message("<p>plain</p>"));
    CHECK(record_of(bcc, d).count("asf_test_bcc") == 0);
  }

  TEST_CASE("SPF hard fail and Sender ID hard fail read the recorded SPF result") {
    simulator sim(
        policy_with("  MarkAsSpamSpfRecordHardFail: On\n  MarkAsSpamFromAddressAuthFail: On\n"));
    const auto& a = sim.run(message(
        {"From: a@contoso.example",
         "Authentication-Results: spf=fail (sender IP is 192.0.2.1) smtp.mailfrom=bounce.example; "
         "dkim=none; dmarc=none header.from=contoso.example"}));
    CHECK(a.verdict_value == verdict::high_confidence_spam);
    CHECK(record_of(sim, a)["asf"] == nlohmann::json::array({"MarkAsSpamSpfRecordHardFail=On"}));
    // The From address's own domain failed: Sender ID fails too (SCL 6); SPF's 9 decides.
    const auto& b = sim.run(message({"From: Someone <a@contoso.example>",
                                     "Authentication-Results: spf=fail (sender IP is 192.0.2.1) "
                                     "smtp.mailfrom=contoso.example; dkim=none"}));
    CHECK(record_of(sim, b)["asf"] == nlohmann::json::array({"MarkAsSpamSpfRecordHardFail=On",
                                                             "MarkAsSpamFromAddressAuthFail=On"}));
    // A soft fail is not a hard fail; Received-SPF counts when Authentication-Results has none.
    CHECK(sim.run(message({"From: a@x.example",
                           "Authentication-Results: spf=softfail smtp.mailfrom=x.example"}))
              .verdict_value == verdict::not_spam);
    CHECK(sim.run(message({"From: a@x.example", "Received-SPF: Fail (protection.outlook.com)"}))
              .verdict_value == verdict::high_confidence_spam);
    // Sender ID alone: spam (SCL 6).
    simulator sender_id(policy_with("  MarkAsSpamFromAddressAuthFail: On\n"));
    CHECK(sender_id
              .run(message({"From: a@x.example",
                            "Authentication-Results: spf=fail smtp.mailfrom=x.example"}))
              .verdict_value == verdict::spam);
  }

  TEST_CASE("NDR backscatter: a delivery report for a message the organisation did not send") {
    simulator sim(policy_with("  MarkAsSpamNdrBackscatter: On\n"));
    const auto ndr = [](const std::string& returned_headers) {
      return "From: MAILER-DAEMON@mx.example\r\nTo: b@contoso.com\r\nSubject: Undeliverable\r\n"
             "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; "
             "boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n"
             "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; "
             "mx.example\r\n\r\nFinal-Recipient: rfc822; x@y.example\r\nAction: failed\r\n"
             "Status: 5.1.1\r\n\r\n--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n" +
             returned_headers + "\r\n--b1--\r\n";
    };
    const auto& forged = sim.run(ndr("From: b@contoso.com\r\nSubject: cheap pills\r\n"));
    CHECK(forged.verdict_value == verdict::spam);
    CHECK(record_of(sim, forged)["x_custom_spam"] == nlohmann::json::array({"Backscatter NDR"}));
    const auto& legitimate =
        sim.run(ndr("From: b@contoso.com\r\nSubject: report\r\nX-MS-Exchange-CrossTenant-AuthAs: "
                    "Internal\r\n"));
    CHECK(legitimate.verdict_value == verdict::not_spam);
  }

  TEST_CASE("empty messages: no subject, no body text, no attachment") {
    simulator sim(policy_with("  MarkAsSpamEmptyMessages: On\n"));
    CHECK(
        sim.run("From: a@x.example\r\nTo: b@contoso.com\r\nSubject: \r\n\r\n \r\n").verdict_value ==
        verdict::high_confidence_spam);
    CHECK(sim.run("From: a@x.example\r\nTo: b@contoso.com\r\n\r\n").verdict_value ==
          verdict::high_confidence_spam);
    CHECK(sim.run("From: a@x.example\r\nSubject: hi\r\n\r\n").verdict_value == verdict::not_spam);
    CHECK(sim.run("From: a@x.example\r\n\r\nbody\r\n").verdict_value == verdict::not_spam);
    const std::string with_attachment =
        "From: a@x.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
        "boundary=\"b\"\r\n\r\n--b\r\nContent-Type: application/pdf; name=\"a.pdf\"\r\n"
        "Content-Disposition: attachment; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\r\n--b--\r\n";
    CHECK(sim.run(with_attachment).verdict_value == verdict::not_spam);
  }

  TEST_CASE("no ASF when spam filtering is skipped or a rule set the SCL") {
    simulator sim(
        policy_with("  MarkAsSpamFormTagsInHtml: On\n  AllowedSenderDomains: [friend.example]\n") +
        "transport_rules:\n  - Name: Bypass\n    SubjectContainsWords: bypass\n"
        "    SetSCL: -1\n  - Name: Spam\n    SubjectContainsWords: force\n    SetSCL: 5\n");
    CHECK(sim.run(html_message("<form></form>", "X-Bypass: 1\r\n")).verdict_value ==
          verdict::high_confidence_spam);
    std::string bypass = html_message("<form></form>");
    bypass.replace(bypass.find("hello"), 5, "bypass");
    CHECK(sim.run(bypass).verdict_value == verdict::skipped);
    std::string forced = html_message("<form></form>");
    forced.replace(forced.find("hello"), 5, "force");
    CHECK(sim.run(forced).verdict_value == verdict::spam);
    std::string allowed = html_message("<form></form>");
    allowed.replace(allowed.find("sender.example"), 14, "friend.example");
    CHECK(sim.run(allowed).verdict_value == verdict::skipped);
  }

  TEST_CASE("the plan reads the body only for the settings that need it") {
    const auto reads = [](const std::string& yaml) {
      return mfsim::reads_of(*mfsim::compile(mfsim::rules::load_rule_set_yaml(yaml, "t.yaml")));
    };
    CHECK(reads(policy_with("  MarkAsSpamSpfRecordHardFail: On\n")).header_block_only());
    CHECK(reads(policy_with("  MarkAsSpamFormTagsInHtml: Off\n")).header_block_only());
    CHECK_FALSE(reads(policy_with("  MarkAsSpamFormTagsInHtml: Test\n")).header_block_only());
    CHECK(reads(policy_with("  MarkAsSpamEmptyMessages: On\n")).attachments);
  }

  TEST_CASE("the cmdlets' values: Test refused where the docs say it is not available") {
    const auto error_of = [](const std::string& script) -> std::string {
      try {
        (void)mfsim::rules::load_rule_set_powershell(script, "p.ps1");
      } catch (const mfsim::load_error& e) {
        return e.diagnostics().empty() ? "" : e.diagnostics().front().message;
      }
      return {};
    };
    CHECK(error_of("Set-HostedContentFilterPolicy Default -MarkAsSpamSpfRecordHardFail Test")
              .find("Test mode isn't available") != std::string::npos);
    CHECK(error_of("Set-HostedContentFilterPolicy Default -MarkAsSpamNdrBackscatter Test")
              .find("Test mode isn't available") != std::string::npos);
    CHECK(error_of("Set-HostedContentFilterPolicy Default -MarkAsSpamFormTagsInHtml Maybe")
              .find("expected one of Off, On, Test") != std::string::npos);
    // Loads with a warning since decision 1182 (unsimulated_settings_test.cc).
    CHECK(
        error_of("Set-HostedContentFilterPolicy Default -MarkAsSpamSensitiveWordList On").empty());
    CHECK(error_of("Set-HostedContentFilterPolicy Default -RecommendedPolicyType Standard "
                   "-MarkAsSpamSensitiveWordList Off -IncreaseScoreWithImageLinks Test "
                   "-TestModeAction AddXHeader -IntraOrgFilterState Spam")
              .empty());
    // What a script sets survives `mfsim import` (the YAML writer).
    const auto set = mfsim::rules::load_rule_set_powershell(
        "Set-HostedContentFilterPolicy Default -IncreaseScoreWithImageLinks Test "
        "-TestModeAction BccMessage -TestModeBccToRecipients a@contoso.com "
        "-IntraOrgFilterState Phish",
        "p.ps1");
    const std::string yaml = mfsim::rules::write_rule_set_yaml(set);
    CHECK(yaml.find("IncreaseScoreWithImageLinks: Test") != std::string::npos);
    CHECK(yaml.find("TestModeAction: BccMessage") != std::string::npos);
    CHECK(yaml.find("IntraOrgFilterState: Phish") != std::string::npos);
    const auto again = mfsim::rules::load_rule_set_yaml(yaml, "again.yaml");
    CHECK(again.antispam.asf.test_bcc == std::vector<std::string>{"a@contoso.com"});
  }
}

TEST_SUITE("intra-org filter state") {
  const std::string kInternal = "organization:\n  accepted_domains: [contoso.com]\n";
  std::string internal_message(const std::string& report) {
    return message({"From: a@contoso.com", "To: b@contoso.com",
                    "X-MS-Exchange-Organization-AuthAs: Internal",
                    ("X-Forefront-Antispam-Report: " + report).c_str()});
  }

  TEST_CASE("between internal users the policy acts only on the verdicts the state includes") {
    simulator by_default(policy_with("  IntraOrgFilterState: HighConfidencePhish\n") + kInternal);
    const auto& a = by_default.run(internal_message("SCL:6;CAT:SPM"));
    CHECK(a.verdict_value == verdict::skipped);
    CHECK(a.why_verdict.cause == mfsim::verdict_cause::intra_org);
    const auto j = record_of(by_default, a);
    CHECK(j["intra_org_filter"] == "HighConfidencePhish");
    CHECK(j["intra_org_verdict"] == "spam");
    CHECK(by_default.run(internal_message("SCL:9;CAT:HPHSH")).verdict_value ==
          verdict::high_confidence_phish);

    simulator spam(policy_with("  IntraOrgFilterState: Spam\n") + kInternal);
    CHECK(spam.run(internal_message("SCL:6;CAT:SPM")).verdict_value == verdict::spam);
    simulator hcs(policy_with("  IntraOrgFilterState: HighConfidenceSpam\n") + kInternal);
    CHECK(hcs.run(internal_message("SCL:6;CAT:SPM")).verdict_value == verdict::skipped);
    CHECK(hcs.run(internal_message("SCL:9;CAT:HSPM")).verdict_value ==
          verdict::high_confidence_spam);
    simulator disabled(policy_with("  IntraOrgFilterState: Disabled\n") + kInternal);
    CHECK(disabled.run(internal_message("SCL:9;CAT:HPHSH")).verdict_value == verdict::skipped);
  }

  TEST_CASE("mail from outside, or to outside, is filtered as before") {
    simulator sim(policy_with("  IntraOrgFilterState: HighConfidencePhish\n") + kInternal);
    CHECK(sim.run(message({"From: a@contoso.com", "To: b@contoso.com",
                           "X-MS-Exchange-Organization-AuthAs: Anonymous",
                           "X-Forefront-Antispam-Report: SCL:6;CAT:SPM"}))
              .verdict_value == verdict::spam);
    CHECK(sim.run(message({"From: a@contoso.com", "To: b@contoso.com, c@other.example",
                           "X-MS-Exchange-Organization-AuthAs: Internal",
                           "X-Forefront-Antispam-Report: SCL:6;CAT:SPM"}))
              .verdict_value == verdict::spam);
    // Not given, or Default: mfsim adds no intra-org step (Exchange's verdict is recorded).
    simulator unset(policy_with("") + kInternal);
    CHECK(unset.run(internal_message("SCL:6;CAT:SPM")).verdict_value == verdict::spam);
    simulator by_default(policy_with("  IntraOrgFilterState: Default\n") + kInternal);
    CHECK(by_default.run(internal_message("SCL:6;CAT:SPM")).verdict_value == verdict::spam);
    CHECK_FALSE(by_default.compiled().reads_auth());
  }
}

TEST_SUITE("anti-spam MakeDefault") {
  using mfsim::rules::load_rule_set_powershell;

  TEST_CASE("the policy made default applies to every recipient no rule scopes") {
    const auto set = load_rule_set_powershell(
        "Set-HostedContentFilterPolicy Default -SpamAction Quarantine\n"
        "New-HostedContentFilterPolicy -Name Strict -SpamAction MoveToJmf "
        "-MarkAsSpamFormTagsInHtml On\n"
        "Set-HostedContentFilterPolicy -Identity Strict -MakeDefault\n",
        "p.ps1");
    CHECK(set.antispam.name == "Strict");
    CHECK(set.antispam.spam.action == mfsim::rules::spam_action::move_to_jmf);
    CHECK(set.antispam.asf.of(mfsim::rules::asf_setting::form_tags) == mfsim::rules::asf_state::on);
    CHECK(set.scoped_antispam.empty());  // the former Default applies to nobody
    // New-HostedContentFilterPolicy -MakeDefault does the same; -MakeDefault:$false nothing.
    CHECK(load_rule_set_powershell(
              "New-HostedContentFilterPolicy -Name Lax -SpamAction AddXHeader -MakeDefault\n",
              "p.ps1")
              .antispam.name == "Lax");
    CHECK(load_rule_set_powershell("New-HostedContentFilterPolicy -Name Lax -MakeDefault:$false\n",
                                   "p.ps1")
              .antispam.name == "Default");
  }

  TEST_CASE("a policy a rule scopes cannot become the default one") {
    try {
      (void)load_rule_set_powershell(
          "New-HostedContentFilterPolicy -Name P\n"
          "New-HostedContentFilterRule -Name R -HostedContentFilterPolicy P "
          "-RecipientDomainIs contoso.com\n"
          "Set-HostedContentFilterPolicy -Identity P -MakeDefault\n",
          "p.ps1");
      FAIL("expected an error");
    } catch (const mfsim::load_error& e) {
      REQUIRE_FALSE(e.diagnostics().empty());
      CHECK(e.diagnostics().front().message.find("scoped by the rule 'R'") != std::string::npos);
    }
  }
}
