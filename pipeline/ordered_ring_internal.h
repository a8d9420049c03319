// The threaded part of run_ordered(): a bounded ring of inputs that the walking thread fills,
// workers process, and one writer drains in order. Include pipeline/ordered_pipeline.h instead.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <vector>

#include "pipeline/ordered_stages.h"

namespace mfsim::pipeline::detail {

// Thrown through a worker's produce() once the run has failed elsewhere, so that it stops at its
// next commit instead of waiting for a writer that is gone.
struct run_cancelled {};

template <class Input, class Result, class Scratch>
class ordered_ring {
 public:
  ordered_ring(const ordered_stages<Input, Result, Scratch>& stages, per_worker<Scratch>& scratches,
               std::size_t window, std::size_t results_per_input, std::atomic<bool>& stop)
      : stages_(stages),
        scratches_(scratches),
        stop_(stop),
        per_input_(results_per_input),
        writer_batch_(std::max<std::size_t>(1, std::min<std::size_t>(kWriterBatch, window / 2))) {
    slots_.reserve(window);
    for (std::size_t k = 0; k < window; ++k) slots_.emplace_back(results_per_input);
  }

  // Walking thread: hands one input to the next free slot (waiting for one), prepared there.
  void push(Input&& input) {
    if (stop_.load()) return;  // no input is started after a stop
    std::unique_lock lock(mutex_);
    if (produced_ - written_ >= slots_.size()) {
      // The window is full: wait until half of it is free, so that the walker wakes once per
      // half window, not once per input written.
      walker_waiting_ = true;
      slot_freed_.wait(lock, [&] { return failed_ || produced_ - written_ <= slots_.size() / 2; });
      walker_waiting_ = false;
    }
    if (failed_) return;
    slot& s = slots_[produced_ % slots_.size()];
    lock.unlock();
    s.input = std::move(input);
    if (stages_.prepare) stages_.prepare(s.input);
    lock.lock();
    ++produced_;
    work_ready_.notify_one();
  }

  void finish_input() {
    std::lock_guard lock(mutex_);
    input_done_ = true;
    work_ready_.notify_all();
    output_ready_.notify_all();
  }

  // Worker loop: claims inputs in sequence and produces their results outside the lock.
  void work(std::size_t worker) {
    for (;;) {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return claimed_ < produced_ || input_done_; });
      if (claimed_ == produced_) return;  // input done and nothing left
      slot& s = slots_[claimed_++ % slots_.size()];
      s.count = 0;
      s.emitted = 0;
      const bool skip = failed_;
      lock.unlock();
      if (!skip) {
        try {
          slot_sink sink(*this, s);
          stages_.produce(scratches_[worker], s.input, sink);
        } catch (const run_cancelled&) {
        } catch (...) {
          fail(std::current_exception());
        }
      }
      lock.lock();
      s.done = true;
      if (writer_waiting_ && writer_may_go()) output_ready_.notify_one();
    }
  }

  // Writer loop: consumes results strictly in sequence, the oldest input's as soon as they exist.
  void write() {
    try {
      drain();
    } catch (...) {
      fail(std::current_exception());
    }
  }

  // Records the first error and stops everything: the walk, the workers, the writer.
  void fail(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = error;
    failed_ = true;
    stop_.store(true);
    slot_freed_.notify_all();
    work_ready_.notify_all();
    output_ready_.notify_all();
    room_freed_.notify_all();
  }

  [[nodiscard]] bool failed() {
    std::lock_guard lock(mutex_);
    return failed_;
  }

  // After every thread is joined.
  void rethrow_error() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  // One input in flight and a ring of its results: the worker fills [emitted, count), the writer
  // drains from `emitted` once the slot is the oldest one. Counters are guarded by the mutex.
  struct slot {
    explicit slot(std::size_t capacity) : results(capacity) {}
    Input input{};
    std::vector<Result> results;
    std::size_t count = 0;        // results committed
    std::size_t emitted = 0;      // results consumed
    bool worker_waiting = false;  // its worker waits for room
    bool done = false;
  };

  class slot_sink final : public result_sink<Result> {
   public:
    slot_sink(ordered_ring& ring, slot& s) : ring_(ring), slot_(s) {}
    // Only this worker changes the count, so it reads it without the lock; the writer never
    // touches results at or past the count.
    Result& next() override { return slot_.results[slot_.count % ring_.per_input_]; }
    void commit() override { ring_.commit(slot_); }

   private:
    ordered_ring& ring_;
    slot& slot_;
  };

  // One locked step per result publishes it and, when the slot is now full, waits for the
  // writer to drain it (which it does once this slot is the oldest).
  void commit(slot& s) {
    std::unique_lock lock(mutex_);
    if (failed_) throw run_cancelled{};
    // The writer is woken for a batch of finished inputs (work()), or here when this input's
    // results fill its ring: whichever slot that is, the writer must get to it.
    ++s.count;
    if (s.count - s.emitted == per_input_) {
      s.worker_waiting = true;
      if (writer_waiting_ && writer_may_go()) output_ready_.notify_one();
      room_freed_.wait(lock, [&] { return failed_ || s.count - s.emitted < per_input_; });
      s.worker_waiting = false;
      if (failed_) throw run_cancelled{};
    }
  }

  void drain() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (failed_) return;
      if (written_ == produced_ && input_done_) return;  // input done and all written
      slot& s = slots_[written_ % slots_.size()];
      if (written_ < produced_ && s.emitted < s.count) {
        // Every result ready now, in one go: one wake-up per batch, not per result.
        const std::size_t first = s.emitted, end = s.count;
        lock.unlock();
        for (std::size_t k = first; k < end; ++k) stages_.consume(s.results[k % per_input_]);
        lock.lock();
        s.emitted = end;
        if (s.worker_waiting) room_freed_.notify_all();
        continue;
      }
      if (written_ < produced_ && s.done) {
        s.done = false;
        ++written_;
        if (walker_waiting_ && produced_ - written_ <= slots_.size() / 2) slot_freed_.notify_one();
        continue;
      }
      // Nothing to write: wait for a batch of finished inputs (work(), commit()). A worker
      // that fills a later input's ring while the oldest is unfinished does not wake the
      // writer; the patience bounds how long it can wait for the writer to get there.
      writer_waiting_ = true;
      output_ready_.wait_for(lock, kWriterPatience, [&] { return failed_ || writer_may_go(); });
      writer_waiting_ = false;
    }
  }

  // Whether a waiting writer has enough to do: a batch of finished inputs from the oldest on,
  // the oldest input's worker waiting for room, or the end of the input.
  bool writer_may_go() const noexcept {
    if (written_ == produced_) return input_done_;
    const slot& head = slots_[written_ % slots_.size()];
    if (head.worker_waiting || input_done_) return head.emitted < head.count || head.done;
    return ready_from_head() >= writer_batch_;
  }

  // How many inputs from the oldest on are finished (at most writer_batch_): the writer is
  // woken once that many can be written in one go, not once per input.
  std::size_t ready_from_head() const noexcept {
    std::size_t ready = 0;
    while (ready < writer_batch_ && written_ + ready < produced_ &&
           slots_[(written_ + ready) % slots_.size()].done) {
      ++ready;
    }
    return ready;
  }

  const ordered_stages<Input, Result, Scratch>& stages_;
  per_worker<Scratch>& scratches_;
  std::atomic<bool>& stop_;
  const std::size_t per_input_;
  std::vector<slot> slots_;
  std::mutex mutex_;
  std::condition_variable work_ready_, output_ready_, slot_freed_, room_freed_;
  std::uint64_t produced_ = 0, claimed_ = 0, written_ = 0;
  // Finished inputs that wake a waiting writer (fewer at the end of the input, see work()).
  static constexpr std::size_t kWriterBatch = 8;
  static constexpr auto kWriterPatience = std::chrono::milliseconds(2);
  const std::size_t writer_batch_;
  bool writer_waiting_ = false;  // the writer waits on output_ready_
  bool walker_waiting_ = false;  // the walker waits on slot_freed_ for half the window
  bool input_done_ = false;
  bool failed_ = false;
  std::exception_ptr error_;
};

}  // namespace mfsim::pipeline::detail
