// UTF-8 validation shared by every writer that must emit valid text (JSON, HTML, XML).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim {

// Length of the well-formed UTF-8 sequence starting at text[i] (2 to 4 bytes), or 0 when the
// bytes there are not one (ASCII included: callers handle bytes below 0x80 themselves).
// Overlong forms, surrogates and code points above U+10FFFF are not well formed. When
// `code_point` is given, the decoded value is stored there.
[[nodiscard]] constexpr std::size_t utf8_sequence_length(
    std::string_view text, std::size_t i, std::uint32_t* code_point = nullptr) noexcept {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t min_code = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    length = 2;
    min_code = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    min_code = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    min_code = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  std::uint32_t code = b0 & (0xffu >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    code = (code << 6) | (b & 0x3fu);
  }
  if (code < min_code || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  if (code_point != nullptr) *code_point = code;
  return length;
}

// Where text cut at byte `at` keeps no part of a split character: `at` moved back past UTF-8
// continuation bytes (unchanged at 0, at the end, or where a character starts).
[[nodiscard]] constexpr std::size_t utf8_cut_before(std::string_view text,
                                                    std::size_t at) noexcept {
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

// Cuts `text` to at most `max_bytes`, between characters (a character split by the bound goes).
inline void cut_utf8_to(std::string& text, std::size_t max_bytes) {
  if (text.size() > max_bytes) text.resize(utf8_cut_before(text, max_bytes));
}

// `text` as quoted in a message: whole when at most `max_bytes` long, else its first
// `max_bytes` (less a character cut in two) and "...".
[[nodiscard]] inline std::string shortened_at(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  return std::string(text.substr(0, utf8_cut_before(text, max_bytes))) + "...";
}

// Appends a code point (at most U+10FFFF, not a surrogate) as UTF-8.
inline void append_utf8_code_point(std::uint32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Calls `emit(code_point)` for each character of UTF-16 code units stored big- or
// little-endian in `bytes`: a surrogate pair is one character, a lone surrogate half U+FFFD;
// an odd last byte is dropped. Stops early when `emit` returns false.
template <typename Emit>
void for_each_utf16_code_point(std::string_view bytes, bool big_endian, Emit&& emit) {
  const auto unit = [&](std::size_t i) {
    const auto first = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]));
    const auto second = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1]));
    return big_endian ? (first << 8 | second) : (second << 8 | first);
  };
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    std::uint32_t code = unit(i);
    if (code >= 0xD800 && code <= 0xDBFF && i + 3 < bytes.size() && unit(i + 2) >= 0xDC00 &&
        unit(i + 2) <= 0xDFFF) {
      code = 0x10000 + ((code - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (code >= 0xD800 && code <= 0xDFFF) {
      code = 0xFFFD;
    }
    if (!emit(code)) return;
  }
}

// Appends UTF-16 big-endian code units as UTF-8 (for_each_utf16_code_point).
inline void append_utf16be_as_utf8(std::string_view bytes, std::string& out) {
  for_each_utf16_code_point(bytes, true, [&](std::uint32_t code) {
    append_utf8_code_point(code, out);
    return true;
  });
}

// How many UTF-16 code units the UTF-8 `text` is (.NET's string Length: a character past
// U+FFFF counts two).
[[nodiscard]] inline std::size_t utf16_length(std::string_view text) noexcept {
  std::size_t units = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) units += byte >= 0xF0 ? 2 : 1;  // a lead byte of 4: a pair
  }
  return units;
}

// How a text starts when it is UTF-16, as Windows writes it: a byte order mark (skipped:
// `mark` 2), or a zero byte beside the first, ASCII, character (no mark). nullopt for any other
// text, UTF-8 with or without its own mark included.
struct utf16_start {
  bool big_endian = false;
  std::size_t mark = 0;
};
[[nodiscard]] inline std::optional<utf16_start> utf16_start_of(std::string_view text) noexcept {
  if (text.starts_with("\xFF\xFE")) return utf16_start{false, 2};
  if (text.starts_with("\xFE\xFF")) return utf16_start{true, 2};
  if (text.size() >= 2 && (text[0] == '\0') != (text[1] == '\0')) {
    return utf16_start{text[0] == '\0', 0};
  }
  return std::nullopt;
}

}  // namespace mfsim
