// .NET's lower case of one character, apart from dotnet_icu_traits.h so that what only lowers
// characters does not compile Boost.Regex and its ICU traits.
#pragma once

#include <unicode/uchar.h>

namespace mfsim::rules::ps {

// A character's lower case as .NET's IgnoreCase with CultureInvariant compares it: ICU's simple
// lower case, but `İ` (U+0130), which .NET holds equal to itself alone and ICU lower-cases to
// `i` (decision 966).
[[nodiscard]] inline UChar32 dotnet_lower_case(UChar32 c) {
  constexpr UChar32 kCapitalIWithDot = 0x130;
  return c == kCapitalIWithDot ? c : u_tolower(c);
}

}  // namespace mfsim::rules::ps
