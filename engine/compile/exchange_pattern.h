// A *MatchesPatterns value compiled as every condition searches it.
#pragma once

#include <string_view>

#include "engine/rules/character_regex.h"
#include "engine/rules/powershell_regex.h"

namespace mfsim::compile_detail {

// Read as .NET's Regex reads it, which Exchange runs (decision 432): the PowerShell operators'
// reader (decision 810), by character (decision 851), case ignored for every letter (decisions
// 350, 853), `.` not crossing a line feed, `^` and `$` at every line as before (decision 432).
// Throws boost::regex_error with the reason where .NET refuses the pattern or mfsim cannot read
// it as .NET does.
[[nodiscard]] inline rules::ps::character_regex compile_exchange_pattern(std::string_view text) {
  const rules::ps::dotnet_regex read(text, false, rules::ps::line_anchors::every_line);
  return read.regex();
}

}  // namespace mfsim::compile_detail
