// Text as a reader sees it rendered: a run of white space is one space. The rule of HTML
// bodies (mime_body.cc) and of the text of attachments (markup_text.cc, rtf_text.cc), so that
// words and patterns see the same spacing in all of them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/utf8.h"

namespace mfsim::mail {

[[nodiscard]] inline bool is_rendered_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

// Appends `c`; white space becomes one space, none after a space or at the start of `out`.
inline void append_rendered(char c, std::string& out) {
  if (is_rendered_space(c)) {
    if (!out.empty() && out.back() != ' ') out += ' ';
  } else {
    out += c;
  }
}

inline void append_rendered(std::string_view text, std::string& out) {
  for (const char c : text) append_rendered(c, out);
}

// Appends characters stored as UTF-16LE code units (`wide`) or as their low bytes (Latin-1),
// as Office 97-2003 files store text: a control character (a paragraph or line break) is
// white space, a surrogate pair one character (for_each_utf16_code_point). Stops once `out`
// holds `max_bytes`.
inline void append_rendered_units(std::string_view bytes, bool wide, std::string& out,
                                  std::size_t max_bytes = std::string::npos) {
  const auto append = [&](std::uint32_t code) {
    if (out.size() >= max_bytes) return false;
    if (code < 0x20) {
      append_rendered(' ', out);
    } else {
      append_utf8_code_point(code, out);
    }
    return true;
  };
  if (wide) {
    for_each_utf16_code_point(bytes, false, append);
  } else {
    for (const char c : bytes) {
      if (!append(static_cast<unsigned char>(c))) break;
    }
  }
}

}  // namespace mfsim::mail
