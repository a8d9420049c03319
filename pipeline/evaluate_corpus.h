// Evaluating a corpus: the one driver behind `mfsim run`, `check`, `diff` and `agree`. Messages
// are read and evaluated on the workers, each into a typed result; the results come back in
// input order, the same for any number of workers.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corpus/manifest.h"
#include "corpus/message_source.h"
#include "corpus/shard.h"
#include "engine/engine.h"
#include "engine/mailbox/mailbox_state.h"
#include "engine/recipient_forks.h"
#include "pipeline/corpus_input.h"
#include "pipeline/ordered_pipeline.h"

namespace mfsim::pipeline {

// Everything the evaluation of each message needs besides the plan.
struct evaluation_setup {
  run_options options;                       // options.mailbox_state points into `mailbox_state`
  std::optional<corpus::manifest> manifest;  // empty without --manifest
  std::shared_ptr<const mailbox::mailbox_state> mailbox_state;
  std::size_t jobs = 1;       // workers
  corpus::read_options read;  // how inputs are read (--unwrap)
  // What the walk and the readers passed over as no message (read.skipped points here).
  std::shared_ptr<corpus::skipped_inputs> skipped = std::make_shared<corpus::skipped_inputs>();
};

// Evaluates one message as every command does: its manifest entry wins over the headers, and a
// message that could not be read fully keeps its read error. The result lives in `s`, or in
// `copy` when the read error had to be set (then `copy` is returned).
const outcome& evaluate_message(const plan& p, const corpus::corpus_message& message,
                                const evaluation_setup& setup, scratch& s, outcome& copy,
                                evaluation_trace* trace = nullptr);

// A worker's memory for recipient forks: a second scratch, so the message's own outcome in the
// first stays valid, and the forks found.
struct fork_memory {
  scratch working;
  recipient_forks forks;
};

// The forks of a message evaluate_message() has just evaluated with `evaluated` (the same
// inputs), or nullptr when the record has none to show: at once when the plan cannot fork.
const recipient_forks* message_forks(const plan& p, const corpus::corpus_message& message,
                                     const evaluation_setup& setup, const scratch& evaluated,
                                     fork_memory& memory);

// What a command does with each message.
template <class Result, class Worker>
struct message_stages {
  // A worker: one message into its result. `result` held an earlier one: assign every field.
  std::function<void(Worker& worker, const corpus::corpus_message& message, Result& result)>
      process;
  // One thread, in input order. It may move from the result.
  std::function<void(Result& result)> consume;
};

// Inputs in flight per worker: bounds memory whatever the corpus size. Each time the window
// fills, the walker works or sleeps until half of it is written: 64 rather than 16 cuts those
// wake-ups by four (decisions.md 312).
inline constexpr std::size_t kWindowPerWorker = 64;
// The size of the parts a large mbox is read in by several workers (corpus::mbox_part_offsets):
// large enough that the searches at a part's two edges and its claim cost little, small
// enough that 16 workers share a 100 MB mbox. 2 MiB parts ran 8% faster than 1 MiB over the
// 291 MB mbox on two jobs (decisions.md 315).
inline constexpr std::uint64_t kMboxPartBytes = std::uint64_t{2} << 20;

// Results an input holds before its worker waits for the writer (while the input is not the
// oldest): enough for every message of a 2 MiB mbox part of messages averaging 512 bytes or
// more (the last part, which may hold more, has no later part waiting for it). A part with
// more messages than this waits, once they are evaluated, until every part before it is
// written, so that its last messages are evaluated while no other part is: 256 held back two
// jobs to 1.37x one over an mbox of 2.2 KB messages, 950 a part (decisions.md 367).
inline constexpr std::size_t kResultsPerInput = 4096;

// Reads every message named by `paths` (the order of corpus::walk_inputs, read as `read` says),
// runs `process` on
// `workers.size()` threads, each with its own Worker, and `consume` in input order. Workers read
// the files themselves; standard input and FIFOs are read by the calling thread. Once `*stop`
// is true no further input is started (what was started is finished and consumed). An
// exception from a stage stops the run and is rethrown here (see run_ordered).
// With a `shard` (--shard K/N), only that shard's inputs are read (corpus::walk_shard).
template <class Result, class Worker>
void evaluate_corpus(const std::vector<std::string>& paths, const corpus::read_options& reading,
                     per_worker<Worker>& workers, const message_stages<Result, Worker>& stages,
                     std::atomic<bool>* stop = nullptr,
                     const corpus::shard_selection* shard = nullptr) {
  // Several workers share a large mbox, cut into parts (a shard keeps whole inputs: its
  // selection and positions are the walk's).
  corpus::read_options read = reading;
  if (workers.size() > 1 && shard == nullptr && read.mbox_part_bytes == 0)
    read.mbox_part_bytes = kMboxPartBytes;
  // Only a shard weighs every input by its size: elsewhere the workers stat the files of large
  // folders as they open them, not the walk (decision 311).
  if (shard == nullptr) read.stat_every_file = false;
  std::atomic<bool> own_stop{false};
  if (stop == nullptr) stop = &own_stop;
  struct reading_worker {
    Worker* worker = nullptr;
    input_reader reader;
  };
  per_worker<reading_worker> readers(workers.size());
  for (std::size_t w = 0; w < workers.size(); ++w) readers[w].worker = &workers[w];
  input_reader walker_reader;

  ordered_stages<corpus_input, Result, reading_worker> ordered;
  // With one worker the calling thread reads everything itself: nothing is read ahead.
  if (workers.size() > 1) {
    ordered.prepare = [&](corpus_input& input) {
      read_ahead_if_needed(input, walker_reader, read, stop);
    };
    ordered.prepare_may_wait = [](const corpus_input& input) {
      return input.ref.must_read_in_order;
    };
  }
  ordered.start = [&](reading_worker& w, corpus_input& input) {
    return start_reading(input, w.reader, read);
  };
  ordered.produce = [&](reading_worker& w, corpus_input& input, result_sink<Result>& out) {
    read_messages_of(
        input, w.reader,
        [&](const corpus::corpus_message& m) {
          stages.process(*w.worker, m, out.next());
          out.commit();
        },
        read, stop);
  };
  ordered.consume = stages.consume;
  // The bytes on disk, where the walk stat'ed them (mbox parts, files named on the command
  // line, every file of a sharded walk): a run of claimed inputs ends at 1 MiB.
  ordered.weight = [](const corpus_input& input) { return input.ref.size; };
  // The later parts of an mbox wait for this part's message count: it must not wait behind the
  // other inputs of a run (decisions.md 367).
  ordered.claimed_alone = [](const corpus_input& input) { return input.ref.mbox_part.has_value(); };
  const auto walk = [&](const std::function<void(corpus_input &&)>& push) {
    corpus::walk_shard(
        paths, shard,
        [&](corpus::input_ref&& ref) {
          corpus_input input;
          input.ref = std::move(ref);
          push(std::move(input));
        },
        stop, read);
  };
  ordered_options options;
  options.window = workers.size() * kWindowPerWorker;
  options.results_per_input = kResultsPerInput;
  options.stop = stop;
  run_ordered(walk, readers, ordered, options);
}

}  // namespace mfsim::pipeline
