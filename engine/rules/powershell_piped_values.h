// Internal to the PowerShell importer: a value piped on as a statement of its own, `$domains |
// ForEach-Object { ... }` or `Get-Domains | Add-Rule` where Get-Domains is a function the script
// defines (powershell_piped_values.cc).
#pragma once

#include <cstddef>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

// `input | Stage | ...` from the '|' at `p.i_` to the end of the statement at `start`: the stages
// run over the items as a pipeline over known values does, what they output is the statement's
// output; a value only the running script knows goes to ForEach-Object's reading.
void piped_statement(parser& p, ps_value input, std::size_t start);

// At the '|' after `first`, the statement's first command: when it calls a function the script
// defines, runs it, its output collected, and pipes that output on (piped_statement); false,
// nothing read, for any other command.
bool piped_function_output(parser& p, const ps_command& first, std::size_t start);

// `$x = F | Stage ...` and `(F | Stage ...)` where a value goes, `p.i_` at the '|' after the
// call `first` of the function `f` the script defines: the function's output run through the
// stages, as piped_value runs a known value's; `p.i_` after the last stage.
ps_value piped_function_value(parser& p, const ps_function& f, const ps_command& first,
                              std::size_t start);

}  // namespace mfsim::rules::ps
