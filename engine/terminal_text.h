// Making text from messages, file names and rule files inert before it reaches a terminal.
//
// Every C0 control (U+0000-U+001F), DEL, C1 control (U+0080-U+009F), the bidirectional
// overrides and isolates (U+202A-U+202E, U+2066-U+2069) and every byte that is not well-formed
// UTF-8 is shown as an escape: `\r`, `\n`, `\t`, `\x1b`, `\x7f`, `\u009b`, `\u202e`, `\xff`.
// The same on a terminal and in a pipe, so a saved table reads as the screen did. JSON, XML and
// HTML writers keep their own escaping and do not use this.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/utf8.h"

namespace mfsim {

// Appends `text` with controls escaped. When `max_bytes` is not 0, stops after about that many
// bytes of `text` and appends "..." (the full value stays in the JSONL).
inline void append_terminal_text(std::string& out, std::string_view text,
                                 std::size_t max_bytes = 0) {
  constexpr std::string_view hex = "0123456789abcdef";
  const auto escape_byte = [&](unsigned char b) {
    out += "\\x";
    out += hex[b >> 4];
    out += hex[b & 0xf];
  };
  for (std::size_t i = 0; i < text.size();) {
    if (max_bytes != 0 && i >= max_bytes) {
      out += "...";
      return;
    }
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if (b == '\r')
        out += "\\r";
      else if (b == '\n')
        out += "\\n";
      else if (b == '\t')
        out += "\\t";
      else if (b < 0x20 || b == 0x7f)
        escape_byte(b);
      else
        out += static_cast<char>(b);
      ++i;
      continue;
    }
    std::uint32_t code = 0;
    const std::size_t length = utf8_sequence_length(text, i, &code);
    if (length == 0) {
      escape_byte(b);
      ++i;
      continue;
    }
    if ((code >= 0x80 && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) ||
        (code >= 0x2066 && code <= 0x2069)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += hex[(code >> shift) & 0xf];
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
}

[[nodiscard]] inline std::string terminal_text(std::string_view text, std::size_t max_bytes = 0) {
  std::string out;
  append_terminal_text(out, text, max_bytes);
  return out;
}

}  // namespace mfsim
