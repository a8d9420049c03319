// One walk over UTF-8 and one table of backslash escapes for every writer (JSON, HTML, XML,
// YAML).
#include "engine/escape.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>

#include "engine/ascii.h"
#include "engine/mail/byte_search.h"
#include "engine/utf8.h"

namespace mfsim {
namespace {

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

bool any_code_point(std::uint32_t) { return true; }

// No byte is known to be written as it is: each goes through `ascii`.
struct no_plain_bytes {
  bool operator()(unsigned char) const noexcept { return false; }
};

// Copies `text` to `out`: each ASCII byte through `ascii`, each well-formed multibyte character
// as it is when `allowed`, everything else as U+FFFD (one per byte of a malformed sequence).
// Runs of bytes `plain` accepts (ones `ascii` would write unchanged) are appended at once.
template <class Ascii, class Plain = no_plain_bytes>
void append_utf8(std::string& out, std::string_view text, Ascii ascii,
                 bool (*allowed)(std::uint32_t) = any_code_point, Plain plain = {}) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t run = i;
    while (run < text.size() && plain(static_cast<unsigned char>(text[run]))) ++run;
    if (run != i) {
      out.append(text.data() + i, run - i);
      i = run;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ascii(out, c);
      ++i;
      continue;
    }
    std::uint32_t code = 0;
    const std::size_t n = utf8_sequence_length(text, i, &code);
    if (n == 0 || !allowed(code)) {
      out += kReplacement;
      i += n == 0 ? 1 : n;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// The bytes a JSON string holds as they are: printable ASCII but the quote and the backslash.
constexpr std::array<bool, 256> kPlainJsonBytes = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7f; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// The length of the run of plain bytes `text` starts with.
std::size_t plain_json_prefix(std::string_view text) noexcept {
  using namespace mail::byte_search_detail;
  const char* plain_end = mail::find_not_plain(
      text.data(), text.data() + text.size(),
      [](std::uint64_t word) {
        return bytes_below(word, 0x20) | (word & kHighBits) | bytes_equal(word, 0x7f) |
               bytes_equal(word, '"') | bytes_equal(word, '\\');
      },
      [](char c) { return kPlainJsonBytes[static_cast<unsigned char>(c)]; });
  return static_cast<std::size_t>(plain_end - text.data());
}

// The backslash escapes JSON and YAML double-quoted strings share. False for other bytes.
bool append_backslash_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; return true;
    case '\\': out += "\\\\"; return true;
    case '\n': out += "\\n"; return true;
    case '\r': out += "\\r"; return true;
    case '\t': out += "\\t"; return true;
    default: return false;
  }
}

// HTML and XML: the five special characters as entities (the apostrophe as each spells it), tab
// and line ends kept, the controls `forbidden` says replaced.
void append_markup(std::string& out, unsigned char c, std::string_view apostrophe,
                   bool (*forbidden)(unsigned char)) {
  switch (c) {
    case '&': out += "&amp;"; return;
    case '<': out += "&lt;"; return;
    case '>': out += "&gt;"; return;
    case '"': out += "&quot;"; return;
    case '\'': out += apostrophe; return;
    case '\t':
    case '\n':
    case '\r': out += static_cast<char>(c); return;
    default:
      if (forbidden(c))
        out += kReplacement;
      else
        out += static_cast<char>(c);
  }
}

// ---- YAML ---------------------------------------------------------------------------------

std::string yaml_double_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0)
      out += "\\0";
    else if (append_backslash_escape(out, c))
      continue;
    else if (is_control(c))
      out += fmt::format("\\x{:02x}", c);
    else
      out += ch;
  }
  return out + "\"";
}

std::string yaml_single_quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

bool has_control(std::string_view text) {
  for (const char c : text) {
    if (is_control(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

// Plain is safe when it cannot start another construct, end early or resolve to a non-string.
bool plain_is_safe(std::string_view text, bool in_flow) {
  if (text.empty()) return false;
  constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
  if (indicators.find(text.front()) != std::string_view::npos) return false;
  if (text.front() == ' ' || text.back() == ' ' || text.back() == ':') return false;
  if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos) {
    return false;
  }
  if (in_flow && text.find_first_of(",[]{}") != std::string_view::npos) return false;
  return !yaml_plain_resolves_to_non_string(text);
}

// Digits in `alphabet` and '_' (YAML 1.1 separators), at least one digit.
bool all_digits_of(std::string_view text, std::string_view alphabet) {
  bool digit = false;
  for (const char c : text) {
    if (c == '_') continue;
    if (alphabet.find(c) == std::string_view::npos) return false;
    digit = true;
  }
  return digit;
}

// Decimal ints and floats of YAML 1.1 and 1.2, sexagesimal (1:30) included: digits, '_' and
// ':' before an optional fraction, then an optional exponent.
bool is_decimal_number(std::string_view text) {
  const std::size_t exponent = text.find_first_of("eE");
  std::string_view mantissa = text.substr(0, exponent);
  if (exponent != std::string_view::npos) {
    std::string_view e = text.substr(exponent + 1);
    if (!e.empty() && (e.front() == '+' || e.front() == '-')) e.remove_prefix(1);
    if (e.empty() || !all_digits_of(e, "0123456789")) return false;
  }
  const std::size_t dot = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
  if (fraction.find_first_not_of("0123456789_") != std::string_view::npos) return false;
  if (!whole.empty() && !ascii_is_digit(whole.front())) return false;
  if (whole.find_first_not_of("0123456789_:") != std::string_view::npos) return false;
  if (!whole.empty() && whole.back() == ':') return false;
  return all_digits_of(std::string(whole) + std::string(fraction), "0123456789:");
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  // Most values are printable ASCII throughout: found many bytes a step and appended at once;
  // the walk over UTF-8 takes the rest from the first byte that is not.
  const std::size_t plain = plain_json_prefix(text);
  out += '"';
  out.append(text.data(), plain);
  if (plain != text.size()) {
    append_utf8(
        out, text.substr(plain),
        [](std::string& o, unsigned char c) {
          if (append_backslash_escape(o, c)) return;
          if (is_control(c))
            o += fmt::format("\\u{:04x}", c);
          else
            o += static_cast<char>(c);
        },
        any_code_point, [](unsigned char c) { return kPlainJsonBytes[c]; });
  }
  out += '"';
}

void append_html_escaped(std::string& out, std::string_view text) {
  append_utf8(out, text,
              [](std::string& o, unsigned char c) { append_markup(o, c, "&#39;", is_control); });
}

void append_xml_escaped(std::string& out, std::string_view text, bool attribute) {
  // XML 1.0 allows U+007F; it forbids the C0 controls and the noncharacters U+FFFE and U+FFFF.
  // A parser turns a raw CR into LF, and in an attribute a raw tab or LF into a space: those
  // are written as character references so the value reads back as written.
  append_utf8(
      out, text,
      [attribute](std::string& o, unsigned char c) {
        if (c == '\r')
          o += "&#13;";
        else if (attribute && c == '\t')
          o += "&#9;";
        else if (attribute && c == '\n')
          o += "&#10;";
        else
          append_markup(o, c, "&apos;", [](unsigned char b) { return b < 0x20; });
      },
      [](std::uint32_t code) { return code != 0xfffe && code != 0xffff; });
}

namespace {

// Starts like a YAML 1.1 timestamp (2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14
// 21:59:43.10): quoted, as quoting never changes a text.
bool is_yaml_timestamp(std::string_view text) {
  const auto digits = [&](std::size_t from, std::size_t count) {
    if (from + count > text.size()) return false;
    for (std::size_t k = from; k < from + count; ++k) {
      if (!ascii_is_digit(text[k])) return false;
    }
    return true;
  };
  if (!digits(0, 4) || text.size() < 8 || text[4] != '-') return false;
  std::size_t at = 5;
  for (int part = 0; part < 2; ++part) {  // month, then day: one or two digits
    if (!digits(at, 1)) return false;
    at += digits(at + 1, 1) ? 2 : 1;
    if (part == 0) {
      if (at >= text.size() || text[at] != '-') return false;
      ++at;
    }
  }
  return at == text.size() || text[at] == 'T' || text[at] == 't' || text[at] == ' ' ||
         text[at] == '\t';
}

}  // namespace

bool yaml_plain_resolves_to_non_string(std::string_view text) {
  if (is_yaml_timestamp(text)) return true;
  static constexpr std::array<std::string_view, 27> kWords = {
      "",      "~",     "null", "Null", "NULL", "true", "True", "TRUE", "false",
      "False", "FALSE", "yes",  "Yes",  "YES",  "no",   "No",   "NO",   "on",
      "On",    "ON",    "off",  "Off",  "OFF",  "y",    "Y",    "n",    "N"};
  for (const auto word : kWords) {
    if (text == word) return true;
  }
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  for (const auto special : {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"}) {
    if (text == special) return true;
  }
  if (text.size() > 2 && text[0] == '0') {
    const std::string_view digits = text.substr(2);
    if (text[1] == 'x' || text[1] == 'X') return all_digits_of(digits, "0123456789abcdefABCDEF");
    if (text[1] == 'o') return all_digits_of(digits, "01234567");
    if (text[1] == 'b') return all_digits_of(digits, "01");
  }
  return is_decimal_number(text);
}

std::string yaml_scalar(std::string_view text, bool in_flow) {
  if (has_control(text)) return yaml_double_quoted(text);
  if (plain_is_safe(text, in_flow)) return std::string(text);
  return yaml_single_quoted(text);
}

}  // namespace mfsim
