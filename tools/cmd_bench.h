// `mfsim bench`: what its command line gives it (tools/command_line_evaluating.cc fills it) and the
// command.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tools/evaluation_arguments.h"

namespace mfsim::tools {

struct bench_arguments {
  std::string rules;
  evaluation_arguments evaluation;
  std::size_t rounds = 3;
  std::string format = "table";
  bool quiet = false;
  std::vector<std::string> paths;
};

// Runs the command; returns the process exit status.
[[nodiscard]] int bench_command(const bench_arguments& args);

}  // namespace mfsim::tools
