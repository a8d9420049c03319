// Internal to engine/explain: the builders of stages [D] to [F], in explain_decisions.cc.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/explain/explanation.h"

namespace mfsim::explain {

[[nodiscard]] scl_step explain_scl(const plan& p, const outcome& r, const evaluation_trace& t);
// The verdict's reasons, from what decide_verdict() recorded (outcome.why_verdict).
[[nodiscard]] std::vector<std::string> verdict_reasons(const outcome& r, const evaluation_trace& t);
[[nodiscard]] antispam_policy_step explain_antispam_policy(const plan& p, const outcome& r,
                                                           std::span<const std::string> recipients);
// The action and what decided it, as decide_action() recorded it (outcome.decision).
[[nodiscard]] action_step explain_action(const plan& p, const outcome& r);
// The quarantine as stages [E] and [F] recorded it; nullopt when not quarantined.
[[nodiscard]] std::optional<quarantine_step> explain_quarantine(const plan& p, const outcome& r);

// The record's effects, each with its rule's name (explain_effects.cc).
[[nodiscard]] std::vector<effect_step> explain_effects(const plan& p, const outcome& r);
// Appends the names of a rule's actions beyond those explain.cc lists itself ("BlindCopyTo
// audit@contoso.com", "ApplyHtmlDisclaimerText", ...).
void list_other_actions(const rules::rule_actions& a, std::vector<std::string>& out);

}  // namespace mfsim::explain
