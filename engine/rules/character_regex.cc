#include "engine/rules/character_regex.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

// Boost's own bounds on a byte search's steps (perl_matcher's estimate_max_state_count): a
// floor of 100,000 and a ceiling of BOOST_REGEX_MAX_STATE_COUNT.
constexpr std::size_t kSearchReadsFloor = 100'000;
constexpr std::size_t kMaxSearchReads = BOOST_REGEX_MAX_STATE_COUNT;
// The entries of Boost's map of the characters a match may start with: one per byte value.
constexpr std::size_t kMapSize = 256;
// How many more places a search of joiners_ tries one by one than the map passes over before
// Boost's own search takes the rest.
constexpr std::size_t kTriedAlone = 64;
// How many characters a search by character may read for each step the byte search may take.
constexpr std::size_t kReadsPerStep = 4;

// a * b, or kMaxSearchReads where that is more.
std::size_t capped_product(std::size_t a, std::size_t b) {
  return a != 0 && b > kMaxSearchReads / a ? kMaxSearchReads : std::min(a * b, kMaxSearchReads);
}

// The characters of `pattern`. Throws boost::regex_error where it is not well-formed UTF-8.
std::vector<code_point_iterator::value_type> code_points_of(std::string_view pattern) {
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
  return code_points;
}

}  // namespace

character_regex::character_regex(std::string_view by_byte, std::string_view by_character,
                                 boost::regex::flag_type flags) {
  const std::vector<code_point_iterator::value_type> code_points = code_points_of(by_byte);
  chars_.assign(code_points.data(), code_points.data() + code_points.size(), flags);
  pattern_characters_ = code_points.size();
  if (by_character != by_byte) {
    const std::vector<code_point_iterator::value_type> written = code_points_of(by_character);
    joiners_.emplace(written.data(), written.data() + written.size(), flags);
    const unsigned char* const map = chars_.get_map();
    joiners_mapped_ = by_character.find("\\G") == std::string_view::npos && !chars_.can_be_null() &&
                      std::any_of(map, map + kMapSize, [](unsigned char m) {
                        return (m & boost::BOOST_REGEX_DETAIL_NS::mask_any) == 0;
                      });
  }
  // An ASCII text searched by bytes finds what a search by characters finds, faster: each of
  // its bytes is a character. A pattern past ASCII needs the characters whatever the text.
  if (!has_non_ascii(by_byte)) bytes_.emplace(by_byte.begin(), by_byte.end(), flags);
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
  regex_budget reads{0, search_reads(text.size())};
  try {
    const code_point_iterator first(text, 0, &reads);
    if (!search_characters(first, code_point_iterator(text, text.size(), &reads), m,
                           characters_for(text), boost::match_default, first)) {
      return false;
    }
  } catch (const regex_budget_exhausted&) {
    throw_search_too_long(text.size());
  }
  found.assign(m, [](const code_point_iterator& at) { return at.offset(); });
  return true;
}

// Only a text that holds U+200C or U+200D (UTF-8 E2 80 8C, E2 80 8D) can tell .NET's \b from
// Boost's (decision 1057); written out, a \b took seven times as long to search a text past
// ASCII as Boost's own, whose search skips to where the next character can start a match
// (decision 1096).
const character_regex::icu_regex& character_regex::characters_for(
    std::string_view text) const noexcept {
  if (!joiners_) return chars_;
  for (std::size_t at = text.find("\xE2\x80"); at != std::string_view::npos;
       at = text.find("\xE2\x80", at + 1)) {
    if (at + 2 < text.size() && (text[at + 2] == '\x8C' || text[at + 2] == '\x8D'))
      return *joiners_;
  }
  return chars_;
}

// Boost's own search over a map of first characters (perl_matcher::find_restart_any), with
// chars_' map: each place tried is a search of its own, anchored there, what lies before it
// read as text. The characters read stay bounded by the caller's count.
bool character_regex::search_characters(code_point_iterator from, code_point_iterator last,
                                        boost::match_results<code_point_iterator>& m,
                                        const icu_regex& re, boost::match_flag_type flags,
                                        code_point_iterator base) const {
  if (&re == &chars_ || !joiners_mapped_)
    return boost::regex_search(from, last, m, re, flags, base);
  const unsigned char* const map = chars_.get_map();
  std::size_t passed = 0;  // places the map passed over
  std::size_t tried = 0;
  for (code_point_iterator at = from; at != last; ++at) {
    if (!boost::BOOST_REGEX_DETAIL_NS::can_start(static_cast<std::uint32_t>(*at), map,
                                                 boost::BOOST_REGEX_DETAIL_NS::mask_any)) {
      ++passed;
      continue;
    }
    const boost::match_flag_type here = at == from ? flags : flags | boost::match_prev_avail;
    // Where most places may start a match (letters, or characters past the map's 256), a
    // search of each costs more than Boost's own search, which takes the rest.
    if (++tried > passed + kTriedAlone) return boost::regex_search(at, last, m, re, here, base);
    if (boost::regex_search(at, last, m, re, here | boost::match_continuous, base)) return true;
  }
  return false;  // no empty match: joiners_mapped_ holds only where chars_ has none
}

// Boost bounds a search's steps by the text's length only where its iterator can measure it in
// one step (a random-access one): with code_point_iterator its bound is 100 million steps, and
// `^(a+)+$` over 24 letters and an `é` ran for 3 s, not the byte search's millisecond. The
// characters read are bounded instead by Boost's bound on the byte search's steps (decision
// 953), times kReadsPerStep: a step reads a character or two, a repeat's one step all it takes,
// so `[a-z].*invoice` over a line of 3,250 letters and one `é` read 1.5 times the bytes' squared
// length and gave up where the same line without the `é` was searched (decision 1019).
std::size_t character_regex::search_reads(std::size_t bytes) const noexcept {
  const std::size_t pattern = pattern_characters_;
  const std::size_t most = std::max(capped_product(capped_product(pattern, pattern), bytes),
                                    capped_product(bytes, bytes));
  return (std::min(most, kMaxSearchReads - kSearchReadsFloor) + kSearchReadsFloor) * kReadsPerStep;
}

void character_regex::throw_search_too_long(std::size_t bytes) {
  throw std::runtime_error(
      fmt::format("the search read more than the characters a text of {} bytes may take", bytes));
}

}  // namespace mfsim::rules::ps
