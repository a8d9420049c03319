// Walking paths, reading files and stdin, and splitting mbox files.
#include "corpus/message_source.h"

#include <dirent.h>
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
#include "corpus/mbox_reader.h"
#include "corpus/mbox_stream.h"
#include "corpus/message_id.h"
#include "corpus/message_unpacker.h"
#include "corpus/msg_reader.h"

namespace mfsim::corpus {

// Closed when the last input found in it is done with (input_ref::directory).
class open_directory {
 public:
  explicit open_directory(DIR* stream) noexcept : stream_(stream) {}
  ~open_directory() { ::closedir(stream_); }
  open_directory(const open_directory&) = delete;
  open_directory& operator=(const open_directory&) = delete;
  [[nodiscard]] int fd() const noexcept { return ::dirfd(stream_); }

 private:
  DIR* stream_;
};

// Standard input or a FIFO as it is read, batch after batch (input_ref::stream).
class stream_input {
 public:
  stream_input() = default;
  ~stream_input() {
    if (fd_ >= 0 && fd_ != STDIN_FILENO) ::close(fd_);
  }
  stream_input(const stream_input&) = delete;
  stream_input& operator=(const stream_input&) = delete;
  // True once a batch was read and the stream has more: the walk hands on another input.
  [[nodiscard]] bool more() const noexcept { return started_ && !ended_; }

  int fd_ = -1;
  bool started_ = false;
  bool ended_ = false;
  std::unique_ptr<byte_stream> source_;
  std::unique_ptr<mbox_stream> mbox_;
  std::uint64_t messages_ = 0;  // entries handed out by earlier batches
};

namespace {

constexpr std::string_view kChangedError =
    "the mbox changed since it was walked: this part of it is no longer where a message starts";
constexpr std::string_view kShrankError =
    "the file shrank while it was read (truncated by another process): the message is incomplete";
// An entry buffer that grew past this for one large message is released, not kept.
constexpr std::size_t kKeptEntryCapacity = std::size_t{4} << 20;

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

// Inputs that a header-only read cannot stop early in: their messages are not a prefix of the
// file (mbox, ZIP, PST, .msg) or need the whole stream (gzip).
bool read_whole(std::string_view first_bytes) {
  return is_gzip(first_bytes) || looks_like_mbox(first_bytes) || is_container(first_bytes) ||
         is_compound_file(first_bytes);
}

bool stopped(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

bool is_directory(int dir_fd, const char* name) {
  struct stat st {};
  return ::fstatat(dir_fd, name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

// A Maildir holds cur/, new/ and tmp/; tmp/ has messages still being written.
bool is_maildir(int dir_fd) {
  return is_directory(dir_fd, "cur") && is_directory(dir_fd, "new") && is_directory(dir_fd, "tmp");
}

// True when the file at `path` starts with the PST signature.
bool has_pst_signature(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[4] = {};
  const bool pst = ::pread(fd, head, sizeof head, 0) == 4 && is_pst(std::string_view(head, 4));
  ::close(fd);
  return pst;
}

// The regular files this process writes to through its standard output and error
// (`mfsim run corpus > corpus/out.jsonl`): the walk must not read its own output back.
class own_outputs {
 public:
  own_outputs() {
    for (const int fd : {STDOUT_FILENO, STDERR_FILENO}) {
      struct stat st {};
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) files_.push_back({st.st_dev, st.st_ino});
    }
  }
  [[nodiscard]] bool holds(const struct stat& st) const {
    return std::any_of(files_.begin(), files_.end(), [&](const auto& f) {
      return f.first == st.st_dev && f.second == st.st_ino;
    });
  }
  // Whether a listed entry with inode number `ino` (dirent::d_ino) may be one of them: then it
  // is stat'ed, for its device too.
  [[nodiscard]] bool may_hold(ino_t ino) const {
    return std::any_of(files_.begin(), files_.end(),
                       [&](const auto& f) { return f.second == ino; });
  }

 private:
  std::vector<std::pair<dev_t, ino_t>> files_;
};

// A directory entry as listed: its type and inode number from the listing (getdents).
struct listed_entry {
  std::string name;
  unsigned char type = DT_UNKNOWN;
  ino_t ino = 0;
};

class walker {
 public:
  walker(const std::function<void(input_ref&&)>& sink, const std::atomic<bool>* stop,
         const read_options& options)
      : sink_(sink), stop_(stop), options_(options) {}

  // A path named on the command line: links to it are followed.
  void top_level(const std::string& p) {
    if (stopped(stop_)) return;
    if (p == "-") {
      emit_stream(p);
      return;
    }
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      emit({p, std::string("cannot stat: ") + std::strerror(errno), false});
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      directory(p, nullptr, nullptr);
    } else if (S_ISREG(st.st_mode)) {
      regular_file(p, static_cast<std::size_t>(st.st_size), {true, false}, nullptr);
    } else {
      emit_stream(p);  // a FIFO named on the command line (`<(zcat x.gz)`) is read too
    }
  }

 private:
  // An entry of a walked directory, `p` = its path, its name from p[name_offset] on: looked up
  // in the open directory `dir` (or by its path when `dir` is null), never following a link,
  // so that a symlinked directory is not entered (no loops).
  void entry(const std::shared_ptr<const open_directory>& dir, const std::string& p,
             std::size_t name_offset) {
    if (stopped(stop_)) return;
    const int at = dir != nullptr ? dir->fd() : AT_FDCWD;
    const char* name = dir != nullptr ? p.c_str() + name_offset : p.c_str();
    struct stat st {};
    if (::fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      emit({p, std::string("cannot stat: ") + std::strerror(errno), false});
      return;
    }
    bool through_link = false;
    if (S_ISLNK(st.st_mode)) {
      through_link = true;
      struct stat target {};
      if (::fstatat(at, name, &target, 0) != 0) {
        emit({p, std::string("broken symbolic link: ") + std::strerror(errno), false});
        return;
      }
      if (S_ISDIR(target.st_mode)) return;  // not followed: see walk_inputs
      st = target;
    }
    if (S_ISDIR(st.st_mode)) {
      directory(p, dir.get(), name);
    } else if (S_ISREG(st.st_mode) && own_outputs_.holds(st)) {
      return;  // mfsim's own output, redirected into the walked folder: not a message
    } else if (S_ISREG(st.st_mode)) {
      const open_expectation expect = dir != nullptr
                                          ? open_expectation{true, !through_link, at, name_offset}
                                          : open_expectation{true, !through_link};
      regular_file(p, static_cast<std::size_t>(st.st_size), expect, dir);
    } else {
      emit({p, "not a regular file (FIFO, socket or device): not read", false});
    }
  }

  // `dir` is opened by `name` in `parent` when it was found in a walked directory.
  void directory(const std::string& dir, const open_directory* parent, const char* name) {
    constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    const int fd = parent != nullptr ? ::openat(parent->fd(), name, kFlags | O_NOFOLLOW)
                                     : ::open(dir.c_str(), kFlags);
    DIR* d = fd >= 0 ? ::fdopendir(fd) : nullptr;
    if (d == nullptr) {
      const int error = errno;
      if (fd >= 0) ::close(fd);
      emit({dir, std::string("cannot open directory: ") + std::strerror(error), false});
      return;
    }
    std::shared_ptr<const open_directory> handle = std::make_shared<const open_directory>(d);
    std::vector<listed_entry> names;
    while (const dirent* e = ::readdir(d)) {
      const std::string_view entry_name = e->d_name;
      if (entry_name != "." && entry_name != "..")
        names.push_back({std::string(entry_name), e->d_type, e->d_ino});
    }
    std::sort(names.begin(), names.end(),
              [](const listed_entry& a, const listed_entry& b) { return a.name < b.name; });
    // Decision 311: in a large folder the files the listing calls regular are not stat'ed here
    // unless their sizes are needed; the worker that opens one stats it anyway.
    const bool stat_regular_files = options_.stat_every_file || names.size() < kStatEveryEntryBelow;
    const std::string prefix = (!dir.empty() && dir.back() == '/') ? dir : dir + "/";
    const bool maildir = is_maildir(handle->fd());
    // Below kHeldDepth levels the entries are found by their paths again: the walk holds at
    // most that many directories open (besides those of inputs in flight), however deep the
    // tree.
    if (depth_ >= kHeldDepth) handle.reset();
    ++depth_;
    for (const listed_entry& listed : names) {
      if (maildir && listed.name == "tmp") continue;
      if (!stat_regular_files && listed.type == DT_REG && !own_outputs_.may_hold(listed.ino)) {
        listed_regular_file(handle, prefix + listed.name, prefix.size());
      } else {
        entry(handle, prefix + listed.name, prefix.size());
      }
    }
    --depth_;
  }

  // A regular file as the listing named it (not a link: d_type), not stat'ed: its size is left
  // 0, so it is one input whatever its size (a large mbox or PST is read whole by one worker,
  // with the same records), and the worker's open (O_NOFOLLOW, fstat) checks what it is.
  void listed_regular_file(const std::shared_ptr<const open_directory>& dir, const std::string& p,
                           std::size_t name_offset) {
    if (stopped(stop_)) return;
    const open_expectation expect = dir != nullptr
                                        ? open_expectation{true, true, dir->fd(), name_offset}
                                        : open_expectation{true, true};
    input_ref input{p, {}, false, std::nullopt, 0, 0, expect};
    input.directory = dir;
    emit(std::move(input));
  }

  // One input, or for a large PST one per run of its items.
  void regular_file(const std::string& p, std::size_t size, open_expectation expect,
                    const std::shared_ptr<const open_directory>& dir) {
    if (size >= options_.pst_split_bytes && has_pst_signature(p)) {
      file_reader reader;
      const std::vector<pst_range> parts =
          reader.read(p).empty() ? plan_pst_parts(reader.data(), options_.pst_part_items)
                                 : std::vector<pst_range>();
      if (parts.size() > 1) {
        // The parts share the file's bytes, so that shards weigh the file once.
        std::uint64_t left = size;
        for (std::size_t k = 0; k < parts.size(); ++k) {
          const std::uint64_t share = k + 1 == parts.size() ? left : size / parts.size();
          left -= share;
          emit({p, {}, false, parts[k], share, 0, expect});
        }
        return;
      }
    }
    if (options_.mbox_part_bytes != 0 && size >= 2 * options_.mbox_part_bytes &&
        mbox_parts(p, size, expect, dir)) {
      return;
    }
    input_ref input{p, {}, false, std::nullopt, size, 0, expect};
    input.directory = dir;
    emit(std::move(input));
  }

  // A large mbox as parts that share one place in the walk (their messages are numbered as the
  // file's): false when it is not split.
  bool mbox_parts(const std::string& p, std::size_t size, open_expectation expect,
                  const std::shared_ptr<const open_directory>& dir) {
    const std::vector<std::uint64_t> starts = plan_mbox_split(p, size, options_.mbox_part_bytes);
    if (starts.size() < 2) return false;
    const auto counts = std::make_shared<mbox_part_counts>(starts.size());
    const std::uint64_t position = next_position_++;
    for (std::size_t k = 0; k < starts.size(); ++k) {
      const bool last = k + 1 == starts.size();
      input_ref part{p, {}, false, std::nullopt, 0, position, expect};
      part.mbox_part = mbox_range{starts[k], last ? size : starts[k + 1], k, last, counts};
      part.size = part.mbox_part->end - part.mbox_part->begin;
      part.directory = dir;
      sink_(std::move(part));
    }
    return true;
  }

  // Standard input or a FIFO: one input per batch of its messages, all at one place in the
  // walk, for as long as the batch just read (by the sink, on this thread) leaves more.
  void emit_stream(const std::string& p) {
    const auto stream = std::make_shared<stream_input>();
    const std::uint64_t position = next_position_++;
    do {
      input_ref input{p, {}, true};
      input.position = position;
      input.stream = stream;
      sink_(std::move(input));
    } while (stream->more() && !stopped(stop_));
  }

  // Every input gets its place in the walk, counted over all of them.
  void emit(input_ref&& input) {
    input.position = next_position_++;
    sink_(std::move(input));
  }

  const std::function<void(input_ref&&)>& sink_;
  const std::atomic<bool>* stop_;
  std::uint64_t next_position_ = 0;
  static constexpr int kHeldDepth = 32;  // directories the walk holds open at once
  // A folder with fewer entries has every entry stat'ed (its large files are still split).
  static constexpr std::size_t kStatEveryEntryBelow = 64;
  int depth_ = 0;  // directories open above the current one
  const read_options& options_;
  const own_outputs own_outputs_;
};

// The messages of an mbox held in memory (mapped, read, or a part of a mapped file), from
// entry number first_number + 1 on: views into `data`, copied into `entry` only to unquote.
void read_mbox_bytes(const std::string& path, std::string_view data, std::uint64_t first_number,
                     bool more_follows, file_reader* reader, std::string& entry,
                     std::string_view error, const read_options& options,
                     const std::function<void(const corpus_message&)>& sink,
                     const std::atomic<bool>* stop) {
  mbox_reader mbox(data, max_message_bytes(), more_follows);
  std::string_view bytes;
  std::uint64_t n = first_number;
  while (!stopped(stop) && mbox.next(bytes, entry)) {
    const bool shrank = reader != nullptr && reader->truncated();
    if (!sink_entry(mbox_entry_id(path, ++n), bytes, mbox.entry_too_large(), shrank, error, options,
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
// number the earlier parts leave.
void read_mbox_part(const input_ref& input, std::string& entry,
                    const std::function<void(const corpus_message&)>& sink,
                    const std::atomic<bool>* stop, const read_options& options,
                    std::uint64_t& number) {
  const mbox_range& part = *input.mbox_part;
  thread_local mbox_part_bytes buffer;
  thread_local std::vector<mbox_span> spans;
  const std::string error = buffer.read(input.path, input.expect, part);
  const bool intact = error.empty() && buffer.intact(part);
  const std::string_view bytes = intact ? buffer.part() : std::string_view();
  spans.clear();
  mbox_reader mbox(bytes, max_message_bytes(), !part.last);
  if (intact) {
    for (mbox_span span; mbox.next_span(span);) spans.push_back(span);
  }
  part.counts->publish(part.index, spans.size());
  const std::optional<std::uint64_t> before = part.counts->messages_before(part.index, stop);
  if (!before) return;  // the run failed before the earlier parts were read
  if (!intact) {
    sink({path_id(input.path) + "#part" + std::to_string(part.index + 1),
          {},
          !error.empty() ? error : kChangedError});
    return;
  }
  number = *before;
  std::uint64_t n = *before;
  for (const mbox_span& span : spans) {
    if (stopped(stop)) break;
    const std::string_view message = message_bytes(mbox.data(), span, entry);
    sink_entry(mbox_entry_id(input.path, ++n), message, span.too_large, false, {}, options, sink);
  }
  release_large_entry(entry);
  if (buffer.capacity() > 2 * (part.end - part.begin) + kKeptEntryCapacity) buffer.release();
}

// An mbox that arrives as a stream (standard input, a FIFO, a gzip file), one message at a
// time, numbered on from `n`; at most `batch_bytes` of messages (at least one) when it is read
// in batches. The stream's error (a truncated gzip) is the last message's: the ones before it
// are whole. Returns true when the stream has ended.
bool read_mbox_stream(const std::string& path, mbox_stream& stream, const byte_stream& source,
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
    if (!sink_entry(mbox_entry_id(path, ++n), bytes, stream.entry_too_large(), shrank, error,
                    options, sink)) {
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
bool read_mbox_file(const input_ref& input, std::uint64_t size, std::string& entry,
                    const read_options& options,
                    const std::function<void(const corpus_message&)>& sink,
                    const std::atomic<bool>* stop) {
  int fd = -1;
  struct stat st {};
  if (!open_checked(input.path, input.expect, fd, st).empty()) return false;
  byte_stream source(fd, size);
  mbox_stream stream(source, max_message_bytes());
  std::uint64_t n = 0;
  read_mbox_stream(input.path, stream, source, nullptr, entry, options, sink, stop, n);
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
  if (!looks_like_mbox(data)) {
    const std::uint64_t whole_size = reader != nullptr ? reader->whole_size() : data.size();
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
    return;
  }
  read_mbox_bytes(input.path, data, 0, false, reader, entry, error, options, sink, stop);
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
        sink({id,
              {},
              s.source_->gzip()
                  ? "could not be fully decompressed: " + too_large_error("decompresses to")
                  : too_large_error("holds")});
        return;
      }
      read_bytes(input, id, whole, s.source_->error(), nullptr, entry, options, sink, stop);
      return;
    }
  }
  number = s.messages_;
  s.ended_ = read_mbox_stream(input.path, *s.mbox_, *s.source_, nullptr, entry, options, sink, stop,
                              s.messages_, kStreamBatchBytes) ||
             stopped(stop);
}

}  // namespace

void walk_inputs(const std::vector<std::string>& paths,
                 const std::function<void(input_ref&&)>& sink, const std::atomic<bool>* stop,
                 const read_options& options) {
  walker w(sink, stop, options);
  for (const auto& p : paths) w.top_level(p);
}

void read_input(const input_ref& input, file_reader& reader, std::string& entry,
                const std::function<void(const corpus_message&)>& deliver,
                const std::atomic<bool>* stop, const read_options& options) {
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
    read_mbox_part(input, entry, sink, stop, options, number);
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
  const std::string error = options.header_block_only && !options.unwrap
                                ? reader.read_head(input.path, input.expect, input.size,
                                                   options.max_header_bytes, &read_whole)
                                : reader.read(input.path, input.expect);
  if (reader.compressed_mbox()) {
    byte_stream source(reader.data());
    mbox_stream stream(source, max_message_bytes());
    std::uint64_t n = 0;
    read_mbox_stream(input.path, stream, source, &reader, entry, options, sink, stop, n);
    return;
  }
  if (reader.mapped() && error.empty() && looks_like_mbox(reader.data()) &&
      read_mbox_file(input, reader.data().size(), entry, options, sink, stop)) {
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
