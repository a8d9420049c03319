// Internal to the PowerShell importer: what a function run as a pipeline's stage binds before
// its items arrive (powershell_function_stages.cc).
#pragma once

#include <cstddef>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

// The value the innermost call's ValueFromPipeline parameter holds in its begin block, before
// any item is bound: its default when one is written, else $null converted to its type
// (decision 1215). The parameter's name is `p.frames_.back().piped_parameter`, not empty.
[[nodiscard]] ps_value unbound_pipeline_parameter(parser& p, std::size_t start);

}  // namespace mfsim::rules::ps
