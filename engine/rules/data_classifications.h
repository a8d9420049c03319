// MessageContainsDataClassifications in the rule-set model: reading its hash tables, and
// naming the sensitive information types that need Microsoft's classifiers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/rules/rule_set.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

// "'EU Debit Card Number' in rule 'Finance'" for each type mfsim cannot find
// (mail::find_sensitive_type), in file order, each pair once.
[[nodiscard]] std::vector<std::string> types_needing_classifiers(const rule_set& set);

namespace detail {

// The value of MessageContainsDataClassifications: hash tables @{Name=...; minCount=...;
// maxCount=...; minConfidence=...; maxConfidence=...} (YAML: mappings, or names alone), one or
// a list. nullopt after reporting each problem at its position.
[[nodiscard]] std::optional<std::vector<data_classification>> read_data_classifications(
    const parameter& p, const std::string& ctx, param_style style, std::vector<diagnostic>& out);

}  // namespace detail
}  // namespace mfsim::rules
