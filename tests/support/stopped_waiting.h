// Test support: a command stopped by a signal while it waits on a FIFO input.
#pragma once

#include <string>

#include "tests/support/process.h"

namespace mfsim::test {

// Runs the shell command line `command` in the background with the FIFO `fifo` made and held
// open, silent, by the shell, so that a command reading it waits there; once the shell test
// `ready` succeeds (30 s at most, tried every 0.1 s), sends it `signal` (TERM, KILL). It has 30 s
// to end, then is killed (status 137), so that a command that ignores the signal fails its test
// rather than hanging it. The result's `out` is what the command line prints, then its exit
// status as the shell saw it (128 + N when the signal ended it) on a line of its own.
command_result run_stopped_waiting(const std::string& command, const std::string& fifo,
                                   const std::string& ready, const std::string& signal);

}  // namespace mfsim::test
