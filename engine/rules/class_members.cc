#include "engine/rules/class_members.h"

#include <cstdint>

#include "engine/ascii.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {

std::optional<UChar32> member_at(std::string_view klass, std::size_t at, std::size_t& next) {
  const auto c = static_cast<unsigned char>(klass[at]);
  next = at + 1;
  if (c >= 0x80) {
    std::uint32_t code = 0;
    const std::size_t length = utf8_sequence_length(klass, at, &code);
    if (length == 0) return std::nullopt;
    next = at + length;
    return static_cast<UChar32>(code);
  }
  if (c != '\\') return c;
  if (at + 1 >= klass.size()) return std::nullopt;
  const char e = klass[at + 1];
  next = at + 2;
  const auto hex = [&](std::size_t from, std::size_t digits) -> std::optional<UChar32> {
    UChar32 value = 0;
    for (std::size_t k = from; k < from + digits; ++k) {
      if (k >= klass.size() || ascii_hex_value(klass[k]) < 0) return std::nullopt;
      value = value * 16 + ascii_hex_value(klass[k]);
    }
    next = from + digits;
    return value;
  };
  switch (e) {
    case 'a': return 0x07;
    case 'b': return 0x08;
    case 'e': return 0x1B;
    case 'f': return 0x0C;
    case 'n': return 0x0A;
    case 'r': return 0x0D;
    case 't': return 0x09;
    case 'v': return 0x0B;
    case 'u': return hex(at + 2, 4);
    case 'c':
      if (at + 2 < klass.size() && ascii_is_alpha(klass[at + 2])) {
        next = at + 3;
        return ascii_upper(klass[at + 2]) - '@';
      }
      return std::nullopt;
    case 'x': {
      if (at + 2 < klass.size() && klass[at + 2] == '{') {
        const std::size_t close = klass.find('}', at + 3);
        if (close == std::string_view::npos || close == at + 3 || close - at - 3 > 6)
          return std::nullopt;
        const std::optional<UChar32> value = hex(at + 3, close - at - 3);
        next = close + 1;
        return value;
      }
      return hex(at + 2, 2);
    }
    default: break;
  }
  if (static_cast<unsigned char>(e) >= 0x80) return member_at(klass, at + 1, next);
  if (ascii_is_alpha(e) || ascii_is_digit(e) || e == '_') return std::nullopt;
  return static_cast<UChar32>(e);  // an escaped punctuation mark is itself
}
}  // namespace mfsim::rules::ps
