// `mfsim check`: what its command line gives it (tools/command_line_evaluating.cc fills it) and the
// command.
#pragma once

#include <string>
#include <vector>

#include "tools/evaluation_arguments.h"

namespace mfsim::tools {

struct check_arguments {
  std::string rules;
  std::string expect;
  std::string junit;
  bool allow_missing = false;
  bool allow_unexpected = false;
  bool quiet = false;  // no progress line
  std::string shard;   // --shard K/N: write a part for `mfsim merge`
  evaluation_arguments eval;
  std::vector<std::string> paths;
};

// Runs the command; returns the process exit status.
[[nodiscard]] int check_command(const check_arguments& args);

}  // namespace mfsim::tools
