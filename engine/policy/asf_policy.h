// Stage [D]'s Advanced Spam Filter (ASF) settings and IntraOrgFilterState: which settings find
// their property in the message, what On and Test do with it, and which verdicts the policy
// acts on for mail between internal users (docs/decisions.md 270-289).
#pragma once

#include <cstdint>
#include <optional>

#include "engine/mail/asf_signals.h"
#include "engine/outcome.h"
#include "engine/rules/asf_settings.h"

namespace mfsim::policy {

// What the message shows the ASF settings.
struct asf_inputs {
  std::uint32_t content = 0;  // mail::content_signal bits of its body (0 when not read)
  bool empty = false;         // no subject, no body text, no attachment
  mail::auth_failures auth;   // the SPF results Exchange recorded
};

// Bit i: the setting rules::asf_setting(i) finds its property in the message.
[[nodiscard]] std::uint32_t asf_found(const asf_inputs& in) noexcept;

struct asf_decision {
  std::uint32_t on = 0;    // found, and the setting is On: X-CustomSpam added, verdict given
  std::uint32_t test = 0;  // found, and the setting is Test: only TestModeAction is taken
  std::optional<rules::asf_setting> decided;  // the On setting whose verdict counted
  verdict value = verdict::not_spam;          // the verdict after ASF
};

// Applies the policy's ASF settings to `filtered`, the verdict so far: an On setting that
// finds its property gives high confidence spam (SCL 9) or spam (SCL 6 and 5), when that is
// worse than `filtered`; the highest SCL decides, ties in asf_setting order. A Test setting
// changes no verdict. Skipped filtering (SCL -1, an allowed sender) runs no ASF: callers do not
// call it then.
[[nodiscard]] asf_decision apply_asf(const rules::asf_policy& policy, std::uint32_t found,
                                     verdict filtered) noexcept;

// Whether IntraOrgFilterState lets the policy act on verdict `v` of a message sent between
// internal users: HighConfidencePhish, high confidence phish only; Phish adds
// phish; HighConfidenceSpam adds high confidence spam; Spam adds spam; Disabled, none. Malware
// (anti-malware's) and spoof (the anti-phishing policy's) are not the anti-spam policy's to
// filter and are always acted on; so are not_spam and skipped, which need no action.
[[nodiscard]] bool intra_org_acts_on(rules::intra_org_filter state, verdict v) noexcept;

}  // namespace mfsim::policy
