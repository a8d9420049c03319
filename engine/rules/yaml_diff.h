// What changed between two YAML rule files (`mfsim presets diff A B`): each file flattened
// into "path = value" lines, then the lines only one side has, grouped by the setting they
// belong to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mfsim::rules {

// One file as "path = value" lines in file order. A list of scalars is a set (`path[] = item`);
// a list of mappings with a Name is keyed by it (`transport_rules[Area 1 ...].SetSCL = 5`), so
// reordering changes nothing and a renamed rule shows as removed plus added. Throws
// std::runtime_error with the parser's message when the text is not YAML.
[[nodiscard]] std::vector<std::string> flatten_yaml(std::string_view yaml);

struct yaml_difference {
  bool added = false;  // only in the second file; else only in the first
  std::string line;    // "path = value"
};

// The lines only one side has: per setting, in the order the settings first appear, the first
// file's lines (removed) before the second's (added). Empty when the files say the same.
[[nodiscard]] std::vector<yaml_difference> diff_yaml(std::string_view first,
                                                     std::string_view second);

}  // namespace mfsim::rules
