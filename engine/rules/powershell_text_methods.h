// Internal to the PowerShell importer: the String methods scripts use to build rule names and
// reports, beyond .Trim(), .Split() and .Substring() (powershell_string_methods.cc): .PadLeft(),
// .PadRight(), .Replace(), .Contains(), .StartsWith(), .EndsWith(), .IndexOf() and .ToString().
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

// `text.Method(args)`, `method` lower-cased, as .NET's String gives it (decision 1214); nullopt
// when `method` is none of these. fail() where .NET throws (a negative width, an empty text to
// replace, a padding that is not one character) and past the value budget.
std::optional<ps_value> text_method(parser& p, const std::string& text, std::string_view method,
                                    const std::vector<ps_value>& args, std::size_t start);

}  // namespace mfsim::rules::ps
