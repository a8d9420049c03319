// A read blocked on a pipe or a terminal (standard input, a FIFO) gives up once a stop is
// requested: SIGINT and SIGTERM interrupt it (EINTR), and it is not retried then, so a run whose
// producer hangs still stops (pipeline::stop_on_signals sets the flag).
#pragma once

#include <atomic>

namespace mfsim::corpus {

// The flag reads consult before each read and after EINTR; nullptr: read on. One per process,
// as signal handlers are.
void stop_blocked_reads_on(const std::atomic<bool>* flag) noexcept;

// Whether to give up reading: before a read, and instead of retrying one EINTR ended.
[[nodiscard]] bool read_stop_requested() noexcept;

// The error a read that gave up records.
inline constexpr const char* kReadStopped = "reading stopped by a signal";

}  // namespace mfsim::corpus
