// `mfsim lint`: what its command line gives it (tools/command_line_rule_sets.cc fills it) and the
// command.
#pragma once

#include <string>
#include <vector>

namespace mfsim::tools {

struct lint_arguments {
  std::string rules;
  std::string format = "text";
  std::vector<std::string> defines;  // --define NAME=VALUE for scripts
};

// Runs the command; returns the process exit status.
[[nodiscard]] int lint_command(const lint_arguments& args);

}  // namespace mfsim::tools
