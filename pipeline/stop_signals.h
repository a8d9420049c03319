// Stopping a run on SIGINT/SIGTERM: the handlers set a flag the pipeline reads between inputs.
#pragma once

#include <signal.h>

#include <atomic>

namespace mfsim::pipeline {

// While it lives, SIGINT and SIGTERM set flag() instead of ending the process (what was read
// is still finished and written); the previous handlers come back on destruction. One at a
// time per process.
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
