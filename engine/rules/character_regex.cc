#include "engine/rules/character_regex.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/regex.hpp>
#include <boost/regex/icu.hpp>
#include <boost/version.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "engine/case_fold.h"
#include "engine/rules/code_point_iterator.h"
#include "engine/rules/dotnet_icu_traits.h"
#include "engine/utf8.h"

// The search over a text holding a joiner (decisions 1113, 1176) reads Boost's own map of the
// characters a match may start with: basic_regex::get_map, can_start and mask_any, which Boost
// keeps to itself and may change with any release. They are read in the Boost they were checked
// against (1.74) only; another Boost searches as Boost does, slower over such a text but the
// same matches, until someone checks them there and widens this range.
#ifndef MFSIM_READS_BOOST_START_MAP  // defined 0 on the command line: the search without the map
#if BOOST_VERSION >= 107400 && BOOST_VERSION < 107500
#define MFSIM_READS_BOOST_START_MAP 1
#else
#define MFSIM_READS_BOOST_START_MAP 0
#pragma message(                                                               \
    "decisions 1113 and 1176: this Boost's first-character map is unchecked, " \
    "so a text holding a joiner is searched without it (slower, same matches)")
#endif
#endif

namespace mfsim::rules::ps {
namespace {

// Boost's own bounds on a byte search's steps (perl_matcher's estimate_max_state_count): a
// floor of 100,000 and a ceiling of BOOST_REGEX_MAX_STATE_COUNT.
constexpr std::size_t kSearchReadsFloor = 100'000;
constexpr std::size_t kMaxSearchReads = BOOST_REGEX_MAX_STATE_COUNT;
// How many characters a search by character may read for each step the byte search may take.
constexpr std::size_t kReadsPerStep = 4;
// The entries of Boost's map of the characters a match may start with: one per byte value
// (unused where the map is not read: MFSIM_READS_BOOST_START_MAP).
[[maybe_unused]] constexpr std::size_t kMapSize = 256;
// How many more places a search of joiners tries one by one than the map passes over before
// Boost's own search takes the rest.
[[maybe_unused]] constexpr std::size_t kTriedAlone = 64;

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

[[noreturn]] void throw_search_too_long(std::size_t bytes) {
  throw std::runtime_error(
      fmt::format("the search read more than the characters a text of {} bytes may take", bytes));
}

}  // namespace

static_assert(std::is_same_v<regex_flags, boost::regex::flag_type>);

using icu_regex = boost::basic_regex<code_point_iterator::value_type, dotnet_icu_traits>;

struct regex_match::boost_results {
  boost::cmatch bytes;
  boost::match_results<code_point_iterator> chars;
};

regex_match::regex_match() = default;
regex_match::~regex_match() = default;
regex_match::regex_match(const regex_match& other) : spans_(other.spans_) {}
regex_match& regex_match::operator=(const regex_match& other) {
  spans_ = other.spans_;
  return *this;
}
regex_match::regex_match(regex_match&&) noexcept = default;
regex_match& regex_match::operator=(regex_match&&) noexcept = default;

template <class Match, class Offset>
void regex_match::assign(const Match& m, Offset offset) {
  spans_.assign(m.size(), span{});
  for (std::size_t g = 0; g < spans_.size(); ++g) {
    const auto& group = m[static_cast<int>(g)];
    if (!group.matched) continue;
    const std::size_t from = offset(group.first);
    spans_[g] = {from, offset(group.second) - from, true};
  }
}

regex_match::boost_results& regex_match::results() {
  if (!results_) results_ = std::make_unique<boost_results>();
  return *results_;
}

struct character_regex::compiled {
  std::optional<boost::regex> ascii;  // an ASCII pattern, for ASCII text
  icu_regex chars;                    // by byte's pattern, by character
  std::optional<icu_regex> joiners;   // by character's, where it is another
  // Whether chars' map of the characters a match may start with passes some over, so that
  // joiners' search may try only the places it picks (no \G, which holds where a search
  // starts, and no empty match).
  bool joiners_mapped = false;
  std::size_t pattern_characters = 0;  // of the pattern by byte, which bounds a search's reads

  [[nodiscard]] bool reads_by_character(std::string_view text) const noexcept {
    return !ascii || has_non_ascii(text);
  }
  // The pattern searched by character over `text`: the one written for the zero-width
  // (non-)joiners where `text` holds one.
  [[nodiscard]] const icu_regex& characters_for(std::string_view text) const noexcept;
  // How many characters one search by character of a text of `bytes` may read: Boost's own
  // bound on the same search by byte (decision 953).
  [[nodiscard]] std::size_t search_reads(std::size_t bytes) const noexcept;
  // boost::regex_search of `re` from `from` to `last`, the text from `base`. A \b written
  // out for the joiners is a look-ahead, past which Boost finds no character a match must
  // start with and so tries every place (decision 1096): joiners is tried only where chars,
  // the same pattern with Boost's \b, may start a match, as a match of either starts with
  // the same characters (decision 1113).
  bool search_characters(code_point_iterator from, code_point_iterator last,
                         boost::match_results<code_point_iterator>& m, const icu_regex& re,
                         boost::match_flag_type flags, code_point_iterator base) const;
};

character_regex::character_regex(std::string_view by_byte, std::string_view by_character,
                                 regex_flags flags) {
  auto made = std::make_shared<compiled>();
  const std::vector<code_point_iterator::value_type> code_points = code_points_of(by_byte);
  made->chars.assign(code_points.data(), code_points.data() + code_points.size(), flags);
  made->pattern_characters = code_points.size();
  if (by_character != by_byte) {
    const std::vector<code_point_iterator::value_type> written = code_points_of(by_character);
    made->joiners.emplace(written.data(), written.data() + written.size(), flags);
#if MFSIM_READS_BOOST_START_MAP
    const unsigned char* const map = made->chars.get_map();
    made->joiners_mapped = by_character.find("\\G") == std::string_view::npos &&
                           !made->chars.can_be_null() &&
                           std::any_of(map, map + kMapSize, [](unsigned char entry) {
                             return (entry & boost::BOOST_REGEX_DETAIL_NS::mask_any) == 0;
                           });
#endif
  }
  // An ASCII text searched by bytes finds what a search by characters finds, faster: each of
  // its bytes is a character. A pattern past ASCII needs the characters whatever the text.
  if (!has_non_ascii(by_byte)) made->ascii.emplace(by_byte.begin(), by_byte.end(), flags);
  compiled_ = std::move(made);
}

// A regex made by the default constructor searches as Boost's empty pattern does.
const character_regex::compiled& character_regex::patterns() const noexcept {
  static const compiled empty;
  return compiled_ ? *compiled_ : empty;
}

std::size_t character_regex::mark_count() const noexcept { return patterns().chars.mark_count(); }

bool character_regex::reads_by_character(std::string_view text) const noexcept {
  return patterns().reads_by_character(text);
}

bool character_regex::search(std::string_view text, regex_match& found) const {
  const compiled& c = patterns();
  if (!c.reads_by_character(text)) {
    boost::cmatch& m = found.results().bytes;
    const char* const first = text.data();
    if (!boost::regex_search(first, first + text.size(), m, *c.ascii)) return false;
    found.assign(m, [&](const char* at) { return static_cast<std::size_t>(at - first); });
    return true;
  }
  boost::match_results<code_point_iterator>& m = found.results().chars;
  regex_budget reads{0, c.search_reads(text.size())};
  try {
    const code_point_iterator first(text, 0, &reads);
    if (!c.search_characters(first, code_point_iterator(text, text.size(), &reads), m,
                             c.characters_for(text), boost::match_default, first)) {
      return false;
    }
  } catch (const regex_budget_exhausted&) {
    throw_search_too_long(text.size());
  }
  found.assign(m, [](const code_point_iterator& at) { return at.offset(); });
  return true;
}

void character_regex::each_match(std::string_view text, regex_budget& budget,
                                 bool (*each)(void* state, const regex_match& found),
                                 void* state) const {
  const compiled& c = patterns();
  regex_match found;  // one, refilled: its groups allocated once
  // The matches of `re` from `first` to `last`, each given to `each` as `found`. After an empty
  // match the next search begins one character on, as .NET's Match.NextMatch does: Boost's
  // regex_iterator (Perl's rule) retries the same place for a longer match, so 'aa' -replace
  // 'a*?','X' gave XXXXX where .NET gives XaXaX (decision 950).
  // `search` finds the next match into `m` from a place with Boost's flags; `bounded` runs
  // each search, as the caller bounds it.
  const auto matches = [&](auto first, auto last, auto search, auto& m, auto offset, auto bounded) {
    auto from = first;
    boost::match_flag_type flags = boost::match_default;
    while (bounded([&] { return search(from, flags); })) {
      found.assign(m, offset);
      if (!each(state, std::as_const(found))) return;
      from = m[0].second;
      if (m[0].first == m[0].second) {
        if (from == last) return;
        ++from;
      }
      flags = boost::match_prev_avail;  // what lies before `from` is text: \b and (?<=) read it
    }
  };
  if (!c.reads_by_character(text)) {
    const counted_iterator first(text.data(), &budget);
    const counted_iterator last(text.data() + text.size(), &budget);
    boost::match_results<counted_iterator> m;
    matches(
        first, last,
        [&](counted_iterator from, boost::match_flag_type flags) {
          return boost::regex_search(from, last, m, *c.ascii, flags, first);
        },
        m, [&](const counted_iterator& at) { return static_cast<std::size_t>(at - first); },
        [](auto search) { return search(); });
    return;
  }
  // Each search reads against a bound of its own, its reads then charged to `budget`.
  regex_budget reads;
  const std::size_t most = c.search_reads(text.size());
  boost::match_results<code_point_iterator> m;
  const code_point_iterator first(text, 0, &reads);
  const code_point_iterator last(text, text.size(), &reads);
  const icu_regex& re = c.characters_for(text);
  matches(
      first, last,
      [&](code_point_iterator from, boost::match_flag_type flags) {
        return c.search_characters(from, last, m, re, flags, first);
      },
      m, [](const code_point_iterator& at) { return at.offset(); },
      [&](auto search) {
        const std::size_t left = budget.used < budget.limit ? budget.limit - budget.used : 0;
        reads = {0, std::min(most, left)};
        try {
          const bool matched = search();
          budget.used += reads.used;
          return matched;
        } catch (const regex_budget_exhausted&) {
          budget.used += reads.used;
          if (budget.used > budget.limit) throw;
          throw_search_too_long(text.size());
        }
      });
}

// Only a text that holds U+200C or U+200D (UTF-8 E2 80 8C, E2 80 8D) can tell .NET's \b from
// Boost's (decision 1057); written out, a \b took seven times as long to search a text past
// ASCII as Boost's own, whose search skips to where the next character can start a match
// (decision 1096).
const icu_regex& character_regex::compiled::characters_for(std::string_view text) const noexcept {
  if (!joiners) return chars;
  for (std::size_t at = text.find("\xE2\x80"); at != std::string_view::npos;
       at = text.find("\xE2\x80", at + 1)) {
    if (at + 2 < text.size() && (text[at + 2] == '\x8C' || text[at + 2] == '\x8D')) return *joiners;
  }
  return chars;
}

// Boost's own search over a map of first characters (perl_matcher::find_restart_any), with
// chars' map: each place tried is a search of its own, anchored there, what lies before it
// read as text. The characters read stay bounded by the caller's count.
bool character_regex::compiled::search_characters(code_point_iterator from,
                                                  code_point_iterator last,
                                                  boost::match_results<code_point_iterator>& m,
                                                  const icu_regex& re, boost::match_flag_type flags,
                                                  code_point_iterator base) const {
  if (&re == &chars || !joiners_mapped) return boost::regex_search(from, last, m, re, flags, base);
#if MFSIM_READS_BOOST_START_MAP
  const unsigned char* const map = chars.get_map();
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
  return false;  // no empty match: joiners_mapped holds only where chars has none
#else
  return false;  // unreachable: joiners_mapped stays false where the map is not read
#endif
}

// Boost bounds a search's steps by the text's length only where its iterator can measure it in
// one step (a random-access one): with code_point_iterator its bound is 100 million steps, and
// `^(a+)+$` over 24 letters and an `é` ran for 3 s, not the byte search's millisecond. The
// characters read are bounded instead by Boost's bound on the byte search's steps (decision
// 953), times kReadsPerStep: a step reads a character or two, a repeat's one step all it takes,
// so `[a-z].*invoice` over a line of 3,250 letters and one `é` read 1.5 times the bytes' squared
// length and gave up where the same line without the `é` was searched (decision 1019).
std::size_t character_regex::compiled::search_reads(std::size_t bytes) const noexcept {
  const std::size_t pattern = pattern_characters;
  const std::size_t most = std::max(capped_product(capped_product(pattern, pattern), bytes),
                                    capped_product(bytes, bytes));
  return (std::min(most, kMaxSearchReads - kSearchReadsFloor) + kSearchReadsFloor) * kReadsPerStep;
}

}  // namespace mfsim::rules::ps
