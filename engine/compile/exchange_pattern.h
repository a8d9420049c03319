// A *MatchesPatterns value compiled as every condition searches it.
#pragma once

#include <boost/regex.hpp>
#include <string_view>

#include "engine/case_fold.h"

namespace mfsim::compile_detail {

// Perl syntax, case ignored. Boost ignores the case of ASCII letters only, so the pattern's
// non-ASCII letters are folded here and a text with non-ASCII bytes is folded before such a
// pattern searches it (`folds_text`; decision 350). `.` does not match a line feed, as in .NET,
// whose Regex Exchange runs: Boost's `.` crossed the lines of a body (decision 432). Throws
// boost::regex_error.
[[nodiscard]] inline boost::regex compile_exchange_pattern(std::string_view text) {
  return boost::regex(non_ascii_case_folded_copy(text),
                      boost::regex::perl | boost::regex::icase | boost::regex::no_mod_s);
}

// Whether the text a pattern searches must be folded first: the pattern has non-ASCII bytes.
[[nodiscard]] inline bool folds_text(std::string_view pattern) noexcept {
  return has_non_ascii(pattern);
}

}  // namespace mfsim::compile_detail
