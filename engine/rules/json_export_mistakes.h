// What a JSON export shows when it was exported wrongly (docs/decisions.md 403 and 404): lists
// cut off at ConvertTo-Json's depth, hand-made bundles of names, enumerations written as
// numbers. Used by the JSON-export importer (load_json_export.cc).
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/validate.h"

namespace mfsim::rules {

// A text that is a .NET type name or "@{Key=value; ...}": what ConvertTo-Json writes for a list
// or an object past its depth limit.
[[nodiscard]] bool is_flattened_object(std::string_view text);

// An object whose every key names a kind of object and every value only names: a summary, not
// an export of rules or policies.
[[nodiscard]] bool is_bundle(const nlohmann::ordered_json& object);

// `params` without those of `keys` (a key ending in '*' stands for every name starting so)
// whose value is a number; each of those gets an error in `out` naming `advice`, the export
// that writes names.
[[nodiscard]] std::vector<parameter> reject_numeric_enums(std::vector<parameter> params,
                                                          std::span<const std::string_view> keys,
                                                          const std::string& label,
                                                          std::string_view advice,
                                                          std::vector<diagnostic>& out);

// The transport rule properties whose values are names of an enumeration (New-TransportRule).
[[nodiscard]] std::span<const std::string_view> transport_rule_enums() noexcept;

}  // namespace mfsim::rules
