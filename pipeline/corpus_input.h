// One input of a corpus run (a file, an mbox, standard input) as it travels through the
// ordered pipeline, and the reading each worker does. Used by evaluate_corpus().
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "corpus/file_reader.h"
#include "corpus/head_read_batch.h"
#include "corpus/message_source.h"

namespace mfsim::pipeline {

// A message copied out of its reader, for inputs read ahead on the walking thread.
struct owned_message {
  std::string id;
  std::string bytes;
  std::string read_error;
  std::uint32_t flags = 0;
  std::uint64_t input_position = 0;  // its place in the walk (corpus_message)
  std::uint64_t entry = 0;
  std::uint64_t size = 0;  // corpus_message::size
};

struct corpus_input {
  corpus::input_ref ref;
  bool read_ahead = false;              // its messages are in `messages` (standard input, FIFOs)
  std::vector<owned_message> messages;  // valid when read_ahead
};

// The buffers a thread reuses from one input to the next.
struct input_reader {
  corpus::file_reader file;
  std::string entry;
  corpus::head_read_batch batch;  // header reads begun for a claimed run (start_reading)
};

// A worker, for an input of a run it claimed: begins its open and first read in
// `reader.batch` when read_messages_of will read only its header block (corpus::
// start_head_read). Returns whether it did.
bool start_reading(const corpus_input& input, input_reader& reader,
                   const corpus::read_options& options);

// Walking thread: reads an input that must be read there (standard input, FIFOs: where
// SIGINT/SIGTERM arrive) into `input.messages`; other inputs are left to the workers.
void read_ahead_if_needed(corpus_input& input, input_reader& reader,
                          const corpus::read_options& options, const std::atomic<bool>* stop);

// Calls `sink` for each message of `input`, in order: those read ahead, or read now with
// `reader` as `options` say. Views are valid during the call only.
void read_messages_of(const corpus_input& input, input_reader& reader,
                      const std::function<void(const corpus::corpus_message&)>& sink,
                      const corpus::read_options& options, const std::atomic<bool>* stop);

}  // namespace mfsim::pipeline
