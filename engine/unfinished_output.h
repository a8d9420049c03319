// The one line an mfsim output file (`run -o`, `merge -o`, `import -o`) holds from the moment its
// command starts until the command's own output replaces it (decisions 701 and 720). Every reader
// of such files (expectations, parts, rule files) knows it, so that none takes it for records or
// rules, the last run's or none.
#pragma once

#include <string_view>

namespace mfsim {

// What follows `mfsim COMMAND` in that line.
inline constexpr std::string_view kUnfinishedOutputMark = " started and did not finish: ";

// Whether `first_line` (a file's, byte order mark removed) is such a line.
[[nodiscard]] inline bool is_unfinished_output(std::string_view first_line) {
  constexpr std::string_view kStart = "mfsim ";
  if (!first_line.starts_with(kStart)) return false;
  // The command's name is one word: `mfsim run`, `mfsim merge`, `mfsim import`.
  const std::size_t mark = first_line.find(kUnfinishedOutputMark, kStart.size());
  return mark != std::string_view::npos &&
         first_line.substr(kStart.size(), mark - kStart.size()).find(' ') == std::string_view::npos;
}

// Why such a file is refused, after what it lacks ("no records: ", "no rule set: ").
inline constexpr std::string_view kUnfinishedOutputReason =
    "the mfsim command that writes this file started and did not finish (it failed or was "
    "stopped; see that command's standard error)";

}  // namespace mfsim
