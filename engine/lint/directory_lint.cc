// MF014: a rule that reads the directory, which lint (and a run without --directory) has not.
#include <fmt/format.h>

#include "engine/lint/lint.h"
#include "engine/rules/directory_conditions.h"

namespace mfsim::lint {

std::vector<finding> directory_findings(const rules::rule_set& set) {
  std::vector<finding> out;
  for (const auto& rule : set.transport_rules) {
    for (const bool exception : {false, true}) {
      for (const auto& c : exception ? rule.exceptions : rule.conditions) {
        if (!rules::reads_directory(c)) continue;
        out.push_back(finding{
            "MF014", severity::info, c.where,
            fmt::format("transport rule '{}' reads the directory ({}{}): run it with "
                        "--directory, or the condition is false for every message",
                        rule.name, exception ? "ExceptIf" : "", rules::parameter_name(c.kind)),
            "give --directory FILE to run, check, diff, agree and explain (docs/directory.md)"});
      }
    }
  }
  return out;
}

}  // namespace mfsim::lint
