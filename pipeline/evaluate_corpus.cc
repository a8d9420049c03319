// Evaluating one message of a corpus the way every command does.
#include "pipeline/evaluate_corpus.h"

namespace mfsim::pipeline {

const outcome& evaluate_message(const plan& p, const corpus::corpus_message& message,
                                const evaluation_setup& setup, scratch& s, outcome& copy,
                                evaluation_trace* trace) {
  const corpus::manifest_entry* entry = setup.manifest ? setup.manifest->find(message.id) : nullptr;
  message_overrides overrides;
  if (entry != nullptr) {
    overrides = {entry->client_ip, entry->received, &entry->recipients, entry->auth_as,
                 entry->direction};
  }
  const outcome& evaluated =
      evaluate(p, message_prefix{message.bytes, message.whole_size()}, setup.options, s,
               entry != nullptr ? &overrides : nullptr, trace);
  if (message.read_error.empty() && message.flags == 0) return evaluated;
  copy = evaluated;
  if (!message.read_error.empty()) {
    copy.error = message.read_error;
    // Nothing was read: the flags of the empty stand-in ("empty_message") describe nothing.
    if (message.bytes.empty()) copy.flags = 0;
  }
  copy.flags |= message.flags;  // what the reader found (no_transport_headers)
  return copy;
}

}  // namespace mfsim::pipeline
