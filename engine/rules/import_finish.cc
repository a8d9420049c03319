// The last step of every import: quarantine tags resolved (policy_builders.cc), rule names and
// priorities checked for uniqueness, diagnostics sorted by position.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "engine/rules/param_readers.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

using detail::error;

// ---- checks over the whole set -------------------------------------------------------------

void check_rule_uniqueness(const rule_set& set, std::vector<diagnostic>& out) {
  std::map<std::string, const transport_rule*> names;
  std::map<int, const transport_rule*> priorities;
  for (const auto& rule : set.transport_rules) {
    if (!rule.name.empty()) {
      const auto [first, fresh] = names.emplace(ascii_lower_copy(rule.name), &rule);
      if (!fresh) {
        error(out, diag_code::duplicate, rule.where,
              fmt::format("duplicate transport rule name '{}' (first defined at line {}; names "
                          "are compared without case)",
                          rule.name, first->second->where.line));
      }
    }
    if (rule.priority_given) {
      const auto [first, fresh] = priorities.emplace(rule.priority, &rule);
      if (!fresh) {
        error(
            out, diag_code::duplicate, rule.where,
            fmt::format("duplicate Priority {} in transport rule '{}' (the rule '{}' at line {} "
                        "has it too)",
                        rule.priority, rule.name, first->second->name, first->second->where.line));
      }
    }
  }
}

void sort_diagnostics(std::vector<diagnostic>& diagnostics) {
  // Files keep the order of their first diagnostic (the order they were named in).
  std::map<std::string, std::size_t> file_rank;
  for (const auto& d : diagnostics) file_rank.emplace(d.where.file, file_rank.size());
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const diagnostic& a, const diagnostic& b) {
                     return std::tuple(file_rank[a.where.file], a.where.line, a.where.col) <
                            std::tuple(file_rank[b.where.file], b.where.line, b.where.col);
                   });
}

rule_set finish_import(imported_rules&& imported, bool strict) {
  resolve_quarantine_tags(imported.set, imported.tags, imported.diagnostics);
  check_rule_uniqueness(imported.set, imported.diagnostics);
  if (strict) {
    for (auto& d : imported.diagnostics) {
      if (!is_warning(d)) continue;
      d.severity = diag_severity::error;
      d.message += " (--strict)";
    }
  }
  sort_diagnostics(imported.diagnostics);
  if (std::any_of(imported.diagnostics.begin(), imported.diagnostics.end(),
                  [](const diagnostic& d) { return !is_warning(d); })) {
    throw load_error(std::move(imported.diagnostics));
  }
  for (auto& d : imported.diagnostics) imported.set.imported.warnings.push_back(std::move(d));
  return std::move(imported.set);
}

}  // namespace mfsim::rules
