// Tests of stages [D] to [F]: SCL and Microsoft's categories to a verdict, the anti-spam
// policy's action, quarantine tags, release paths, notification and expiry
// (mailflow-model.md sections 6-8, decisions.md 10-13 and 20-24).
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/policy/antispam_policy.h"
#include "engine/policy/quarantine_policy.h"
#include "engine/rules/load_native.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::final_action;
using mfsim::outcome;
using mfsim::release_path;
using mfsim::run_options;
using mfsim::scl_origin;
using mfsim::verdict;
using mfsim::mail::eop_category;
using mfsim::rules::spam_action;
using mfsim::test::message;
using mfsim::test::simulator;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t k20240319T094111Z = 1710841271;  // Tue, 19 Mar 2024 09:41:11 +0000
constexpr std::int64_t k20240318T080000Z = 1710748800;  // Mon, 18 Mar 2024 08:00:00 +0000
constexpr std::int64_t k20240301T000000Z = 1709251200;  // Fri, 01 Mar 2024 00:00:00 +0000
constexpr std::int64_t k20240601T120000Z = 1717243200;  // 2024-06-01T12:00:00Z

constexpr std::string_view kDate = "Date: Tue, 19 Mar 2024 09:41:11 +0000";

// A rule set whose only rule sets the SCL given in the message's X-Test-SCL header, so one plan
// covers every SCL value; `policy` is YAML placed before the rules.
std::string scl_rules_yaml(std::string_view policy = {}) {
  std::string yaml = "mfsim: 1\nname: policy-test\n";
  yaml.append(policy);
  yaml.append("transport_rules:\n");
  for (int scl = -1; scl <= 9; ++scl) {
    const std::string n = std::to_string(scl);
    yaml += "  - Name: SCL " + n + "\n    HeaderContainsMessageHeader: X-Test-SCL\n" +
            "    HeaderContainsWords: 'scl" + n + "'\n    SetSCL: " + n + "\n";
  }
  return yaml;
}

// "scl-1" and "scl1" are different whole words, unlike "-1" and "1".
std::string rule_scl_header(int scl) { return "X-Test-SCL: scl" + std::to_string(scl); }

// Every verdict quarantined under its own tag; release and notification differ per tag.
constexpr std::string_view kTaggedPolicy = R"(quarantine_policies:
  - Name: SpamTag
    EndUserQuarantinePermissionsValue: 7
    ESNEnabled: true
  - Name: HcsTag
    EndUserQuarantinePermissionsValue: 11
    ESNEnabled: false
  - Name: PhishTag
    EndUserQuarantinePermissionsValue: 0
    ESNEnabled: true
  - Name: HcpTag
    EndUserQuarantinePermissionsValue: 39
    ESNEnabled: true
  - Name: BulkTag
    EndUserQuarantinePermissionsValue: 43
antispam_policy:
  SpamAction: Quarantine
  SpamQuarantineTag: spamtag
  HighConfidenceSpamAction: Quarantine
  HighConfidenceSpamQuarantineTag: HcsTag
  PhishSpamAction: Quarantine
  PhishQuarantineTag: PhishTag
  HighConfidencePhishAction: Quarantine
  HighConfidencePhishQuarantineTag: HcpTag
  BulkSpamAction: Quarantine
  BulkQuarantineTag: BulkTag
  QuarantineRetentionPeriod: 10
)";

mfsim::mail::eop_verdict recorded(std::optional<int> scl,
                                  eop_category category = eop_category::none,
                                  std::optional<int> bcl = std::nullopt) {
  mfsim::mail::eop_verdict v;
  v.scl = scl;
  v.category = category;
  v.bcl = bcl;
  v.from_forefront_report = scl.has_value() || category != eop_category::none;
  return v;
}

}  // namespace

TEST_SUITE("policy") {
  TEST_CASE("decide_verdict follows the SCL table, the categories and their precedence") {
    struct row {
      std::string_view what;
      std::optional<int> rule_scl;
      std::optional<int> message_scl;
      eop_category category;
      std::optional<int> bcl;
      int threshold;
      verdict expected;
    };
    const auto none = std::nullopt;
    const auto no_cat = eop_category::none;
    const row rows[] = {
        {"nothing at all", none, none, no_cat, none, 7, verdict::not_spam},
        {"rule -1", -1, none, no_cat, none, 7, verdict::skipped},
        {"rule 0", 0, none, no_cat, none, 7, verdict::not_spam},
        {"rule 4", 4, none, no_cat, none, 7, verdict::not_spam},
        {"rule 5", 5, none, no_cat, none, 7, verdict::spam},
        {"rule 6", 6, none, no_cat, none, 7, verdict::spam},
        {"rule 7", 7, none, no_cat, none, 7, verdict::high_confidence_spam},
        {"rule 9", 9, none, no_cat, none, 7, verdict::high_confidence_spam},
        {"message 1", none, 1, no_cat, none, 7, verdict::not_spam},
        {"message 5", none, 5, no_cat, none, 7, verdict::spam},
        {"message 8", none, 8, no_cat, none, 7, verdict::high_confidence_spam},
        {"message -1", none, -1, no_cat, none, 7, verdict::skipped},
        // A rule's 0..4 forces nothing: the message's own verdict decides.
        {"rule 2, message 6", 2, 6, no_cat, none, 7, verdict::spam},
        {"rule 0, message 9", 0, 9, no_cat, none, 7, verdict::high_confidence_spam},
        {"rule 4, message -1", 4, -1, no_cat, none, 7, verdict::skipped},
        {"rule 3, phish", 3, 1, eop_category::phish, none, 7, verdict::phish},
        {"rule 1, BCL 8", 1, none, no_cat, 8, 7, verdict::bulk},
        // A rule's 5..9 and -1 replace the message's SCL.
        {"rule 6, message 9", 6, 9, no_cat, none, 7, verdict::spam},
        {"rule 5, message -1", 5, -1, no_cat, none, 7, verdict::spam},
        {"rule -1, message 9", -1, 9, no_cat, none, 7, verdict::skipped},
        // Precedence: malware, high-confidence phish, phish, high-confidence spam, spam, bulk.
        {"rule 9, phish", 9, none, eop_category::phish, none, 7, verdict::phish},
        {"rule 9, high-confidence phish", 9, none, eop_category::high_confidence_phish, none, 7,
         verdict::high_confidence_phish},
        {"rule 9, malware", 9, none, eop_category::malware, none, 7, verdict::malware},
        {"high-confidence phish beats phish's neighbour spam", 5, none,
         eop_category::high_confidence_phish, none, 7, verdict::high_confidence_phish},
        {"rule 9, bulk", 9, none, eop_category::bulk, none, 7, verdict::high_confidence_spam},
        {"rule 5, bulk", 5, none, eop_category::bulk, none, 7, verdict::spam},
        {"rule 1, bulk", 1, none, eop_category::bulk, none, 7, verdict::bulk},
        {"message 1, malware", none, 1, eop_category::malware, none, 7, verdict::malware},
        {"phish with BCL 9", none, 5, eop_category::phish, 9, 7, verdict::phish},
        {"spam (SCL 5) with BCL 9", none, 5, no_cat, 9, 7, verdict::spam},
        // MarkAsSpamBulkMail On: bulk's SCL is 6 and the Bulk action is taken (decisions.md 11).
        {"SCL 6 with BCL 9", none, 6, no_cat, 9, 7, verdict::bulk},
        {"SCL 6, CAT:BULK", none, 6, eop_category::bulk, none, 7, verdict::bulk},
        {"SCL 6, CAT:SPM, BCL 9", none, 6, eop_category::spam, 9, 7, verdict::spam},
        {"SCL 6 with BCL 6 at threshold 7", none, 6, no_cat, 6, 7, verdict::spam},
        {"rule 6 with BCL 9", 6, 1, no_cat, 9, 7, verdict::spam},
        // SCL -1 skips filtering, but malware and high-confidence phish are still caught.
        {"rule -1, malware", -1, none, eop_category::malware, none, 7, verdict::malware},
        {"rule -1, high-confidence phish", -1, none, eop_category::high_confidence_phish, none, 7,
         verdict::high_confidence_phish},
        {"rule -1, phish", -1, none, eop_category::phish, none, 7, verdict::skipped},
        {"rule -1, bulk", -1, none, eop_category::bulk, none, 7, verdict::skipped},
        {"rule -1, BCL 9", -1, none, no_cat, 9, 7, verdict::skipped},
        // Categories that force nothing: the SCL decides.
        {"CAT:SPM, SCL 1", none, 1, eop_category::spam, none, 7, verdict::not_spam},
        {"CAT:HSPM, SCL 1", none, 1, eop_category::high_confidence_spam, none, 7,
         verdict::not_spam},
        // Spoof (decisions.md 13): after high-confidence spam, before spam.
        {"CAT:SPOOF, SCL 5", none, 5, eop_category::spoof, none, 7, verdict::spoof},
        {"CAT:SPOOF, SCL 1", none, 1, eop_category::spoof, none, 7, verdict::spoof},
        {"CAT:SPOOF, SCL 9", none, 9, eop_category::spoof, none, 7, verdict::high_confidence_spam},
        {"rule 5, CAT:SPOOF", 5, 1, eop_category::spoof, none, 7, verdict::spoof},
        {"rule -1, CAT:SPOOF", -1, 5, eop_category::spoof, none, 7, verdict::skipped},
        {"phish over spoof", none, 5, eop_category::phish, none, 7, verdict::phish},
        {"CAT:SPM, SCL 9", none, 9, eop_category::spam, none, 7, verdict::high_confidence_spam},
        // Bulk from BCL >= BulkThreshold.
        {"BCL 7 at threshold 7", none, none, no_cat, 7, 7, verdict::bulk},
        {"BCL 6 at threshold 7", none, none, no_cat, 6, 7, verdict::not_spam},
        {"BCL 5 at threshold 5", none, 1, no_cat, 5, 5, verdict::bulk},
        {"BCL 4 at threshold 5", none, 1, no_cat, 4, 5, verdict::not_spam},
        {"BCL 1 at threshold 1", none, none, no_cat, 1, 1, verdict::bulk},
        {"BCL 0 at threshold 1", none, none, no_cat, 0, 1, verdict::not_spam},
        {"BCL 9 at threshold 9", none, none, no_cat, 9, 9, verdict::bulk},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      mfsim::policy::verdict_inputs in;
      in.rule_scl = r.rule_scl;
      in.message = recorded(r.message_scl, r.category, r.bcl);
      in.bulk_threshold = r.threshold;
      CHECK(mfsim::to_string(mfsim::policy::decide_verdict(in)) ==
            std::string_view(mfsim::to_string(r.expected)));
    }
    // MarkAsSpamBulkMail Off: no verdict for bulk, and no converted SCL 6.
    mfsim::policy::verdict_inputs off;
    off.mark_as_spam_bulk_mail = false;
    off.message = recorded(6, eop_category::bulk, 9);
    CHECK(mfsim::policy::decide_verdict(off) == verdict::not_spam);
    off.message = recorded(1, no_cat, 9);
    CHECK(mfsim::policy::decide_verdict(off) == verdict::not_spam);
    off.message = recorded(9, eop_category::bulk, 9);
    CHECK(mfsim::policy::decide_verdict(off) == verdict::high_confidence_spam);
    // SRV:BULK alone is a bulk signal.
    mfsim::policy::verdict_inputs srv;
    srv.message = recorded(6, no_cat, 1);
    srv.message.bulk_service = true;
    CHECK(mfsim::policy::decide_verdict(srv) == verdict::bulk);
    // EnableSpoofIntelligence off: CAT:SPOOF gives nothing.
    mfsim::policy::verdict_inputs no_spoof;
    no_spoof.spoof_intelligence = false;
    no_spoof.message = recorded(1, eop_category::spoof, none);
    CHECK(mfsim::policy::decide_verdict(no_spoof) == verdict::not_spam);
  }

  TEST_CASE("to_final_action maps every anti-spam action value to the record's action") {
    struct row {
      spam_action in;
      final_action out;
    };
    const row rows[] = {
        {spam_action::move_to_jmf, final_action::junk},
        {spam_action::add_x_header, final_action::add_x_header},
        {spam_action::modify_subject, final_action::modify_subject},
        {spam_action::redirect, final_action::redirect},
        {spam_action::delete_message, final_action::delete_message},
        {spam_action::quarantine, final_action::quarantine},
        {spam_action::no_action, final_action::deliver},
    };
    for (const auto& r : rows) {
      CAPTURE(mfsim::rules::parameter_value(r.in));
      CHECK(mfsim::policy::to_final_action(r.in) == r.out);
    }
    CHECK(std::string_view(mfsim::to_string(final_action::junk)) == "junk");
    CHECK(std::string_view(mfsim::to_string(final_action::delete_message)) == "delete");
    CHECK(std::string_view(mfsim::to_string(final_action::add_x_header)) == "add_x_header");
    CHECK(std::string_view(mfsim::to_string(final_action::modify_subject)) == "modify_subject");
    CHECK(std::string_view(mfsim::to_string(final_action::area1_quarantine)) == "area1_quarantine");
  }

  TEST_CASE("action_for gives the default policy's action and tag per verdict") {
    const mfsim::rules::antispam_policy defaults;
    struct row {
      verdict v;
      final_action action;
      std::string_view tag;
      int retention;
    };
    const row rows[] = {
        {verdict::not_spam, final_action::deliver, "", 0},
        {verdict::skipped, final_action::deliver, "", 0},
        {verdict::bulk, final_action::junk, "", 0},
        {verdict::spam, final_action::junk, "", 0},
        {verdict::high_confidence_spam, final_action::junk, "", 0},
        {verdict::phish, final_action::junk, "", 0},
        {verdict::high_confidence_phish, final_action::quarantine, "AdminOnlyAccessPolicy", 15},
        {verdict::malware, final_action::quarantine, "AdminOnlyAccessPolicy", 30},
    };
    for (const auto& r : rows) {
      CAPTURE(mfsim::to_string(r.v));
      const auto got = mfsim::policy::action_for(defaults, r.v);
      CHECK(got.action == r.action);
      CHECK(got.quarantine_tag == r.tag);
      CHECK(got.retention_days == r.retention);
    }
  }

  TEST_CASE("action_for reads each verdict's own setting, and malware ignores the policy") {
    mfsim::rules::antispam_policy p;
    p.spam = {spam_action::add_x_header, "A"};
    p.high_confidence_spam = {spam_action::quarantine, "B"};
    p.phish = {spam_action::delete_message, "C"};
    p.high_confidence_phish = {spam_action::redirect, "D"};
    p.bulk = {spam_action::no_action, "E"};
    p.quarantine_retention_days = 3;
    struct row {
      verdict v;
      final_action action;
      std::string_view tag;
      int retention;
    };
    const row rows[] = {
        {verdict::spam, final_action::add_x_header, "", 0},
        {verdict::high_confidence_spam, final_action::quarantine, "B", 3},
        {verdict::phish, final_action::delete_message, "", 0},
        {verdict::high_confidence_phish, final_action::redirect, "", 0},
        {verdict::bulk, final_action::deliver, "", 0},
        {verdict::malware, final_action::quarantine, "AdminOnlyAccessPolicy", 30},
        {verdict::skipped, final_action::deliver, "", 0},
    };
    for (const auto& r : rows) {
      CAPTURE(mfsim::to_string(r.v));
      const auto got = mfsim::policy::action_for(p, r.v);
      CHECK(got.action == r.action);
      CHECK(got.quarantine_tag == r.tag);
      CHECK(got.retention_days == r.retention);
    }
    p.bulk = {spam_action::quarantine, "E"};
    p.phish = {spam_action::quarantine, "C"};
    p.spam = {spam_action::quarantine, "A"};
    p.high_confidence_phish = {spam_action::quarantine, "D"};
    CHECK(mfsim::policy::action_for(p, verdict::bulk).quarantine_tag == "E");
    CHECK(mfsim::policy::action_for(p, verdict::phish).quarantine_tag == "C");
    CHECK(mfsim::policy::action_for(p, verdict::spam).quarantine_tag == "A");
    CHECK(mfsim::policy::action_for(p, verdict::high_confidence_phish).quarantine_tag == "D");
    CHECK(mfsim::policy::action_for(p, verdict::malware).quarantine_tag == "AdminOnlyAccessPolicy");
  }

  TEST_CASE("release_for: user with release, request with request-release, else admin") {
    using mfsim::rules::perm_release;
    using mfsim::rules::perm_request_release;
    struct row {
      std::uint32_t permissions;
      verdict v;
      release_path expected;
    };
    const row rows[] = {
        {7, verdict::spam, release_path::user},
        {7, verdict::high_confidence_spam, release_path::user},
        {7, verdict::phish, release_path::user},
        {7, verdict::bulk, release_path::user},
        {39, verdict::spam, release_path::user},  // Full access
        {11, verdict::spam, release_path::request},
        {43, verdict::spam, release_path::request},  // Limited access
        {0, verdict::spam, release_path::admin},     // No access
        {1 | 2 | 16 | 32 | 64 | 128, verdict::spam, release_path::admin},
        // Release is never honoured for malware or high-confidence phish.
        {7, verdict::malware, release_path::request},
        {39, verdict::high_confidence_phish, release_path::request},
        {perm_release, verdict::high_confidence_phish, release_path::request},
        {11, verdict::malware, release_path::request},
        {0, verdict::malware, release_path::admin},
        {0, verdict::high_confidence_phish, release_path::admin},
        {perm_request_release, verdict::high_confidence_phish, release_path::request},
    };
    for (const auto& r : rows) {
      CAPTURE(r.permissions);
      CAPTURE(mfsim::to_string(r.v));
      CHECK(mfsim::policy::release_for(r.permissions, r.v) == r.expected);
      if (r.v == verdict::malware || r.v == verdict::high_confidence_phish) {
        CHECK(mfsim::policy::release_for(r.permissions, r.v) != release_path::user);
      }
    }
  }

  TEST_CASE("the four built-in quarantine policies have their documented access and notification") {
    const mfsim::rules::rule_set empty;
    struct row {
      std::string_view name;
      std::uint32_t permissions;
      bool notifications;
    };
    const row rows[] = {
        {"AdminOnlyAccessPolicy", 0, false},
        {"DefaultFullAccessPolicy", 39, false},
        {"DefaultFullAccessWithNotificationPolicy", 39, true},
        {"NotificationEnabledPolicy", 39, true},
    };
    for (const auto& r : rows) {
      CAPTURE(r.name);
      const auto* p = mfsim::policy::find_quarantine_policy(empty, r.name);
      REQUIRE(p != nullptr);
      CHECK(p->name == r.name);
      CHECK(p->permissions == r.permissions);
      CHECK(p->notifications == r.notifications);
      CHECK(p->built_in);
    }
    CHECK(mfsim::policy::find_quarantine_policy(empty, "NoSuchPolicy") == nullptr);
  }

  TEST_CASE("a rule's SCL maps to a verdict and the policy's action for it") {
    simulator sim(scl_rules_yaml(kTaggedPolicy));
    struct row {
      int scl;
      verdict v;
      final_action action;
      std::string_view tag;
    };
    const row rows[] = {
        {-1, verdict::skipped, final_action::deliver, ""},
        {0, verdict::not_spam, final_action::deliver, ""},
        {1, verdict::not_spam, final_action::deliver, ""},
        {2, verdict::not_spam, final_action::deliver, ""},
        {3, verdict::not_spam, final_action::deliver, ""},
        {4, verdict::not_spam, final_action::deliver, ""},
        {5, verdict::spam, final_action::quarantine, "SpamTag"},
        {6, verdict::spam, final_action::quarantine, "SpamTag"},
        {7, verdict::high_confidence_spam, final_action::quarantine, "HcsTag"},
        {8, verdict::high_confidence_spam, final_action::quarantine, "HcsTag"},
        {9, verdict::high_confidence_spam, final_action::quarantine, "HcsTag"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.scl);
      const auto& o = sim.run(message({rule_scl_header(r.scl), kDate}));
      CHECK(o.scl == r.scl);
      CHECK(o.scl_source == scl_origin::rule);
      CHECK(o.verdict_value == r.v);
      CHECK(o.action == r.action);
      CHECK(o.quarantine_policy == r.tag);
      if (r.tag.empty()) {
        CHECK(o.release == release_path::none);
        CHECK_FALSE(o.notify);
        CHECK_FALSE(o.expires.has_value());
      } else {
        CHECK(o.expires == k20240319T094111Z + 10 * kDay);
      }
    }
  }

  TEST_CASE("a rule's SCL 0..4 leaves the verdict to the message's own") {
    simulator sim(scl_rules_yaml(kTaggedPolicy));
    struct row {
      std::string_view what;
      int rule_scl;
      std::string_view own;
      verdict v;
    };
    const row rows[] = {
        {"own SCL 6", 2, "X-MS-Exchange-Organization-SCL: 6", verdict::spam},
        {"own SCL 9", 0, "X-MS-Exchange-Organization-SCL: 9", verdict::high_confidence_spam},
        {"own SCL 1", 4, "X-MS-Exchange-Organization-SCL: 1", verdict::not_spam},
        {"own SCL -1", 3, "X-MS-Exchange-Organization-SCL: -1", verdict::skipped},
        {"own phish", 1, "X-Forefront-Antispam-Report: SFV:SPM;SCL:5;CAT:PHSH", verdict::phish},
        {"own bulk", 1, "X-Microsoft-Antispam: BCL:8;", verdict::bulk},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      const auto& o = sim.run(message({rule_scl_header(r.rule_scl), r.own, kDate}));
      CHECK(o.scl == r.rule_scl);  // the record's scl is the rule's value (decisions.md 12)
      CHECK(o.scl_source == scl_origin::rule);
      CHECK(o.verdict_value == r.v);
    }
  }

  TEST_CASE("Microsoft's recorded categories give phish, high-confidence phish, malware and bulk") {
    simulator sim(scl_rules_yaml(kTaggedPolicy));
    struct row {
      std::string_view report;
      verdict v;
      std::optional<int> scl;
    };
    const row rows[] = {
        {"X-Forefront-Antispam-Report: CIP:203.0.113.1;CTRY:US;SCL:5;SFV:SPM;CAT:PHSH;DIR:INB",
         verdict::phish, 5},
        {"X-Forefront-Antispam-Report: CIP:203.0.113.1;SCL:9;SFV:SPM;CAT:HPHSH",
         verdict::high_confidence_phish, 9},
        {"X-Forefront-Antispam-Report: CIP:203.0.113.1;SCL:9;SFV:SPM;CAT:HPHISH",
         verdict::high_confidence_phish, 9},
        {"X-Forefront-Antispam-Report: CAT:MALW;SCL:1;SFV:NSPM", verdict::malware, 1},
        {"X-Forefront-Antispam-Report: SFV:BULK;CAT:BULK;SCL:4", verdict::bulk, 4},
        {"X-Forefront-Antispam-Report: SFV:SPM;CAT:SPM;SCL:1", verdict::not_spam, 1},
        {"X-Forefront-Antispam-Report: SFV:NSPM;CAT:NONE;SCL:1", verdict::not_spam, 1},
        {"X-Forefront-Antispam-Report: SFV:SPM;CAT:SPM;SCL:5", verdict::spam, 5},
        {"X-Forefront-Antispam-Report: SFV:SPM;CAT:HSPM;SCL:8", verdict::high_confidence_spam, 8},
        {"X-Forefront-Antispam-Report: SFV:SPM; CAT : phsh ;SCL: 5 ", verdict::phish, 5},
        // Field order varies, and the value may be folded.
        {"X-Forefront-Antispam-Report: CAT:MALW;\r\n\tSCL:6;SFV:SPM", verdict::malware, 6},
    };
    for (const auto& r : rows) {
      CAPTURE(r.report);
      const auto& o = sim.run(message({r.report, kDate}));
      CHECK(o.verdict_value == r.v);
      CHECK(o.scl == r.scl);
      CHECK(o.scl_source == scl_origin::message);
    }
  }

  TEST_CASE("when several verdicts apply the highest precedence wins") {
    simulator sim(scl_rules_yaml(kTaggedPolicy));
    struct row {
      std::string_view what;
      int rule_scl;
      std::string_view report;
      verdict v;
      final_action action;
    };
    const row rows[] = {
        {"rule SCL 9 and CAT:PHSH", 9, "X-Forefront-Antispam-Report: SCL:1;CAT:PHSH",
         verdict::phish, final_action::quarantine},
        {"rule SCL 5 and CAT:BULK", 5, "X-Forefront-Antispam-Report: SCL:1;CAT:BULK", verdict::spam,
         final_action::quarantine},
        {"rule SCL 9 and CAT:MALW", 9, "X-Forefront-Antispam-Report: SCL:9;CAT:MALW",
         verdict::malware, final_action::quarantine},
        {"rule SCL -1 and CAT:MALW", -1, "X-Forefront-Antispam-Report: SCL:9;CAT:MALW",
         verdict::malware, final_action::quarantine},
        {"rule SCL -1 and CAT:HPHSH", -1, "X-Forefront-Antispam-Report: SCL:9;CAT:HPHSH",
         verdict::high_confidence_phish, final_action::quarantine},
        {"rule SCL -1 and CAT:PHSH", -1, "X-Forefront-Antispam-Report: SCL:9;CAT:PHSH",
         verdict::skipped, final_action::deliver},
        {"rule SCL -1 and BCL 9", -1, "X-Microsoft-Antispam: BCL:9;", verdict::skipped,
         final_action::deliver},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      const auto& o = sim.run(message({rule_scl_header(r.rule_scl), r.report, kDate}));
      CHECK(o.verdict_value == r.v);
      CHECK(o.action == r.action);
      CHECK(o.scl == r.rule_scl);
    }
  }

  TEST_CASE("BCL at or above BulkThreshold is bulk, below it is not") {
    simulator sim(
        scl_rules_yaml("antispam_policy:\n  BulkThreshold: 5\n  BulkSpamAction: NoAction\n"));
    struct row {
      std::string_view header;
      verdict v;
    };
    const row rows[] = {
        {"X-Microsoft-Antispam: BCL:5;", verdict::bulk},
        {"X-Microsoft-Antispam: BCL:9;", verdict::bulk},
        {"X-Microsoft-Antispam: BCL:4;", verdict::not_spam},
        {"X-Microsoft-Antispam: BCL:0;", verdict::not_spam},
        {"X-Microsoft-Antispam: ARA:1;BCL:6;ARAF:2", verdict::bulk},
        {"X-Microsoft-Antispam: BCL:12;", verdict::not_spam},  // out of range: ignored
    };
    for (const auto& r : rows) {
      CAPTURE(r.header);
      const auto& o = sim.run(message({r.header}));
      CHECK(o.verdict_value == r.v);
      CHECK(o.action == final_action::deliver);  // NoAction delivers bulk
    }
    simulator defaults(scl_rules_yaml());
    CHECK(defaults.run(message({"X-Microsoft-Antispam: BCL:7;"})).verdict_value == verdict::bulk);
    CHECK(defaults.run(message({"X-Microsoft-Antispam: BCL:6;"})).verdict_value ==
          verdict::not_spam);
    CHECK(defaults.run(message({"X-Microsoft-Antispam: BCL:7;"})).action == final_action::junk);
  }

  TEST_CASE(
      "the message's own verdict: the Forefront report only with SCL: or CAT:, else the org SCL") {
    simulator sim(scl_rules_yaml());
    struct row {
      std::string_view what;
      std::vector<std::string_view> headers;
      std::optional<int> scl;
      verdict v;
    };
    const row rows[] = {
        {"report without SCL or CAT falls back",
         {"X-Forefront-Antispam-Report: CIP:203.0.113.1;SFV:SPM",
          "X-MS-Exchange-Organization-SCL: 6"},
         6,
         verdict::spam},
        {"report with SCL wins over the org SCL",
         {"X-Forefront-Antispam-Report: CIP:203.0.113.1;SCL:1",
          "X-MS-Exchange-Organization-SCL: 9"},
         1,
         verdict::not_spam},
        {"org SCL alone", {"X-MS-Exchange-Organization-SCL: 7"}, 7, verdict::high_confidence_spam},
        {"SCL out of range is ignored",
         {"X-MS-Exchange-Organization-SCL: 10"},
         std::nullopt,
         verdict::not_spam},
        {"-Untrusted report never read",
         {"X-Forefront-Antispam-Report-Untrusted: SCL:9;CAT:MALW"},
         std::nullopt,
         verdict::not_spam},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      const auto& o = sim.run(message(r.headers));
      CHECK(o.scl == r.scl);
      CHECK(o.scl_source == (r.scl ? scl_origin::message : scl_origin::none));
      CHECK(o.verdict_value == r.v);
    }
  }

  TEST_CASE("ignore_message_verdict evaluates as if Microsoft had recorded nothing") {
    simulator sim(scl_rules_yaml(kTaggedPolicy));
    run_options ignore;
    ignore.ignore_message_verdict = true;
    const std::string msg = message({"X-Forefront-Antispam-Report: CIP:203.0.113.1;SCL:9;CAT:MALW",
                                     "X-Microsoft-Antispam: BCL:9;", kDate});
    const auto& o = sim.run(msg, ignore);
    CHECK(o.verdict_value == verdict::not_spam);
    CHECK_FALSE(o.scl.has_value());
    CHECK(o.scl_source == scl_origin::none);
    CHECK(o.action == final_action::deliver);
    CHECK(o.sender_ip.has_value());  // the CIP is still the connecting IP

    const auto& with_rule = sim.run(message({rule_scl_header(6), "X-Microsoft-Antispam: BCL:9;",
                                             "X-Forefront-Antispam-Report: SCL:9;CAT:PHSH"}),
                                    ignore);
    CHECK(with_rule.verdict_value == verdict::spam);

    const auto& honoured = sim.run(msg);
    CHECK(honoured.verdict_value == verdict::malware);
  }

  TEST_CASE("every anti-spam action value becomes the record's action") {
    struct row {
      std::string_view value;
      final_action action;
    };
    const row rows[] = {
        {"MoveToJmf", final_action::junk},
        {"AddXHeader", final_action::add_x_header},
        {"ModifySubject", final_action::modify_subject},
        {"Redirect", final_action::redirect},
        {"Delete", final_action::delete_message},
        {"Quarantine", final_action::quarantine},
        {"movetojmf", final_action::junk},
    };
    for (const auto& r : rows) {
      CAPTURE(r.value);
      const std::string v(r.value);
      simulator sim(scl_rules_yaml(
          "antispam_policy:\n  SpamAction: " + v + "\n  HighConfidenceSpamAction: " + v +
          "\n  PhishSpamAction: " + v + "\n  BulkSpamAction: " + v + "\n"));
      for (const auto& msg : {message({rule_scl_header(5)}), message({rule_scl_header(8)}),
                              message({"X-Forefront-Antispam-Report: SCL:1;CAT:PHSH"}),
                              message({"X-Forefront-Antispam-Report: SCL:1;CAT:BULK"})}) {
        const auto& o = sim.run(msg);
        CHECK(o.action == r.action);
        if (r.action != final_action::quarantine) {
          CHECK(o.quarantine_policy.empty());
          CHECK(o.release == release_path::none);
          CHECK_FALSE(o.notify);
          CHECK_FALSE(o.expires.has_value());
        }
      }
    }
    simulator bulk_only(scl_rules_yaml("antispam_policy:\n  BulkSpamAction: NoAction\n"));
    const auto& b = bulk_only.run(message({"X-Forefront-Antispam-Report: SCL:1;CAT:BULK"}));
    CHECK(b.verdict_value == verdict::bulk);
    CHECK(b.action == final_action::deliver);

    for (const std::string_view v : {"Quarantine", "Redirect"}) {
      CAPTURE(v);
      simulator hcp(scl_rules_yaml(
          "antispam_policy:\n  HighConfidencePhishAction: " + std::string(v) + "\n"));
      const auto& o = hcp.run(message({"X-Forefront-Antispam-Report: SCL:9;CAT:HPHSH"}));
      CHECK(o.action == (v == "Redirect" ? final_action::redirect : final_action::quarantine));
    }
  }

  TEST_CASE("each verdict is quarantined under its own tag, with that tag's release and notify") {
    simulator sim(scl_rules_yaml(kTaggedPolicy));
    struct row {
      std::string_view what;
      std::vector<std::string_view> headers;
      verdict v;
      std::string_view tag;
      release_path release;
      bool notify;
      int retention_days;
    };
    const std::string spam = rule_scl_header(5);
    const std::string hcs = rule_scl_header(7);
    const row rows[] = {
        {"spam: tag spelled in another case",
         {spam, kDate},
         verdict::spam,
         "SpamTag",
         release_path::user,
         true,
         10},
        {"high-confidence spam",
         {hcs, kDate},
         verdict::high_confidence_spam,
         "HcsTag",
         release_path::request,
         false,
         10},
        {"phish",
         {"X-Forefront-Antispam-Report: SCL:5;CAT:PHSH", kDate},
         verdict::phish,
         "PhishTag",
         release_path::admin,
         true,
         10},
        {"high-confidence phish: release becomes request",
         {"X-Forefront-Antispam-Report: SCL:9;CAT:HPHSH", kDate},
         verdict::high_confidence_phish,
         "HcpTag",
         release_path::request,
         true,
         10},
        {"bulk",
         {"X-Forefront-Antispam-Report: SCL:1;CAT:BULK", kDate},
         verdict::bulk,
         "BulkTag",
         release_path::request,
         false,
         10},
        {"malware: admin only, 30 days",
         {"X-Forefront-Antispam-Report: SCL:1;CAT:MALW", kDate},
         verdict::malware,
         "AdminOnlyAccessPolicy",
         release_path::admin,
         false,
         30},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      const auto& o = sim.run(message(r.headers));
      CHECK(o.verdict_value == r.v);
      CHECK(o.action == final_action::quarantine);
      CHECK(o.quarantine_policy == r.tag);
      CHECK(o.release == r.release);
      CHECK(o.notify == r.notify);
      CHECK(o.received == k20240319T094111Z);
      CHECK(o.expires == k20240319T094111Z + r.retention_days * kDay);
    }
  }

  TEST_CASE("release is never user for malware or high-confidence phish, whatever the tag") {
    const std::string policy = R"(quarantine_policies:
  - Name: UserRelease
    EndUserQuarantinePermissionsValue: 7
    ESNEnabled: true
antispam_policy:
  HighConfidencePhishAction: Quarantine
  HighConfidencePhishQuarantineTag: UserRelease
  SpamAction: Quarantine
  SpamQuarantineTag: UserRelease
)";
    simulator sim(scl_rules_yaml(policy));
    const auto& hcp = sim.run(message({"X-Forefront-Antispam-Report: SCL:9;CAT:HPHISH"}));
    CHECK(hcp.quarantine_policy == "UserRelease");
    CHECK(hcp.release == release_path::request);
    CHECK(hcp.notify);
    const auto& malware =
        sim.run(message({rule_scl_header(5), "X-Forefront-Antispam-Report: CAT:MALW"}));
    CHECK(malware.verdict_value == verdict::malware);
    CHECK(malware.quarantine_policy == "AdminOnlyAccessPolicy");
    CHECK(malware.release == release_path::admin);
    CHECK_FALSE(malware.notify);
    const auto& spam = sim.run(message({rule_scl_header(5)}));
    CHECK(spam.release == release_path::user);
  }

  TEST_CASE("notify follows ESNEnabled and the built-in policies") {
    struct row {
      std::string_view tag;
      bool notify;
      release_path release;
    };
    const row rows[] = {
        {"AdminOnlyAccessPolicy", false, release_path::admin},
        {"DefaultFullAccessPolicy", false, release_path::user},
        {"DefaultFullAccessWithNotificationPolicy", true, release_path::user},
        {"NotificationEnabledPolicy", true, release_path::user},
        {"Quiet", false, release_path::request},
        {"Loud", true, release_path::request},
    };
    for (const auto& r : rows) {
      CAPTURE(r.tag);
      simulator sim(scl_rules_yaml(R"(quarantine_policies:
  - Name: Quiet
    EndUserQuarantinePermissionsValue: 11
    ESNEnabled: false
  - Name: Loud
    EndUserQuarantinePermissionsValue: 11
    ESNEnabled: true
antispam_policy:
  SpamAction: Quarantine
  SpamQuarantineTag: )" + std::string(r.tag) +
                                   "\n"));
      const auto& o = sim.run(message({rule_scl_header(6), kDate}));
      CHECK(o.action == final_action::quarantine);
      CHECK(o.quarantine_policy == r.tag);
      CHECK(o.notify == r.notify);
      CHECK(o.release == r.release);
    }
  }

  TEST_CASE("expiry is the received time plus the retention period") {
    simulator sim(scl_rules_yaml(kTaggedPolicy));
    const std::string_view top =
        "Received: from mx.area1.example (mx.area1.example [104.30.32.9]) by "
        "BN1NAM02FT014.mail.protection.outlook.com (10.13.2.129) with Microsoft SMTP Server "
        "id 15.20.7409.13; Tue, 19 Mar 2024 09:41:11 +0000";
    const std::string_view lower =
        "Received: from mail.sender.example (203.0.113.20) by mx.area1.example;\r\n"
        "\tMon, 18 Mar 2024 08:00:00 +0000";
    const std::string_view date = "Date: Fri, 01 Mar 2024 00:00:00 +0000";
    const std::string_view dateless_received =
        "Received: from mail.sender.example (203.0.113.20) by mx.area1.example with ESMTP";
    run_options with_now;
    with_now.now = k20240601T120000Z;
    struct row {
      std::string_view what;
      std::vector<std::string_view> headers;
      bool use_now;
      std::optional<std::int64_t> received;
    };
    const std::string spam = rule_scl_header(5);
    const row rows[] = {
        {"the topmost Received date", {spam, top, lower, date}, false, k20240319T094111Z},
        {"the topmost Received date, folded", {spam, lower, top, date}, false, k20240318T080000Z},
        {"Date: when there is no Received", {spam, date}, false, k20240301T000000Z},
        {"Date: when Received has no date",
         {spam, dateless_received, date},
         false,
         k20240301T000000Z},
        {"now is not used when the message has a date", {spam, top, date}, true, k20240319T094111Z},
        {"now when the message has no date", {spam}, true, k20240601T120000Z},
        {"no date and no now: no expiry", {spam}, false, std::nullopt},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      const auto& o = sim.run(message(r.headers), r.use_now ? with_now : run_options{});
      CHECK(o.action == final_action::quarantine);
      CHECK(o.received == r.received);
      if (r.received) {
        CHECK(o.expires == *r.received + 10 * kDay);
      } else {
        CHECK_FALSE(o.expires.has_value());
      }
    }
    // A message of the year 9999 expires within it: `expires` keeps four-digit years.
    const auto& late =
        sim.run(message({spam, "Date: Fri, 31 Dec 9999 23:00:00 +0000"}), run_options{});
    REQUIRE(late.expires.has_value());
    CHECK(mfsim::mail::format_iso8601_utc(*late.expires) == "9999-12-31T23:59:59Z");
  }

  TEST_CASE(
      "malware and a rule's quarantine expire after 30 days whatever the policy's retention") {
    simulator sim(scl_rules_yaml(kTaggedPolicy));
    const auto& malware = sim.run(message({"X-Forefront-Antispam-Report: CAT:MALW", kDate}));
    CHECK(malware.expires == k20240319T094111Z + 30 * kDay);

    simulator rule(std::string(R"(mfsim: 1
antispam_policy:
  QuarantineRetentionPeriod: 1
transport_rules:
  - Name: Hold
    Quarantine: true
)"));
    const auto& held = rule.run(message({kDate}));
    CHECK(held.quarantine_policy == "AdminOnlyAccessPolicy");
    CHECK(held.expires == k20240319T094111Z + 30 * kDay);
    const auto& no_date = rule.run(message({"Subject: no date"}));
    CHECK(no_date.action == final_action::quarantine);
    CHECK_FALSE(no_date.expires.has_value());
    run_options with_now;
    with_now.now = k20240601T120000Z;
    CHECK(rule.run(message({"Subject: no date"}), with_now).expires ==
          k20240601T120000Z + 30 * kDay);
  }

  TEST_CASE("retention follows QuarantineRetentionPeriod, default 15 days") {
    simulator defaults(scl_rules_yaml("antispam_policy:\n  SpamAction: Quarantine\n"));
    CHECK(defaults.run(message({rule_scl_header(5), kDate})).expires ==
          k20240319T094111Z + 15 * kDay);
    simulator longest(scl_rules_yaml(
        "antispam_policy:\n  SpamAction: Quarantine\n  QuarantineRetentionPeriod: 30\n"));
    CHECK(longest.run(message({rule_scl_header(5), kDate})).expires ==
          k20240319T094111Z + 30 * kDay);
  }

}  // TEST_SUITE("policy")
