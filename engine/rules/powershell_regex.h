// The .NET regular expressions of PowerShell's -match, -replace, -split and `switch -Regex`
// (and, read by the same code, the transport rules' patterns: engine/compile/exchange_pattern.h),
// compiled and searched in one place, so the three operators agree on case and on what a group
// captured (decision 496).
#pragma once

#include <boost/regex.hpp>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/case_fold.h"
#include "engine/rules/powershell_regex_budget.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {

// Thrown when a search reads past its regex_budget.
struct regex_budget_exhausted {};

// A position in a searched text that counts each character Boost reads against a budget
// (decision 608). Boost bounds one search by the text's and pattern's sizes, not the number of
// searches: a pattern that backtracks under that bound, over 20,000 texts of 16 letters, took
// 35 s, and a list of millions or a -replace over megabytes of near-matches hours. Reading a
// character is the one thing every step of a backtracking search does.
class counted_iterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  counted_iterator() = default;
  counted_iterator(const char* at, regex_budget* budget) : at_(at), budget_(budget) {}

  reference operator*() const {
    if (++budget_->used > budget_->limit) throw regex_budget_exhausted{};
    return *at_;
  }
  reference operator[](difference_type n) const { return *(*this + n); }
  counted_iterator& operator++() { return ++at_, *this; }
  counted_iterator operator++(int) { return {at_++, budget_}; }
  counted_iterator& operator--() { return --at_, *this; }
  counted_iterator operator--(int) { return {at_--, budget_}; }
  counted_iterator& operator+=(difference_type n) { return at_ += n, *this; }
  counted_iterator& operator-=(difference_type n) { return at_ -= n, *this; }
  friend counted_iterator operator+(counted_iterator it, difference_type n) { return it += n; }
  friend counted_iterator operator+(difference_type n, counted_iterator it) { return it += n; }
  friend counted_iterator operator-(counted_iterator it, difference_type n) { return it -= n; }
  friend difference_type operator-(const counted_iterator& a, const counted_iterator& b) {
    return a.at_ - b.at_;
  }
  friend bool operator==(const counted_iterator& a, const counted_iterator& b) {
    return a.at_ == b.at_;
  }
  friend auto operator<=>(const counted_iterator& a, const counted_iterator& b) {
    return a.at_ <=> b.at_;
  }

 private:
  const char* at_ = nullptr;
  regex_budget* budget_ = nullptr;
};

// A match found over counted_iterator: read it as boost::smatch is read.
using dotnet_match = boost::match_results<counted_iterator>;

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
  // non-ASCII letters folded too (decision 350). Throws boost::regex_error, with the reason,
  // where .NET refuses the pattern or mfsim cannot read it as .NET does.
  dotnet_regex(std::string_view pattern, bool case_sensitive,
               line_anchors anchors = line_anchors::text_ends);

  // The pattern as Boost searches it; a text must be case_folded_copy'd first when
  // `folds_text()` (the pattern has non-ASCII letters, folded).
  [[nodiscard]] const boost::regex& boost_regex() const noexcept { return re_; }
  [[nodiscard]] bool folds_text() const noexcept { return fold_text_; }

  // Every match in `text`, left to right, as the .NET Regex.Matches. The positions in each
  // result are positions in `text`: folding keeps byte lengths, so a case-free search over the
  // folded copy finds the same offsets. Read what a group captured with `captured`, never with
  // the result's str(): that would be the folded copy's bytes. `each` returns false to stop.
  // Throws std::runtime_error when Boost's complexity limit is reached, and
  // regex_budget_exhausted when the characters read pass `budget`.
  template <class Each>
  void for_each_match(std::string_view text, regex_budget& budget, Each each) const {
    std::string folded;  // alive while the matches, which point into it, are read
    if (fold_text_) folded = case_folded_copy(text);
    const std::string_view searched = fold_text_ ? std::string_view(folded) : text;
    const counted_iterator first(searched.data(), &budget);
    const counted_iterator last(searched.data() + searched.size(), &budget);
    for (boost::regex_iterator<counted_iterator> it(first, last, re_), end; it != end; ++it) {
      // Boost tries every byte; .NET every character. An empty match between the bytes of one
      // UTF-8 character is none: -split '' or -replace '' would cut the character (decision 564).
      const auto at = static_cast<std::size_t>(it->position());
      if (it->length() == 0 && utf8_cut_before(searched, at) != at) continue;
      if (!each(*it)) return;
    }
  }

  // How many groups .NET numbers, group 0 aside.
  [[nodiscard]] std::size_t group_count() const noexcept { return groups_.size(); }

  // The Boost group of a match that .NET numbers `number` (0 the whole match). .NET numbers the
  // unnamed groups left to right and then the named ones, one number a name ("Grouping
  // Constructs"); Boost numbers all of them as written (decision 561).
  [[nodiscard]] int boost_group(const dotnet_match& match, std::size_t number) const;

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
  // `pattern` with its back-references (\N, \k<N>, (?(N)...)) to .NET's groups written in
  // Boost's numbers; empty when none needs it. What x makes white space or a comment
  // (`ignored`, by position) is left as written.
  [[nodiscard]] std::string with_boost_references(std::string_view pattern,
                                                  const std::vector<bool>& ignored) const;

  boost::regex re_;
  bool fold_text_ = false;
  std::vector<dotnet_group> groups_;  // .NET group n at n - 1
};

// What group `group` captured, from `text` (the text the match was searched in, as given).
[[nodiscard]] std::string captured(const dotnet_match& match, int group, std::string_view text);

// What each group that took part in the match captured, keyed as $Matches keys it: a named
// group by its name, the others by their .NET number, 0 the whole match; in .NET's order.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> captured_groups(
    const dotnet_regex& re, const dotnet_match& match, std::string_view text);

// The Boost group a name in a replacement stands for: a .NET group number, or a declared name;
// -1 when neither is a group of this pattern.
[[nodiscard]] int group_index(const dotnet_regex& re, const dotnet_match& match,
                              std::string_view name);

// A replacement as .NET's Regex.Replace reads it ("Substitutions in Regular Expressions"): $1
// and ${1} or ${name} a group, $$ a dollar, $& the match, $` and $' the text before and after
// it, $+ the last group, $_ the whole text; anything else, a backslash included, is itself.
void append_replacement(const dotnet_regex& re, std::string_view replacement,
                        const dotnet_match& match, std::string_view text, std::string& out);

// The text a pattern matches when the pattern is only ASCII characters that stand for
// themselves, escaped punctuation and groups around them (`,`, `\.`, `(1)(:)`): every match is
// that text, in any direction. nullopt for any other pattern, or an empty one.
[[nodiscard]] std::optional<std::string> literal_text(std::string_view pattern);

}  // namespace mfsim::rules::ps
