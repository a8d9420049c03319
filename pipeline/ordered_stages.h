// The parts of an ordered pipeline (pipeline/ordered_pipeline.h): per-worker scratch, the
// stages, the sink a worker fills, the options.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace mfsim::pipeline {

// One object per worker thread, built in place (a scratch need not be movable). The caller
// keeps it after the run, to merge what the workers counted.
template <class T>
class per_worker {
 public:
  // `count` objects (at least one), each built as T(args...).
  template <class... Args>
  explicit per_worker(std::size_t count, const Args&... args) {
    for (std::size_t w = 0; w < std::max<std::size_t>(count, 1); ++w) {
      items_.push_back(std::make_unique<T>(args...));
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] T& operator[](std::size_t worker) noexcept { return *items_[worker]; }
  [[nodiscard]] const T& operator[](std::size_t worker) const noexcept { return *items_[worker]; }

 private:
  std::vector<std::unique_ptr<T>> items_;
};

// Where a worker puts the results of the input it works on. next() hands back an object that
// held an earlier result (so its strings keep their capacity): assign every field. commit()
// publishes it to the writer and may wait until the writer has drained some.
template <class Result>
class result_sink {
 public:
  virtual ~result_sink() = default;
  virtual Result& next() = 0;
  virtual void commit() = 0;
};

// The three stages. Input must be default-constructible and move-assignable; Result
// default-constructible.
template <class Input, class Result, class Scratch>
struct ordered_stages {
  // Optional. The calling thread, as each input is walked and before any worker sees it: for
  // work that must happen there (reading standard input, where signals arrive).
  std::function<void(Input&)> prepare;
  // Optional. True for an input whose prepare may wait long (reading standard input): the
  // inputs walked before it are handed to the workers first, not held for a batch.
  std::function<bool(const Input&)> prepare_may_wait;
  // Optional. A worker, for each input of a run it claimed, before it produces the first of
  // them: may begin reading it, so that the reads of a run are issued together. Returns
  // whether it began (with one worker, inputs are then held back until a run is gathered).
  std::function<bool(Scratch& scratch, Input& input)> start;
  // A worker: turns one input into its results, in order, through `out` (out.next(), fill it,
  // out.commit()). `scratch` belongs to this worker alone for the call.
  std::function<void(Scratch& scratch, Input& input, result_sink<Result>& out)> produce;
  // The writer (a worker, one at a time): each result, in input order. It may move from the
  // result.
  std::function<void(Result& result)> consume;
  // Optional. What an input costs to produce (bytes to read, say): a worker's run of claimed
  // inputs ends with the one that brings it to ordered_options::claim_weight. Without it runs
  // are bounded by count only.
  std::function<std::uint64_t(const Input& input)> weight;
  // Optional. True for an input that others wait on once it has begun (a part of a large mbox,
  // whose message count the later parts need before they number theirs): it is claimed in a
  // run of its own, so that it begins as soon as a worker is free, not after the inputs before
  // it in some worker's run.
  std::function<bool(const Input& input)> claimed_alone;
};

// The system refused one of the helper threads the workers asked for (no room for its stack
// under `ulimit -v`, no process left under `ulimit -u`): nothing was read, the run stopped
// (decision 1177). `what()` says how many workers ran and what to change.
class workers_refused : public std::runtime_error {
 public:
  workers_refused(std::size_t asked, std::size_t running, const std::string& why)
      : std::runtime_error("cannot start the " + std::to_string(asked) +
                           " workers --jobs asks for (by default one a core): the system "
                           "refused a thread after " +
                           std::to_string(running) + " (" + why +
                           "); nothing was read. Give fewer --jobs, or allow more memory "
                           "(ulimit -v) or processes (ulimit -u)") {}
};

struct ordered_options {
  std::size_t window = 16;              // inputs in flight; raised to the number of workers
  std::size_t results_per_input = 256;  // results an input holds before its worker waits
  std::atomic<bool>* stop = nullptr;    // set by the caller (a signal) or by a failing stage
  std::uint64_t claim_weight = std::uint64_t{1} << 20;  // see ordered_stages::weight
};

}  // namespace mfsim::pipeline
