// `mfsim explain`: what its command line gives it (tools/command_line_evaluating.cc fills it) and
// the command.
#pragma once

#include <string>
#include <vector>

#include "tools/evaluation_arguments.h"

namespace mfsim::tools {

struct explain_arguments {
  std::string rules;
  std::string format = "text";
  evaluation_arguments eval;
  std::string message;
};

// Runs the command; returns the process exit status.
[[nodiscard]] int explain_command(const explain_arguments& args);

}  // namespace mfsim::tools
