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

  // The number .NET gives its `index`th group (1 the lowest numbered), ascending: the unnamed
  // groups 1, 2, ... as written, a group named by a number that number, then each name the next
  // number left free, so that numbers may leave gaps (RegexParser.CountCaptures and
  // AssignNameSlots; decisions 561, 1225).
  [[nodiscard]] std::size_t group_number(std::size_t index) const noexcept {
    return groups_[index - 1].number;
  }

  // The name .NET's `index`th group was declared with; empty for one known by its number.
  [[nodiscard]] const std::string& group_name(std::size_t index) const noexcept {
    return groups_[index - 1].name;
  }

  // Whether .NET numbers a group `number` (0, the whole match, always).
  [[nodiscard]] bool has_group(std::size_t number) const noexcept {
    return number == 0 || numbered(number) != nullptr;
  }

  // The Boost group of a match that .NET numbers `number` (0 the whole match); -1 when no
  // group has that number. Boost gives each writing of a .NET group (a name written twice, or
  // a number a group is named by that another group has) its own group: of those that took
  // part, the one captured last, as .NET's group holds its last capture; else the first.
  [[nodiscard]] int boost_group(const dotnet_match& match, std::size_t number) const;

  // The Boost group named `name`, read as boost_group reads a number's; -1 when no group has
  // that name.
  [[nodiscard]] int named_group(const dotnet_match& match, std::string_view name) const;

 private:
  struct dotnet_group {
    std::size_t number;
    std::string name;           // empty: known by its number
    std::vector<int> writings;  // the Boost groups written for it, ascending
  };
  [[nodiscard]] const dotnet_group* numbered(std::size_t number) const noexcept;
  [[nodiscard]] const dotnet_group* named(std::string_view name) const noexcept;
  // Of the writings of `group` that took part in `match`, the one captured last; else the first.
  [[nodiscard]] static int last_capture(const dotnet_match& match, const dotnet_group& group);
  // The name Boost knows a group written more than once by, so that a condition on it holds
  // where any writing took part: its name, or its number's digits, which no .NET name is.
  [[nodiscard]] static std::string boost_name(const dotnet_group& group);
  // The back-reference to `group` as Boost writes it: \g{n} or \k<name>, or in a condition
  // (?(n)...) the n or <name>; for a group written more than once, each writing tested from
  // the last of `capture_order` (its writings as one pass captures them, decision 1262),
  // `(?:(?(3)\g{3}|\g{1}))` (decision 1174), or in a condition its Boost name.
  [[nodiscard]] std::string boost_reference(const dotnet_group& group, bool in_condition,
                                            const std::vector<int>& capture_order) const;
  // The Boost group whose `(` is at `at` in the pattern read (from 1); 0 where none is.
  [[nodiscard]] std::size_t writing_opened_at(std::size_t at) const noexcept;
  // What Boost reads for the `(` of Boost group `writing` (from 1): `(`, or for a group written
  // more than once `(?<name>` with its Boost name.
  [[nodiscard]] std::string boost_opening(std::size_t writing) const;
  // `pattern` with its back-references (\N, \k<N>, (?(N)...)) to .NET's groups written in
  // Boost's numbers, and the groups named by a number written as Boost's groups; empty when
  // none needs it. What x makes white space or a comment (`ignored`, by position) is left as
  // written; a class whose `[` is at a position `case_ignored` holds has its ranges written as
  // .NET reads them without case. With `joiners_in_boundaries`, \b and \B are written out to
  // count the zero-width (non-)joiner as .NET's boundary does (decision 1057); \B is written
  // out always (decision 1059). `uncaptured_by_n`: where `pattern` holds a `(?:` that n made of
  // a plain group.
  [[nodiscard]] std::string with_boost_references(std::string_view pattern,
                                                  const std::vector<bool>& ignored,
                                                  const std::vector<bool>& case_ignored,
                                                  const std::vector<std::size_t>& uncaptured_by_n,
                                                  bool joiners_in_boundaries) const;

  character_regex re_;
  std::vector<dotnet_group> groups_;   // ascending by number
  std::vector<std::size_t> openings_;  // where Boost group n's `(` is, at n - 1
  std::vector<std::size_t> group_of_;  // Boost group n's .NET group, its index in groups_
};

}  // namespace mfsim::rules::ps
