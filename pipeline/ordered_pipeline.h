// A typed ordered pipeline: the calling thread walks inputs, workers turn each input into
// results with their own scratch, and the results are consumed in input order by the writer:
// whichever worker holds the writing turn (there is no writer thread). The calling thread is
// worker 0: with N workers, N - 1 threads are started, and the calling thread works while the
// window is full (instead of waiting for room) and once the walk is done.
//
// Guarantees, whatever the number of workers:
//  - order: results reach `consume` in input order, and within an input in the order its
//    worker committed them; `consume` is called from one thread at a time;
//  - bounded memory: at most `window` inputs are in flight (walked but not fully consumed; the
//    walk waits for room), and an input holds at most `results_per_input` results before its
//    worker writes them (its input is the oldest) or waits for the writer, so an input of any
//    size (a large mbox) streams;
//  - stop: once `*stop` is true no further input is started; what was started is finished
//    and consumed;
//  - batches: the walk hands inputs over a batch at a time and workers claim runs of
//    consecutive inputs (at most their share of those waiting, a run ending at an input of
//    `claim_weight`, an input `claimed_alone` in a run of its own), so that locks and wake-ups
//    are per batch, not per input or result;
//  - errors: the first exception a stage throws stops the run as `stop` does (the pipeline
//    sets `*stop`), the other threads are drained and joined, and run_ordered rethrows it; a
//    helper thread the system refuses stops it before the walk, as workers_refused.
//    Results committed before it may or may not have been consumed; none is consumed twice.
// With one worker everything runs on the calling thread; inputs whose reading `start` began
// are held until a run of them is gathered (or one comes that it did not begin), then produced
// in order, so that their reads are issued together there too.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <system_error>
#include <thread>
#include <vector>

#include "pipeline/ordered_ring_internal.h"
#include "pipeline/ordered_stages.h"
#include "pipeline/stop_signals.h"
#include "pipeline/thread_placement.h"
#include "pipeline/warm_heap.h"

namespace mfsim::pipeline {

namespace detail {

// With one worker: walk, produce and consume in turn on the calling thread.
template <class Result>
class inline_sink final : public result_sink<Result> {
 public:
  explicit inline_sink(const std::function<void(Result&)>& consume) : consume_(consume) {}
  Result& next() override { return result_; }
  void commit() override { consume_(result_); }

 private:
  const std::function<void(Result&)>& consume_;
  Result result_{};
};

}  // namespace detail

// Runs the stages over every input `walk` hands to its argument (`walk(push)` runs on the
// calling thread; `push(input)` may work or wait until there is room). The number of workers
// is `scratches.size()`, the calling thread (scratch 0) among them. Threads: see the file comment;
// helper threads block SIGINT and SIGTERM so that the calling thread, which walks and reads
// standard input, is the one they interrupt.
template <class Walk, class Input, class Result, class Scratch>
void run_ordered(Walk&& walk, per_worker<Scratch>& scratches,
                 const ordered_stages<Input, Result, Scratch>& stages,
                 const ordered_options& options = {}) {
  std::atomic<bool> own_stop{false};
  std::atomic<bool>& stop = options.stop != nullptr ? *options.stop : own_stop;
  const std::size_t jobs = scratches.size();
  if (jobs <= 1) {
    detail::inline_sink<Result> sink(stages.consume);
    // Inputs whose reading began (stages.start), held until a run is gathered: reserved, so
    // that their addresses stay put while they are held.
    std::vector<Input> held;
    held.reserve(detail::kMaxRun);
    const auto produce_held = [&] {
      for (Input& input : held) {
        if (stop.load()) break;
        stages.produce(scratches[0], input, sink);
      }
      held.clear();
    };
    const std::function<void(Input &&)> push = [&](Input&& input) {
      if (stop.load()) return;
      if (stages.prepare) stages.prepare(input);
      held.push_back(std::move(input));
      if (stages.start && stages.start(scratches[0], held.back()) &&
          held.size() < detail::kMaxRun) {
        return;
      }
      produce_held();
    };
    try {
      walk(push);
      produce_held();
    } catch (...) {
      stop.store(true);
      throw;
    }
    return;
  }

  using ring_type = detail::ordered_ring<Input, Result, Scratch>;
  ring_type ring(stages, scratches, std::max(options.window, jobs),
                 std::max<std::size_t>(options.results_per_input, 1), options.claim_weight, stop);
  const thread_placement placement;  // outlives the threads, which read it
  // Set once the calling thread has created and placed every helper it could. A helper waits
  // for it: freed to move only once placed, and touching the address space (its arena, its warm
  // heap) only once the stacks are mapped, since each of those calls waits for the others on
  // the process's one memory-map lock, and the creator's mapping of the next stack with them.
  std::atomic<bool> all_placed{false};
  std::vector<std::thread> threads;
  try {
    const signals_blocked helpers_ignore_stop_signals;  // the threads inherit the mask
    for (std::size_t w = 1; w < jobs; ++w) {
      threads.emplace_back([&ring, &placement, &all_placed, w, jobs] {
        all_placed.wait(false);
        placement.release();
        // On its own CPU: its arena's pages are placed there.
        if (jobs <= kWarmHeapMostWorkers) warm_thread_heap();
        ring.work(w);
      });
      placement.place(threads.back().native_handle(), w - 1);
    }
  } catch (const std::system_error& e) {
    // The workers started would each need memory the system is short of: the run stops before
    // it reads, with what to change, rather than run short and fail in the middle (1177).
    ring.fail(
        std::make_exception_ptr(workers_refused(jobs, threads.size() + 1, e.code().message())));
  } catch (...) {  // the memory to start a thread
    ring.fail(std::current_exception());
  }
  all_placed.store(true);
  all_placed.notify_all();
  const std::function<void(Input &&)> push = [&](Input&& input) { ring.push(std::move(input)); };
  try {
    if (!ring.failed()) walk(push);
  } catch (...) {
    ring.fail(std::current_exception());
  }
  ring.finish_input();
  // The walking thread is worker 0 once the walk is done. Each worker wrote what it finished,
  // or left it to the one writing, before it returned.
  ring.work(0);
  for (auto& t : threads) t.join();
  ring.rethrow_error();
}

}  // namespace mfsim::pipeline
