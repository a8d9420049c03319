// The transport-rule conditions that read the directory (docs/directory.md): which
// parameters they take, and building them from a rule's parameters.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/rules/rule_set.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

// Whether a condition reads the directory: the member-of, AD attribute and manager
// conditions, and From or SentTo with a value that is not an email address (a name).
[[nodiscard]] bool reads_directory(const condition& c) noexcept;
// Whether every condition of `kind` reads the directory: the kinds of the parameters
// detail::directory_condition_of knows (member-of, AD attributes, managers). The evaluator
// hands them to the directory.
[[nodiscard]] bool is_directory_kind(condition_kind kind) noexcept;
// The names of the rules with a condition or exception that reads the directory, quoted
// ('Finance only'), in file order; then each anti-spam policy whose rule names groups
// ("anti-spam policy 'Strict'").
[[nodiscard]] std::vector<std::string> rules_reading_directory(const rule_set& set);

namespace detail {

struct directory_condition_key {
  std::string_view values_key;   // the main parameter (without ExceptIf)
  std::string_view partner_key;  // its partner parameter, empty when none
  condition_kind kind;
  bool partner_required;  // BetweenMemberOf2, ManagerForEvaluatedUser; not ADComparisonOperator
};

// The directory condition a parameter belongs to, and whether it is the ExceptIf twin.
[[nodiscard]] std::optional<std::pair<const directory_condition_key*, bool>> directory_condition_of(
    std::string_view name);

// Reads the condition `key` names from `params` into rule.conditions or rule.exceptions;
// problems go to `out` with their positions.
void add_directory_condition(const directory_condition_key& key, bool exception,
                             std::span<const parameter> params, const std::string& ctx,
                             param_style style, std::vector<diagnostic>& out, transport_rule& rule);

}  // namespace detail
}  // namespace mfsim::rules
