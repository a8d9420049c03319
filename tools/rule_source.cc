// --rules: presets first, then files.
#include "tools/rule_source.h"

#include "engine/rules/load_native.h"
#include "engine/rules/presets.h"

namespace mfsim::tools {

rules::rule_set load_rules(const std::string& spec) {
  if (auto preset = rules::load_preset(spec)) return std::move(*preset);
  return rules::load_rule_set_file(spec);
}

}  // namespace mfsim::tools
