// `mfsim parity` (hidden; tools/command_line.cc registers it).
#pragma once

#include <string>

namespace mfsim::tools {

// docs/parity.md to standard output, or with `check` (--check FILE) whether FILE still equals
// it. Returns the process exit status.
[[nodiscard]] int parity_command(const std::string& check);

}  // namespace mfsim::tools
