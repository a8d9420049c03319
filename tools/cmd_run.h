// `mfsim run`: what its command line gives it (tools/command_line_evaluating.cc fills it) and the
// command.
#pragma once

#include <string>
#include <vector>

#include "tools/evaluation_arguments.h"

namespace mfsim::tools {

struct run_arguments {
  std::string rules;
  std::string format;  // "", "table" or "jsonl"
  evaluation_arguments evaluation;
  std::string output;
  std::string report;  // --report: HTML file
  bool quiet = false;
  std::string shard;  // --shard K/N: write a part for `mfsim merge`
  std::vector<std::string> paths;
};

// Runs the command; returns the process exit status.
[[nodiscard]] int run_command(const run_arguments& args);

}  // namespace mfsim::tools
