// Stage [F]: who can get a quarantined message out, and whether the recipient is told.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/outcome.h"
#include "engine/rules/rule_set.h"

namespace mfsim::policy {

// The retention Microsoft fixes for quarantine it decides itself: a transport rule's
// Quarantine and malware (mailflow-model.md section 8). Policies set their own otherwise.
inline constexpr int kFixedRetentionDays = 30;
inline constexpr std::int64_t kSecondsPerDay = 86400;

// Where Area 1 keeps what it quarantines: its own admin quarantine, outside Microsoft 365.
inline constexpr const char* kArea1Quarantine = "Area1Quarantine";

struct release_decision {
  release_path path = release_path::none;
  release_basis basis = release_basis::none;
};

// user when the policy grants release, request when it grants request-release, else admin.
// Release is never honoured for malware or high-confidence phish: user becomes request.
[[nodiscard]] release_path release_for(std::uint32_t permissions, verdict v) noexcept;
[[nodiscard]] release_decision release_decision_for(std::uint32_t permissions, verdict v) noexcept;

// Finds a policy by name among the set's custom policies, then the built-ins; nullptr if none.
[[nodiscard]] const rules::quarantine_policy* find_quarantine_policy(
    const rules::rule_set& set, std::string_view name) noexcept;

// Quarantines the message under `policy_name` (stage [F]): the policy found (or the name as
// given when none is), the release path and why, the notification, the retention and its
// source, and the expiry from the received time. A rule's or anti-malware's quarantine is
// admin-only and never notifies, whatever the policy grants.
void apply_quarantine(outcome& out, const rules::rule_set& set, std::string_view policy_name,
                      int retention_days, retention_origin retention_source) noexcept;

// Area 1 kept the message in its own quarantine: Microsoft 365 never sees it.
void keep_in_area1(outcome& out) noexcept;

}  // namespace mfsim::policy
