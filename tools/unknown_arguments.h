// What to say when the command line is refused because of an argument nobody recognised.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mfsim::tools {

// The (sub)command a failed parse reached last, and what it could not place. Filled from
// CLI11 by main.cc, so that this file does not compile CLI11 (tools/command_line_options.h).
struct unparsed_command {
  std::string name;                      // "mfsim run", "mfsim presets show", "mfsim"
  std::vector<std::string> left;         // the arguments it could not place, in order
  std::vector<std::string> options;      // its option names as typed: "--rules", "-o", ...
  std::vector<std::string> subcommands;  // the names of its subcommands, if it has any
};

// A misspelt option is set aside by CLI11 and then reported as something else: its value as a
// path that does not exist (`--rule uc4`), or the option it was meant to be as missing
// (`--expct`). A misspelt subcommand is reported as none given. The line that names the
// argument not recognised, with the closest known name ("mfsim run: unknown option '--rule'
// (did you mean '--rules'?)"); nullopt when every argument was known.
[[nodiscard]] std::optional<std::string> unrecognised_argument(const unparsed_command& command);

}  // namespace mfsim::tools
