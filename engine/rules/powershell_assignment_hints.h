// Internal to the PowerShell importer: where a script writes an assignment to a variable that is
// unassigned where it is read, for the hint in that error (decision 1142).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::rules::ps {

enum class assignment_seen {
  none,
  without_dollar,  // `name = ...` at a statement's start: PowerShell runs a command `name`
  elsewhere,       // `$name = ...` where it did not hold here (another function, a later line)
};

struct assignment_place {
  assignment_seen kind = assignment_seen::none;
  std::size_t offset = 0;  // in the script text, where the assignment's name starts
};

// The first assignment to `lower` (a variable name, lower-cased) written in `script`; none in a
// script over the size weighed (the search is a hint, read once per name).
[[nodiscard]] assignment_place written_assignment(std::string_view script, std::string_view lower);
// The hint an unassigned variable's message ends with, for `seen` at `line` ("" for none).
[[nodiscard]] std::string assignment_hint(const assignment_place& seen, int line,
                                          std::string_view name);

}  // namespace mfsim::rules::ps
