// Text as a reader sees it rendered: a run of white space is one space. The rule of HTML
// bodies (mime_body.cc) and of the text of attachments (markup_text.cc, rtf_text.cc), so that
// words and patterns see the same spacing in all of them.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace mfsim::mail
