// file_reader::read_head: reading a message file only as far as its header block, for plans
// that read nothing else (engine/compile/message_reads.h).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "corpus/file_reader.h"
#include "corpus/head_read_batch.h"
#include "engine/mail/header_extent.h"

namespace mfsim::corpus {
namespace {

// Enough bytes to tell an mbox, gzip, ZIP, PST or .msg by its first bytes.
constexpr std::size_t kSignatureBytes = 8;
// How far a file to read whole whose size nobody looked up is read on from its first bytes:
// most one-message mbox files end by then (282 of SpamAssassin's 297 over 16 KiB), and a
// larger one, read whole from its start, has cost at most 48 KiB more.
constexpr std::size_t kUnsizedReadOn = 4 * kHeadFirstRead;

}  // namespace

// Where read_head_of's bytes come from: an open descriptor, read in turn, or a file that a
// head_read_batch opened, read at offsets. Either way -errno on failure.
struct file_reader::head_source {
  int fd = -1;
  head_read_batch* batch = nullptr;
  started_head* started = nullptr;

  [[nodiscard]] ssize_t read(char* into, std::size_t want, std::uint64_t offset) const {
    if (batch != nullptr) return batch->read(*started, into, want, offset);
    const ssize_t n = ::read(fd, into, want);
    return n < 0 ? -errno : n;
  }
};

std::string file_reader::read_head(const std::string& path, open_expectation expect,
                                   std::uint64_t walked_size, std::size_t max_header_bytes,
                                   bool (*read_whole)(std::string_view)) {
  if (path == "-") return read(path, expect);  // a stream is read once, whole
  unmap();
  data_ = {};
  whole_size_ = 0;
  int fd = -1;
  if (std::string error = open_expected(path, expect, fd); !error.empty()) return error;
  // The walk's stat said a regular file of walked_size bytes: while the reads agree with that,
  // a second stat would tell nothing new (decision 331). Otherwise, stat it now.
  struct stat st {};
  bool checked = !expect.regular || walked_size == 0;
  if (checked) {
    if (std::string error = check_opened(expect, fd, st); !error.empty()) return error;
  }
  std::string error;
  head_read found = head_read::read_whole;
  if (!checked || S_ISREG(st.st_mode)) {
    const std::uint64_t size = checked ? static_cast<std::uint64_t>(st.st_size) : walked_size;
    found = read_head_of(head_source{fd}, size, checked ? size_source::stat : size_source::walk, {},
                         max_header_bytes, read_whole, error);
    if (found == head_read::stat_it || (found == head_read::read_whole && !checked)) {
      checked = true;
      if (error = check_opened(expect, fd, st); !error.empty()) return error;
      if (found == head_read::stat_it) {  // the file changed since the walk: from the start again
        found = ::lseek(fd, 0, SEEK_SET) != 0
                    ? head_read::read_whole
                    : read_head_of(head_source{fd}, static_cast<std::uint64_t>(st.st_size),
                                   size_source::stat, {}, max_header_bytes, read_whole, error);
      }
    }
  }
  if (found == head_read::read_whole) {
    // Read whole, as read() does: from the start again.
    data_ = {};
    whole_size_ = 0;
    error = S_ISREG(st.st_mode) && ::lseek(fd, 0, SEEK_SET) != 0
                ? std::string("cannot seek: ") + std::strerror(errno)
                : read_open_file(fd, st);
    ::close(fd);
    if (!error.empty()) return error;
    return finish_read();
  }
  ::close(fd);
  // Read to its end (a short file): gzip's magic in fewer bytes than a signature is still
  // reported as read() would.
  if (error.empty() && whole_size_ == 0) return finish_read();
  return error;
}

std::string file_reader::read_started_head(head_read_batch& batch, started_head& started,
                                           const std::string& path, open_expectation expect,
                                           std::uint64_t walked_size, std::size_t max_header_bytes,
                                           bool (*read_whole)(std::string_view)) {
  unmap();
  data_ = {};
  whole_size_ = 0;
  head_read found = head_read::stat_it;
  std::string error;
  const size_source known = walked_size != 0 ? size_source::walk : size_source::unknown;
  if (started.open_result >= 0 && started.read_result > 0) {
    const std::string_view first(started.bytes, static_cast<std::size_t>(started.read_result));
    found = read_head_of(head_source{-1, &batch, &started}, walked_size, known, first,
                         max_header_bytes, read_whole, error);
  }
  // Stopped after the header block of a file whose size is not known: the probe says whether
  // it is over the limit (it failed only if the file changed under it: read it again).
  const bool header_only = found == head_read::done && whole_size_ != 0;
  const bool over_limit = header_only && known == size_source::unknown && started.probe_result > 0;
  if (header_only && known == size_source::unknown && started.probe_result < 0) {
    found = head_read::stat_it;
  }
  batch.finish(started);
  if (found != head_read::done)
    return read_head(path, expect, walked_size, max_header_bytes, read_whole);
  if (over_limit) {
    data_ = {};
    whole_size_ = 0;
    return too_large_error("holds");
  }
  // Read to its end (a short file): as read_head.
  if (whole_size_ == 0) return finish_read();
  return {};
}

file_reader::head_read file_reader::read_head_of(const head_source& source, std::uint64_t size,
                                                 size_source known, std::string_view first,
                                                 std::size_t max_header_bytes,
                                                 bool (*read_whole)(std::string_view),
                                                 std::string& error) {
  // Past this many bytes without the end of the header block, the scan's window depends on
  // the whole message: read it whole.
  const std::size_t give_up = max_header_bytes + kHeadFirstRead;
  // Each read asks for as many bytes as were read before it (16 KiB first), not for all the
  // room in the buffer: the buffer keeps the size one long header block needed, and the files
  // after it must not each copy that much.
  std::size_t want = kHeadFirstRead;
  // The bytes read so far: in head_, or at first those a batch read into its own buffer.
  std::string_view bytes = first;
  bool signature_checked = false;
  for (;;) {
    ssize_t n = static_cast<ssize_t>(first.size());
    if (!first.empty()) {
      first = {};
    } else {
      const std::size_t have = bytes.size();
      keep_in_head(bytes, have + want);
      n = source.read(head_.get() + have, want, have);
      if (n < 0) {
        if (n == -EINTR) continue;
        // Say why, if it is no regular file (or read it again, for a batch's read).
        if (known != size_source::stat) return head_read::stat_it;
        error = std::string("cannot read: ") + std::strerror(static_cast<int>(-n));
        return head_read::done;
      }
      bytes = std::string_view(head_.get(), have + static_cast<std::size_t>(n));
    }
    // A regular file gives fewer bytes than asked only at its end, and ends after `size`
    // bytes: anything else means it changed since the walk, or was replaced by something else.
    const bool at_end = static_cast<std::size_t>(n) < want;
    if (known == size_source::walk && (bytes.size() > size || (at_end && bytes.size() != size))) {
      return head_read::stat_it;
    }
    if (n == 0) {  // the whole file is here
      data_ = bytes;
      return head_read::done;
    }
    const std::size_t have = bytes.size();
    want = have;
    // The whole file is here: whatever it holds (one message, an mbox of several, gzip, a
    // container), these are the bytes a whole read would give (decision 338). A file that
    // starts with an envelope line is not read again.
    if (at_end && (known == size_source::unknown || have == size)) {
      data_ = bytes;
      return head_read::done;
    }
    if (!signature_checked && have >= kSignatureBytes) {
      signature_checked = true;
      if (read_whole(bytes)) {
        // A small file is read on to its end through the descriptor already open, not opened
        // and read again from its start (decisions.md 369).
        const bool sized = known != size_source::unknown;
        if (sized && size >= kMapThreshold) return head_read::read_whole;
        return read_rest(source, size, sized, bytes);
      }
    }
    if (signature_checked && mail::header_block_extent(bytes, max_header_bytes) != 0) {
      data_ = bytes;
      whole_size_ = known == size_source::unknown ? have : std::max<std::uint64_t>(size, have);
      return head_read::done;
    }
    if (have > give_up) return head_read::read_whole;
  }
}

file_reader::head_read file_reader::read_rest(const head_source& source, std::uint64_t size,
                                              bool sized, std::string_view bytes) {
  // Room for one byte more than the size: a regular file gives fewer bytes than asked only at
  // its end, so a read that fills the room says the file grew. A file not sized ends where a
  // read gives nothing, within kUnsizedReadOn.
  const std::size_t room = sized ? static_cast<std::size_t>(size) + 1 : kUnsizedReadOn;
  bool ended = false;
  for (std::size_t have = bytes.size(); have < room;) {
    keep_in_head(bytes, room);
    const std::size_t want = room - have;
    const ssize_t n = source.read(head_.get() + have, want, have);
    if (n == -EINTR) continue;
    if (n < 0) return head_read::read_whole;
    have += static_cast<std::size_t>(n);
    bytes = std::string_view(head_.get(), have);
    ended = sized ? static_cast<std::size_t>(n) < want : n == 0;
    if (ended) break;
  }
  // Grown or shrunk since it was sized, or larger than read on here: from the start, whole.
  if (!ended || (sized && bytes.size() != size)) return head_read::read_whole;
  data_ = bytes;
  return head_read::done;
}

void file_reader::keep_in_head(std::string_view kept, std::size_t need) {
  if (head_capacity_ < need) {
    const std::size_t capacity = std::max(need, head_capacity_ * 2);
    raw_buffer grown = small_buffer(capacity);
    if (!kept.empty()) std::memcpy(grown.get(), kept.data(), kept.size());
    head_ = std::move(grown);
    head_capacity_ = capacity;
  } else if (!kept.empty() && kept.data() != head_.get()) {
    std::memcpy(head_.get(), kept.data(), kept.size());
  }
}

}  // namespace mfsim::corpus
