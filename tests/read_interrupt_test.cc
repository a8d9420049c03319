// A stop requested while a read waits for standard input or a FIFO ends the wait, also when no
// EINTR reaches the reading thread: the signal came just before it blocked, or went to another
// thread. The handler sets the flag and wakes the wait (corpus/read_interrupt.h).
#include "corpus/read_interrupt.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <thread>

#include "corpus/byte_stream.h"

namespace {

using namespace std::chrono_literals;

struct pipe_read {
  bool in_time = false;  // the reader ended within `patience` of `act`
  std::string error;     // the stream's
  std::string received;
};

// Reads a pipe to its end on another thread through a byte_stream; 7 bytes come, then `act`
// runs while the reader waits for more that never come. A reader still waiting `patience`
// later is ended by closing the pipe, as a producer's end would.
pipe_read read_a_silent_pipe(const std::function<void()>& act,
                             std::chrono::milliseconds patience = 2s) {
  int ends[2];
  REQUIRE(::pipe(ends) == 0);
  std::string received;
  std::promise<std::string> error;
  std::future<std::string> ended = error.get_future();
  std::thread reader([&] {
    mfsim::corpus::byte_stream stream(ends[0]);
    char chunk[256];
    for (std::size_t n; (n = stream.read(chunk, sizeof chunk)) > 0;) received.append(chunk, n);
    error.set_value(stream.error());
  });
  REQUIRE(::write(ends[1], "From a\n", 7) == 7);
  std::this_thread::sleep_for(100ms);  // the reader has taken those bytes and waits for more
  act();
  const bool in_time = ended.wait_for(patience) == std::future_status::ready;
  ::close(ends[1]);  // the producer's end: a reader still waiting returns now
  reader.join();
  ::close(ends[0]);
  return {in_time, ended.get(), received};
}

}  // namespace

TEST_SUITE("read_interrupt") {
  TEST_CASE("a stop ends a read waiting for a silent producer, with no EINTR to end it") {
    std::atomic<bool> stop{false};
    mfsim::corpus::stop_blocked_reads_on(&stop);
    // What the stop signals' handler does, here on a thread other than the reader's.
    const pipe_read stopped = read_a_silent_pipe([&] {
      stop.store(true);
      mfsim::corpus::wake_blocked_reads();
    });
    CHECK(stopped.in_time);
    CHECK(stopped.error == mfsim::corpus::kReadStopped);
    CHECK(stopped.received == "From a\n");  // what came before the stop
    // A reader that starts once the stop was requested reads nothing and does not wait.
    const pipe_read later = read_a_silent_pipe([] {});
    CHECK(later.in_time);
    CHECK(later.error == mfsim::corpus::kReadStopped);
    CHECK(later.received.empty());
    mfsim::corpus::stop_blocked_reads_on(nullptr);
  }

  TEST_CASE("without a stop, a waiting read goes on until its producer ends") {
    std::atomic<bool> stop{false};
    mfsim::corpus::stop_blocked_reads_on(&stop);
    const pipe_read waited = read_a_silent_pipe([] {}, 300ms);
    CHECK_FALSE(waited.in_time);  // it waited for the producer, who ended 300 ms later
    CHECK(waited.error.empty());
    CHECK(waited.received == "From a\n");
    mfsim::corpus::stop_blocked_reads_on(nullptr);
    // Without a flag (no run that stops on signals) too.
    const pipe_read unwatched = read_a_silent_pipe([] {}, 300ms);
    CHECK_FALSE(unwatched.in_time);
    CHECK(unwatched.error.empty());
    CHECK(unwatched.received == "From a\n");
  }
}
