#include "engine/rules/character_regex.h"

#include <fmt/format.h>

#include <cstdint>

#include "engine/utf8.h"

namespace mfsim::rules::ps {

character_regex::character_regex(std::string_view pattern, boost::regex::flag_type flags) {
  std::vector<code_point_iterator::value_type> code_points;
  code_points.reserve(pattern.size());
  for (std::size_t at = 0; at < pattern.size();) {
    const auto b = static_cast<unsigned char>(pattern[at]);
    std::uint32_t code = b;
    const std::size_t length = b < 0x80 ? 1 : utf8_sequence_length(pattern, at, &code);
    if (length == 0) {
      // A text's stray byte is a character of its own (code_point_iterator); a pattern's is
      // refused: it could stand for no character the writer meant (decision 852).
      throw boost::regex_error(
          fmt::format("the byte 0x{:02X} at offset {} starts no UTF-8 character", b, at),
          boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
    }
    code_points.push_back(static_cast<code_point_iterator::value_type>(code));
    at += length;
  }
  chars_ = boost::u32regex(code_points.begin(), code_points.end(), flags);
  // An ASCII text searched by bytes finds what a search by characters finds, faster: each of
  // its bytes is a character. A pattern past ASCII needs the characters whatever the text.
  if (!has_non_ascii(pattern)) bytes_.emplace(pattern.begin(), pattern.end(), flags);
}

bool character_regex::search(std::string_view text, regex_match& found) const {
  if (!reads_by_character(text)) {
    boost::cmatch& m = found.bytes_;
    const char* const first = text.data();
    if (!boost::regex_search(first, first + text.size(), m, *bytes_)) return false;
    found.assign(m, [&](const char* at) { return static_cast<std::size_t>(at - first); });
    return true;
  }
  boost::match_results<code_point_iterator>& m = found.chars_;
  if (!boost::regex_search(code_point_iterator(text, 0), code_point_iterator(text, text.size()), m,
                           chars_)) {
    return false;
  }
  found.assign(m, [](const code_point_iterator& at) { return at.offset(); });
  return true;
}

}  // namespace mfsim::rules::ps
