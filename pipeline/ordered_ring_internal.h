// The threaded part of run_ordered(): a bounded ring of inputs that the walking thread fills and
// workers process (the walking thread too, as worker 0, while the ring is full and after the
// walk). The workers also write, in order, one at a time: there is no writer thread (decision
// 335). Include pipeline/ordered_pipeline.h instead.
//
// What is shared is touched per batch, not per input or per result (decision 310): the walker
// publishes the inputs it filled in batches (one lock, at most one wake-up each), a worker
// claims a run of consecutive inputs under one lock, and a result is committed with one atomic
// store (the lock is taken only when an input's results fill its ring). Inputs finished are
// marked with an atomic store. After each run a worker takes the writing turn, or leaves a
// request that the worker holding the turn serves before it lets go: no thread sleeps until
// there is something to write, and none is woken to write it. Only a worker whose input's
// results fill its ring waits, when its input is not the oldest.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "pipeline/ordered_stages.h"

namespace mfsim::pipeline::detail {

// The most inputs a worker claims at once (a run); with one worker, the most held back while
// their reads are begun together (run_ordered).
inline constexpr std::uint64_t kMaxRun = 16;

// Thrown through a worker's produce() once the run has failed elsewhere, so that it stops at its
// next commit instead of waiting for a writer that is gone.
struct run_cancelled {};

template <class Input, class Result, class Scratch>
class ordered_ring {
 public:
  ordered_ring(const ordered_stages<Input, Result, Scratch>& stages, per_worker<Scratch>& scratches,
               std::size_t window, std::size_t results_per_input, std::uint64_t claim_weight,
               std::atomic<bool>& stop)
      : stages_(stages),
        scratches_(scratches),
        stop_(stop),
        per_input_(results_per_input),
        claim_weight_(claim_weight),
        publish_batch_(std::max<std::size_t>(1, std::min<std::size_t>(kPublishBatch, window / 2))) {
    slots_.reserve(window);
    slots_.resize(window);
  }

  // Walking thread: fills the next free slot with one input (waiting for room), prepared there.
  // Filled slots are published to the workers a batch at a time, or at once while a worker
  // waits for work.
  void push(Input&& input) {
    if (stop_.load() || failed_.load(std::memory_order_relaxed)) return;  // nothing after a stop
    if (filled_ == room_end_ && !make_room()) return;
    slot& s = slots_[filled_ % slots_.size()];
    s.input = std::move(input);
    if (stages_.prepare_may_wait && filled_ != published_ && stages_.prepare_may_wait(s.input)) {
      std::lock_guard lock(mutex_);
      publish();
    }
    if (stages_.prepare) stages_.prepare(s.input);
    s.count.store(0, std::memory_order_relaxed);  // published to the workers by the lock
    s.emitted.store(0, std::memory_order_relaxed);
    s.done.store(false, std::memory_order_relaxed);
    ++filled_;
    if (filled_ - published_ >= publish_batch_ ||
        idle_workers_.load(std::memory_order_relaxed) > 0) {
      std::lock_guard lock(mutex_);
      publish();
    }
  }

  void finish_input() {
    std::lock_guard lock(mutex_);
    publish();
    input_done_ = true;
    work_ready_.notify_all();
  }

  // Worker loop: claims runs of consecutive inputs and produces their results outside the lock.
  void work(std::size_t worker) {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (claimed_ == produced_) {
        if (input_done_) return;  // input done and nothing left
        idle_workers_.fetch_add(1, std::memory_order_relaxed);
        work_ready_.wait(lock, [&] { return claimed_ < produced_ || input_done_; });
        idle_workers_.fetch_sub(1, std::memory_order_relaxed);
        continue;
      }
      produce_run(worker, lock);
    }
  }

  // Claims a run of the published inputs (some must be unclaimed; the lock is held) and
  // produces it outside the lock. A run holds at most kMaxRun inputs.
  void produce_run(std::size_t worker, std::unique_lock<std::mutex>& lock) {
    const std::uint64_t first = claimed_;
    claimed_ += claim_size();
    const std::uint64_t end = claimed_;
    for (std::uint64_t k = first; k < end; ++k) lend_results(slots_[k % slots_.size()]);
    lock.unlock();
    if (stages_.start && !failed_.load()) {
      try {
        for (std::uint64_t k = first; k < end; ++k)
          stages_.start(scratches_[worker], slots_[k % slots_.size()].input);
      } catch (...) {
        fail(std::current_exception());  // the run's inputs are still marked done below
      }
    }
    for (std::uint64_t k = first; k < end; ++k) produce(worker, slots_[k % slots_.size()]);
    write_turn();  // what this run finished may be the oldest inputs
    lock.lock();
  }

  // Consumes what is ready, in input order, unless another worker is writing: that one then
  // writes it too, before it lets go of the turn. Called by a worker without the lock: after
  // each run, when its input's ring is full, and when it finished an input while another waits
  // for room.
  void write_turn() {
    // Sequentially consistent, all three: a request made while the holder lets go is either
    // seen by the holder (which writes again) or finds the turn free.
    write_requests_.fetch_add(1);
    for (;;) {
      if (writing_.exchange(true)) return;
      const std::uint64_t seen = write_requests_.load();
      try {
        write_ready();
      } catch (...) {
        // Failed before the turn is let go: a worker that takes it next sees the failure
        // instead of consuming again the results of the input that threw.
        fail(std::current_exception());
        writing_.store(false);
        return;
      }
      writing_.store(false);
      if (write_requests_.load() == seen) return;
    }
  }

  // Records the first error and stops everything: the walk, the workers, the writer.
  void fail(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    fail_locked(std::move(error));
  }

  [[nodiscard]] bool failed() const noexcept { return failed_.load(); }

  // After every thread is joined.
  void rethrow_error() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  // The ring of one input's results, each made when first used, a chunk of places at a time:
  // an input of one message (a file) makes one chunk and one result, however many results an
  // input may hold. The chunks' table is made whole at once and never moves, so the writer
  // reads a place while the worker makes the next chunk. A worker's claim lends each input a
  // ring, and the writer takes it back once the input is written, the last one back lent first
  // (decisions.md 314): the results that exist are those of the inputs in flight, not of every
  // slot that ever held a large input, so a large mbox's parts do not fault in megabytes of
  // fresh memory.
  class result_ring {
   public:
    explicit result_ring(std::size_t capacity) : chunks_((capacity + kChunk - 1) / kChunk) {}
    // The worker: the place of result `k` (below the capacity), made if it is new.
    Result& make(std::size_t k) {
      std::unique_ptr<chunk>& c = chunks_[k / kChunk];
      if (!c) c = std::make_unique<chunk>();
      std::unique_ptr<Result>& result = (*c)[k % kChunk];
      if (!result) result = std::make_unique<Result>();
      return *result;
    }
    // The writer: result `k`, committed (so made, and published by the count).
    Result& operator[](std::size_t k) { return *(*chunks_[k / kChunk])[k % kChunk]; }

   private:
    static constexpr std::size_t kChunk = 32;
    using chunk = std::array<std::unique_ptr<Result>, kChunk>;
    std::vector<std::unique_ptr<chunk>> chunks_;
  };

  // One input in flight and a ring of its results: the worker fills [emitted, count), the writer
  // drains from `emitted` once the slot is the oldest one. The walker resets the counters before
  // it publishes the slot; then only the worker stores `count` and `done`, only the writer
  // `emitted`.
  struct slot {
    slot() = default;
    slot(slot&& other) noexcept
        : input(std::move(other.input)), results(std::move(other.results)) {}
    Input input{};
    std::unique_ptr<result_ring> results;     // lent while the input is claimed and not written
    std::atomic<std::size_t> count{0};        // results committed
    std::atomic<std::size_t> emitted{0};      // results consumed
    std::atomic<bool> worker_waiting{false};  // its worker waits for room
    std::atomic<bool> done{false};            // stored after the last count
  };

  class slot_sink final : public result_sink<Result> {
   public:
    slot_sink(ordered_ring& ring, slot& s) : ring_(ring), slot_(s) {}
    // Only this worker changes the count; the writer never touches results at or past it.
    Result& next() override {
      // Published with the count.
      return slot_.results->make(slot_.count.load(std::memory_order_relaxed) % ring_.per_input_);
    }
    void commit() override { ring_.commit(slot_); }

   private:
    ordered_ring& ring_;
    slot& slot_;
  };

  // How many inputs from claimed_ on a worker takes (the lock is held): at most kMaxRun, at
  // most its share of those waiting (so that every worker gets some), a run ends after the
  // input that brings its weight to claim_weight_, and an input claimed_alone has a run of its
  // own.
  std::size_t claim_size() {
    const std::uint64_t waiting = produced_ - claimed_;
    const std::uint64_t share = (waiting + scratches_.size() - 1) / scratches_.size();
    const std::uint64_t most = std::min<std::uint64_t>(kMaxRun, share);
    std::uint64_t taken = 0, weight = 0;
    while (taken < most && weight < claim_weight_) {
      const Input& next = slots_[(claimed_ + taken) % slots_.size()].input;
      try {
        if (stages_.claimed_alone && stages_.claimed_alone(next))
          return static_cast<std::size_t>(taken == 0 ? 1 : taken);
        if (stages_.weight) weight += stages_.weight(next);
      } catch (...) {
        // The run fails; the input is still claimed (and marked done unproduced), so that no
        // worker asks about it again.
        fail_locked(std::current_exception());
        return static_cast<std::size_t>(taken + 1);
      }
      ++taken;
    }
    return static_cast<std::size_t>(taken);
  }

  // fail(), the lock held.
  void fail_locked(std::exception_ptr error) {
    if (!error_) error_ = error;
    failed_.store(true);
    stop_.store(true);
    slot_freed_.notify_all();
    work_ready_.notify_all();
    room_freed_.notify_all();
  }

  void produce(std::size_t worker, slot& s) {
    if (!failed_.load(std::memory_order_relaxed)) {
      try {
        slot_sink sink(*this, s);
        stages_.produce(scratches_[worker], s.input, sink);
      } catch (const run_cancelled&) {
      } catch (...) {
        fail(std::current_exception());
      }
    }
    // Sequentially consistent, as room_waiters_ is: a worker that starts waiting for room after
    // this load finds this input done when it asks for the turn.
    s.done.store(true);
    // A worker waits for room behind this input: write it now, not after the rest of the run.
    if (room_waiters_.load() > 0) write_turn();
  }

  // A result is published by one store. When the input's ring is full, this worker writes (its
  // input is the oldest) or waits until the worker writing has drained it.
  void commit(slot& s) {
    if (failed_.load(std::memory_order_relaxed)) throw run_cancelled{};
    const std::size_t count = s.count.load(std::memory_order_relaxed) + 1;
    s.count.store(count, std::memory_order_release);
    if (count - s.emitted.load(std::memory_order_acquire) < per_input_) return;
    // Set before the turn is asked for and before `emitted` is read again; the writer stores
    // `emitted` before it reads this (all sequentially consistent), so one sees the other.
    s.worker_waiting.store(true);
    room_waiters_.fetch_add(1);
    write_turn();
    {
      std::unique_lock lock(mutex_);
      room_freed_.wait(lock,
                       [&] { return failed_.load() || count - s.emitted.load() < per_input_; });
    }
    room_waiters_.fetch_sub(1);
    s.worker_waiting.store(false);
    if (failed_.load()) throw run_cancelled{};
  }

  // Publishes the filled slots to the workers (the lock is held) and wakes idle ones.
  void publish() {
    const std::uint64_t fresh = filled_ - produced_;
    if (fresh == 0) return;
    produced_ = filled_;
    published_ = filled_;
    const std::size_t idle = idle_workers_.load(std::memory_order_relaxed);
    if (idle > 1 && fresh > 1) {
      work_ready_.notify_all();
    } else if (idle > 0) {
      work_ready_.notify_one();
    }
  }

  // A claimed input's ring of results (the lock is held): the one written last, or a new one.
  void lend_results(slot& s) {
    if (spare_results_.empty()) {
      s.results = std::make_unique<result_ring>(per_input_);
      return;
    }
    s.results = std::move(spare_results_.back());
    spare_results_.pop_back();
  }

  // The walker's slots are all filled: publishes them and waits until half the window is free
  // (one wake-up per half window, not per input written). False once the run failed.
  bool make_room() {
    std::unique_lock lock(mutex_);
    publish();
    // The walking thread is worker 0: while the window is full it works instead of waiting.
    while (produced_ - written_ >= slots_.size() && claimed_ < produced_ && !failed_.load())
      produce_run(0, lock);
    if (produced_ - written_ >= slots_.size()) {
      walker_waiting_ = true;
      slot_freed_.wait(lock,
                       [&] { return failed_.load() || produced_ - written_ <= slots_.size() / 2; });
      walker_waiting_ = false;
    }
    room_end_ = written_ + slots_.size();
    return !failed_.load();
  }

  // The writing turn's work: consumes every result ready from the oldest unwritten input on,
  // without the lock, then hands the written inputs' slots back to the walker.
  void write_ready() {
    std::uint64_t produced = 0;
    {
      std::lock_guard lock(mutex_);
      if (failed_.load()) return;
      produced = produced_;
    }
    // Only the turn's holder changes written_ (under the lock, for the others to read), and the
    // turn hands it on: the holder reads it without the lock.
    const std::uint64_t already = written_;
    std::uint64_t written = already;
    while (written < produced) {
      slot& s = slots_[written % slots_.size()];
      const bool done = s.done.load();  // then the count is final
      const std::size_t count = s.count.load(std::memory_order_acquire);
      const std::size_t first = s.emitted.load(std::memory_order_relaxed);
      // A failing worker fails the run before it marks its input done: nothing after the
      // failure is written.
      if (failed_.load()) break;
      if (first < count) {
        for (std::size_t k = first; k < count; ++k) stages_.consume((*s.results)[k % per_input_]);
        s.emitted.store(count);
        if (s.worker_waiting.load()) {
          std::lock_guard lock(mutex_);
          room_freed_.notify_all();
        }
        continue;
      }
      if (!done) break;
      ++written;
    }
    if (written == already) return;
    std::lock_guard lock(mutex_);
    for (std::uint64_t k = already; k < written; ++k)
      spare_results_.push_back(std::move(slots_[k % slots_.size()].results));
    written_ = written;
    if (walker_waiting_ && produced_ - written_ <= slots_.size() / 2) slot_freed_.notify_one();
  }

  const ordered_stages<Input, Result, Scratch>& stages_;
  per_worker<Scratch>& scratches_;
  std::atomic<bool>& stop_;
  const std::size_t per_input_;
  const std::uint64_t claim_weight_;
  std::vector<slot> slots_;
  std::vector<std::unique_ptr<result_ring>> spare_results_;  // written inputs' rings (the lock)
  std::mutex mutex_;
  std::condition_variable work_ready_, slot_freed_, room_freed_;
  // Guarded by the mutex: published, claimed by workers, written by the writing turn (whose
  // holder may read written_ without it).
  std::uint64_t produced_ = 0, claimed_ = 0, written_ = 0;
  // The walker's own: slots filled, its last published count, the end of the room it has.
  std::uint64_t filled_ = 0, published_ = 0, room_end_ = 0;
  std::atomic<bool> writing_{false};                // a worker holds the writing turn
  std::atomic<std::uint64_t> write_requests_{0};    // asked for the turn; see write_turn()
  static constexpr std::size_t kPublishBatch = 16;  // inputs the walker publishes at once
  const std::size_t publish_batch_;
  std::atomic<std::size_t> idle_workers_{0};  // changed under the lock, read by the walker
  std::atomic<std::size_t> room_waiters_{0};  // workers waiting in commit() for room
  bool walker_waiting_ = false;               // the walker waits on slot_freed_ for half the window
  bool input_done_ = false;
  std::atomic<bool> failed_{false};  // set under the lock, read anywhere
  std::exception_ptr error_;
};

}  // namespace mfsim::pipeline::detail
