// Internal to the PowerShell importer: a subexpression $( ) that holds statements, as
// about_Operators describes it ("returns the result of one or more statements"):
// `-Mode $(if ($audit) { 'Audit' } else { 'Enforce' })`, `"$($n = 2; $n * 2)"`.
#pragma once

#include <cstddef>
#include <optional>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

// Whether the statements of the $( ) whose inside starts at `p.i_` start with one that is no
// value (if, switch, foreach, for, while, do, try, or an assignment): they are read by
// subexpression_statements, not as one value.
[[nodiscard]] bool starts_statement(const parser& p);

// The statements of the $( ) at `start` (its '$') from `p.i_` up to its ')', run as PowerShell
// runs them, what they output collected as the subexpression's value; `first` is what the first
// statement, read already, gave. `p.i_` after the ')'.
ps_value subexpression_statements(parser& p, std::size_t start, std::optional<ps_value> first);

}  // namespace mfsim::rules::ps
