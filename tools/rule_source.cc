// --rules: presets first, then files of any supported format (several joined by commas).
#include "tools/rule_source.h"

#include <filesystem>

#include "engine/rules/load_any.h"
#include "engine/rules/presets.h"

namespace mfsim::tools {

rules::rule_set load_rules(const std::string& spec) {
  if (auto preset = rules::load_preset(spec)) return std::move(*preset);
  // "rules.xml,antispam.json": an export and the policies it needs, unless a file has that name.
  std::error_code ec;
  if (spec.find(',') != std::string::npos && !std::filesystem::exists(spec, ec)) {
    std::vector<std::string> paths;
    std::size_t start = 0;
    while (start <= spec.size()) {
      const std::size_t comma = std::min(spec.find(',', start), spec.size());
      paths.push_back(spec.substr(start, comma - start));
      start = comma + 1;
    }
    return rules::load_rule_files(paths);
  }
  return rules::load_rule_file(spec);
}

}  // namespace mfsim::tools
