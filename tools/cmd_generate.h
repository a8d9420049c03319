// `mfsim generate`: what its command line gives it (tools/command_line_rule_sets.cc fills it) and
// the command.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mfsim::tools {

struct generate_arguments {
  std::uint64_t count = 0;
  std::uint64_t seed = 1;
  std::string mix;
  std::string format = "dir";
  std::string rules = "uc4";
  std::string truth;
  std::string out;
  std::vector<std::string> defines;  // --define NAME=VALUE for a script given as --rules
  bool quiet = false;
};

// Runs the command; returns the process exit status.
[[nodiscard]] int generate_command(const generate_arguments& args);

}  // namespace mfsim::tools
