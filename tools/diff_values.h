// The values behind a diff's decision: what a reviewer of a rule change reads first.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mfsim::tools {

// For each of scl, verdict, action, quarantine_policy, release, notify and folder whose value
// differs between two run records: "scl 1 -> 5", "quarantine_policy - -> UserNotifyUserRelease"
// (`-` for null or absent), in that order (decision 511). The same for `mfsim diff` and for `mfsim
// merge` of its parts.
[[nodiscard]] std::vector<std::string> decision_value_changes(const nlohmann::json& before,
                                                              const nlohmann::json& after);

}  // namespace mfsim::tools
