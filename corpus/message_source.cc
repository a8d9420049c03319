// Reading the inputs the walk lists (input_walk.cc): files, containers, standard input and
// FIFOs, and mbox files whole, in parts or as streams.
#include "corpus/message_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "corpus/byte_stream.h"
#include "corpus/containers.h"
#include "corpus/head_read_batch.h"
#include "corpus/input_handles.h"
#include "corpus/mbox_reader.h"
#include "corpus/mbox_stream.h"
#include "corpus/message_id.h"
#include "corpus/message_unpacker.h"
#include "corpus/msg_reader.h"
#include "corpus/unread_formats.h"

namespace mfsim::corpus {
namespace {

using detail::stopped;

constexpr std::string_view kChangedError =
    "the mbox changed since it was walked: this part of it is no longer there as it was";
constexpr std::string_view kShrankError =
    "the file shrank while it was read (truncated by another process): the message is incomplete";
// An entry buffer that grew past this for one large message is released, not kept.
constexpr std::size_t kKeptEntryCapacity = std::size_t{4} << 20;
// A part buffer is kept up to this much over twice its part's size: a large message in one
// part would otherwise have the next part fault a fresh buffer in.
constexpr std::size_t kKeptPartExtra = std::size_t{16} << 20;

// Passes one mbox entry to `sink`, with why it is not (fully) there when it is not. `shrank`:
// the mapped file turned out shorter than it was (its bytes were just read): no entry after
// this one can be read, and false is returned.
bool sink_entry(const std::string& id, std::string_view bytes, bool too_large, bool shrank,
                std::string_view read_error, const read_options& options,
                const std::function<void(const corpus_message&)>& sink) {
  if (shrank) {
    unpack_message({id, bytes, kShrankError}, options, sink);
    return false;
  }
  if (too_large)
    sink({id, {}, too_large_error("holds")});
  else
    unpack_message({id, bytes, read_error}, options, sink);
  return true;
}

void release_large_entry(std::string& entry) {
  if (entry.capacity() > kKeptEntryCapacity) std::string().swap(entry);
}

// This thread's buffer for the mbox files it streams, one after another.
kept_stream_buffer& worker_stream_buffer() {
  thread_local kept_stream_buffer kept;
  return kept;
}

// Inputs that a header-only read cannot stop early in: their messages are not a prefix of the
// file (mbox, ZIP, PST, .msg) or need the whole stream (gzip).
bool read_whole(std::string_view first_bytes) {
  return is_gzip(first_bytes) || looks_like_mbox(first_bytes) || is_container(first_bytes) ||
         is_compound_file(first_bytes) || !unread_format_error(first_bytes).empty();
}

// The messages of an mbox held in memory (mapped, read, or a part of a mapped file), from
// entry number first_number + 1 on: views into `data`, copied into `entry` only to unquote.
// `id`: the mbox's own id (path_id), each entry's with its number after it.
void read_mbox_bytes(std::string_view id, std::string_view data, std::uint64_t first_number,
                     bool more_follows, file_reader* reader, std::string& entry,
                     std::string_view error, const read_options& options,
                     const std::function<void(const corpus_message&)>& sink,
                     const std::atomic<bool>* stop) {
  mbox_reader mbox(data, max_message_bytes(), more_follows);
  std::string_view bytes;
  std::uint64_t n = first_number;
  while (!stopped(stop) && mbox.next(bytes, entry)) {
    const bool shrank = reader != nullptr && reader->truncated();
    if (!sink_entry(entry_id(id, ++n), bytes, mbox.entry_too_large(), shrank, error, options,
                    sink)) {
      break;
    }
    // The entry was handled: what lies before the reader's position is done with.
    if (reader != nullptr) reader->release_before(mbox.data().data() + mbox.position());
  }
  release_large_entry(entry);
}

// One part of a large mbox (walker::mbox_parts), read with pread into a buffer of its own: its
// messages are found first (one pass over its bytes, which the reading then uses) and their
// count published, so that later parts can number theirs; then they are read from the first
// number the earlier parts leave. A part that no message starts in holds none.
void read_mbox_part(const input_ref& input, std::string_view id, std::string& entry,
                    const std::function<void(const corpus_message&)>& sink,
                    const std::atomic<bool>* stop, const read_options& options,
                    std::uint64_t& number) {
  const mbox_range& part = *input.mbox_part;
  thread_local mbox_part_bytes buffer;
  thread_local std::vector<mbox_span> spans;
  const std::string error = buffer.read(input.path, input.expect, part);
  const bool intact = error.empty() && buffer.intact();
  const std::string_view bytes = intact ? buffer.part() : std::string_view();
  spans.clear();
  mbox_reader mbox(bytes, max_message_bytes(), !buffer.ends_file());
  if (intact) {
    for (mbox_span span; mbox.next_span(span);) spans.push_back(span);
  }
  part.counts->publish(part.index, spans.size());
  const std::optional<std::uint64_t> before = part.counts->messages_before(part.index, stop);
  if (!before) return;  // the run failed before the earlier parts were read
  if (!intact) {
    if (error.empty() && buffer.empty()) return;
    sink({std::string(id) + "#part" + std::to_string(part.index + 1),
          {},
          !error.empty() ? error : kChangedError});
    return;
  }
  number = *before;
  std::uint64_t n = *before;
  for (const mbox_span& span : spans) {
    if (stopped(stop)) break;
    const std::string_view message = message_bytes(mbox.data(), span, entry);
    sink_entry(entry_id(id, ++n), message, span.too_large, false, {}, options, sink);
  }
  release_large_entry(entry);
  if (buffer.capacity() > 2 * (part.end - part.begin) + kKeptPartExtra) buffer.release();
}

// An mbox that arrives as a stream (standard input, a FIFO, a gzip file), one message at a
// time, numbered on from `n`; at most `batch_bytes` of messages (at least one) when it is read
// in batches. The stream's error (a truncated gzip) is the last message's: the ones before it
// are whole. Returns true when the stream has ended.
bool read_mbox_stream(std::string_view id, mbox_stream& stream, const byte_stream& source,
                      file_reader* mapped, std::string& entry, const read_options& options,
                      const std::function<void(const corpus_message&)>& sink,
                      const std::atomic<bool>* stop, std::uint64_t& n,
                      std::uint64_t batch_bytes = static_cast<std::uint64_t>(-1)) {
  std::string_view bytes;
  std::uint64_t batch = 0;
  bool ended = true;
  while (!stopped(stop) && stream.next(bytes, entry)) {
    const std::string_view error = stream.ended_in_last() ? source.error() : std::string_view();
    const bool shrank = (mapped != nullptr && mapped->truncated()) ||
                        (stream.ended_in_last() && source.ended_short());
    if (!sink_entry(entry_id(id, ++n), bytes, stream.entry_too_large(), shrank, error, options,
                    sink)) {
      break;
    }
    if (mapped != nullptr) mapped->release_before(source.memory_consumed());
    batch += bytes.size() + 1;
    if (batch >= batch_bytes) {
      ended = stream.peek(1).empty();
      break;
    }
  }
  release_large_entry(entry);
  return ended;
}

// A large mbox file, read in pieces into one small buffer rather than through its mapping:
// the kernel copies each piece into memory the cache holds, where a scan of the mapping waits
// on every page (a third of the CPU of a one-job run). At most `size` bytes (its size when it
// was mapped) are read. False when the file cannot be opened again (read it mapped then).
bool read_mbox_file(const input_ref& input, std::string_view id, std::uint64_t size,
                    std::string& entry, const read_options& options,
                    const std::function<void(const corpus_message&)>& sink,
                    const std::atomic<bool>* stop) {
  int fd = -1;
  struct stat st {};
  if (!open_checked(input.path, input.expect, fd, st).empty()) return false;
  byte_stream source(fd, size);
  mbox_stream stream(source, max_message_bytes(), mbox_stream::kDefaultRead,
                     &worker_stream_buffer());
  std::uint64_t n = 0;
  read_mbox_stream(id, stream, source, nullptr, entry, options, sink, stop, n);
  ::close(fd);
  return true;
}

// The messages of one input held in memory: a container's, a message file's, or an mbox's.
// `reader` is the file_reader that read them, or null for bytes read from a stream.
void read_bytes(const input_ref& input, const std::string& id, std::string_view data,
                std::string error, file_reader* reader, std::string& entry,
                const read_options& options, const std::function<void(const corpus_message&)>& sink,
                const std::atomic<bool>* stop) {
  if (!error.empty() && data.empty()) {
    sink({id, {}, error});
    return;
  }
  // A partly read file (a truncated gzip) still yields what it holds, marked.
  if (is_container(data)) {
    read_container(id, data, error, options, sink, stop,
                   input.pst_part ? &*input.pst_part : nullptr);
    return;
  }
  if (const std::string_view unread = unread_format_error(data); !unread.empty()) {
    sink({id, {}, join_errors(error, unread)});
    return;
  }
  if (looks_like_mbox(data) && !input.one_message) {
    read_mbox_bytes(id, data, 0, false, reader, entry, error, options, sink, stop);
    return;
  }
  // A Maildir file's envelope line (decision 393) is not part of the message.
  const std::size_t envelope =
      looks_like_mbox(data) ? skip_envelope_line(data, mbox_lead_bytes(data)) : 0;
  const std::uint64_t whole_size =
      (reader != nullptr ? reader->whole_size() : data.size()) - envelope;
  data.remove_prefix(envelope);
  if (whole_size > max_message_bytes()) {
    sink({id, {}, too_large_error("holds")});
    return;
  }
  if (reader != nullptr) {
    reader->touch_all();  // a file cut short since it was mapped shows now, not mid-evaluation
    if (reader->truncated()) error = kShrankError;
  }
  corpus_message message{id, data, error};
  if (whole_size > data.size()) message.size = whole_size;
  unpack_message(message, options, sink);
}

// The next batch of standard input or a FIFO, read as it comes: an mbox message by message
// (about kStreamBatchBytes of them per batch), anything else whole (at most
// max_message_bytes()), as a file is. `number`: where the batch's entries are counted from.
void read_stream_batch(const input_ref& input, stream_input& s, const std::string& id,
                       std::string& entry, const read_options& options,
                       const std::function<void(const corpus_message&)>& sink,
                       const std::atomic<bool>* stop, std::uint64_t& number) {
  constexpr std::size_t kKindBytes = std::size_t{4} << 10;  // enough to tell an mbox
  // Bytes of messages per batch: with 16 inputs in flight per worker, a few MiB per worker.
  constexpr std::uint64_t kStreamBatchBytes = std::uint64_t{256} << 10;
  if (!s.started_) {
    s.started_ = true;
    s.fd_ = STDIN_FILENO;
    if (input.path != "-") {
      struct stat st {};
      if (std::string error = open_checked(input.path, input.expect, s.fd_, st); !error.empty()) {
        s.ended_ = true;
        sink({id, {}, error});
        return;
      }
    }
    s.source_ = std::make_unique<byte_stream>(s.fd_);
    s.mbox_ = std::make_unique<mbox_stream>(*s.source_, max_message_bytes());
    if (!looks_like_mbox(s.mbox_->peek(kKindBytes))) {
      s.ended_ = true;
      std::string whole;
      if (s.mbox_->read_rest(whole, max_message_bytes())) {
        sink({id, {}, s.source_->gzip() ? inflated_too_large_error() : too_large_error("holds")});
        return;
      }
      read_bytes(input, id, whole, s.source_->error(), nullptr, entry, options, sink, stop);
      return;
    }
  }
  number = s.messages_;
  s.ended_ = read_mbox_stream(id, *s.mbox_, *s.source_, nullptr, entry, options, sink, stop,
                              s.messages_, kStreamBatchBytes) ||
             stopped(stop);
}

}  // namespace

bool start_head_read(const input_ref& input, head_read_batch& batch, const read_options& options) {
  if (!options.header_block_only || options.unwrap || options.size_needed || !input.error.empty() ||
      !input.expect.regular || input.must_read_in_order || input.mbox_part || input.pst_part ||
      input.path == "-") {
    return false;
  }
  const open_expectation& expect = input.expect;
  const std::string_view name =
      std::string_view(input.path).substr(expect.directory_fd >= 0 ? expect.name_offset : 0);
  return batch.start(&input, expect.directory_fd, input.directory, name, expect.no_follow);
}

void read_input(const input_ref& input, file_reader& reader, std::string& entry,
                const std::function<void(const corpus_message&)>& deliver,
                const std::atomic<bool>* stop, const read_options& options,
                head_read_batch* batch) {
  // Every message leaves with its place in the walk: its input's position and its number in it.
  std::uint64_t number = 0;
  const std::function<void(const corpus_message&)> sink = [&](const corpus_message& m) {
    corpus_message placed = m;
    placed.input_position = input.position;
    placed.entry = ++number;
    deliver(placed);
  };
  const std::string id = path_id(input.path);
  if (!input.error.empty()) {
    sink({id, {}, input.error});
    return;
  }
  if (input.mbox_part) {
    read_mbox_part(input, id, entry, sink, stop, options, number);
    return;
  }
  if (input.must_read_in_order) {
    if (input.stream != nullptr) {
      read_stream_batch(input, *input.stream, id, entry, options, sink, stop, number);
      return;
    }
    stream_input whole;  // not from the walk: every batch at once
    do {
      read_stream_batch(input, whole, id, entry, options, sink, stop, number);
    } while (whole.more());
    return;
  }
  started_head* started = batch != nullptr ? batch->take(&input) : nullptr;
  const std::string error =
      started != nullptr
          ? reader.read_started_head(*batch, *started, input.path, input.expect, input.size,
                                     options.max_header_bytes, &read_whole)
      : options.header_block_only && !options.unwrap
          ? reader.read_head(input.path, input.expect, input.size, options.max_header_bytes,
                             &read_whole)
          : reader.read(input.path, input.expect);
  if (reader.compressed_mbox() && input.one_message) {
    const std::string inflate_error = reader.inflate();
    read_bytes(input, id, reader.data(), inflate_error.empty() ? error : inflate_error, &reader,
               entry, options, sink, stop);
    return;
  }
  if (reader.compressed_mbox()) {
    byte_stream source(reader.data());
    mbox_stream stream(source, max_message_bytes(), mbox_stream::kDefaultRead,
                       &worker_stream_buffer());
    std::uint64_t n = 0;
    read_mbox_stream(id, stream, source, &reader, entry, options, sink, stop, n);
    return;
  }
  if (reader.mapped() && error.empty() && !input.one_message && looks_like_mbox(reader.data()) &&
      read_mbox_file(input, id, reader.data().size(), entry, options, sink, stop)) {
    return;
  }
  read_bytes(input, id, reader.data(), error, &reader, entry, options, sink, stop);
}

std::size_t read_mbox_entry(const std::string& path, std::size_t n, file_reader& reader,
                            std::string& entry,
                            const std::function<void(const corpus_message&)>& sink,
                            const read_options& options) {
  std::string error = reader.read(path, open_expectation{path != "-", false});
  if (reader.compressed_mbox()) error = reader.inflate();  // skipped entries are not kept
  if (!error.empty() && reader.data().empty()) {
    sink({mbox_entry_id(path, n), {}, error});
    return 1;
  }
  if (!looks_like_mbox(reader.data())) return 0;
  mbox_reader mbox(reader.data(), max_message_bytes());
  std::size_t seen = 0;
  while (seen + 1 < n && mbox.skip()) ++seen;
  std::string_view bytes;
  if (seen + 1 < n || !mbox.next(bytes, entry)) return seen;
  sink_entry(mbox_entry_id(path, n), bytes, mbox.entry_too_large(), reader.truncated(), error,
             options, sink);
  return n;
}

void read_messages(const std::vector<std::string>& paths,
                   const std::function<void(const corpus_message&)>& sink,
                   const std::atomic<bool>* stop, const read_options& options) {
  file_reader reader;
  std::string entry;
  walk_inputs(
      paths, [&](input_ref&& input) { read_input(input, reader, entry, sink, stop, options); },
      stop, options);
}

}  // namespace mfsim::corpus
