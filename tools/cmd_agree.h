// `mfsim agree`: what its command line gives it (tools/command_line_evaluating.cc fills it) and the
// command.
#pragma once

#include <string>
#include <vector>

#include "tools/evaluation_arguments.h"

namespace mfsim::tools {

struct agree_arguments {
  std::string rules;
  std::string format = "text";
  std::string shard;          // --shard K/N: write a part for `mfsim merge`
  evaluation_arguments eval;  // eval.mailbox_state empty: the folder follows the action
  std::vector<std::string> paths;
};

// Runs the command; returns the process exit status.
[[nodiscard]] int agree_command(const agree_arguments& args);

}  // namespace mfsim::tools
