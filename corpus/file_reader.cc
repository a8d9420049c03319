// File reading with mmap for large files, plain reads otherwise, and zlib for gzip.
#include "corpus/file_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace mfsim::corpus {
namespace {

// Below this, one read() is cheaper than setting up a mapping.
constexpr std::size_t kMapThreshold = 256 * 1024;

std::string read_all(int fd, std::string& out) {
  out.clear();
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) return {};
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::string("cannot read: ") + std::strerror(errno);
    }
    out.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace

bool is_gzip(std::string_view bytes) noexcept {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view compressed, std::string& out) {
  out.clear();
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "cannot start gzip decompression";
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  char chunk[1 << 16];
  std::string error;
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z.avail_out);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      inflateReset(&z);  // concatenated gzip members
      continue;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      error = "gzip stream is truncated";
      break;
    }
    if (rc != Z_OK) {
      error = std::string("gzip data is corrupt: ") + (z.msg != nullptr ? z.msg : "unknown error");
      break;
    }
  }
  inflateEnd(&z);
  return error;
}

file_reader::~file_reader() { unmap(); }

void file_reader::unmap() noexcept {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
}

std::string file_reader::read(const std::string& path) {
  unmap();
  data_ = {};
  if (path == "-") {
    std::string error = read_all(STDIN_FILENO, buffer_);
    if (!error.empty()) return error;
    data_ = buffer_;
    return finish_read();
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string("cannot open: ") + std::strerror(errno);
  struct stat st {};
  std::string error;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<std::size_t>(st.st_size) >= kMapThreshold) {
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      mapping_ = p;
      mapping_size_ = static_cast<std::size_t>(st.st_size);
      released_ = 0;
      data_ = std::string_view(static_cast<const char*>(p), mapping_size_);
    }
  }
  if (mapping_ == nullptr) {
    error = read_all(fd, buffer_);  // small files, pipes, and mappings that failed
    data_ = buffer_;
  }
  ::close(fd);
  if (!error.empty()) return error;
  return finish_read();
}

void file_reader::release_before(const char* position) noexcept {
  constexpr std::size_t kReleaseStep = std::size_t{16} << 20;  // one madvise per 16 MiB read
  if (mapping_ == nullptr) return;
  const char* base = static_cast<const char*>(mapping_);
  if (position < base || position > base + mapping_size_) return;
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t end = static_cast<std::size_t>(position - base) / page * page;
  if (end < released_ + kReleaseStep) return;
  ::madvise(const_cast<char*>(base) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

std::string file_reader::finish_read() {
  if (!is_gzip(data_)) return {};
  std::string error = gunzip(data_, inflated_);
  data_ = inflated_;
  return error.empty() ? error : "could not be fully decompressed: " + error;
}

}  // namespace mfsim::corpus
