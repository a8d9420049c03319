// The last line of defence around a subcommand: every reader turns bad input into diagnostics
// or an `error` field, so an exception that escapes a command is a bug in mfsim. It is said so
// plainly, with an exit status of its own (decisions.md 340), not as std::terminate's "Aborted".
#pragma once

#include <cstdio>
#include <functional>

namespace mfsim::tools {

// Runs `command` and returns its exit status; an exception that escapes it is written to
// `messages` ("mfsim: internal error, please report it: WHAT", escaped for the terminal, or
// "mfsim: out of memory") and gives kExitInternalError.
[[nodiscard]] int run_reporting_escapes(const std::function<int()>& command, std::FILE* messages);

}  // namespace mfsim::tools
