#include "engine/rules/regex_literal_text.h"

#include "engine/ascii.h"

namespace mfsim::rules::ps {

std::optional<std::string> literal_text(std::string_view pattern) {
  std::string text;
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const char c = pattern[at];
    if (c == '\\') {
      // An escaped punctuation mark is itself; an escaped letter, digit or _ is a construct.
      const char next = at + 1 < pattern.size() ? pattern[at + 1] : '\0';
      if (next < 0x20 || next > 0x7E || ascii_is_alpha(next) || ascii_is_digit(next) || next == '_')
        return std::nullopt;
      text += pattern[++at];
    } else if (c == '(') {
      if (pattern.substr(at, 3) == "(?:") {
        at += 2;
      } else if (at + 1 < pattern.size() && pattern[at + 1] == '?') {
        return std::nullopt;  // a named group, a lookaround, options: not only text
      }
    } else if (c == ')') {
      continue;
    } else if (std::string_view(".^$|?*+[]{}#").find(c) != std::string_view::npos ||
               static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20) {
      return std::nullopt;
    } else {
      text += c;
    }
  }
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace mfsim::rules::ps
