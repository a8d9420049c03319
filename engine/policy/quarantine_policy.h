// Stage [F]: who can get a quarantined message out, and whether the recipient is told.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/eval/outcome.h"
#include "engine/rules/rule_set.h"

namespace mfsim::policy {

// user when the policy grants release, request when it grants request-release, else admin.
// Release is never honoured for malware or high-confidence phish: user becomes request.
[[nodiscard]] release_path release_for(std::uint32_t permissions, verdict v) noexcept;

// Finds a policy by name among the set's custom policies, then the built-ins; nullptr if none.
[[nodiscard]] const rules::quarantine_policy* find_quarantine_policy(
    const rules::rule_set& set, std::string_view name) noexcept;

}  // namespace mfsim::policy
