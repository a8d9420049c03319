// Action precedence: anti-malware, then the transport rules' terminal action, then the policy.
#include "engine/policy/action_precedence.h"

#include "engine/policy/antispam_policy.h"
#include "engine/policy/quarantine_policy.h"

namespace mfsim::policy {
namespace {

// A transport rule's terminal action as the record's action (stage [F] for Quarantine).
void apply_rule_terminal(const rules::rule_set& set, outcome& out) noexcept {
  out.decision.by = action_decider::transport_rule;
  out.decision.rule_action = out.rules_ended;
  out.decision.rule = out.terminal_rule;
  switch (out.rules_ended) {
    case rule_terminal::delete_message: out.action = final_action::delete_message; return;
    case rule_terminal::reject: out.action = final_action::reject; return;
    case rule_terminal::redirect: out.action = final_action::redirect; return;
    case rule_terminal::quarantine:
      // The hosted quarantine of a rule: admin-only, fixed retention, no notification.
      apply_quarantine(out, set, rules::kAdminOnlyAccessPolicy, kFixedRetentionDays,
                       retention_origin::rule_quarantine);
      return;
    case rule_terminal::none: return;
  }
}

}  // namespace

void decide_action(const rules::rule_set& set, outcome& out) noexcept {
  // Anti-malware runs before mail flow rules (section 1): malware ignores what rules asked.
  if (out.verdict_value != verdict::malware && out.rules_ended != rule_terminal::none) {
    apply_rule_terminal(set, out);
    return;
  }
  if (scl_bypass_delivers(out.verdict_value,
                          out.scl_source == scl_origin::rule ? out.scl : std::nullopt,
                          rules::mx_points_to_microsoft365(set))) {
    // Secure by default's documented exception (decisions.md 12a): the SCL -1 rule decides.
    out.action = final_action::deliver;
    out.decision.by = action_decider::scl_bypass;
    out.decision.rule = out.scl_rule;
    return;
  }
  if (out.verdict_value == verdict::spoof) {
    // Spoof is the anti-phishing policy's; its quarantine keeps the anti-spam retention.
    const spoof_decision spoof = spoof_action_for(set.antiphish, out.why_verdict.dmarc);
    out.action = spoof.action;
    out.decision.by = action_decider::anti_phishing_policy;
    out.decision.antiphish_setting = spoof.parameter;
    out.decision.antiphish_value = spoof.value;
    if (spoof.action == final_action::quarantine) {
      apply_quarantine(out, set, set.antiphish.spoof_quarantine_tag,
                       out.antispam->quarantine_retention_days, retention_origin::antispam_policy);
    }
    return;
  }
  const policy_action decided = action_for(*out.antispam, out.verdict_value);
  out.action = decided.action;
  out.decision.by = decided.by;
  out.decision.setting = decided.setting;
  if (decided.action == final_action::quarantine) {
    apply_quarantine(out, set, decided.quarantine_tag, decided.retention_days,
                     decided.retention_source);
  }
}

}  // namespace mfsim::policy
