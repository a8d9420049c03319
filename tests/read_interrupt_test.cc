// A stop requested while a read waits for standard input or a FIFO ends the wait, also when no
// EINTR reaches the reading thread: the signal came just before it blocked, or went to another
// thread. The handler sets the flag and wakes the wait (corpus/read_interrupt.h).
#include "corpus/read_interrupt.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <thread>

#include "corpus/byte_stream.h"
#include "corpus/file_reader.h"
#include "tests/support/process.h"

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

struct fifo_opening {
  bool in_time = false;  // open_expected returned within `patience` of `act`
  std::string error;     // open_expected's
  std::string received;  // what was read after it opened
};

// Opens a new FIFO as a named input (open_expected) on another thread while no writer has it;
// 100 ms later `act` runs. An opener still waiting `patience` later is released by a writer's
// open, so that a test that fails ends.
fifo_opening open_a_fifo_without_writer(const std::function<void(const std::string&)>& act,
                                        std::chrono::milliseconds patience = 2s) {
  const mfsim::test::temp_dir dir;
  const std::string fifo = dir.path() + "/messages";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::promise<std::string> error;
  std::future<std::string> ended = error.get_future();
  std::thread opener([&] {
    int fd = -1;
    std::string why = mfsim::corpus::open_expected(fifo, {}, fd);
    if (fd >= 0) {
      char chunk[256];
      for (ssize_t n; (n = ::read(fd, chunk, sizeof chunk)) > 0;)
        received.append(chunk, static_cast<std::size_t>(n));
      ::close(fd);
    }
    error.set_value(why);
  });
  std::this_thread::sleep_for(100ms);  // the opener waits for a writer
  act(fifo);
  const bool in_time = ended.wait_for(patience) == std::future_status::ready;
  if (const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK); writer >= 0)
    ::close(writer);  // a writer came and went: an opener still waiting returns now
  opener.join();
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

  TEST_CASE("a stop ends the wait of a FIFO input for its writer, with no EINTR to end it") {
    std::atomic<bool> stop{false};
    mfsim::corpus::stop_blocked_reads_on(&stop);
    // The signal came after the opener looked at the flag, or went to another thread: open(2)
    // would wait for a writer that never comes (decision 995).
    const fifo_opening stopped = open_a_fifo_without_writer([&](const std::string&) {
      stop.store(true);
      mfsim::corpus::wake_blocked_reads();
    });
    CHECK(stopped.in_time);
    CHECK(stopped.error == mfsim::corpus::kReadStopped);
    mfsim::corpus::stop_blocked_reads_on(nullptr);
  }

  TEST_CASE("without a stop, a FIFO input waits for its writer and reads what it wrote") {
    std::atomic<bool> stop{false};
    mfsim::corpus::stop_blocked_reads_on(&stop);
    const fifo_opening waited = open_a_fifo_without_writer([](const std::string& fifo) {
      std::this_thread::sleep_for(300ms);  // no writer yet: the opener must still wait
      const int writer = ::open(fifo.c_str(), O_WRONLY);
      REQUIRE(writer >= 0);
      CHECK(::write(writer, "From a\n", 7) == 7);
      ::close(writer);
    });
    CHECK(waited.in_time);
    CHECK(waited.error.empty());
    CHECK(waited.received == "From a\n");
    mfsim::corpus::stop_blocked_reads_on(nullptr);
  }
}
