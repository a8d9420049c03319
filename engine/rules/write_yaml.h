// Writes a rule set as an mfsim YAML rule file (docs/rule-format.md): what `mfsim import` prints.
#pragma once

#include <string>
#include <string_view>

#include "engine/rules/rule_set.h"

namespace mfsim::rules {

// The YAML text of `set`. Loading it back with load_rule_set_yaml gives a rule set equal to
// `set` in everything but source positions. Every key is written, defaults included, so the
// file shows the whole simulated configuration. `comment` (may span lines) goes on top as
// '#' lines. Thread-safe; never throws but for allocation.
[[nodiscard]] std::string write_rule_set_yaml(const rule_set& set, std::string_view comment = "");

}  // namespace mfsim::rules
