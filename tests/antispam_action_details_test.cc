// The anti-spam policy's own action in the record (decision 466): where Redirect delivers
// (RedirectToRecipients), the header AddXHeader adds and the prefix ModifySubject puts before
// the subject; MF016 for a Redirect with nowhere to go; and every field the record can carry
// loads as an expectation (a baseline blessed from `mfsim run` always loads in `mfsim check`).
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/lint/lint.h"
#include "engine/report/jsonl_writer.h"
#include "tests/support/process.h"
#include "tests/support/script_import.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::test::message;
using mfsim::test::simulator;

constexpr std::string_view kFrom = "From: Deals <deals@contoso.example>";
constexpr std::string_view kTo = "To: adele@fabrikam.example";
constexpr std::string_view kSpam = "X-Forefront-Antispam-Report: SCL:6;SFV:SPM;CAT:SPM";
constexpr std::string_view kHighConfidence = "X-Forefront-Antispam-Report: SCL:9;SFV:SPM;CAT:HSPM";

std::string policy(const std::string& settings) {
  return "mfsim: 1\nname: t\nantispam_policy:\n" + settings;
}

// The record `mfsim run` writes for `headers` under `yaml`, parsed.
nlohmann::ordered_json record_of(const std::string& yaml,
                                 const std::vector<std::string_view>& headers) {
  simulator sim(yaml);
  const auto& o = sim.run(message(headers));
  std::string line;
  mfsim::report::append_record(line, "m.eml", o, sim.compiled());
  return mfsim::parse_ordered_json(line);
}

std::vector<std::string> keys_of(const nlohmann::ordered_json& record) {
  std::vector<std::string> keys;
  for (auto it = record.begin(); it != record.end(); ++it) keys.push_back(it.key());
  return keys;
}

}  // namespace

TEST_SUITE("antispam action details") {
  TEST_CASE("Redirect names its recipients, AddXHeader its header, ModifySubject its prefix") {
    const auto redirect = record_of(policy("  SpamAction: Redirect\n  RedirectToRecipients: "
                                           "[SOC@Contoso.example, triage@contoso.example]\n"),
                                    {kFrom, kTo, kSpam});
    CHECK(redirect["action"] == "redirect");
    CHECK(redirect["antispam_redirect_to"] ==
          nlohmann::json::array({"soc@contoso.example", "triage@contoso.example"}));
    CHECK_FALSE(redirect.contains("antispam_x_header"));

    const auto header =
        record_of(policy("  SpamAction: AddXHeader\n  AddXHeaderValue: X-Contoso-Spam\n"),
                  {kFrom, kTo, kSpam});
    CHECK(header["action"] == "add_x_header");
    CHECK(header["antispam_x_header"] == "X-Contoso-Spam: This message appears to be spam.");
    CHECK_FALSE(header.contains("antispam_redirect_to"));

    const auto subject = record_of(
        policy("  HighConfidenceSpamAction: ModifySubject\n  ModifySubjectValue: '[SPAM] '\n"),
        {kFrom, kTo, kHighConfidence});
    CHECK(subject["action"] == "modify_subject");
    CHECK(subject["antispam_subject_prefix"] == "[SPAM] ");
  }

  TEST_CASE("no detail when the policy's action did not decide or has none") {
    const std::string redirecting =
        policy("  SpamAction: Redirect\n  RedirectToRecipients: [soc@contoso.example]\n");
    const auto clean = record_of(redirecting, {kFrom, kTo, "Subject: hello"});
    CHECK(clean["action"] == "deliver");
    CHECK_FALSE(clean.contains("antispam_redirect_to"));
    const auto junk = record_of(policy("  SpamAction: MoveToJmf\n  RedirectToRecipients: "
                                       "[soc@contoso.example]\n"),
                                {kFrom, kTo, kSpam});
    CHECK(junk["action"] == "junk");
    CHECK_FALSE(junk.contains("antispam_redirect_to"));
    // A transport rule's RedirectMessageTo decides: its addresses are in `effects`, not here.
    const auto by_rule = record_of(redirecting +
                                       "transport_rules:\n  - Name: to legal\n"
                                       "    SubjectContainsWords: [contract]\n"
                                       "    RedirectMessageTo: [legal@contoso.example]\n",
                                   {kFrom, kTo, "Subject: the contract"});
    CHECK(by_rule["action"] == "redirect");
    CHECK_FALSE(by_rule.contains("antispam_redirect_to"));
  }

  TEST_CASE("a script's RedirectToRecipients is read, and a bad address is an error there") {
    const auto ok = mfsim::test::import(
        "Set-HostedContentFilterPolicy -Identity Default -SpamAction Redirect "
        "-RedirectToRecipients 'SOC@contoso.com','triage@contoso.com'\n");
    REQUIRE(ok.errors.empty());
    CHECK(ok.set.antispam.redirect_to_recipients ==
          std::vector<std::string>{"soc@contoso.com", "triage@contoso.com"});
    const auto bad = mfsim::test::import(
        "Set-HostedContentFilterPolicy -Identity Default -RedirectToRecipients 'not an address'\n");
    CHECK(mfsim::test::has(bad.errors, 1, 71, "expected an email address"));
  }

  TEST_CASE("MF016: a Redirect action without RedirectToRecipients") {
    const auto findings_for = [](const std::string& script) {
      const auto imported = mfsim::test::import(script);
      REQUIRE(imported.errors.empty());
      std::vector<mfsim::lint::finding> out;
      for (auto& f : mfsim::lint::lint_rule_set(imported.set)) {
        if (f.id == "MF016") out.push_back(std::move(f));
      }
      return out;
    };
    const auto missing = findings_for(
        "New-HostedContentFilterPolicy -Name Strict -SpamAction Redirect "
        "-HighConfidenceSpamAction Redirect\n"
        "New-HostedContentFilterRule -Name Strict -HostedContentFilterPolicy Strict "
        "-RecipientDomainIs contoso.com\n");
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].level == mfsim::lint::severity::warning);
    CHECK(missing[0].where.line == 1);
    CHECK(missing[0].message.find("'Strict' sets SpamAction, HighConfidenceSpamAction to "
                                  "Redirect") != std::string::npos);
    CHECK(findings_for("Set-HostedContentFilterPolicy -Identity Default -SpamAction Redirect "
                       "-RedirectToRecipients soc@contoso.com\n")
              .empty());
  }

  TEST_CASE("every field a record carries is listed by record_fields, in record order") {
    const auto listed = mfsim::report::record_fields();
    const auto check_order = [&](const nlohmann::ordered_json& record) {
      std::size_t last = 0;
      for (const auto& key : keys_of(record)) {
        const auto at = std::find(listed.begin(), listed.end(), key);
        REQUIRE_MESSAGE(at != listed.end(), key);
        const auto position = static_cast<std::size_t>(at - listed.begin());
        CHECK_MESSAGE(position >= last, key);
        last = position;
      }
    };
    check_order(record_of(policy("  BlockedSenders: [deals@contoso.example]\n"
                                 "  MarkAsSpamEmptyMessages: Test\n  TestModeAction: BccMessage\n"
                                 "  TestModeBccToRecipients: [t@contoso.example]\n"
                                 "transport_rules:\n  - Name: bcc\n    SubjectContainsWords: [x]\n"
                                 "    BlindCopyTo: [a@contoso.example]\n"),
                          {kFrom, kTo, "Subject: x"}));
    check_order(
        record_of(policy("  SpamAction: Redirect\n  RedirectToRecipients: [soc@contoso.example]\n"),
                  {kFrom, kTo, kSpam}));
  }

  TEST_CASE("check loads a baseline blessed from run whatever optional fields it carries") {
    mfsim::test::temp_dir dir;
    const std::string rules =
        dir.write("r.yaml", policy("  BlockedSenders: [deals@contoso.example]\n"
                                   "  SpamAction: Redirect\n"
                                   "  RedirectToRecipients: [soc@contoso.example]\n"));
    const std::string mail = dir.write("m.eml", message({kFrom, kTo, "Subject: hello"}));
    const auto blessed =
        mfsim::test::run_mfsim({"run", "--rules", rules, "--format", "jsonl", mail});
    REQUIRE(blessed.exit_code == 0);
    CHECK(blessed.out.find("\"antispam_list\":\"BlockedSenders\"") != std::string::npos);
    CHECK(blessed.out.find("\"antispam_redirect_to\":[\"soc@contoso.example\"]") !=
          std::string::npos);
    const std::string baseline = dir.write("baseline.jsonl", blessed.out);
    const auto checked =
        mfsim::test::run_mfsim({"check", "--rules", rules, "--expect", baseline, mail});
    CHECK_MESSAGE(checked.exit_code == 0, checked.err);
    // A changed redirect target is a mismatch.
    const std::string other =
        dir.write("other.yaml", policy("  BlockedSenders: [deals@contoso.example]\n"
                                       "  SpamAction: Redirect\n"
                                       "  RedirectToRecipients: [triage@contoso.example]\n"));
    const auto moved =
        mfsim::test::run_mfsim({"check", "--rules", other, "--expect", baseline, mail});
    CHECK(moved.exit_code == 1);
    CHECK(moved.out.find("antispam_redirect_to") != std::string::npos);
    const auto explained = mfsim::test::run_mfsim({"explain", "--rules", rules, mail});
    CHECK(explained.out.find("redirected to soc@contoso.example") != std::string::npos);
  }
}
