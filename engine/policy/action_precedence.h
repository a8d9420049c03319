// Stage [E]: which component's decision becomes the action, and the action it gives.
#pragma once

#include "engine/outcome.h"
#include "engine/rules/rule_set.h"

namespace mfsim::policy {

// Weighs the transport rules' terminal action (out.rules_ended, out.terminal_rule) against
// anti-malware and the anti-spam policy (out.antispam, which must be set) for the verdict in
// out.verdict_value, then sets out.action, out.decision and, for quarantine, stage [F]'s
// fields (apply_quarantine). Precedence (decisions.md 16): anti-malware runs before mail flow
// rules, so malware is quarantined whatever a rule asked for; then a rule's DeleteMessage,
// RejectMessage, Quarantine or RedirectMessageTo; then the policy's action for the verdict.
void decide_action(const rules::rule_set& set, outcome& out) noexcept;

}  // namespace mfsim::policy
