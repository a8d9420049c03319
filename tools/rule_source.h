// Resolving the --rules argument: a preset name or a rule-set file.
#pragma once

#include <string>

#include "engine/rules/rule_set.h"

namespace mfsim::tools {

// Loads a built-in preset when `spec` names one, else the rule file(s) at that path: mfsim YAML,
// PowerShell, Export-TransportRuleCollection XML or ConvertTo-Json (engine/rules/load_any.h);
// several paths joined by commas make one rule set.
// Throws mfsim::load_error (with positions) when the file cannot be read or is invalid.
[[nodiscard]] rules::rule_set load_rules(const std::string& spec);

}  // namespace mfsim::tools
