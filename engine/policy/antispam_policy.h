// Stages [D] and [E]: from SCL and Microsoft's recorded verdict to a verdict and an action.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/directory/directory_index.h"
#include "engine/mail/message_view.h"
#include "engine/outcome.h"
#include "engine/rules/rule_set.h"

namespace mfsim::policy {

struct verdict_inputs {
  std::optional<int> rule_scl;  // the last SetSCL of an enforced rule
  mail::eop_verdict message;    // what Microsoft recorded (empty with --message-verdict ignore)
  int bulk_threshold = 7;
  bool mark_as_spam_bulk_mail = true;  // MarkAsSpamBulkMail of the deciding anti-spam policy
  bool spoof_intelligence = true;      // EnableSpoofIntelligence of the anti-phishing policy
};

// The verdict's precedence (mailflow-model.md section 6): malware 8 > high confidence phish >
// phish > high confidence spam > spoof > spam > bulk > skipped > not_spam 0.
[[nodiscard]] int verdict_rank(verdict v) noexcept;

// mailflow-model.md section 6 and decisions.md 11-13: SCL -1 skips filtering (malware and
// high-confidence phish still caught); 5-6 spam; 7-9 high-confidence spam; a rule's 0-4 forces
// nothing; Microsoft's categories and BCL add the rest; the highest precedence wins. Bulk mail
// whose own SCL is the 6 that MarkAsSpamBulkMail gives it is bulk, not spam (decisions.md 11).
// `why` receives what decided and the inputs weighed (explain reads it).
[[nodiscard]] verdict decide_verdict(const verdict_inputs& in, verdict_reason& why) noexcept;
[[nodiscard]] verdict decide_verdict(const verdict_inputs& in) noexcept;

// Secure by default: high confidence phish is quarantined even when a rule set SCL -1, "unless
// the MX record doesn't point to Microsoft 365 and an SCL -1 rule is in place" (decisions.md
// 12a). True when that exception delivers this message.
[[nodiscard]] bool scl_bypass_delivers(verdict v, std::optional<int> rule_scl,
                                       bool mx_points_to_microsoft365) noexcept;

// The anti-phishing policy's action for a spoof verdict (decisions.md 13): with HonorDmarcPolicy,
// a sender's p=quarantine takes DmarcQuarantineAction and p=reject DmarcRejectAction; otherwise
// AuthenticationFailAction. Quarantine uses SpoofQuarantineTag and the anti-spam policy's
// retention. `parameter` is the setting that decided ("AuthenticationFailAction", ...).
struct spoof_decision {
  final_action action = final_action::junk;
  const char* parameter = "AuthenticationFailAction";
  rules::spoof_action value = rules::spoof_action::move_to_jmf;
};
[[nodiscard]] spoof_decision spoof_action_for(const rules::antiphish_policy& policy,
                                              mail::dmarc_policy sender_policy) noexcept;

struct policy_action {
  final_action action = final_action::deliver;
  std::string_view quarantine_tag;  // the quarantine policy, when action is quarantine
  int retention_days = 0;           // quarantine retention, when action is quarantine
  retention_origin retention_source = retention_origin::none;
  action_decider by = action_decider::anti_spam_policy;
  std::optional<rules::verdict_setting_id> setting;  // the setting read, when one was
};

// The verdict's setting in an anti-spam policy; nullopt for not_spam, skipped and malware.
[[nodiscard]] std::optional<rules::verdict_setting_id> setting_for(verdict v) noexcept;

// The anti-spam policy's action for a verdict (section 7); malware is always quarantined
// under AdminOnlyAccessPolicy for kFixedRetentionDays (section 8), by anti-malware. Spoof is
// not the anti-spam policy's: spoof_action_for gives its action.
[[nodiscard]] policy_action action_for(const rules::antispam_policy& policy, verdict v) noexcept;

// A policy other than Default as evaluate() reads it: its HostedContentFilterRule's groups
// expanded through --directory once, when the plan is compiled.
struct scoped_policy {
  const rules::antispam_policy* policy = nullptr;
  std::vector<std::uint8_t> in_groups;         // by directory entry: SentToMemberOf
  std::vector<std::uint8_t> in_except_groups;  // by directory entry: ExceptIfSentToMemberOf
};

// Whether a recipient (lower-cased) is in a policy's scope (decision 300): every kind of
// condition the rule gives holds for it, and no exception does. Groups need `dir`; without
// one, a SentToMemberOf condition does not hold and an ExceptIfSentToMemberOf exception neither.
[[nodiscard]] bool in_scope(const scoped_policy& scoped, std::string_view recipient,
                            const directory::directory_index* dir) noexcept;

// The policy that applies to a message (section 7): the first scoped policy, in priority
// order, with any of the message's recipients in its scope; else Default.
[[nodiscard]] const rules::antispam_policy& policy_for(
    const rules::antispam_policy& default_policy, std::span<const scoped_policy> scoped_by_priority,
    std::span<const std::string> recipients_lower, const directory::directory_index* dir) noexcept;

// The policy evaluate() chose for an outcome (outcome.antispam), else the set's Default one.
[[nodiscard]] const rules::antispam_policy& deciding_policy(const rules::rule_set& set,
                                                            const outcome& out) noexcept;

// MoveToJmf -> junk, Quarantine -> quarantine, NoAction -> deliver, ...
[[nodiscard]] final_action to_final_action(rules::spam_action action) noexcept;

}  // namespace mfsim::policy
