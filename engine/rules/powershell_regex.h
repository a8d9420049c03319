// The .NET regular expressions of PowerShell's -match, -replace, -split and `switch -Regex`,
// compiled and searched in one place, so the three operators agree on case and on what a group
// captured (decision 496).
#pragma once

#include <boost/regex.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/case_fold.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {

class dotnet_regex {
 public:
  // Perl syntax as Boost reads it, `.` stopping at a line feed as .NET's does. Case ignored
  // unless `case_sensitive`, as the transport rules' patterns ignore it (non-ASCII letters
  // folded too; engine/compile/exchange_pattern.h). Throws boost::regex_error.
  dotnet_regex(std::string_view pattern, bool case_sensitive);

  // Every match in `text`, left to right, as the .NET Regex.Matches. The positions in each
  // result are positions in `text`: folding keeps byte lengths, so a case-free search over the
  // folded copy finds the same offsets. Read what a group captured with `captured`, never with
  // the result's str(): that would be the folded copy's bytes. `each` returns false to stop.
  // Throws std::runtime_error when Boost's complexity limit is reached.
  template <class Each>
  void for_each_match(const std::string& text, Each each) const {
    std::string folded;  // alive while the matches, which point into it, are read
    if (fold_text_) folded = case_folded_copy(text);
    const std::string& searched = fold_text_ ? folded : text;
    for (boost::sregex_iterator it(searched.cbegin(), searched.cend(), re_), end; it != end; ++it) {
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
  [[nodiscard]] int boost_group(const boost::smatch& match, std::size_t number) const;

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
  // Boost's numbers; empty when none needs it.
  [[nodiscard]] std::string with_boost_references(std::string_view pattern) const;

  boost::regex re_;
  bool fold_text_ = false;
  std::vector<dotnet_group> groups_;  // .NET group n at n - 1
};

// What group `group` captured, from `text` (the text the match was searched in, as given).
[[nodiscard]] std::string captured(const boost::smatch& match, int group, std::string_view text);

// What each group that took part in the match captured, keyed as $Matches keys it: a named
// group by its name, the others by their .NET number, 0 the whole match; in .NET's order.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> captured_groups(
    const dotnet_regex& re, const boost::smatch& match, std::string_view text);

// The Boost group a name in a replacement stands for: a .NET group number, or a declared name;
// -1 when neither is a group of this pattern.
[[nodiscard]] int group_index(const dotnet_regex& re, const boost::smatch& match,
                              std::string_view name);

// A replacement as .NET's Regex.Replace reads it ("Substitutions in Regular Expressions"): $1
// and ${1} or ${name} a group, $$ a dollar, $& the match, $` and $' the text before and after
// it, $+ the last group, $_ the whole text; anything else, a backslash included, is itself.
void append_replacement(const dotnet_regex& re, std::string_view replacement,
                        const boost::smatch& match, std::string_view text, std::string& out);

}  // namespace mfsim::rules::ps
