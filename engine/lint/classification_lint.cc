// MF015: a sensitive information type mfsim cannot find, which the simulation never finds.
#include <fmt/format.h>

#include "engine/lint/lint.h"
#include "engine/mail/sensitive_info.h"

namespace mfsim::lint {

std::vector<finding> classification_findings(const rules::rule_set& set) {
  std::vector<finding> out;
  for (const auto& rule : set.transport_rules) {
    for (const bool exception : {false, true}) {
      for (const auto& c : exception ? rule.exceptions : rule.conditions) {
        for (const auto& type : c.classifications) {
          if (mail::find_sensitive_type(type.name) != nullptr) continue;
          out.push_back(finding{
              "MF015", severity::info, type.where.line > 0 ? type.where : c.where,
              fmt::format("transport rule '{}' looks for the sensitive information type '{}' "
                          "({}MessageContainsDataClassifications), which mfsim does not read: "
                          "never found in the simulation, though Exchange may find it",
                          rule.name, type.name, exception ? "ExceptIf" : ""),
              fmt::format("a custom type, or one of the built-in types not read, needs "
                          "Microsoft's classifiers; mfsim reads the {} that docs/rule-format.md "
                          "lists (a misspelt name is not found either)",
                          mail::sensitive_types().size())});
        }
      }
    }
  }
  return out;
}

}  // namespace mfsim::lint
