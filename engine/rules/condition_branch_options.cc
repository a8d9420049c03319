#include "engine/rules/condition_branch_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/regex/pattern_except.hpp>
#include <string>

#include "engine/ascii.h"
#include "engine/rules/dotnet_pattern_scan.h"

namespace mfsim::rules::ps {

void refuse_options_in_expression_conditions(std::string_view pattern,
                                             const std::vector<bool>& ignored) {
  const std::vector<written_group> groups = capturing_groups(pattern, ignored);
  // Whether the condition at `open` tests a group: digits, or a group's name, closed by `)`.
  const auto tests_group = [&](std::size_t open, std::size_t end) {
    if (end == std::string_view::npos || pattern[end] != ')') return false;
    const std::string_view tested = pattern.substr(open + 3, end - open - 3);
    return ascii_is_digit(tested.front()) ||
           std::any_of(groups.begin(), groups.end(),
                       [&](const written_group& group) { return group.name == tested; });
  };
  std::vector<bool> expression_conditions;  // each open group: whether it is one
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const std::string_view rest = pattern.substr(at);
    if (const std::size_t end = groupless_construct_end(pattern, at, ignored);
        end != std::string_view::npos) {
      at = end;
    } else if (rest.front() == ')') {
      if (!expression_conditions.empty()) expression_conditions.pop_back();
    } else if (rest.front() != '(') {
      continue;
    } else if (rest.size() > 2 && rest[1] == '?' && !expression_conditions.empty() &&
               expression_conditions.back() &&
               std::string_view(":=!>'<()").find(rest[2]) == std::string_view::npos) {
      // The group ScanGroupOpen reads as options, which it does not read under an expression
      // condition: nothing but `)` or `:` may follow the `(?` there.
      throw boost::regex_error(
          fmt::format("options (?{}...) at offset {} inside a condition tested as an expression, "
                      "which .NET refuses",
                      rest[2], at),
          boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
    } else if (rest.starts_with("(?(")) {
      const std::size_t reference = condition_reference_end(pattern, at);
      const bool on_group = rest.size() > 3 && tests_group(at, reference);
      expression_conditions.push_back(!on_group);
      at = on_group ? reference : at + 1;  // an expression's own `(` is read next, as a group
    } else {
      expression_conditions.push_back(false);
    }
  }
}

}  // namespace mfsim::rules::ps
