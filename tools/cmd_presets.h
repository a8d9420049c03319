// `mfsim presets`, `mfsim presets show NAME` and `mfsim presets diff A B` (tools/command_line.cc
// registers them). Each returns the process exit status.
#pragma once

#include <string>

namespace mfsim::tools {

// The list of presets and how their names are built.
[[nodiscard]] int presets_list_command();
// The preset `name` as YAML.
[[nodiscard]] int presets_show_command(const std::string& name);
// What changed between two presets, setting by setting.
[[nodiscard]] int presets_diff_command(const std::string& first, const std::string& second);

}  // namespace mfsim::tools
