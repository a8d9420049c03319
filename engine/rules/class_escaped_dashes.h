// `\-` in a character class as .NET reads it: a `-` of its own, never a range's start or end
// (decision 1110), where Boost reads it as any other escaped character; and the `-` after a
// class such as \w, which .NET reads as a member of its own (decision 1153).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mfsim::rules::ps {

// `klass`, a whole class `[...]` as Boost reads it (its escapes already Boost's), written so
// that Boost reads each `\-` as .NET's RegexParser does: a `-` added alone, the next member
// read afresh (`[\--Z]` holds `-` and `Z`: the second `-` is written `\-`), and one after a
// range's `-` passed over, the range ending at the member after it (`[a-\-z]` holds `a`-`z`
// and `-`; `[a-\-]` only `-`); a `-` after a class (\d, \w, ...) is read afresh too, where
// Boost refuses it (`[\w-.]` holds \w, `-` and `.`). Nullopt where Boost's reading is .NET's
// already. Throws
// boost::regex_error where .NET refuses the class (a range ending at \d, \w, ...) or ends
// the range with a subtraction, which mfsim does not read.
[[nodiscard]] std::optional<std::string> escaped_dashes_alone(std::string_view klass);

}  // namespace mfsim::rules::ps
