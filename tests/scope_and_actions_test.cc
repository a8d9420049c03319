// Tests of the rule properties and actions added for Exchange fidelity: SenderAddressLocation,
// ActivationDate / ExpiryDate, RejectMessage*, SetAuditSeverity; the recipients (manifest,
// --rcpt, To/Cc); anti-spam policies scoped by recipient; and scl_model advisory.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/report/jsonl_writer.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::final_action;
using mfsim::folder;
using mfsim::run_options;
using mfsim::verdict;
using mfsim::test::message;
using mfsim::test::simulator;
using strings = std::vector<std::string>;

constexpr std::int64_t k20260301 = 1772323200;  // 2026-03-01T00:00:00Z

std::string rules(const std::string& top, const std::string& transport_rules) {
  std::string yaml = "mfsim: 1\nname: scope-test\n" + top;
  if (!transport_rules.empty()) yaml += "transport_rules:\n" + transport_rules;
  return yaml;
}

std::string folder_reason(const mfsim::outcome& o) {
  std::string out;
  mfsim::append_folder_reason(out, o.folder_reason);
  return out;
}

// Anti-spam policies: Default moves spam to Junk; Finance (priority 0) quarantines it for 20
// days; Boss (priority 1) deletes it and counts BCL 4 as bulk.
const std::string kPolicies = R"(antispam_policy:
  Name: Default
antispam_policies:
  - Name: Boss
    Priority: 1
    SentTo: [boss@contoso.com]
    SpamAction: Delete
    BulkThreshold: 4
  - Name: Finance
    Priority: 0
    RecipientDomainIs: [finance.contoso.com]
    SpamAction: Quarantine
    SpamQuarantineTag: AdminOnlyAccessPolicy
    QuarantineRetentionPeriod: 20
)";

}  // namespace

TEST_SUITE("rule properties and actions") {
  TEST_CASE("SenderAddressLocation picks the From header, the envelope sender, or either") {
    simulator sim(rules("", R"(  - Name: Header
    From: ceo@contoso.com
    SetAuditSeverity: Low
  - Name: Envelope
    SenderAddressLocation: Envelope
    SenderDomainIs: contoso.com
    SetAuditSeverity: Low
  - Name: Either
    SenderAddressLocation: HeaderOrEnvelope
    FromAddressContainsWords: ceo
    SetAuditSeverity: Low
)"));
    sim.run(message({"From: ceo@contoso.com", "Return-Path: <bounce@mailer.example>"}));
    CHECK(sim.fired() == strings{"Header", "Either"});
    sim.run(message({"From: x@example.org", "Return-Path: <ceo@contoso.com>"}));
    CHECK(sim.fired() == strings{"Envelope", "Either"});
    sim.run(message({"From: x@example.org"}));
    CHECK(sim.fired().empty());
  }

  // New-TransportRule, SenderAddressLocation: "Message envelope searching is available only for
  // the following conditions and exceptions: From ..., FromAddressContainsWords ...,
  // FromAddressMatchesPatterns ..., FromMemberOf ..., SenderDomainIs" (decision 408).
  TEST_CASE("SenderAddressLocation moves only the five conditions it names to the envelope") {
    const auto rule = [](const char* name, const char* location, const char* condition) {
      return std::string("  - Name: ") + name + "\n    SenderAddressLocation: " + location +
             "\n    " + condition + "\n    SetAuditSeverity: Low\n";
    };
    simulator sim(
        rules("organization:\n  accepted_domains: [contoso.com]\n",
              rule("Outside", "Envelope", "FromScope: NotInOrganization") +
                  rule("Domain", "Envelope", "SenderDomainIs: example.org") +
                  rule("Either outside", "HeaderOrEnvelope", "FromScope: NotInOrganization")));
    // FromScope reads the From header; SenderDomainIs the envelope sender.
    sim.run(message({"From: x@example.org", "Return-Path: <bounce@contoso.com>"}));
    CHECK(sim.fired() == strings{"Outside", "Either outside"});
    sim.run(message({"From: ceo@contoso.com", "Return-Path: <x@example.org>"}));
    CHECK(sim.fired() == strings{"Domain"});
  }

  TEST_CASE("ActivationDate and ExpiryDate bound a rule by --now, else the received time") {
    simulator sim(rules("", R"(  - Name: March only
    ActivationDate: 2026-03-01
    ExpiryDate: '2026-04-01T00:00:00Z'
    SubjectContainsWords: hi
    SetSCL: 6
)"));
    const auto dated = [](const char* date) {
      return message({"Subject: hi", std::string("Date: ") + date});
    };
    CHECK(sim.run(dated("Sun, 1 Mar 2026 00:00:00 +0000")).verdict_value == verdict::spam);
    CHECK(sim.run(dated("Sat, 28 Feb 2026 23:59:59 +0000")).verdict_value == verdict::not_spam);
    CHECK(sim.run(dated("Wed, 1 Apr 2026 00:00:00 +0000")).verdict_value == verdict::not_spam);
    run_options now;
    now.now = k20260301 + 86400;
    CHECK(sim.run(dated("Sat, 28 Feb 2026 12:00:00 +0000"), now).verdict_value == verdict::spam);
    // No date and no --now: the dates cannot be judged, and the rule counts as active.
    CHECK(sim.run(message({"Subject: hi"})).verdict_value == verdict::spam);
  }

  TEST_CASE("RejectMessage* rejects with an NDR, stops later rules, and names the rule") {
    simulator sim(rules("", R"(  - Name: Code only
    SubjectContainsWords: code
    RejectMessageEnhancedStatusCode: 5.7.901
  - Name: Text only
    SubjectContainsWords: text
    RejectMessageReasonText: Not here
  - Name: Later
    SubjectContainsWords: [code, text]
    SetSCL: 9
)"));
    const auto& a = sim.run(message({"Subject: code"}));
    CHECK(a.action == final_action::reject);
    CHECK(a.reject_code == "5.7.901");
    CHECK(a.reject_reason == "Delivery not authorized, message refused");
    CHECK(sim.fired() == strings{"Code only"});
    CHECK(a.folder_value == folder::rejected);
    CHECK(folder_reason(a) == "rule:Code only");
    const auto& b = sim.run(message({"Subject: text"}));
    CHECK(b.reject_code == "5.7.1");
    CHECK(b.reject_reason == "Not here");
  }

  TEST_CASE("SetAuditSeverity keeps the highest severity of the enforced rules") {
    simulator sim(rules("", R"(  - Name: Low
    SubjectContainsWords: a
    SetAuditSeverity: Low
  - Name: High in audit mode
    Mode: Audit
    SubjectContainsWords: a
    SetAuditSeverity: High
  - Name: Medium
    SubjectContainsWords: a
    SetAuditSeverity: Medium
  - Name: Silent
    SubjectContainsWords: a
    SetAuditSeverity: DoNotAudit
)"));
    const auto& o = sim.run(message({"Subject: a"}));
    CHECK(sim.fired() == strings{"Low", "High in audit mode", "Medium", "Silent"});
    CHECK(o.audit_severity == "medium");
    CHECK(sim.run(message({"Subject: b"})).audit_severity.empty());
  }
}

TEST_SUITE("recipients and scoped anti-spam policies") {
  TEST_CASE("the first scoped policy by priority that covers a recipient decides; else Default") {
    simulator sim(rules(kPolicies, R"(  - Name: Spam
    SubjectContainsWords: spam
    SetSCL: 5
)"));
    const auto& finance =
        sim.run(message({"Subject: spam", "Date: Sun, 1 Mar 2026 00:00:00 +0000",
                         "To: boss@contoso.com", "Cc: a@Ledger.Finance.Contoso.com"}));
    CHECK(finance.antispam->name == "Finance");  // priority 0 wins over Boss
    CHECK(finance.action == final_action::quarantine);
    CHECK(finance.quarantine_policy == "AdminOnlyAccessPolicy");
    CHECK(finance.expires == k20260301 + 20 * 86400);
    CHECK(folder_reason(finance) == "antispam:SpamAction=Quarantine");
    const auto& boss = sim.run(message({"Subject: spam", "To: Boss <BOSS@contoso.com>"}));
    CHECK(boss.antispam->name == "Boss");
    CHECK(boss.action == final_action::delete_message);
    const auto& other = sim.run(message({"Subject: spam", "To: a@finance-contoso.com"}));
    CHECK(other.antispam->name == "Default");
    CHECK(other.action == final_action::junk);
  }

  TEST_CASE("the scoped policy's own BulkThreshold decides bulk") {
    simulator sim(rules(kPolicies, ""));
    const auto bcl4 = [](const char* to) {
      return message({std::string("To: ") + to, "X-Microsoft-Antispam: BCL:4;"});
    };
    CHECK(sim.run(bcl4("boss@contoso.com")).verdict_value == verdict::bulk);
    CHECK(sim.run(bcl4("other@contoso.com")).verdict_value == verdict::not_spam);
  }

  TEST_CASE("recipients: a manifest entry, else --rcpt, else the To and Cc addresses") {
    simulator sim(rules("", R"(  - Name: To boss
    SentTo: boss@contoso.com
    SetSCL: 6
)"));
    const std::string msg = message({"To: someone@contoso.com"});
    CHECK(sim.run(msg).verdict_value == verdict::not_spam);
    run_options rcpt;
    rcpt.recipients = {"Boss@Contoso.com"};
    CHECK(sim.run(msg, rcpt).verdict_value == verdict::spam);
    mfsim::scratch s;
    const std::vector<std::string> manifest_recipients = {"someone@contoso.com"};
    mfsim::message_overrides entry;
    entry.recipients = &manifest_recipients;
    CHECK(mfsim::evaluate(sim.compiled(), msg, rcpt, s, &entry).verdict_value == verdict::not_spam);
    const std::vector<std::string> none;
    entry.recipients = &none;  // an entry without recipients leaves them to --rcpt
    CHECK(mfsim::evaluate(sim.compiled(), msg, rcpt, s, &entry).verdict_value == verdict::spam);
  }

  TEST_CASE("scl_model advisory marks a rule's forcing SCL as requested, in the record too") {
    const std::string transport = R"(  - Name: Six
    SubjectContainsWords: six
    SetSCL: 6
  - Name: Two
    SubjectContainsWords: two
    SetSCL: 2
)";
    simulator advisory(rules("settings:\n  scl_model: advisory\n", transport));
    CHECK(advisory.run(message({"Subject: six"})).scl_requested);
    CHECK_FALSE(advisory.run(message({"Subject: two"})).scl_requested);  // 0-4 forces nothing
    // Microsoft's malware category decided the verdict, not the rule's SCL.
    const auto& malware = advisory.run(
        message({"Subject: six", "X-Forefront-Antispam-Report: CIP:198.51.100.1;CAT:MALW;SCL:9"}));
    CHECK(malware.verdict_value == verdict::malware);
    CHECK_FALSE(malware.scl_requested);
    std::string line;
    mfsim::report::append_record(line, "m", advisory.run(message({"Subject: six"})),
                                 advisory.compiled());
    const auto j = mfsim::parse_json(line);
    CHECK(j["scl_requested"] == true);
    CHECK(j["verdict"] == "spam");
    CHECK(j["antispam_policy"] == "Default");

    simulator classic(rules("", transport));
    CHECK_FALSE(classic.run(message({"Subject: six"})).scl_requested);
    line.clear();
    mfsim::report::append_record(line, "m", classic.run(message({"Subject: six"})),
                                 classic.compiled());
    CHECK_FALSE(mfsim::parse_json(line).contains("scl_requested"));
  }
}
