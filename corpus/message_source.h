// Turning the PATH arguments of `mfsim run` into a stream of messages, in a fixed order.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::corpus {

struct corpus_message {
  std::string_view id;          // the path as given/walked; "PATH#N" for mbox entries; "-" for stdin
  std::string_view bytes;       // the raw message; empty when it could not be read
  std::string_view read_error;  // why it could not be read; empty when it was
};

// Reads every message named by `paths`, in order, and calls `sink` once per message (views are
// valid only during the call). A path is a message file, an mbox file (first line "From "), a
// directory (walked recursively, entries sorted by byte order; directory symlinks are not
// followed, so a link loop cannot recurse), or "-" for standard input. Files that cannot be
// read, and special files met inside a directory, become messages with `read_error` set.
// Files are opened read-only and never written. Gzip-compressed files (by their magic bytes)
// are decompressed transparently. In a Maildir (a directory with cur/, new/ and tmp/), tmp/ is
// skipped: messages there are still being delivered. Reading stops early, between messages,
// once `stop` (when given) becomes true.
void read_messages(const std::vector<std::string>& paths,
                   const std::function<void(const corpus_message&)>& sink,
                   const std::atomic<bool>* stop = nullptr);

}  // namespace mfsim::corpus
