// Stopping a run on SIGINT/SIGTERM: the handlers set a flag the pipeline reads between inputs.
// A signal ignored when the process started stays ignored (the POSIX convention nohup and a
// shell's background jobs rely on): no handler here or in tools/temporary_outputs.h takes it.
#pragma once

#include <signal.h>

#include <atomic>

namespace mfsim::pipeline {

// Whether `signal_number` is ignored now (or its action cannot be read): a handler is then not
// installed for it, so that one ignored at the start stays ignored (decision 960).
[[nodiscard]] bool signal_ignored(int signal_number) noexcept;

// While it lives, SIGINT and SIGTERM, unless ignored, set flag() instead of ending the process
// (what was read is still finished and written); the previous handlers come back on
// destruction. SIGHUP keeps its action: it ends the process (decision 961). One at a time per
// process.
class stop_on_signals {
 public:
  stop_on_signals();
  ~stop_on_signals();
  stop_on_signals(const stop_on_signals&) = delete;
  stop_on_signals& operator=(const stop_on_signals&) = delete;

  // The flag to give the pipeline as its `stop`.
  [[nodiscard]] std::atomic<bool>& flag() noexcept;
  // The signal that arrived, or 0.
  [[nodiscard]] int signal_number() const noexcept;

 private:
  bool int_taken_ = false;
  bool term_taken_ = false;
};

// While it lives, the calling thread blocks SIGINT, SIGTERM and SIGHUP; threads it starts
// inherit the mask. Helper threads are started under it so that the signals reach the thread
// that walks the inputs and reads standard input (a blocking read there is interrupted), and an
// output's temporary file is created under it so that no signal whose handler removes such
// files (tools/temporary_outputs.h: SIGHUP too) ends the process before it is remembered
// (decision 888).
class signals_blocked {
 public:
  signals_blocked();
  ~signals_blocked();
  signals_blocked(const signals_blocked&) = delete;
  signals_blocked& operator=(const signals_blocked&) = delete;

 private:
  sigset_t previous_;
};

}  // namespace mfsim::pipeline
