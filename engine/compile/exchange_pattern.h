// A *MatchesPatterns value compiled as every condition searches it.
#pragma once

#include <boost/regex.hpp>
#include <string_view>

#include "engine/rules/powershell_regex.h"

namespace mfsim::compile_detail {

struct exchange_pattern {
  boost::regex re;
  bool folds_text = false;  // a text must be case_folded_copy'd before `re` searches it
};

// Read as .NET's Regex reads it, which Exchange runs (decision 432): the PowerShell operators'
// reader (decision 810), case ignored with non-ASCII letters folded (decision 350), `.` not
// crossing a line feed, `^` and `$` at every line as before (decision 432). Throws
// boost::regex_error with the reason where .NET refuses the pattern or mfsim cannot read it as
// .NET does.
[[nodiscard]] inline exchange_pattern compile_exchange_pattern(std::string_view text) {
  const rules::ps::dotnet_regex read(text, false, rules::ps::line_anchors::every_line);
  return {read.boost_regex(), read.folds_text()};
}

}  // namespace mfsim::compile_detail
