// Reading and evaluating messages on several threads while writing results in input order.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/message_source.h"

namespace mfsim::tools {

// One message as a worker sees it; the views are valid during process() only.
struct pipeline_item {
  std::string_view id;
  std::string_view bytes;
  std::string_view read_error;
  std::uint32_t flags = 0;  // mail::scan_flag bits from the reader (no_transport_headers)
};

struct pipeline_callbacks {
  // Turns one message into its output text. Called concurrently from `jobs` threads; `worker`
  // (0 .. jobs-1) tells which, so each can own a scratch.
  std::function<void(std::size_t worker, const pipeline_item& item, std::string& out)> process;
  // Receives each message's output in input order, one call at a time, with the size of the
  // message (for progress).
  std::function<void(const std::string& out, std::size_t message_bytes)> emit;
};

// Reads every message named by `paths` (the order of corpus::walk_inputs) and runs the
// callbacks on them. Workers read the files themselves, so reading scales with `jobs` too;
// standard input and FIFOs are read by the calling thread, which is the one that receives
// SIGINT/SIGTERM (helper threads block them). At most `window` inputs are in flight (walked
// but not yet emitted), so memory stays flat however many there are. Once `stop` becomes true
// no further input is started; what was started is finished and emitted. With jobs == 1
// everything runs on the calling thread. Output is identical for every `jobs`.
// `options` say how inputs are read (--unwrap).
void run_ordered(const std::vector<std::string>& paths, std::size_t jobs, std::size_t window,
                 const pipeline_callbacks& callbacks, const std::atomic<bool>* stop = nullptr,
                 const corpus::read_options& options = {});

}  // namespace mfsim::tools
