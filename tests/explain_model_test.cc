// The decisions each stage records in the outcome, and the explanation engine/explain builds
// from them: in process, no CLI (explain_test.cc checks the rendered text and JSON).
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/explain/explanation.h"
#include "engine/rules/load_native.h"

namespace {

using mfsim::action_decider;
using mfsim::evaluation_trace;
using mfsim::release_basis;
using mfsim::retention_origin;
using mfsim::rule_terminal;
using mfsim::verdict_cause;

constexpr std::string_view kRules = R"(mfsim: 1
name: decisions
quarantine_policies:
  - Name: UserRelease
    EndUserQuarantinePermissionsValue: 7
    ESNEnabled: true
antispam_policy:
  SpamAction: Quarantine
  SpamQuarantineTag: UserRelease
  QuarantineRetentionPeriod: 20
transport_rules:
  - Name: Redirect invoices
    SubjectContainsWords: [invoice]
    RedirectMessageTo: [audit@contoso.example]
  - Name: Hold wire transfers
    SubjectMatchesPatterns: ['wire\s+transfer']
    Quarantine: true
  - Name: Spam from partners
    SenderDomainIs: [partner.example]
    SetSCL: 6
)";

struct evaluated {
  std::shared_ptr<const mfsim::plan> plan;
  mfsim::scratch scratch;
  std::string message;
  evaluation_trace trace;
  mfsim::outcome record;
};

// Evaluates `message` under kRules with a trace.
void evaluate(evaluated& e, std::string message) {
  e.plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(kRules, "decisions.yaml"));
  e.message = std::move(message);
  e.record = mfsim::evaluate(*e.plan, e.message, {}, e.scratch, nullptr, &e.trace);
}

std::string message(std::string_view from, std::string_view subject) {
  return "From: " + std::string(from) +
         "\r\nTo: user@contoso.example\r\nSubject: " + std::string(subject) +
         "\r\nDate: Tue, 19 Mar 2024 09:41:11 +0000\r\n\r\nbody\r\n";
}

}  // namespace

TEST_SUITE("explain model") {
  TEST_CASE("a rule's Quarantine is recorded as the rule's decision, fixed retention, admin only") {
    evaluated e;
    evaluate(e, message("a@x.example", "Re: wire  transfer for an invoice"));
    const mfsim::outcome& r = e.record;
    CHECK(r.rules_ended == rule_terminal::quarantine);
    REQUIRE(r.terminal_rule);
    CHECK(e.plan->rule_name(*r.terminal_rule) == "Hold wire transfers");
    CHECK(r.decision.by == action_decider::transport_rule);
    CHECK(r.decision.rule_action == rule_terminal::quarantine);
    CHECK(r.retention_source == retention_origin::rule_quarantine);
    CHECK(r.retention_days == 30);
    CHECK(r.release_reason == release_basis::rule_quarantine);

    const auto x = mfsim::explain::explain(*e.plan, "m1", e.message, {}, r, e.trace, e.scratch);
    CHECK(x.action.decided_by == "transport_rule");
    CHECK(x.action.rule == "Hold wire transfers");
    CHECK(x.action.policy_action == "Quarantine");
    REQUIRE(x.quarantine);
    CHECK(x.quarantine->retention_source == "fixed 30 days");
    // The redirect of an earlier rule was overtaken by the later Quarantine.
    CHECK(x.rules[0].status == "applied");
  }

  TEST_CASE("the pattern's span comes from the match that decided the condition") {
    evaluated e;
    evaluate(e, message("a@x.example", "Re: wire  transfer for an invoice"));
    const auto x =
        mfsim::explain::explain(*e.plan, "m1", e.message, {}, e.record, e.trace, e.scratch);
    const auto& words = x.rules[0].conditions.at(0);
    REQUIRE(words.match);
    CHECK(words.match->term == "invoice");
    CHECK(words.match->offset == 26);
    CHECK(words.match->text == "invoice");
    const auto& pattern = x.rules[1].conditions.at(0);
    REQUIRE(pattern.match);
    CHECK(pattern.match->term == "wire\\s+transfer");
    CHECK(pattern.match->offset == 4);
    CHECK(pattern.match->length == 14);
    CHECK(pattern.match->text == "wire  transfer");
  }

  TEST_CASE("the anti-spam policy's quarantine: setting, policy retention, release by permission") {
    evaluated e;
    evaluate(e, message("News <news@mail.partner.example>", "Hello"));
    const mfsim::outcome& r = e.record;
    CHECK(r.why_verdict.cause == verdict_cause::scl);
    CHECK(r.why_verdict.scl == 6);
    CHECK(r.why_verdict.scl_source == mfsim::scl_origin::rule);
    CHECK(r.decision.by == action_decider::anti_spam_policy);
    REQUIRE(r.decision.setting);
    CHECK(*r.decision.setting == mfsim::rules::verdict_setting_id::spam);
    CHECK(r.retention_source == retention_origin::antispam_policy);
    CHECK(r.retention_days == 20);
    CHECK(r.release_reason == release_basis::permission_release);
    REQUIRE(r.quarantine_policy_used != nullptr);
    CHECK(r.quarantine_policy_used->name == "UserRelease");

    const auto x = mfsim::explain::explain(*e.plan, "m2", e.message, {}, r, e.trace, e.scratch);
    CHECK(x.action.setting == "SpamAction");
    CHECK(x.action.quarantine_tag == "UserRelease");
    CHECK(x.verdict.reasons.front() ==
          "a transport rule set SCL 6; it replaces any SCL Microsoft recorded");
    const auto& domain = x.rules[2].conditions.at(0);
    REQUIRE(domain.match);
    CHECK(domain.match->value == "news@mail.partner.example");
    CHECK(domain.match->text == "partner.example");
  }

  TEST_CASE("a clean message is delivered by the policy with no setting and no quarantine") {
    evaluated e;
    evaluate(e, message("a@x.example", "Lunch"));
    CHECK(e.record.decision.by == action_decider::anti_spam_policy);
    CHECK_FALSE(e.record.decision.setting);
    CHECK(e.record.retention_source == retention_origin::none);
    const auto x =
        mfsim::explain::explain(*e.plan, "m3", e.message, {}, e.record, e.trace, e.scratch);
    CHECK_FALSE(x.quarantine);
    CHECK(x.action.explanation == "verdict not_spam: delivered to the inbox");
  }

  TEST_CASE("valid_utf8 replaces each byte that starts no well-formed sequence") {
    CHECK(mfsim::explain::valid_utf8("caf\xc3\xa9") == "caf\xc3\xa9");
    CHECK(mfsim::explain::valid_utf8("a\xff"
                                     "b") ==
          "a\xef\xbf\xbd"
          "b");
    CHECK(mfsim::explain::valid_utf8("\xc3") == "\xef\xbf\xbd");
  }
}
