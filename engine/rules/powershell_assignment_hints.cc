// Where a script writes an assignment to a variable mfsim found unassigned: `name = value`
// without its '$' (PowerShell runs a command named `name`, and the variable stays unset), or
// `$name = value` in another function's scope or after the read (about_Scopes: a function's
// variables end with its call).
#include "engine/rules/powershell_assignment_hints.h"

#include <fmt/format.h>

#include "engine/ascii.h"
#include "engine/rules/powershell_value.h"

namespace mfsim::rules::ps {
namespace {

constexpr std::size_t kLargestScriptWeighed = 1 << 20;

// Whether `=` (not `==`) follows the name ending at `end`, after blanks.
bool assigned_after(std::string_view script, std::size_t end) {
  while (end < script.size() && (script[end] == ' ' || script[end] == '\t')) ++end;
  return end < script.size() && script[end] == '=' &&
         (end + 1 >= script.size() || script[end + 1] != '=');
}

// Whether the name at `at` starts a statement: only blanks between it and a line's start, ';'
// or '{'.
bool starts_statement(std::string_view script, std::size_t at) {
  while (at > 0 && (script[at - 1] == ' ' || script[at - 1] == '\t')) --at;
  return at == 0 || script[at - 1] == '\n' || script[at - 1] == ';' || script[at - 1] == '{';
}

}  // namespace

assignment_place written_assignment(std::string_view script, std::string_view lower) {
  if (lower.empty() || script.size() > kLargestScriptWeighed) return {};
  // The '$' lost is the likelier slip: it is named before an assignment in another scope.
  assignment_place first_elsewhere;
  for (std::size_t at = 0; at + lower.size() <= script.size(); ++at) {
    if (!ascii_iequals(script.substr(at, lower.size()), lower)) continue;
    const std::size_t end = at + lower.size();
    if ((at > 0 && is_ident(script[at - 1])) || (end < script.size() && is_ident(script[end])) ||
        !assigned_after(script, end)) {
      continue;
    }
    if (at > 0 && script[at - 1] == '$') {
      if (first_elsewhere.kind == assignment_seen::none)
        first_elsewhere = {assignment_seen::elsewhere, at};
    } else if (starts_statement(script, at)) {
      return {assignment_seen::without_dollar, at};
    }
  }
  return first_elsewhere;
}

std::string assignment_hint(const assignment_place& seen, int line, std::string_view name) {
  switch (seen.kind) {
    case assignment_seen::without_dollar:
      return fmt::format(
          "; line {} writes '{} = ...' without its '$', which PowerShell runs as "
          "a command named {}",
          line, name, name);
    case assignment_seen::elsewhere:
      return fmt::format(
          "; line {} assigns it, but not before this point in this scope (a "
          "function's variables end with its call, about_Scopes: $script:{} "
          "keeps one)",
          line, name);
    case assignment_seen::none: break;
  }
  return {};
}

}  // namespace mfsim::rules::ps
