// `mfsim diff`: what its command line gives it (tools/command_line_evaluating.cc fills it) and the
// command.
#pragma once

#include <string>
#include <vector>

#include "tools/evaluation_arguments.h"

namespace mfsim::tools {

struct diff_arguments {
  std::string base;
  std::string rules;
  std::string format = "table";
  std::string report;
  bool quiet = false;
  std::string shard;  // --shard K/N: write a part for `mfsim merge`
  evaluation_arguments eval;
  // --base-define NAME=VALUE: for the --base rule set only, over eval.defines' NAME.
  std::vector<std::string> base_defines;
  std::vector<std::string> paths;
};

// Runs the command; returns the process exit status.
[[nodiscard]] int diff_command(const diff_arguments& args);

}  // namespace mfsim::tools
