// Strict UTF-16 decoding (utf16_text.h).
#include "engine/utf16_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <utility>

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

bool utf16_decoder::take(std::uint32_t unit, std::string& out, utf16_failure& failure) {
  const std::size_t at = next_byte_;
  next_byte_ += 2;
  const auto fail = [&](std::size_t byte) {
    failure.reason = fmt::format("unpaired UTF-16 surrogate at byte {}", byte);
    place_failure(out, failure);
    return false;
  };
  if (high_ != 0) {
    if (unit < 0xDC00 || unit > 0xDFFF) return fail(high_byte_);
    append_utf8_code_point(0x10000 + ((high_ - 0xD800) << 10) + (unit - 0xDC00), out);
    high_ = 0;
    first_ = false;
    return true;
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    high_ = unit;
    high_byte_ = at;
    return true;
  }
  if (unit >= 0xDC00 && unit <= 0xDFFF) return fail(at);
  if (std::exchange(first_, false) && drop_mark_ && unit == 0xFEFF) {
    mark_dropped_ = 1;
    return true;
  }
  append_utf8_code_point(unit, out);
  return true;
}

void utf16_decoder::place_failure(const std::string& out, utf16_failure& failure) const {
  place_after(out, failure);
  if (failure.line == 1) failure.column += mark_dropped_;
}

bool utf16_decoder::feed(std::string_view bytes, std::string& out, utf16_failure& failure) {
  const auto unit = [&](unsigned char first, unsigned char second) {
    return static_cast<std::uint32_t>(little_endian_ ? (first | (second << 8))
                                                     : ((first << 8) | second));
  };
  std::size_t k = 0;
  if (odd_ && !bytes.empty()) {
    const unsigned char first = *odd_;
    odd_.reset();
    k = 1;
    if (!take(unit(first, static_cast<unsigned char>(bytes[0])), out, failure)) return false;
  }
  for (; k + 1 < bytes.size(); k += 2) {
    if (!take(unit(static_cast<unsigned char>(bytes[k]), static_cast<unsigned char>(bytes[k + 1])),
              out, failure))
      return false;
  }
  if (k < bytes.size()) odd_ = static_cast<unsigned char>(bytes[k]);
  return true;
}

bool utf16_decoder::finish(const std::string& out, utf16_failure& failure) const {
  if (high_ != 0) {
    failure.reason = fmt::format("unpaired UTF-16 surrogate at byte {}", high_byte_);
  } else if (odd_) {
    failure.reason = "the UTF-16 text ends in the middle of a character";
  } else {
    return true;
  }
  place_failure(out, failure);
  return false;
}

std::optional<std::string> decode_utf16(std::string_view bytes, bool little_endian,
                                        utf16_failure& failure, std::size_t first_byte,
                                        bool drop_second_mark) {
  std::string out;
  out.reserve(bytes.size() / 2);
  utf16_decoder decoder(little_endian, first_byte, drop_second_mark);
  if (!decoder.feed(bytes, out, failure) || !decoder.finish(out, failure)) return std::nullopt;
  return out;
}

load_error utf16_error(const utf16_failure& failure, const std::string& path) {
  return load_error(
      {diagnostic{diag_code::syntax_error, source_span{path, failure.line, failure.column},
                  "the file is UTF-16 and cannot be decoded: " + failure.reason}});
}

std::string utf8_file_text(std::string bytes, const std::string& path) {
  const auto utf16 = utf16_start_of(bytes);
  if (!utf16) {
    strip_utf8_bom(bytes);
    return bytes;
  }
  utf16_failure failure;
  // A second mark, U+FEFF as the first character (a file converted twice), is no text either.
  std::optional<std::string> text = decode_utf16(std::string_view(bytes).substr(utf16->mark),
                                                 !utf16->big_endian, failure, utf16->mark, true);
  if (!text) throw utf16_error(failure, path);
  return std::move(*text);
}

}  // namespace mfsim
