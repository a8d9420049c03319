// A regular expression that matches characters, as .NET's do, where Boost.Regex alone would
// match the bytes of their UTF-8 form (`.` one byte of "é", `[а-я]` a class of bytes): the
// pattern of PowerShell's operators and of the transport rules' *MatchesPatterns (decision 851).
#pragma once

#include <boost/regex.hpp>
#include <boost/regex/icu.hpp>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/case_fold.h"
#include "engine/rules/code_point_iterator.h"
#include "engine/rules/dotnet_icu_traits.h"
#include "engine/rules/powershell_regex_budget.h"

namespace mfsim::rules::ps {

// What one match covered: per Boost group, its byte offset and length in the searched text.
class regex_match {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return spans_.size(); }
  [[nodiscard]] bool matched(int group) const noexcept {
    return group >= 0 && static_cast<std::size_t>(group) < spans_.size() &&
           spans_[static_cast<std::size_t>(group)].matched;
  }
  [[nodiscard]] std::size_t position(int group = 0) const noexcept {
    return matched(group) ? spans_[static_cast<std::size_t>(group)].offset : 0;
  }
  [[nodiscard]] std::size_t length(int group = 0) const noexcept {
    return matched(group) ? spans_[static_cast<std::size_t>(group)].length : 0;
  }

  // Read from Boost's result `m`, whose iterators `offset` turns into byte offsets.
  template <class Match, class Offset>
  void assign(const Match& m, Offset offset) {
    spans_.assign(m.size(), span{});
    for (std::size_t g = 0; g < spans_.size(); ++g) {
      const auto& group = m[static_cast<int>(g)];
      if (!group.matched) continue;
      const std::size_t from = offset(group.first);
      spans_[g] = {from, offset(group.second) - from, true};
    }
  }

 private:
  friend class character_regex;
  struct span {
    std::size_t offset = 0;
    std::size_t length = 0;
    bool matched = false;
  };
  std::vector<span> spans_;
  // Boost's results, kept so that a search allocates nothing once they have grown.
  boost::cmatch bytes_;
  boost::match_results<code_point_iterator> chars_;
};

class character_regex {
 public:
  character_regex() = default;
  // `pattern` (UTF-8, as Boost's Perl syntax reads it) with Boost's `flags`. Throws
  // boost::regex_error where Boost refuses it or it is not well-formed UTF-8.
  character_regex(std::string_view pattern, boost::regex::flag_type flags)
      : character_regex(pattern, pattern, flags) {}
  // The same pattern written twice: `by_byte` for an ASCII text and for a text past ASCII that
  // holds no zero-width (non-)joiner, `by_character` for one that does, where it may say more
  // (decision 1057: its \b written out, which reads several times slower, decision 1096, and is
  // tried only where the pattern by byte may start a match, decision 1113).
  // Their groups must be the same.
  character_regex(std::string_view by_byte, std::string_view by_character,
                  boost::regex::flag_type flags);

  // How many capturing groups Boost counts.
  [[nodiscard]] std::size_t mark_count() const noexcept { return chars_.mark_count(); }

  // Whether `text` is searched character by character (ICU's traits, slower) rather than byte
  // by byte: a text or pattern past ASCII is; the bytes of ASCII are its characters.
  [[nodiscard]] bool reads_by_character(std::string_view text) const noexcept {
    return !bytes_ || has_non_ascii(text);
  }

  // The first match in `text`, into `found`. Throws std::runtime_error at Boost's complexity
  // limit.
  bool search(std::string_view text, regex_match& found) const;

  // Every match in `text`, left to right, as .NET's Regex.Matches finds them; `each` returns
  // false to stop. Throws regex_budget_exhausted when the characters read pass `budget`, and
  // std::runtime_error at Boost's complexity limit, which a search by character reaches where
  // the same search by byte would (decisions 953, 967).
  template <class Each>
  void for_each_match(std::string_view text, regex_budget& budget, Each each) const {
    regex_match found;  // one, refilled: its groups allocated once
    if (!reads_by_character(text)) {
      const counted_iterator first(text.data(), &budget);
      const counted_iterator last(text.data() + text.size(), &budget);
      boost::match_results<counted_iterator> m;
      each_match(
          first, last,
          [&](counted_iterator from, boost::match_flag_type flags) {
            return boost::regex_search(from, last, m, *bytes_, flags, first);
          },
          m, found, each,
          [&](const counted_iterator& at) { return static_cast<std::size_t>(at - first); },
          [](auto search) { return search(); });
      return;
    }
    // Each search reads against a bound of its own, its reads then charged to `budget`.
    regex_budget reads;
    const std::size_t most = search_reads(text.size());
    boost::match_results<code_point_iterator> m;
    const code_point_iterator first(text, 0, &reads);
    const code_point_iterator last(text, text.size(), &reads);
    const icu_regex& re = characters_for(text);
    each_match(
        first, last,
        [&](code_point_iterator from, boost::match_flag_type flags) {
          return search_characters(from, last, m, re, flags, first);
        },
        m, found, each, [](const code_point_iterator& at) { return at.offset(); },
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

 private:
  // The matches of `re` from `first` to `last`, each given to `each` as `found`. After an empty
  // match the next search begins one character on, as .NET's Match.NextMatch does: Boost's
  // regex_iterator (Perl's rule) retries the same place for a longer match, so 'aa' -replace
  // 'a*?','X' gave XXXXX where .NET gives XaXaX (decision 950).
  // `search` finds the next match into `m` from a place with Boost's flags; `bounded` runs
  // each search, as the caller bounds it.
  template <class Iterator, class Search, class Match, class Each, class Offset, class Bounded>
  static void each_match(Iterator first, Iterator last, Search search, Match& m, regex_match& found,
                         Each& each, Offset offset, Bounded bounded) {
    Iterator from = first;
    boost::match_flag_type flags = boost::match_default;
    while (bounded([&] { return search(from, flags); })) {
      found.assign(m, offset);
      if (!each(std::as_const(found))) return;
      from = m[0].second;
      if (m[0].first == m[0].second) {
        if (from == last) return;
        ++from;
      }
      flags = boost::match_prev_avail;  // what lies before `from` is text: \b and (?<=) read it
    }
  }

  // How many characters one search by character of a text of `bytes` may read: Boost's own
  // bound on the same search by byte (decision 953).
  [[nodiscard]] std::size_t search_reads(std::size_t bytes) const noexcept;
  [[noreturn]] static void throw_search_too_long(std::size_t bytes);

  using icu_regex = boost::basic_regex<code_point_iterator::value_type, dotnet_icu_traits>;
  // The pattern searched by character over `text`: the one written for the zero-width
  // (non-)joiners where `text` holds one.
  [[nodiscard]] const icu_regex& characters_for(std::string_view text) const noexcept;
  // boost::regex_search of `re` from `from` to `last`, the text from `base`. A \b written
  // out for the joiners is a look-ahead, past which Boost finds no character a match must
  // start with and so tries every place (decision 1096): joiners_ is tried only where chars_,
  // the same pattern with Boost's \b, may start a match, as a match of either starts with
  // the same characters (decision 1113).
  bool search_characters(code_point_iterator from, code_point_iterator last,
                         boost::match_results<code_point_iterator>& m, const icu_regex& re,
                         boost::match_flag_type flags, code_point_iterator base) const;

  std::optional<boost::regex> bytes_;  // an ASCII pattern, for ASCII text
  icu_regex chars_;                    // by byte's pattern, by character
  std::optional<icu_regex> joiners_;   // by character's, where it is another
  // Whether chars_' map of the characters a match may start with passes some over, so that
  // joiners_' search may try only the places it picks (no \G, which holds where a search
  // starts, and no empty match).
  bool joiners_mapped_ = false;
  std::size_t pattern_characters_ = 0;  // of the pattern by byte, which bounds a search's reads
};

}  // namespace mfsim::rules::ps
