// The flow-entry scan (yaml_flow_budget.h): a conservative reading of YAML's flow indicators.
#include "engine/rules/yaml_flow_budget.h"

namespace mfsim::rules::yaml {
namespace {

bool value_can_start_after(char previous) noexcept {
  return previous == ' ' || previous == '\t' || previous == '\n' || previous == '\r' ||
         previous == '[' || previous == '{' || previous == ',' || previous == ':';
}

// The offset of the quote that closes the quoted scalar opened at `at`, or the text's end.
std::size_t closing_quote(std::string_view yaml, std::size_t at) noexcept {
  const char quote = yaml[at];
  for (std::size_t i = at + 1; i < yaml.size(); ++i) {
    if (quote == '"' && yaml[i] == '\\') {
      ++i;
    } else if (yaml[i] == quote) {
      if (quote == '\'' && i + 1 < yaml.size() && yaml[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i;
    }
  }
  return yaml.size();
}

}  // namespace

std::optional<std::size_t> flow_entries_past(std::string_view yaml,
                                             std::size_t max_entries) noexcept {
  std::size_t depth = 0;
  std::size_t entries = 0;
  for (std::size_t i = 0; i < yaml.size(); ++i) {
    const char c = yaml[i];
    const bool at_value = i == 0 || value_can_start_after(yaml[i - 1]);
    if ((c == '"' || c == '\'') && at_value) {
      i = closing_quote(yaml, i);
    } else if (c == '#' && at_value) {
      while (i < yaml.size() && yaml[i] != '\n') ++i;
    } else if ((c == '[' || c == '{') && at_value) {
      ++depth;
      ++entries;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth > 0) {
      ++entries;
    } else {
      continue;
    }
    if (entries > max_entries) return i;
  }
  return std::nullopt;
}

}  // namespace mfsim::rules::yaml
