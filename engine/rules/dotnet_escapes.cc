#include "engine/rules/dotnet_escapes.h"

#include <fmt/format.h>

#include <boost/regex.hpp>
#include <cstdint>

#include "engine/ascii.h"
#include "engine/rules/class_escaped_dashes.h"
#include "engine/rules/dotnet_pattern_scan.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {

// .NET's octal escape at the start of `digits` (written after the `\\` at `at`), as Boost reads
// it, appended to `out`: at most three octal digits, their value's low 8 bits a character
// (RegexOptions' "ECMAScript matching behavior" table). Returns how many digits it took; the
// rest are literal digits. A leading 8 or 9 starts no escape: .NET refuses the pattern.
std::size_t octal_escape(std::string_view digits, std::size_t at, std::string& out) {
  std::size_t used = 0;
  unsigned value = 0;
  while (used < digits.size() && used < 3 && digits[used] >= '0' && digits[used] <= '7')
    value = value * 8 + static_cast<unsigned>(digits[used++] - '0');
  if (used == 0) {
    throw boost::regex_error(fmt::format("\\{} names no group and is no escape", digits),
                             boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
  }
  value &= 0xFF;
  if (value < 0x80) {
    out += fmt::format("\\x{{{:02X}}}", value);
  } else {
    // U+0080 to U+00FF: the character's UTF-8 bytes, grouped so a quantifier takes both.
    out += "(?:";
    append_utf8_code_point(value, out);
    out += ')';
  }
  return used;
}

// Whether digits from `from` end with the closing mark of `open` ('<' or the apostrophe).
bool digits_close(std::string_view pattern, std::size_t from, char open) {
  std::size_t end = from;
  while (end < pattern.size() && ascii_is_digit(pattern[end])) ++end;
  return end > from && end < pattern.size() && pattern[end] == (open == '<' ? '>' : '\'');
}

[[noreturn]] void throw_undefined_reference(std::string_view reference, std::size_t at) {
  throw boost::regex_error(fmt::format("{} names no group", reference),
                           boost::regex_constants::error_backref, static_cast<std::ptrdiff_t>(at));
}

// .NET's \p{Name} and \P{Name} name a Unicode category or block (\p{L}: any letter). Boost
// looks the name up among its own classes, case-insensitively, outside a class only: \p{L} is
// its "l", the lower-case letters, \p{S} its white space, and [\p{L}] the characters p, {, L, }.
// No category is read rather than a wrong one (decision 750).
[[noreturn]] void throw_unicode_category(std::string_view pattern, std::size_t at) {
  const std::size_t close = pattern.find('}', at);
  const std::string_view escape = close == std::string_view::npos || close - at > 40
                                      ? pattern.substr(at, 2)
                                      : pattern.substr(at, close + 1 - at);
  throw boost::regex_error(
      fmt::format("{} (a Unicode category or block) is not read: mfsim has no table of them",
                  escape),
      boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
}

// .NET refuses a backslash before a word character it knows no escape for, in every script
// ("Unrecognized escape sequence \\é", RegexParser's ScanCharEscape): Boost read `\é` as `é`.
// A word character is one of \w's categories, or the zero-width (non-)joiner (decision 951).
void refuse_escaped_word_character(std::string_view pattern, std::size_t at) {
  if (at + 1 >= pattern.size() || static_cast<unsigned char>(pattern[at + 1]) < 0x80) return;
  std::uint32_t code = 0;
  if (utf8_sequence_length(pattern, at + 1, &code) == 0) return;  // refused as no UTF-8 later
  if (!is_boundary_word_character(code)) return;
  throw boost::regex_error(
      fmt::format("\\{} is no escape .NET knows",
                  pattern.substr(at + 1, utf8_sequence_length(pattern, at + 1))),
      boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
}

// Escapes outside a class that Boost reads otherwise than .NET: \< \> \` \' are anchors in
// Boost, \v a class of line breaks and \u an upper-case letter; a letter .NET does not know
// (\h, \R, \K, \X, \l, ...) is a construct in Boost and refused by .NET.
bool boost_only_escape(char c) {
  if (std::string_view("<>`'_").find(c) != std::string_view::npos) return true;
  return ascii_is_alpha(c) &&
         std::string_view("bBAGZzwWsSdDpPkxaefnrtc").find(c) == std::string_view::npos;
}

// .NET's reading of the escape at `at` (a boost_only_escape), written for Boost to `out`;
// returns its length. Throws boost::regex_error where .NET refuses the pattern.
std::size_t dotnet_escape(std::string_view pattern, std::size_t at, std::string& out) {
  const char c = pattern[at + 1];
  if (c == '<' || c == '\'') {
    // \<name>, \'name', \<N>: .NET's older spelling of \k<name> (RegexParser's "angle without
    // \k"); otherwise the character itself.
    const char close = c == '<' ? '>' : '\'';
    const std::size_t end = name_end(pattern, at + 2);
    if (end > at + 2 && end < pattern.size() && pattern[end] == close) {
      out += "\\k<";
      out.append(pattern.substr(at + 2, end - at - 2));
      out += '>';
      return end + 1 - at;
    }
  }
  if (!ascii_is_alpha(c) && c != '_') {
    out += fmt::format("\\x{{{:02X}}}", static_cast<unsigned>(c));  // \> \` \' and a lone \<
    return 2;
  }
  if (c == 'v') {
    out += "\\x{0B}";  // .NET's \v is the vertical tab alone
    return 2;
  }
  std::uint32_t code = 0;
  bool hex = c == 'u' && at + 6 <= pattern.size();
  for (std::size_t k = at + 2; hex && k < at + 6; ++k) {
    hex = ascii_hex_value(pattern[k]) >= 0;
    if (hex) code = code * 16 + static_cast<std::uint32_t>(ascii_hex_value(pattern[k]));
  }
  if (hex) {
    if (code < 0xD800 || code > 0xDFFF) {
      // One UTF-16 unit, as UTF-8 bytes grouped so a quantifier takes them all.
      out += "(?:";
      if (code < 0x80) {
        out += fmt::format("\\x{{{:02X}}}", code);
      } else {
        append_utf8_code_point(code, out);
      }
      out += ')';
      return 6;
    }
    throw boost::regex_error(
        fmt::format("\\{} is half of a surrogate pair, which no UTF-8 text holds",
                    pattern.substr(at + 1, 5)),
        boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
  }
  throw boost::regex_error(fmt::format("\\{} is no escape .NET knows", c),
                           boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
}

// The class written from `open` to its `]` at `end` as Boost reads it as .NET does; nullopt
// where Boost's reading is .NET's already. In a class \N is no back-reference but .NET's octal
// escape, which Boost refuses, and \uXXXX a UTF-16 unit where Boost reads the upper-case
// letters: an ASCII one is written \x{HH}, one past ASCII as the character itself, which the
// class, read by character (decision 851), holds as one member, negated or in a range too
// (decision 952). A letter or `_` .NET does not know as an escape is refused, as .NET refuses
// it (decision 762), and `\-` is a `-` of its own, never a range's start or end (decision 1110),
// as is a `-` after \d, \w or \s, which Boost refuses (decision 1153).
std::optional<std::string> class_for_boost(std::string_view pattern, std::size_t open,
                                           std::size_t end) {
  if (end >= pattern.size()) return std::nullopt;  // unclosed: Boost refuses it, as .NET does
  std::string members;                             // the class's members as Boost reads them
  bool changed = false;
  std::size_t copied = open;  // pattern[open, copied) is in members
  for (std::size_t k = open + 1; k + 1 < end; ++k) {
    if (pattern[k] != '\\') continue;
    const char c = pattern[k + 1];
    std::string escape;
    std::size_t used = 0;  // from the backslash
    if (ascii_is_digit(c)) {
      std::size_t digits = k + 1;
      while (digits < end && ascii_is_digit(pattern[digits])) ++digits;
      used = 1 + octal_escape(pattern.substr(k + 1, digits - k - 1), k, escape);
    } else if (c == 'p' || c == 'P') {
      throw_unicode_category(pattern, k);
    } else if (c == 'u' || c == '_' ||
               (ascii_is_alpha(c) &&
                std::string_view("dDwWsSxabefnrtc").find(c) == std::string_view::npos)) {
      used = dotnet_escape(pattern, k, escape);  // \v the vertical tab, \uXXXX; others refused
    } else {
      refuse_escaped_word_character(pattern, k);
      ++k;  // the escaped character
      continue;
    }
    if (escape.starts_with("(?:")) escape = escape.substr(3, escape.size() - 4);
    members.append(pattern.substr(copied, k - copied));
    members += escape;
    changed = true;
    copied = k + used;
    k = copied - 1;
  }
  if (changed) members.append(pattern.substr(copied, end + 1 - copied));
  const std::string_view written =
      changed ? std::string_view(members) : pattern.substr(open, end + 1 - open);
  if (std::optional<std::string> dashes = escaped_dashes_alone(written)) return dashes;
  if (!changed) return std::nullopt;
  return members;
}
}  // namespace mfsim::rules::ps
