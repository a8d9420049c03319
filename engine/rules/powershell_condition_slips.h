// Internal to the PowerShell importer: '=' and '==' written in an if, elseif, while or do
// condition where -eq was meant (powershell_condition_slips.cc).
#pragma once

#include <cstddef>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

// At the start of the condition opened at `open`: fail() for `$null = ...`, which assigns to
// $null and compares nothing; a warning for `$x = $y` or `$x = 'text'`, which assigns where a
// comparison may have been meant. Reads nothing.
void refuse_assignment_slip(parser& p, std::size_t open);

// At an '=', '==', '+=' or '-=' after the condition's value (`$h.Name = 'x'`, `$a == $b`):
// fail() saying what it is.
[[noreturn]] void refuse_misplaced_equals(parser& p);

}  // namespace mfsim::rules::ps
