// A character class's ranges as .NET reads them under ignored case: the range as written and
// the lower case of each character in it (decision 1056), where Boost lower-cases the two ends
// and keeps what lies between them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mfsim::rules::ps {

// `klass`, a whole class `[...]` as Boost reads it (its escapes already Boost's), with each
// range written as the runs of lower-case characters Boost must compare a text's lower-cased
// character with; nullopt where Boost's own reading of every range is .NET's already.
[[nodiscard]] std::optional<std::string> class_ranges_any_case(std::string_view klass);

}  // namespace mfsim::rules::ps
