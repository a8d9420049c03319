// ASCII-only case handling, shared by every part that compares names.
//
// Header names, policy names and charset names ignore ASCII case and compare other bytes
// exactly, so nothing here depends on the locale. Words, patterns and addresses ignore the
// case of every script: engine/case_fold.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace mfsim {

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr char ascii_upper(char c) noexcept {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// A letter or a digit of US-ASCII, whatever the locale (std::isalpha asks it, through a call).
[[nodiscard]] constexpr bool ascii_is_alpha(char c) noexcept {
  return static_cast<unsigned>((static_cast<unsigned char>(c) | 0x20u) - 'a') < 26u;
}

[[nodiscard]] constexpr bool ascii_is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool ascii_is_alnum(char c) noexcept {
  return ascii_is_digit(c) || ascii_is_alpha(c);
}

// The value of a hexadecimal digit, either case; -1 for any other byte.
[[nodiscard]] constexpr int ascii_hex_value(char c) noexcept {
  if (ascii_is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[nodiscard]] constexpr bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  if (!std::is_constant_evaluated()) {
    // Eight bytes at a time while they are equal as written: names of one length often share
    // a long prefix ("X-MS-Exchange-..."), which a byte at a time, folded, walked.
    for (; i + 8 <= a.size(); i += 8) {
      std::uint64_t x = 0;
      std::uint64_t y = 0;
      std::memcpy(&x, a.data() + i, 8);
      std::memcpy(&y, b.data() + i, 8);
      if (x != y) break;
    }
  }
  for (; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// Position of `needle` in `hay` from `from`, ignoring ASCII case; npos when absent or empty.
[[nodiscard]] constexpr std::size_t ascii_ifind(std::string_view hay, std::string_view needle,
                                                std::size_t from = 0) noexcept {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (ascii_iequals(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

// Appends `text` to `out` with ASCII letters lower-cased; other bytes unchanged.
inline void append_ascii_lower(std::string_view text, std::string& out) {
  const std::size_t start = out.size();
  out.append(text);
  for (std::size_t i = start; i < out.size(); ++i) out[i] = ascii_lower(out[i]);
}

[[nodiscard]] inline std::string ascii_lower_copy(std::string_view text) {
  std::string out;
  append_ascii_lower(text, out);
  return out;
}

[[nodiscard]] inline std::string ascii_upper_copy(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_upper(c);
  return out;
}

// Without the spaces and tabs around it: the blanks of a header value or a list entry.
[[nodiscard]] constexpr std::string_view ascii_trim_blanks(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Without the spaces, tabs, CRs and LFs around it: a line read from a file or a field that
// kept its folding.
[[nodiscard]] constexpr std::string_view ascii_trim_whitespace(std::string_view s) noexcept {
  const auto white = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && white(s.front())) s.remove_prefix(1);
  while (!s.empty() && white(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace mfsim
