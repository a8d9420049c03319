// A bounded ring of slots: the reader fills, workers process, one writer drains in order.
#include "tools/ordered_pipeline.h"

#include <pthread.h>

#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace mfsim::tools {
namespace {

struct slot {
  std::string id;
  std::string bytes;
  std::string read_error;
  std::string output;
};

class ring {
 public:
  ring(std::size_t window, const pipeline_callbacks& callbacks)
      : slots_(window), done_(window, false), callbacks_(callbacks) {}

  // Reader: copies one message into the next slot once the writer has freed it.
  void push(const corpus::corpus_message& m) {
    std::unique_lock lock(mutex_);
    slot_freed_.wait(lock, [&] { return produced_ - written_ < slots_.size(); });
    slot& s = slots_[produced_ % slots_.size()];
    lock.unlock();
    s.id.assign(m.id);
    s.bytes.assign(m.bytes);
    s.read_error.assign(m.read_error);
    lock.lock();
    ++produced_;
    work_ready_.notify_one();
  }

  void finish_input() {
    std::lock_guard lock(mutex_);
    input_done_ = true;
    work_ready_.notify_all();
  }

  // Worker loop: claims messages in sequence and processes them outside the lock.
  void work(std::size_t worker) {
    for (;;) {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return claimed_ < produced_ || input_done_; });
      if (claimed_ == produced_) return;  // input done and nothing left
      const std::uint64_t seq = claimed_++;
      slot& s = slots_[seq % slots_.size()];
      lock.unlock();
      s.output.clear();
      callbacks_.process(worker, {s.id, s.bytes, s.read_error}, s.output);
      lock.lock();
      done_[seq % slots_.size()] = true;
      output_ready_.notify_one();
    }
  }

  // Writer loop: emits outputs strictly in sequence.
  void write() {
    for (;;) {
      std::unique_lock lock(mutex_);
      output_ready_.wait(lock, [&] {
        return (written_ < produced_ && is_done(written_)) || (input_done_ && written_ == produced_);
      });
      if (input_done_ && written_ == produced_) return;
      slot& s = slots_[written_ % slots_.size()];
      lock.unlock();
      callbacks_.emit(s.output, s.bytes.size());
      lock.lock();
      done_[written_ % slots_.size()] = false;
      ++written_;
      slot_freed_.notify_one();
    }
  }

  void wake_writer() {
    std::lock_guard lock(mutex_);
    output_ready_.notify_all();
  }

 private:
  bool is_done(std::uint64_t seq) const { return done_[seq % slots_.size()]; }

  std::vector<slot> slots_;
  std::vector<bool> done_;
  const pipeline_callbacks& callbacks_;
  std::mutex mutex_;
  std::condition_variable work_ready_, output_ready_, slot_freed_;
  std::uint64_t produced_ = 0, claimed_ = 0, written_ = 0;
  bool input_done_ = false;
};

void run_inline(const pipeline_callbacks& callbacks) {
  std::string out;
  callbacks.produce([&](const corpus::corpus_message& m) {
    out.clear();
    callbacks.process(0, {m.id, m.bytes, m.read_error}, out);
    callbacks.emit(out, m.bytes.size());
  });
}

}  // namespace

void run_ordered(std::size_t jobs, std::size_t window, const pipeline_callbacks& callbacks) {
  if (jobs <= 1) {
    run_inline(callbacks);
    return;
  }
  ring r(std::max<std::size_t>(window, jobs), callbacks);
  // Helper threads never take SIGINT/SIGTERM: the calling thread, which reads, must see them
  // (a blocking read is interrupted and the reader stops).
  sigset_t stop_signals, previous;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < jobs; ++w) workers.emplace_back([&r, w] { r.work(w); });
  std::thread writer([&r] { r.write(); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  callbacks.produce([&](const corpus::corpus_message& m) { r.push(m); });
  r.finish_input();
  for (auto& t : workers) t.join();
  r.wake_writer();
  writer.join();
}

}  // namespace mfsim::tools
