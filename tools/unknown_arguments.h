// What to say when CLI11 refuses a command line because of an argument it did not recognise.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace mfsim::tools {

// A misspelt option is set aside by CLI11 and then reported as something else: its value as a
// path that does not exist (`--rule uc4`), or the option it was meant to be as missing
// (`--expct`). A misspelt subcommand is reported as none given. After a failed parse of `app`,
// the line that names the argument not recognised, with the closest known name ("mfsim run:
// unknown option '--rule' (did you mean '--rules'?)"); nullopt when every argument was known.
[[nodiscard]] std::optional<std::string> unrecognised_argument(const CLI::App& app);

}  // namespace mfsim::tools
