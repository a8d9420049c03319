// RFC 2047 encoded-word decoder for header values, converting common charsets to UTF-8.
#include "engine/mail/rfc2047.h"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "engine/ascii.h"
#include "engine/mail/base64_alphabet.h"
#include "engine/mail/charset.h"
#include "engine/mail/six_bit_bytes.h"

namespace mfsim::mail {
namespace {

enum class charset_kind { utf8, ascii, latin1, cp1252, unknown };

enum class word_status { not_a_word, malformed, ok };

// `=?charset?E?text?=` as found in the value.
struct encoded_word {
  std::string_view charset;  // RFC 2231 language suffix removed
  bool base64 = false;       // B, else Q
  std::string_view text;
  std::size_t end = 0;  // offset just past "?="
};

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool all_space(std::string_view s) noexcept {
  for (const char c : s) {
    if (!is_space(c)) return false;
  }
  return true;
}

bool is_charset_byte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u >= 33 && u <= 126 && c != '?';
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> aliases) noexcept {
  for (const std::string_view alias : aliases) {
    if (ascii_iequals(name, alias)) return true;
  }
  return false;
}

charset_kind classify_charset(std::string_view name) noexcept {
  if (is_one_of(name, {"utf-8", "utf8"})) return charset_kind::utf8;
  if (is_one_of(name, {"us-ascii", "ascii", "ansi_x3.4-1968"})) return charset_kind::ascii;
  if (is_one_of(name, {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1"})) {
    return charset_kind::latin1;
  }
  if (is_one_of(name, {"windows-1252", "cp1252"})) return charset_kind::cp1252;
  return charset_kind::unknown;
}

// Parses the encoded word whose "=?" is at `pos`. Without a full `=?charset?B|Q?` prefix the
// bytes are plain text; with the prefix but no closing "?=" the word is malformed.
word_status parse_word(std::string_view value, std::size_t pos, encoded_word& word) noexcept {
  const std::size_t charset_begin = pos + 2;
  std::size_t i = charset_begin;
  while (i < value.size() && is_charset_byte(value[i])) ++i;
  if (i == charset_begin || i + 2 >= value.size() || value[i] != '?' || value[i + 2] != '?') {
    return word_status::not_a_word;
  }
  const char encoding = ascii_upper(value[i + 1]);
  if (encoding != 'B' && encoding != 'Q') return word_status::not_a_word;
  const std::size_t text_begin = i + 3;
  const std::size_t close = value.find('?', text_begin);
  if (close == std::string_view::npos || close + 1 >= value.size() || value[close + 1] != '=') {
    return word_status::malformed;
  }
  const std::string_view charset = value.substr(charset_begin, i - charset_begin);
  word.charset = charset.substr(0, charset.find('*'));
  word.base64 = encoding == 'B';
  word.text = value.substr(text_begin, close - text_begin);
  word.end = close + 2;
  return word_status::ok;
}

// Appends the decoded bytes; false on a byte outside the alphabet. Missing padding is
// tolerated, leftover bits are dropped, and a '=' ends a quantum so that concatenated
// encodings decode; whitespace left over from folding is skipped.
bool decode_b(std::string_view text, std::string& out) {
  six_bit_bytes bytes;
  for (const char c : text) {
    if (is_space(c)) continue;
    if (c == '=') {
      bytes.reset();
      continue;
    }
    const int v = base64_value(c);
    if (v < 0) return false;
    char byte = 0;
    if (bytes.add(static_cast<unsigned>(v), byte)) out.push_back(byte);
  }
  return true;
}

// Appends the decoded bytes. A '=' not followed by two hex digits stays literal, as
// RFC 2045 section 6.7 note 2 suggests (and mimetic does).
void decode_q(std::string_view text, std::string& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < text.size() && ascii_hex_value(text[i + 1]) >= 0 &&
               ascii_hex_value(text[i + 2]) >= 0) {
      out.push_back(
          static_cast<char>(ascii_hex_value(text[i + 1]) * 16 + ascii_hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
}

// Windows-1252 code points for 0x80..0x9F; its five unassigned bytes map as in Latin-1.
constexpr std::array<char16_t, 32> cp1252_c1 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

char32_t single_byte_code_point(unsigned char b, bool cp1252) noexcept {
  if (cp1252 && b >= 0x80 && b <= 0x9F) return cp1252_c1[b - 0x80u];
  return b;
}

std::size_t utf8_length(char32_t cp) noexcept { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3; }

// Converts out[start..] from a single-byte charset to UTF-8 in place: the string grows once
// and is rewritten from the back, so no second buffer is needed.
void single_byte_to_utf8(std::string& out, std::size_t start, bool cp1252) {
  std::size_t extra = 0;
  for (std::size_t i = start; i < out.size(); ++i) {
    extra += utf8_length(single_byte_code_point(static_cast<unsigned char>(out[i]), cp1252)) - 1;
  }
  if (extra == 0) return;
  std::size_t src = out.size();
  std::size_t dst = src + extra;
  out.resize(dst);
  while (src > start) {
    const char32_t cp = single_byte_code_point(static_cast<unsigned char>(out[--src]), cp1252);
    if (cp < 0x80) {
      out[--dst] = static_cast<char>(cp);
      continue;
    }
    const std::size_t length = utf8_length(cp);
    char32_t rest = cp;
    for (std::size_t k = length - 1; k > 0; --k) {
      out[--dst] = static_cast<char>(0x80u | (rest & 0x3Fu));
      rest >>= 6;
    }
    out[--dst] = static_cast<char>((length == 2 ? 0xC0u : 0xE0u) | rest);
  }
}

// Appends the decoded word; false when it is malformed (out is then left as it was).
// `known_charset` tells whether its bytes were converted to UTF-8.
bool append_word(const encoded_word& word, std::string& out, bool& known_charset) {
  const std::size_t start = out.size();
  if (word.base64) {
    if (!decode_b(word.text, out)) {
      out.resize(start);
      return false;
    }
  } else {
    decode_q(word.text, out);
  }
  const charset_kind kind = classify_charset(word.charset);
  known_charset = kind != charset_kind::unknown;
  // US-ASCII has no bytes >= 0x80; a stray one is read as Latin-1 rather than lost.
  if (kind == charset_kind::ascii || kind == charset_kind::latin1) {
    single_byte_to_utf8(out, start, false);
  } else if (kind == charset_kind::cp1252) {
    single_byte_to_utf8(out, start, true);
  } else if (kind == charset_kind::unknown) {
    // Any other charset iconv knows (KOI8-R, Shift_JIS, GB2312, ...); else the bytes as sent.
    // The word's bytes move to a buffer each thread keeps: no allocation once warm.
    static thread_local std::string raw;
    raw.assign(out, start);
    out.resize(start);
    known_charset = append_as_utf8(word.charset, raw, out);
    if (!known_charset) out += raw;
  }
  return true;
}

}  // namespace

rfc2047_result decode_rfc2047(std::string_view value, std::string& out) {
  bool any_word = false;
  bool any_bad = false;
  bool after_word = false;  // the text since `pos` follows a decoded word
  std::size_t pos = 0;      // start of the text not yet appended
  std::size_t search = 0;
  for (;;) {
    const std::size_t at = value.find("=?", search);
    if (at == std::string_view::npos) break;
    encoded_word word;
    const word_status status = parse_word(value, at, word);
    if (status != word_status::ok) {
      any_bad = any_bad || status == word_status::malformed;
      search = at + 1;
      continue;
    }
    const std::string_view gap = value.substr(pos, at - pos);
    // RFC 2047 section 6.2: whitespace between two adjacent encoded words is dropped.
    if (!(after_word && all_space(gap))) out.append(gap);
    bool known_charset = true;
    after_word = append_word(word, out, known_charset);
    if (!after_word) out.append(value.substr(at, word.end - at));
    any_bad = any_bad || !after_word || !known_charset;
    any_word = any_word || after_word;
    pos = search = word.end;
  }
  out.append(value.substr(pos));
  if (any_bad) return rfc2047_result::partly_bad;
  return any_word ? rfc2047_result::decoded : rfc2047_result::plain;
}

}  // namespace mfsim::mail
