// A regular expression that matches characters, as .NET's do, where Boost.Regex alone would
// match the bytes of their UTF-8 form (`.` one byte of "é", `[а-я]` a class of bytes): the
// pattern of PowerShell's operators and of the transport rules' *MatchesPatterns (decision 851).
// Boost.Regex and its ICU searches stay in character_regex.cc: each file that included them and
// instantiated the searches took seconds of a core to compile, for the few files that search.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/rules/powershell_regex_budget.h"

namespace mfsim::rules::ps {

// Boost's boost::regex::flag_type (perl, icase, no_mod_m...), which character_regex.cc checks.
using regex_flags = unsigned int;

// What one match covered: per Boost group, its byte offset and length in the searched text.
class regex_match {
 public:
  regex_match();
  ~regex_match();
  regex_match(const regex_match& other);
  regex_match& operator=(const regex_match& other);
  regex_match(regex_match&&) noexcept;
  regex_match& operator=(regex_match&&) noexcept;

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

 private:
  friend class character_regex;
  struct span {
    std::size_t offset = 0;
    std::size_t length = 0;
    bool matched = false;
  };
  // Read from Boost's result `m`, whose iterators `offset` turns into byte offsets.
  template <class Match, class Offset>
  void assign(const Match& m, Offset offset);

  std::vector<span> spans_;
  // Boost's results, kept so that a search allocates nothing once they have grown: made by the
  // first search, not copied (what a copy holds is in spans_).
  struct boost_results;
  boost_results& results();
  std::unique_ptr<boost_results> results_;
};

class character_regex {
 public:
  character_regex() = default;
  // `pattern` (UTF-8, as Boost's Perl syntax reads it) with Boost's `flags`. Throws
  // boost::regex_error where Boost refuses it or it is not well-formed UTF-8.
  character_regex(std::string_view pattern, regex_flags flags)
      : character_regex(pattern, pattern, flags) {}
  // The same pattern written twice: `by_byte` for an ASCII text and for a text past ASCII that
  // holds no zero-width (non-)joiner, `by_character` for one that does, where it may say more
  // (decision 1057: its \b written out, which reads several times slower, decision 1096, and is
  // tried only where the pattern by byte may start a match, decision 1113).
  // Their groups must be the same.
  character_regex(std::string_view by_byte, std::string_view by_character, regex_flags flags);

  // How many capturing groups Boost counts.
  [[nodiscard]] std::size_t mark_count() const noexcept;

  // Whether `text` is searched character by character (ICU's traits, slower) rather than byte
  // by byte: a text or pattern past ASCII is; the bytes of ASCII are its characters.
  [[nodiscard]] bool reads_by_character(std::string_view text) const noexcept;

  // The first match in `text`, into `found`. Throws std::runtime_error at Boost's complexity
  // limit.
  bool search(std::string_view text, regex_match& found) const;

  // Every match in `text`, left to right, as .NET's Regex.Matches finds them; `each` (called
  // with a const regex_match&) returns false to stop. Throws regex_budget_exhausted when the
  // characters read pass `budget`, and std::runtime_error at Boost's complexity limit, which a
  // search by character reaches where the same search by byte would (decisions 953, 967).
  template <class Each>
  void for_each_match(std::string_view text, regex_budget& budget, Each each) const {
    each_match(text, budget, &call<Each>, &each);
  }

 private:
  struct compiled;  // Boost's patterns (character_regex.cc)

  template <class Each>
  static bool call(void* each, const regex_match& found) {
    return (*static_cast<Each*>(each))(found);
  }
  // for_each_match's search, `each` called as each(state, match).
  void each_match(std::string_view text, regex_budget& budget,
                  bool (*each)(void* state, const regex_match& found), void* state) const;

  [[nodiscard]] const compiled& patterns() const noexcept;

  std::shared_ptr<const compiled> compiled_;  // shared by copies: never changed once made
};

}  // namespace mfsim::rules::ps
