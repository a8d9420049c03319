// How a subcommand ends when it cannot finish its work: an exception that escapes it, or a
// stop signal. Every reader turns bad input into diagnostics or an `error` field, so an escaped
// exception is a bug in mfsim: it is said so plainly, with an exit status of its own
// (decisions.md 340), not as std::terminate's "Aborted".
#pragma once

#include <cstdio>
#include <functional>
#include <string_view>

namespace mfsim::tools {

// Runs `command` and returns its exit status; an exception that escapes it is written to
// `messages` ("mfsim: internal error, please report it: WHAT", escaped for the terminal, or
// "mfsim: out of memory") and gives kExitInternalError. Worker threads the system refused
// (pipeline::workers_refused) are no bug: "mfsim: cannot start ..." and kExitUsage, since
// --jobs is what to change (decision 1177).
[[nodiscard]] int run_reporting_escapes(const std::function<int()>& command, std::FILE* messages);

// A command that SIGINT or SIGTERM stopped (pipeline::stop_on_signals) once what it had read was
// finished: flushes standard output, says "mfsim COMMAND: interrupted by signal N: the messages
// after these were not read; LEFT_OUT" on standard error, and returns 128 + N.
[[nodiscard]] int stopped_by_signal(const char* command, int signal_number,
                                    std::string_view left_out);

}  // namespace mfsim::tools
