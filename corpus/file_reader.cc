// File reading with guarded mmap for large files, bounded plain reads otherwise, and zlib for
// gzip.
#include "corpus/file_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "corpus/byte_stream.h"
#include "corpus/huge_page_buffer.h"
#include "corpus/mapping_guard.h"
#include "corpus/mbox_reader.h"
#include "corpus/read_interrupt.h"

namespace mfsim::corpus {
namespace {

std::atomic<std::size_t> g_max_message_bytes{kDefaultMaxMessageBytes};

void release_if_large(std::string& buffer) {
  if (buffer.capacity() > kKeptBufferBytes) std::string().swap(buffer);
}

// Reads to the end, or stops once more than `max_bytes` came (the stream may be endless).
// `may_wait`: `fd` is not a regular file (standard input, a FIFO), so a read may wait for its
// producer, where a stop signal must be able to end the wait (ready_to_read).
std::string read_all(int fd, std::string& out, std::size_t max_bytes, bool may_wait) {
  out.clear();
  alignas(kPageBytes) char chunk[1 << 16];  // a read's offset is a multiple of the page's
  for (;;) {
    // A signal that came between two reads, or before the wait for the next one.
    if (!ready_to_read(fd, may_wait)) return kReadStopped;
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) return {};
    if (n < 0) {
      if (errno == EINTR && !read_stop_requested()) continue;
      return errno == EINTR ? kReadStopped : std::string("cannot read: ") + std::strerror(errno);
    }
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      out.clear();
      release_if_large(out);
      return too_large_error("holds");
    }
    out.append(chunk, static_cast<std::size_t>(n));
  }
}

// True when the gzip stream `compressed` starts with an mbox envelope line once inflated.
bool inflates_to_mbox(std::string_view compressed) {
  constexpr std::size_t kEnough = 1024;  // an envelope line and then some
  byte_stream stream(compressed);
  char head[kEnough];
  std::size_t have = 0;
  while (have < kEnough) {
    const std::size_t n = stream.read(head + have, kEnough - have);
    if (n == 0) break;
    have += n;
  }
  return looks_like_mbox(std::string_view(head, have));
}

std::string describe_open_error(int error) {
  if (error == ELOOP)
    return "cannot open: it was replaced by a symbolic link since the walk: not read";
  return std::string("cannot open: ") + std::strerror(error);
}

}  // namespace

std::string open_expected(const std::string& path, open_expectation expect, int& fd) {
  // O_NONBLOCK: a FIFO swapped in since the walk must not block this worker for ever, and a FIFO
  // named as an input is not waited for in open(), where a stop signal that came just before
  // could not end the wait, but in wait_for_writer(), which it wakes (decisions 991 and 995).
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
  if (expect.no_follow) flags |= O_NOFOLLOW;
  if (!expect.regular && read_stop_requested()) {
    fd = -1;
    return kReadStopped;
  }
  do {
    fd = expect.directory_fd >= 0
             ? ::openat(expect.directory_fd, path.c_str() + expect.name_offset, flags)
             : ::open(path.c_str(), flags);
  } while (fd < 0 && errno == EINTR && !read_stop_requested());
  if (fd < 0) return errno == EINTR ? kReadStopped : describe_open_error(errno);
  if (expect.regular) return {};
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && !wait_for_writer(fd)) {
    ::close(fd);
    fd = -1;
    return kReadStopped;
  }
  // Reads of a named input wait for their producer, in ready_to_read(), as they did.
  if (const int status = ::fcntl(fd, F_GETFL); status >= 0)
    ::fcntl(fd, F_SETFL, status & ~O_NONBLOCK);
  return {};
}

std::string open_checked(const std::string& path, open_expectation expect, int& fd,
                         struct stat& st) {
  if (std::string error = open_expected(path, expect, fd); !error.empty()) return error;
  return check_opened(expect, fd, st);
}

std::string check_opened(open_expectation expect, int& fd, struct stat& st) {
  if (::fstat(fd, &st) != 0) {
    const int fstat_error = errno;
    ::close(fd);
    fd = -1;
    return std::string("cannot stat: ") + std::strerror(fstat_error);
  }
  if (expect.regular && !S_ISREG(st.st_mode)) {
    ::close(fd);
    fd = -1;
    return "not a regular file any more (replaced since the walk by a FIFO, socket or device): not "
           "read";
  }
  return {};
}

void set_max_message_bytes(std::size_t bytes) noexcept { g_max_message_bytes.store(bytes); }
std::size_t max_message_bytes() noexcept {
  return g_max_message_bytes.load(std::memory_order_relaxed);
}

std::string too_large_error(std::string_view what) {
  return std::string(what) + " more than --max-message-bytes (" +
         std::to_string(max_message_bytes()) + " bytes): not evaluated";
}

std::string inflated_too_large_error() {
  return std::string(kNotFullyDecompressed) + too_large_error("decompresses to");
}

bool is_gzip(std::string_view bytes) noexcept {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view compressed, std::string& out, std::size_t max_bytes) {
  out.clear();
  // One gzip reader for files held in memory and for streams: byte_stream decides what ends
  // a stream (members, zero padding, truncation, corruption).
  byte_stream stream(compressed);
  char chunk[1 << 16];
  while (const std::size_t n = stream.read(chunk, sizeof chunk)) {
    if (out.size() + n > max_bytes) {  // a gzip bomb stops here, not at memory's end
      out.clear();
      release_if_large(out);
      return inflated_too_large_error();
    }
    out.append(chunk, n);
  }
  return stream.error();
}

file_reader::~file_reader() { unmap(); }

void file_reader::unmap() noexcept {
  compressed_mbox_ = false;  // every read starts here: what data() holds is about to change
  if (mapping_ == nullptr) return;
  unguard_mapping(guard_slot_);
  ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
  guard_slot_ = -1;
}

bool file_reader::truncated() const noexcept {
  return mapping_ != nullptr && mapping_truncated(guard_slot_);
}

void file_reader::touch_all() const noexcept {
  if (!mapped()) return;
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  volatile char sink = 0;
  for (std::size_t k = 0; k < data_.size(); k += page) sink = data_[k];
  (void)sink;
}

std::string file_reader::read(const std::string& path, open_expectation expect) {
  unmap();
  data_ = {};
  whole_size_ = 0;
  release_if_large(buffer_);
  release_if_large(inflated_);
  std::string error;
  if (path == "-") {
    error = read_all(STDIN_FILENO, buffer_, max_message_bytes(), true);
    data_ = buffer_;
  } else {
    error = read_file(path, expect);
  }
  if (!error.empty()) return error;
  return finish_read();
}

std::string file_reader::read_file(const std::string& path, open_expectation expect) {
  int fd = -1;
  struct stat st {};
  if (std::string error = open_checked(path, expect, fd, st); !error.empty()) return error;
  std::string error = read_open_file(fd, st);
  ::close(fd);
  return error;
}

std::string file_reader::read_open_file(int fd, const struct stat& st) {
  const auto size = static_cast<std::size_t>(st.st_size);
  if (S_ISREG(st.st_mode) && size >= kMapThreshold) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      guard_slot_ = guard_mapping(p, size);
      if (guard_slot_ < 0) {
        ::munmap(p, size);  // no SIGBUS guard left: read it instead
      } else {
        mapping_ = p;
        mapping_size_ = size;
        released_ = 0;
        data_ = std::string_view(static_cast<const char*>(p), size);
      }
    }
  }
  std::string error;
  if (mapping_ == nullptr) {
    // Small files, streams, and mappings that failed. An mbox larger than the limit is read
    // only when it can be mapped (its entries are checked one by one).
    // A regular file under the mapping threshold may be an mbox of small entries: read it
    // whole, and let each message be checked against the limit.
    const std::size_t limit =
        S_ISREG(st.st_mode) ? std::max(max_message_bytes(), kMapThreshold) : max_message_bytes();
    error = read_all(fd, buffer_, limit, !S_ISREG(st.st_mode));
    data_ = buffer_;
  }
  return error;
}

void file_reader::release_before(const char* position) noexcept {
  constexpr std::size_t kReleaseStep = std::size_t{16} << 20;  // one madvise per 16 MiB read
  if (!mapped()) return;
  const char* base = static_cast<const char*>(mapping_);
  if (position < base || position > base + mapping_size_) return;
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t end = static_cast<std::size_t>(position - base) / page * page;
  if (end < released_ + kReleaseStep) return;
  ::madvise(const_cast<char*>(base) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

std::string file_reader::finish_read() {
  compressed_mbox_ = false;
  if (!is_gzip(data_)) return {};
  if (inflates_to_mbox(data_)) {
    compressed_mbox_ = true;  // streamed by the caller, never held whole
    return {};
  }
  return inflate();
}

std::string file_reader::inflate() {
  std::string error = gunzip(data_, inflated_, max_message_bytes());
  data_ = inflated_;
  unmap();  // the compressed bytes are done with
  return error;
}

}  // namespace mfsim::corpus
