// A read blocked on a pipe or a terminal (standard input, a FIFO) gives up once a stop is
// requested: SIGINT and SIGTERM interrupt it (EINTR), and it is not retried then, so a run whose
// producer hangs still stops (pipeline::stop_on_signals sets the flag). A stop that comes after
// a reader last looked at the flag and before it blocks wakes it too: such reads wait in
// ready_to_read(), which the signal handler wakes (wake_blocked_reads), not in read() alone.
#pragma once

#include <atomic>

namespace mfsim::corpus {

// The flag reads consult before each read and after EINTR; nullptr: read on. One per process,
// as signal handlers are. With a flag, ready_to_read() can be woken; with nullptr, it cannot.
void stop_blocked_reads_on(const std::atomic<bool>* flag) noexcept;

// Whether to give up reading: before a read, and instead of retrying one EINTR ended.
[[nodiscard]] bool read_stop_requested() noexcept;

// Before each read(): false once a stop is requested. With `may_wait` (`fd` is standard input,
// a pipe or a FIFO, whose read may wait for a producer; never a regular file), first waits until
// `fd` has bytes or its end, or until a stop is requested. True when read() may go on (also when
// the wait itself failed: read() then says why).
[[nodiscard]] bool ready_to_read(int fd, bool may_wait) noexcept;

// For a FIFO opened O_NONBLOCK for reading: waits until a writer has written or come and gone,
// which is how long a blocking open() and its first read() would wait, or until a stop is
// requested (false). Linux reports no POLLHUP on such a FIFO before its first writer came.
[[nodiscard]] bool wait_for_writer(int fd) noexcept;

// Ends every ready_to_read() under way and to come, once the flag is set. Async-signal-safe:
// the stop signals' handler calls it after setting the flag.
void wake_blocked_reads() noexcept;

// The error a read that gave up records.
inline constexpr const char* kReadStopped = "reading stopped by a signal";

}  // namespace mfsim::corpus
