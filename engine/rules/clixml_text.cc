// The text CLIXML encodes (clixml_text.h).
#include "engine/rules/clixml_text.h"

#include <cstddef>
#include <optional>

#include "engine/ascii.h"
#include "engine/utf8.h"

namespace mfsim::rules::clixml {
namespace {

// The code unit of an _xHHHH_ escape at the front of `s`, if there is one.
std::optional<std::uint32_t> escape_at(std::string_view s) {
  if (s.size() < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') || s[6] != '_') {
    return std::nullopt;
  }
  std::uint32_t code = 0;
  for (std::size_t k = 2; k < 6; ++k) {
    const int d = ascii_hex_value(s[k]);
    if (d < 0) return std::nullopt;
    code = code * 16 + static_cast<std::uint32_t>(d);
  }
  return code;
}

bool is_high_surrogate(std::uint32_t c) { return c >= 0xD800 && c <= 0xDBFF; }
bool is_low_surrogate(std::uint32_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

}  // namespace

std::string decode_string(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size();) {
    const auto code = escape_at(encoded.substr(i));
    if (!code) {
      out += encoded[i++];
      continue;
    }
    i += 7;
    std::uint32_t point = *code;
    if (is_high_surrogate(point)) {
      const auto low = escape_at(encoded.substr(i));
      if (low && is_low_surrogate(*low)) {
        point = 0x10000 + ((point - 0xD800) << 10) + (*low - 0xDC00);
        i += 7;
      } else {
        point = 0xFFFD;
      }
    } else if (is_low_surrogate(point)) {
      point = 0xFFFD;
    }
    append_utf8_code_point(point, out);
  }
  return out;
}

std::string decode_char(std::uint32_t code_unit) {
  std::string out;
  append_utf8_code_point(
      is_high_surrogate(code_unit) || is_low_surrogate(code_unit) ? 0xFFFD : code_unit, out);
  return out;
}

}  // namespace mfsim::rules::clixml
