// Reading corpus inputs for the ordered pipeline: ahead on the walking thread, or in a worker.
#include "pipeline/corpus_input.h"

namespace mfsim::pipeline {

void read_ahead_if_needed(corpus_input& input, input_reader& reader,
                          const corpus::read_options& options, const std::atomic<bool>* stop) {
  input.read_ahead = input.ref.must_read_in_order;
  input.messages.clear();
  if (!input.read_ahead) return;
  corpus::read_input(
      input.ref, reader.file, reader.entry,
      [&](const corpus::corpus_message& m) {
        input.messages.push_back({std::string(m.id), std::string(m.bytes),
                                  std::string(m.read_error), m.flags, m.input_position, m.entry,
                                  m.size});
      },
      stop, options);
}

bool start_reading(const corpus_input& input, input_reader& reader,
                   const corpus::read_options& options) {
  return !input.read_ahead && corpus::start_head_read(input.ref, reader.batch, options);
}

void read_messages_of(const corpus_input& input, input_reader& reader,
                      const std::function<void(const corpus::corpus_message&)>& sink,
                      const corpus::read_options& options, const std::atomic<bool>* stop) {
  if (!input.read_ahead) {
    corpus::read_input(input.ref, reader.file, reader.entry, sink, stop, options, &reader.batch);
    return;
  }
  for (const owned_message& m : input.messages)
    sink({m.id, m.bytes, m.read_error, m.flags, m.input_position, m.entry, m.size});
}

}  // namespace mfsim::pipeline
