// The .NET regular expressions of PowerShell's -match, -replace, -split and `switch -Regex`
// (and, read by the same code, the transport rules' patterns: engine/compile/exchange_pattern.h),
// compiled and searched in one place, so the three operators agree on case and on what a group
// captured (decision 496).
#pragma once

#include <boost/regex/pattern_except.hpp>  // boost::regex_error, which a pattern .NET refuses throws
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/rules/character_regex.h"
#include "engine/rules/powershell_regex_budget.h"

namespace mfsim::rules::ps {

// A match: each Boost group's byte offset and length in the searched text.
using dotnet_match = regex_match;

// Where `^` and `$` match when the pattern does not say ((?m), (?-m)): at the text's ends, as
// .NET reads them without RegexOptions.Multiline (PowerShell's operators, decision 769), or at
// every line, as the transport rules' patterns have always been read (decision 432), a line
// ending before a CR LF too (decision 812).
enum class line_anchors { text_ends, every_line };

class dotnet_regex {
 public:
  // A .NET pattern written for Boost: escapes, octal, groups and the options n, x and m read
  // as .NET reads them, and what Boost would read otherwise refused (decisions 692, 730, 750,
  // 760-763). `.` stops at a line feed as .NET's does. Case ignored unless `case_sensitive`,
  // non-ASCII letters too (decisions 350, 853). Throws boost::regex_error, with the reason,
  // where .NET refuses the pattern or mfsim cannot read it as .NET does.
  dotnet_regex(std::string_view pattern, bool case_sensitive,
               line_anchors anchors = line_anchors::text_ends);

  // The pattern as Boost searches it, by character (decision 851).
  [[nodiscard]] const character_regex& regex() const noexcept { return re_; }

  // Every match in `text`, left to right, as the .NET Regex.Matches; positions are byte
  // offsets in `text`, always between characters. `each` returns false to stop. Throws
  // std::runtime_error when Boost's complexity limit is reached, and regex_budget_exhausted
  // when the characters read pass `budget`.
  template <class Each>
  void for_each_match(std::string_view text, regex_budget& budget, Each each) const {
    re_.for_each_match(text, budget, each);
  }

  // How many groups .NET numbers, group 0 aside.
  [[nodiscard]] std::size_t group_count() const noexcept { return groups_.size(); }

  // The Boost group of a match that .NET numbers `number` (0 the whole match). .NET numbers the
  // unnamed groups left to right and then the named ones, one number a name ("Grouping
  // Constructs"); Boost numbers all of them as written (decision 561).
  [[nodiscard]] int boost_group(const dotnet_match& match, std::size_t number) const;

  // The Boost group named `name` that took part in `match` (of several, the one captured last,
  // as .NET's group holds its last capture), else the first so named; -1 when no group has
  // that name. Boost gives each writing of a name its own group.
  [[nodiscard]] int named_group(const dotnet_match& match, std::string_view name) const;

  // The name .NET group `number` was declared with; empty for an unnamed group.
  [[nodiscard]] const std::string& group_name(std::size_t number) const noexcept {
    return groups_[number - 1].name;
  }

 private:
  struct dotnet_group {
    int boost_index;   // the first Boost group it stands for
    std::string name;  // empty: unnamed
  };
  // The back-reference to .NET group `number` as Boost writes it: \g{n} or \k<name>, or in a
  // condition (?(n)...) the n or <name>.
  [[nodiscard]] std::string boost_reference(std::size_t number, bool in_condition) const;
  // How many groups `name` is written on.
  [[nodiscard]] std::size_t writings(std::string_view name) const;
  // A back-reference to the writing of `name` captured last, for Boost: each writing tested
  // from the last written, `(?:(?(3)\g{3}|\g{1}))`.
  [[nodiscard]] std::string last_writing_reference(std::string_view name) const;
  // `pattern` with its back-references (\N, \k<N>, (?(N)...)) to .NET's groups written in
  // Boost's numbers; empty when none needs it. What x makes white space or a comment
  // (`ignored`, by position) is left as written; a class whose `[` is at a position
  // `case_ignored` holds has its ranges written as .NET reads them without case. With
  // `joiners_in_boundaries`, \b and \B are written out to count the zero-width (non-)joiner
  // as .NET's boundary does (decision 1057); \B is written out always (decision 1059).
  // `uncaptured_by_n`: where `pattern` holds a `(?:` that n made of a plain group.
  [[nodiscard]] std::string with_boost_references(std::string_view pattern,
                                                  const std::vector<bool>& ignored,
                                                  const std::vector<bool>& case_ignored,
                                                  const std::vector<std::size_t>& uncaptured_by_n,
                                                  bool joiners_in_boundaries) const;

  character_regex re_;
  std::vector<dotnet_group> groups_;      // .NET group n at n - 1
  std::vector<std::string> boost_names_;  // Boost group n's name at n - 1; empty: unnamed
};

}  // namespace mfsim::rules::ps
