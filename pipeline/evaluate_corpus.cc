// Evaluating one message of a corpus the way every command does.
#include "pipeline/evaluate_corpus.h"

namespace mfsim::pipeline {
namespace {

const corpus::manifest_entry* manifest_entry(const corpus::corpus_message& message,
                                             const evaluation_setup& setup) {
  return setup.manifest ? setup.manifest->find(message.id) : nullptr;
}

// What a manifest entry says about the message; nothing without one.
message_overrides overrides_of(const corpus::manifest_entry* entry) {
  if (entry == nullptr) return {};
  return {entry->client_ip, entry->received,  &entry->recipients,
          entry->auth_as,   entry->direction, {}};
}

}  // namespace

const outcome& evaluate_message(const plan& p, const corpus::corpus_message& message,
                                const evaluation_setup& setup, scratch& s, outcome& copy,
                                evaluation_trace* trace) {
  const corpus::manifest_entry* entry = manifest_entry(message, setup);
  const message_overrides overrides = overrides_of(entry);
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

const recipient_forks* message_forks(const plan& p, const corpus::corpus_message& message,
                                     const evaluation_setup& setup, const scratch& evaluated,
                                     fork_memory& memory) {
  // Header-only plans such as uc4 stop here, unless the mailboxes differ.
  if (!forks_by_recipient(p, setup.options)) return nullptr;
  const corpus::manifest_entry* entry = manifest_entry(message, setup);
  const message_overrides overrides = overrides_of(entry);
  find_recipient_forks(p, message_prefix{message.bytes, message.whole_size()}, setup.options,
                       entry != nullptr ? &overrides : nullptr, evaluated, memory.working,
                       memory.forks);
  return memory.forks.any() ? &memory.forks : nullptr;
}

}  // namespace mfsim::pipeline
