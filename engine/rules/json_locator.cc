// The nesting check and parse of JSON exports; the locator itself is in the header.
#include "engine/rules/json_locator.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/json_failure.h"

namespace mfsim::rules::json_export {

std::optional<std::size_t> too_deep(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

bool parse(std::string_view text, nlohmann::ordered_json& root, parse_failure& why) {
  if (const auto deep = too_deep(text, kMaxNesting)) {
    why = {*deep,
           fmt::format("invalid JSON: nested more than {} levels deep (the JSON nesting limit)",
                       kMaxNesting)};
    return false;
  }
  try {
    root = nlohmann::ordered_json::parse(text.begin(), text.end());
  } catch (const nlohmann::ordered_json::exception& e) {
    const json_failure failure = describe_json_failure(text, e);
    why = {failure.byte == 0 ? 0 : std::min(failure.byte - 1, text.size()),
           "invalid JSON: " + failure.message};
    return false;
  }
  return true;
}

}  // namespace mfsim::rules::json_export
