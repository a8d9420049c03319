// `mfsim merge`: what its command line gives it (tools/command_line_evaluating.cc fills it) and the
// command.
#pragma once

#include <string>
#include <vector>

namespace mfsim::tools {

struct merge_arguments {
  std::string output;
  std::string report;
  std::string junit;
  bool quiet = false;
  std::vector<std::string> parts;
};

// Runs the command; returns the process exit status.
[[nodiscard]] int merge_command(const merge_arguments& args);

}  // namespace mfsim::tools
