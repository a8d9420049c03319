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
    found = read_head_of(fd, size, checked, max_header_bytes, read_whole, error);
    if (found == head_read::stat_it || (found == head_read::read_whole && !checked)) {
      checked = true;
      if (error = check_opened(expect, fd, st); !error.empty()) return error;
      if (found == head_read::stat_it) {  // the file changed since the walk: from the start again
        found = ::lseek(fd, 0, SEEK_SET) != 0
                    ? head_read::read_whole
                    : read_head_of(fd, static_cast<std::uint64_t>(st.st_size), true,
                                   max_header_bytes, read_whole, error);
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

file_reader::head_read file_reader::read_head_of(int fd, std::uint64_t size, bool size_checked,
                                                 std::size_t max_header_bytes,
                                                 bool (*read_whole)(std::string_view),
                                                 std::string& error) {
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
      if (!size_checked) return head_read::stat_it;  // say why, if it is no regular file
      error = std::string("cannot read: ") + std::strerror(errno);
      return head_read::done;
    }
    const std::string_view bytes(head_.get(), have + static_cast<std::size_t>(n));
    // A regular file gives fewer bytes than asked only at its end, and ends after `size`
    // bytes: anything else means it changed since the walk, or was replaced by something else.
    const bool at_end = static_cast<std::size_t>(n) < want;
    if (!size_checked && (bytes.size() > size || (at_end && bytes.size() != size))) {
      return head_read::stat_it;
    }
    if (n == 0) {  // the whole file is here
      data_ = bytes;
      return head_read::done;
    }
    have = bytes.size();
    want = have;
    if (!signature_checked && have >= kSignatureBytes) {
      signature_checked = true;
      if (read_whole(bytes)) return head_read::read_whole;
    }
    if (at_end && have == size) {  // the whole file too: no need to find its header's end
      data_ = bytes;
      return head_read::done;
    }
    if (signature_checked && mail::header_block_extent(bytes, max_header_bytes) != 0) {
      data_ = bytes;
      whole_size_ = std::max<std::uint64_t>(size, have);
      return head_read::done;
    }
    if (have > give_up) return head_read::read_whole;
  }
}

}  // namespace mfsim::corpus
