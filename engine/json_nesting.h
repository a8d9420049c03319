// A nesting budget for JSON read from files (expectations, manifests): checked on the text
// before parsing, so a line of a million '[' is refused with its position instead of parsed
// (and later printed or destroyed) recursively.
#pragma once

#include <cstddef>
#include <string_view>

namespace mfsim {

// The most nested arrays and objects a JSON line of an expectations file or a manifest may hold
// (their records are flat: two or three levels are used). docs/reliability.md, "Limits".
inline constexpr std::size_t kMaxJsonDepth = 64;

// The longest line an expectations file or a manifest may hold: a record of `mfsim run` quotes
// header values of up to --max-header-bytes (1 MiB), escaped.
inline constexpr std::size_t kMaxJsonLineBytes = std::size_t{16} << 20;

// The byte offset of the '[' or '{' that opens level max_depth + 1, or npos when `text` stays
// within the budget. Brackets inside strings do not count.
[[nodiscard]] inline std::size_t json_nesting_exceeded(
    std::string_view text, std::size_t max_depth = kMaxJsonDepth) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace mfsim
