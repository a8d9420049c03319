// The one reader of whole configuration files.
#include "engine/read_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "engine/status.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim {
namespace {

thread_local std::size_t bytes_read_here = 0;

constexpr std::size_t kBlockBytes = std::size_t{1} << 16;

using file_ptr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

[[noreturn]] void fail_reading(const std::string& path, std::string_view what,
                               const std::string& why) {
  throw load_error({diagnostic{diag_code::io_error, source_span{path, 0, 0},
                               "cannot read " + std::string(what) + " '" + path + "': " + why}});
}

[[noreturn]] void refuse_size(const std::string& path, std::string_view what, std::size_t max_bytes,
                              std::string_view kind) {
  fail_reading(path, what,
               "larger than " + std::to_string(max_bytes >> 20) + " MiB, the limit for a " +
                   std::string(what) + std::string(kind));
}

// `path` opened, its size when it is a regular file. A regular file larger than `max_bytes` is
// refused before a byte is read; a pipe or a device is held to kMaxConfigFileBytes (`max_bytes`
// and `kind` say so).
file_ptr open_limited(const std::string& path, std::string_view what, std::size_t& max_bytes,
                      std::string_view& kind, std::optional<std::size_t>& size) {
  errno = 0;
  file_ptr file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) fail_reading(path, what, std::strerror(errno != 0 ? errno : EIO));
  struct stat st {};
  const bool regular = ::fstat(::fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode);
  kind = " file";
  if (!regular && max_bytes > kMaxConfigFileBytes) {
    max_bytes = kMaxConfigFileBytes;
    kind = " that is not a regular file (a pipe or a device)";
  }
  if (regular) {
    size = static_cast<std::size_t>(st.st_size);
    if (*size > max_bytes) refuse_size(path, what, max_bytes, kind);
  }
  return file;
}

// Reads the next block into `buffer`; 0 at the end. Throws when the file, read so far
// (`read`), goes past `max_bytes` (it grew since its size was taken) or cannot be read.
std::size_t read_limited(std::FILE* file, char (&buffer)[kBlockBytes], std::size_t& read,
                         const std::string& path, std::string_view what, std::size_t max_bytes,
                         std::string_view kind) {
  const std::size_t got = std::fread(buffer, 1, sizeof buffer, file);
  bytes_read_here += got;
  if (got == 0 && std::ferror(file))
    fail_reading(path, what, std::strerror(errno != 0 ? errno : EIO));
  if (read + got > max_bytes) refuse_size(path, what, max_bytes, kind);
  read += got;
  return got;
}

}  // namespace

std::size_t file_bytes_read() noexcept { return bytes_read_here; }

std::string read_whole_file(const std::string& path, std::string_view what, std::size_t max_bytes) {
  std::string_view kind;
  std::optional<std::size_t> size;
  const file_ptr file = open_limited(path, what, max_bytes, kind, size);
  std::string bytes;
  // One buffer of the file's size, and one more byte to see that it did not grow.
  if (size) bytes.reserve(*size + 1);
  char buffer[kBlockBytes];
  std::size_t read = 0;
  while (const std::size_t got =
             read_limited(file.get(), buffer, read, path, what, max_bytes, kind))
    bytes.append(buffer, got);
  return bytes;
}

text_file::text_file(const std::string& path, std::string_view what, std::size_t max_bytes)
    : path_(path), what_(what), max_bytes_(max_bytes), file_(nullptr, &std::fclose) {
  file_ = open_limited(path_, what_, max_bytes_, kind_, size_);
  // The encoding is told by the first bytes (a mark, or a zero byte beside the first character).
  std::string first;
  char buffer[kBlockBytes];
  while (first.size() < 4) {
    const std::size_t got =
        read_limited(file_.get(), buffer, read_, path_, what_, max_bytes_, kind_);
    if (got == 0) break;
    first.append(buffer, got);
  }
  if (const auto utf16 = utf16_start_of(first)) {
    // A second mark is dropped as it is decoded, not erased from the whole text after (1179).
    utf16_.emplace(!utf16->big_endian, utf16->mark, true);
    first.erase(0, utf16->mark);
    // UTF-8 takes half the bytes of UTF-16 for ASCII, as an export's text nearly all is; a text
    // that takes more grows the buffer once for what is left (append).
    // The size taken may be smaller than the bytes already read (procfs says 0; a file grows).
    if (size_) text_.reserve((*size_ - std::min(*size_, utf16->mark)) / 2 + 2 * kBlockBytes);
  } else {
    first.erase(0, utf8_bom_length(first));
    if (size_) text_.reserve(*size_ + 1);
  }
  append(first, bytes_left());
  while (read_ < kTextHeadBytes && read_block()) {
  }
}

text_file::~text_file() = default;

std::optional<std::size_t> text_file::size_now() const noexcept {
  if (!size_) return std::nullopt;
  struct stat st {};
  if (::fstat(::fileno(file_.get()), &st) != 0) return size_;
  return static_cast<std::size_t>(st.st_size);
}

// Appends the text of `bytes`; `bytes_left`: what the file still holds past them, when known.
void text_file::append(std::string_view bytes, std::size_t bytes_left) {
  if (!utf16_) {
    text_.append(bytes);
    return;
  }
  // Two bytes of UTF-16 give at most three of UTF-8: room for the worst of this block, and for
  // the rest as large as its UTF-16, so that a text mostly in Latin, Greek or Cyrillic letters
  // grows the buffer once.
  const std::size_t worst = bytes.size() / 2 * 3 + 4;
  if (text_.capacity() - text_.size() < worst) text_.reserve(text_.size() + worst + bytes_left);
  utf16_failure failure;
  if (!utf16_->feed(bytes, text_, failure)) throw utf16_error(failure, path_);
}

// What the file still holds past the bytes read, by the size taken when it was opened (0 when
// unknown, or when the file grew past it).
std::size_t text_file::bytes_left() const noexcept {
  return size_ ? *size_ - std::min(*size_, read_) : 0;
}

bool text_file::read_block() {
  char buffer[kBlockBytes];
  const std::size_t got = read_limited(file_.get(), buffer, read_, path_, what_, max_bytes_, kind_);
  if (got > 0) append({buffer, got}, bytes_left());
  return got > 0;
}

std::string_view text_file::head() const noexcept { return text_; }

std::string text_file::read_all() && {
  while (read_block()) {
  }
  if (utf16_) {
    utf16_failure failure;
    if (!utf16_->finish(text_, failure)) throw utf16_error(failure, path_);
  }
  return std::move(text_);
}

}  // namespace mfsim
