// The stop flag blocked reads consult, and the eventfd that wakes their waits.
#include "corpus/read_interrupt.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace mfsim::corpus {
namespace {

std::atomic<const std::atomic<bool>*> g_flag{nullptr};
// Readable once a stop was requested (a signal handler wrote to it): -1 without a flag. A
// lock-free int, so that the handler may read it.
std::atomic<int> g_wakeup{-1};
static_assert(std::atomic<int>::is_always_lock_free);

}  // namespace

void stop_blocked_reads_on(const std::atomic<bool>* flag) noexcept {
  const int wakeup = flag != nullptr ? ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK) : -1;
  const int previous = g_wakeup.exchange(wakeup);
  if (previous >= 0) ::close(previous);
  g_flag.store(flag);
}

bool read_stop_requested() noexcept {
  const std::atomic<bool>* flag = g_flag.load();
  return flag != nullptr && flag->load();
}

bool ready_to_read(int fd, bool may_wait) noexcept {
  for (;;) {
    if (read_stop_requested()) return false;
    const int wakeup = may_wait ? g_wakeup.load() : -1;
    if (wakeup < 0) return true;  // nothing to wait for, or no eventfd: EINTR ends read()
    pollfd watched[2] = {{fd, POLLIN, 0}, {wakeup, POLLIN, 0}};
    if (::poll(watched, 2, -1) < 0 && errno != EINTR) return true;
    if (watched[0].revents != 0 || watched[1].revents != 0) return !read_stop_requested();
    // Interrupted (EINTR) with neither ready: round again, the flag first.
  }
}

bool wait_for_writer(int fd) noexcept {
  for (;;) {
    if (read_stop_requested()) return false;
    // Without an eventfd (-1, which poll passes over) a stop signal's EINTR ends the wait.
    pollfd watched[2] = {{fd, POLLIN, 0}, {g_wakeup.load(), POLLIN, 0}};
    if (::poll(watched, 2, -1) < 0 && errno != EINTR) return true;  // read() will say why
    if (watched[0].revents != 0 || watched[1].revents != 0) return !read_stop_requested();
  }
}

void wake_blocked_reads() noexcept {
  const int wakeup = g_wakeup.load();
  if (wakeup < 0) return;
  const std::uint64_t one = 1;
  const int saved = errno;  // a handler leaves errno as it found it
  [[maybe_unused]] const ssize_t written = ::write(wakeup, &one, sizeof one);
  errno = saved;
}

}  // namespace mfsim::corpus
