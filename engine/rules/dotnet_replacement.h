// What a match of a .NET pattern captured, and a replacement as .NET's Regex.Replace writes it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/rules/powershell_regex.h"

namespace mfsim::rules::ps {

// What group `group` captured, from `text` (the text the match was searched in, as given).
[[nodiscard]] std::string captured(const dotnet_match& match, int group, std::string_view text);

// What each group that took part in the match captured, keyed as $Matches keys it: a named
// group by its name, the others by their .NET number, 0 the whole match; in .NET's order.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> captured_groups(
    const dotnet_regex& re, const dotnet_match& match, std::string_view text);

// The Boost group a name in a replacement stands for: a .NET group number, or a declared name;
// -1 when neither is a group of this pattern.
[[nodiscard]] int group_index(const dotnet_regex& re, const dotnet_match& match,
                              std::string_view name);

// A replacement as .NET's Regex.Replace reads it ("Substitutions in Regular Expressions"): $1
// and ${1} or ${name} a group, $$ a dollar, $& the match, $` and $' the text before and after
// it, $+ the last group, $_ the whole text; anything else, a backslash included, is itself.
void append_replacement(const dotnet_regex& re, std::string_view replacement,
                        const dotnet_match& match, std::string_view text, std::string& out);

}  // namespace mfsim::rules::ps
