// '=' where -eq was meant in a condition (decision 1216). PowerShell reads `if ($a = $b)` as an
// assignment whose value is tested; PSScriptAnalyzer's PossibleIncorrectUsageOfAssignmentOperator
// (learn.microsoft.com/powershell/utility-modules/psscriptanalyzer/rules/
// possibleincorrectusageofassignmentoperator) flags it where the right side is no command, and
// says `$null` on the left has no use at all. mfsim runs the assignment, warns where the page
// flags it, and refuses `$null = ...` and `==` with what was likely meant.
#include "engine/rules/powershell_condition_slips.h"

#include <fmt/format.h>

#include <string>

namespace mfsim::rules::ps {
namespace {

constexpr auto npos = std::string_view::npos;

// The '=' of `$name =` at `k`, or npos: an assignment, not `==`.
std::size_t assigning_equals(std::string_view s, std::size_t k, std::string& name) {
  if (k + 1 >= s.size() || s[k] != '$' || !is_letter(s[k + 1])) return npos;
  std::size_t end = k + 1;
  while (end < s.size() && (is_ident(s[end]) || s[end] == ':')) ++end;
  name = std::string(s.substr(k + 1, end - k - 1));
  while (end < s.size() && (s[end] == ' ' || s[end] == '\t')) ++end;
  if (end >= s.size() || s[end] != '=' || s.substr(end, 2) == "==") return npos;
  return end;
}

// Whether `text` is one variable, text or number alone: what the page flags on the right.
bool plain_operand(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() < 2) return !text.empty() && is_digit(text.front());
  const char first = text.front();
  if ((first == '\'' || first == '"') && text.back() == first &&
      text.find(first, 1) == text.size() - 1)
    return true;
  std::size_t k = first == '$' ? 1 : 0;
  if (first == '$' && !is_letter(text[1])) return false;
  while (k < text.size() &&
         (first == '$' ? is_ident(text[k]) || text[k] == ':' : is_digit(text[k])))
    ++k;
  return k == text.size();
}

}  // namespace

void refuse_assignment_slip(parser& p, std::size_t open) {
  std::string name;
  const std::size_t equals = assigning_equals(p.s_, p.i_, name);
  if (equals == npos) return;
  if (ascii_iequals(name, "null")) {
    p.fail(p.i_,
           "($null = ...) in a condition assigns the value to $null, which discards it: "
           "it compares nothing (to test for $null, write $null -eq ...)");
  }
  const std::size_t close = p.block_end(open);
  if (close == npos) return;  // the missing ')' is reported where the condition ends
  if (plain_operand(p.s_.substr(equals + 1, close - 1 - (equals + 1)))) {
    p.warn(p.i_, fmt::format("'=' in the condition assigns ${} and tests the value assigned, as "
                             "PowerShell does; to compare, write -eq",
                             name));
  }
}

void refuse_misplaced_equals(parser& p) {
  if (p.peek() == '=' && p.peek(1) == '=') {
    p.fail(p.i_,
           "'==' is no PowerShell operator: to compare, write -eq "
           "(about_Comparison_Operators)");
  }
  p.fail(p.i_, fmt::format("'{}' in a condition assigns, which mfsim reads there only to a "
                           "variable alone ($x = ...): to compare, write -eq "
                           "(about_Comparison_Operators)",
                           p.peek() == '=' ? "=" : p.s_.substr(p.i_, 2)));
}

}  // namespace mfsim::rules::ps
