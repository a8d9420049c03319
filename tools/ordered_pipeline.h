// Evaluating messages on several threads while writing results in input order.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "corpus/message_source.h"

namespace mfsim::tools {

// One message as a worker sees it: copies owned by the pipeline, valid during process().
struct pipeline_item {
  std::string_view id;
  std::string_view bytes;
  std::string_view read_error;
};

struct pipeline_callbacks {
  // Produces messages by calling `sink` once per message, in input order (on the calling thread).
  std::function<void(const std::function<void(const corpus::corpus_message&)>& sink)> produce;
  // Turns one message into its output text. Called concurrently from `jobs` threads; `worker`
  // (0 .. jobs-1) tells which, so each can own a scratch.
  std::function<void(std::size_t worker, const pipeline_item& item, std::string& out)> process;
  // Receives each output in input order, on one thread at a time, with the size of the
  // message it came from (for progress).
  std::function<void(const std::string& out, std::size_t message_bytes)> emit;
};

// Runs the pipeline. At most `window` messages are in flight (read but not yet emitted), so
// memory stays flat however many messages there are. Every message produced is processed and
// emitted (to stop early, stop producing). With jobs == 1 everything runs on the calling
// thread. Output is identical for every `jobs`.
void run_ordered(std::size_t jobs, std::size_t window, const pipeline_callbacks& callbacks);

}  // namespace mfsim::tools
