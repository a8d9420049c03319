// Stage [D]'s anti-spam policy lists: allowed and blocked senders and domains, and the
// language and region block lists, weighed against the verdict filtering reached.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "engine/outcome.h"
#include "engine/rules/rule_set.h"

namespace mfsim::policy {

struct list_inputs {
  // The sender addresses, lower-cased: the 5322.From addresses and the 5321.MailFrom.
  std::span<const std::string_view> senders;
  std::string_view language;    // LANG: of X-Forefront-Antispam-Report, as recorded
  std::string_view country;     // CTRY:, likewise
  std::optional<int> rule_scl;  // a transport rule's SetSCL
};

struct list_decision {
  verdict value = verdict::not_spam;
  std::string_view setting;  // "BlockedSenders", ...; empty when no list decided
  std::string_view entry;    // the listed address, domain or code (points into the policy)
};

// The list_decision::setting of the two blocked-sender lists, and whether a setting is one of
// them (quarantine notifications read it: IncludeMessagesFromBlockedSenderAddress).
inline constexpr std::string_view kBlockedSenders = "BlockedSenders";
inline constexpr std::string_view kBlockedSenderDomains = "BlockedSenderDomains";
[[nodiscard]] constexpr bool blocked_sender_list(std::string_view setting) noexcept {
  return setting == kBlockedSenders || setting == kBlockedSenderDomains;
}

// The verdict once the policy's lists are applied to `filtered` (decide_verdict's verdict),
// in this order (docs/decisions.md, "Allowed and blocked senders"):
//   - a rule's SCL -1 or 5..9 decided already: the lists are not read (rules run first);
//   - BlockedSenders / BlockedSenderDomains: spam (SFV:SKB), unless filtering found worse;
//   - AllowedSenders / AllowedSenderDomains: skipped filtering (SFV:SKA), except malware and
//     high confidence phish, which no allow list delivers;
//   - LanguageBlockList / RegionBlockList (when enabled): spam, unless filtering found worse.
[[nodiscard]] list_decision apply_policy_lists(const rules::antispam_policy& policy,
                                               const list_inputs& in, verdict filtered) noexcept;

}  // namespace mfsim::policy
