// The UTF-8 byte order mark: Windows tools (PowerShell 5's `Out-File -Encoding utf8` and
// `Export-Csv`, Notepad) put it before the text; every reader of text files passes over it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim {

inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// 3 when `text` starts with the mark, else 0: where the text itself starts.
[[nodiscard]] constexpr std::size_t utf8_bom_length(std::string_view text) noexcept {
  return text.starts_with(kUtf8ByteOrderMark) ? kUtf8ByteOrderMark.size() : 0;
}

[[nodiscard]] constexpr std::string_view without_utf8_bom(std::string_view text) noexcept {
  return text.substr(utf8_bom_length(text));
}

inline void strip_utf8_bom(std::string& text) { text.erase(0, utf8_bom_length(text)); }

}  // namespace mfsim
