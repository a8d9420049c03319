// Strict UTF-16 decoding (utf16_text.h).
#include "engine/utf16_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "engine/status.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim {
namespace {

// The line and column in `decoded` (the UTF-8 decoded so far) where the next character starts.
// The column counts characters, as every other line:col of a file does (text_positions.h).
void place_after(std::string_view decoded, utf16_failure& failure) {
  const auto lines = std::count(decoded.begin(), decoded.end(), '\n');
  const std::size_t line_start = decoded.rfind('\n') + 1;  // npos + 1 == 0
  const std::string_view line = decoded.substr(line_start);
  const auto characters = std::count_if(line.begin(), line.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  });
  failure.line = static_cast<int>(std::min<std::int64_t>(lines + 1, INT32_MAX));
  failure.column = static_cast<int>(std::min<std::int64_t>(characters + 1, INT32_MAX));
}

}  // namespace

std::optional<std::string> decode_utf16(std::string_view bytes, bool little_endian,
                                        utf16_failure& failure, std::size_t first_byte) {
  std::string out;
  out.reserve(bytes.size() / 2);
  const auto unit = [&](std::size_t k) {
    const auto a = static_cast<unsigned char>(bytes[k]);
    const auto b = static_cast<unsigned char>(bytes[k + 1]);
    return static_cast<std::uint32_t>(little_endian ? (a | (b << 8)) : ((a << 8) | b));
  };
  const auto fail = [&](std::string reason) -> std::optional<std::string> {
    failure.reason = std::move(reason);
    place_after(out, failure);
    return std::nullopt;
  };
  for (std::size_t k = 0; k < bytes.size(); k += 2) {
    if (k + 1 == bytes.size()) return fail("the UTF-16 text ends in the middle of a character");
    std::uint32_t code = unit(k);
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (k + 3 >= bytes.size() || unit(k + 2) < 0xDC00 || unit(k + 2) > 0xDFFF)
        return fail(fmt::format("unpaired UTF-16 surrogate at byte {}", first_byte + k));
      code = 0x10000 + ((code - 0xD800) << 10) + (unit(k + 2) - 0xDC00);
      k += 2;
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      return fail(fmt::format("unpaired UTF-16 surrogate at byte {}", first_byte + k));
    }
    append_utf8_code_point(code, out);
  }
  return out;
}

std::string utf8_file_text(std::string bytes, const std::string& path) {
  const auto utf16 = utf16_start_of(bytes);
  if (!utf16) {
    strip_utf8_bom(bytes);
    return bytes;
  }
  utf16_failure failure;
  std::optional<std::string> text = decode_utf16(std::string_view(bytes).substr(utf16->mark),
                                                 !utf16->big_endian, failure, utf16->mark);
  if (!text) {
    throw load_error(
        {diagnostic{diag_code::syntax_error, source_span{path, failure.line, failure.column},
                    "the file is UTF-16 and cannot be decoded: " + failure.reason}});
  }
  // A second mark, U+FEFF as the first character (a file converted twice), is no text either.
  strip_utf8_bom(*text);
  return std::move(*text);
}

}  // namespace mfsim
