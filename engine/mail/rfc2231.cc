// rfc2231_parameter(): one pass over the parameters, the sections sorted by number.
#include "engine/mail/rfc2231.h"

#include <algorithm>
#include <vector>

#include "engine/ascii.h"
#include "engine/mail/charset.h"

namespace mfsim::mail {
namespace {

// One section of a parameter: `name*N` (or `name*` alone, number 0), `*` after it when encoded.
struct section {
  unsigned number = 0;
  bool encoded = false;
  std::string_view value;
};

// RFC 2231 section 7: `*0` or `*` then a number without a leading zero; a bound on the digits
// keeps it small (a header field holds a few thousand sections at most).
bool read_section_number(std::string_view digits, unsigned& number) {
  if (digits.empty() || digits.size() > 6 || (digits.size() > 1 && digits.front() == '0'))
    return false;
  number = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
    number = number * 10 + static_cast<unsigned>(c - '0');
  }
  return true;
}

// `%XX` decoded; any other byte (a stray `%` too) as it is.
void append_percent_decoded(std::string_view text, std::string& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && ascii_hex_value(text[i + 1]) >= 0 &&
        ascii_hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(ascii_hex_value(text[i + 1]) * 16 + ascii_hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
}

}  // namespace

std::string rfc2231_parameter(const std::vector<mime_parameter>& params, std::string_view name) {
  std::vector<section> sections;
  bool extended = false;  // `name*=`: the whole value in one encoded section
  for (const mime_parameter& param : params) {
    const std::string_view key = param.name;
    if (key.size() <= name.size() || !ascii_iequals(key.substr(0, name.size()), name) ||
        key[name.size()] != '*')
      continue;
    std::string_view rest = key.substr(name.size() + 1);
    if (rest.empty()) {  // `name*=`, which RFC 2231 section 4 gives no number
      if (!extended) sections.insert(sections.begin(), {0, true, param.value});
      extended = true;
      continue;
    }
    section s{0, rest.back() == '*', param.value};
    if (s.encoded) rest.remove_suffix(1);
    if (read_section_number(rest, s.number)) sections.push_back(s);
  }
  if (extended) sections.resize(1);
  // The first of each number counts (a repeated one is an error RFC 2231 leaves open).
  std::stable_sort(sections.begin(), sections.end(),
                   [](const section& a, const section& b) { return a.number < b.number; });
  std::string charset;
  std::string bytes;
  unsigned expected = 0;
  for (const section& s : sections) {
    if (s.number < expected) continue;
    if (s.number > expected) break;  // a gap: the value ends where its sections stop
    ++expected;
    std::string_view text = s.value;
    // The first encoded section starts with `charset'language'` (either may be empty).
    if (s.encoded && s.number == 0) {
      const std::size_t first = text.find('\'');
      const std::size_t second =
          first == std::string_view::npos ? first : text.find('\'', first + 1);
      if (second != std::string_view::npos) {
        charset = text.substr(0, first);
        text.remove_prefix(second + 1);
      }
    }
    if (s.encoded) {
      append_percent_decoded(text, bytes);
    } else {
      bytes += text;
    }
  }
  if (needs_no_conversion(charset)) return bytes;
  std::string converted;
  return append_as_utf8(charset, bytes, converted) ? converted : bytes;
}

}  // namespace mfsim::mail
