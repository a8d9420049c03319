// `mfsim import`: what its command line gives it (tools/command_line_rule_sets.cc fills it) and the
// command.
#pragma once

#include <string>
#include <vector>

namespace mfsim::tools {

struct import_arguments {
  std::vector<std::string> files;
  std::string output;
  std::string egress_list = "preset:area1-office365";
  bool quiet = false;
  std::vector<std::string> defines;  // --define NAME=VALUE for scripts
};

// Runs the command; returns the process exit status.
[[nodiscard]] int import_command(const import_arguments& args);

}  // namespace mfsim::tools
