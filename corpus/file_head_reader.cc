// file_reader::read_head: reading a message file only as far as its header block, for plans
// that read nothing else (engine/compile/message_reads.h).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "corpus/file_reader.h"
#include "engine/mail/header_extent.h"

namespace mfsim::corpus {
namespace {

// The first read: most header blocks fit (a third of the bytes of the public corpora are
// header, and their messages average a few tens of KiB).
constexpr std::size_t kFirstRead = std::size_t{16} << 10;
// Enough bytes to tell an mbox, gzip, ZIP, PST or .msg by its first bytes.
constexpr std::size_t kSignatureBytes = 8;

}  // namespace

std::string file_reader::read_head(const std::string& path, open_expectation expect,
                                   std::size_t max_header_bytes,
                                   bool (*read_whole)(std::string_view)) {
  if (path == "-") return read(path, expect);  // a stream is read once, whole
  unmap();
  data_ = {};
  whole_size_ = 0;
  int fd = -1;
  struct stat st {};
  if (std::string error = open_checked(path, expect, fd, st); !error.empty()) return error;
  std::string error;
  if (!S_ISREG(st.st_mode) || !read_head_of(fd, st, max_header_bytes, read_whole, error)) {
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

bool file_reader::read_head_of(int fd, const struct stat& st, std::size_t max_header_bytes,
                               bool (*read_whole)(std::string_view), std::string& error) {
  // Past this many bytes without the end of the header block, the scan's window depends on
  // the whole message: read it whole.
  const std::size_t give_up = max_header_bytes + kFirstRead;
  std::size_t have = 0;
  // Each read asks for as many bytes as were read before it (16 KiB first), not for all the
  // room in the buffer: the buffer keeps the size one long header block needed, and the files
  // after it must not each copy that much.
  std::size_t want = kFirstRead;
  bool signature_checked = false;
  for (;;) {
    if (head_capacity_ < have + want) {
      const std::size_t capacity = std::max(have + want, head_capacity_ * 2);
      auto grown = std::make_unique<char[]>(capacity);
      if (have != 0) std::memcpy(grown.get(), head_.get(), have);
      head_ = std::move(grown);
      head_capacity_ = capacity;
    }
    const ssize_t n = ::read(fd, head_.get() + have, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::string("cannot read: ") + std::strerror(errno);
      return true;
    }
    const std::string_view bytes(head_.get(), have + static_cast<std::size_t>(n));
    if (n == 0) {  // the whole file is here
      data_ = bytes;
      return true;
    }
    have = bytes.size();
    want = have;
    if (!signature_checked && have >= kSignatureBytes) {
      signature_checked = true;
      if (read_whole(bytes)) return false;
    }
    if (signature_checked && mail::header_block_extent(bytes, max_header_bytes) != 0) {
      data_ = bytes;
      whole_size_ = std::max<std::uint64_t>(static_cast<std::uint64_t>(st.st_size), have);
      return true;
    }
    if (have > give_up) return false;
  }
}

}  // namespace mfsim::corpus
