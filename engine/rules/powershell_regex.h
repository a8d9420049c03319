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
      if (!each(*it)) return;
    }
  }

  // The group names the pattern declares (`(?<name>...)`, `(?'name'...)`), for $Matches keys.
  [[nodiscard]] const std::vector<std::string>& group_names() const noexcept { return names_; }

 private:
  boost::regex re_;
  bool fold_text_ = false;
  std::vector<std::string> names_;
};

// What group `group` captured, from `text` (the text the match was searched in, as given).
[[nodiscard]] std::string captured(const boost::smatch& match, int group, std::string_view text);

// What each group that took part in the match captured, keyed as $Matches keys it: a named
// group by its name, the others by their number, 0 the whole match.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> captured_groups(
    const dotnet_regex& re, const boost::smatch& match, std::string_view text);

// The group a name in a replacement or a $Matches key stands for: a number, or a declared name;
// -1 when neither is a group of this match.
[[nodiscard]] int group_index(const boost::smatch& match, std::string_view name);

// A replacement as .NET's Regex.Replace reads it ("Substitutions in Regular Expressions"): $1
// and ${1} or ${name} a group, $$ a dollar, $& the match, $` and $' the text before and after
// it, $+ the last group, $_ the whole text; anything else, a backslash included, is itself.
void append_replacement(std::string_view replacement, const boost::smatch& match,
                        std::string_view text, std::string& out);

}  // namespace mfsim::rules::ps
