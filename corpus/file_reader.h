// Reading one input file into memory: mapped when large, read when small or not a regular
// file, and decompressed when gzip.
#pragma once

#include <string>
#include <string_view>

namespace mfsim::corpus {

// Holds the bytes of the last file read; reuse one reader to reuse its buffers.
class file_reader {
 public:
  file_reader() = default;
  ~file_reader();
  file_reader(const file_reader&) = delete;
  file_reader& operator=(const file_reader&) = delete;

  // Reads `path` (opened read-only) or, for path "-", standard input. Returns an error text,
  // empty on success; the bytes are then in data() until the next read.
  std::string read(const std::string& path);
  [[nodiscard]] std::string_view data() const noexcept { return data_; }
  // Tells the kernel that data() before `position` will not be read again: a mapped file's
  // pages there are dropped (they would be read back from the file if touched), so a large mbox
  // read front to back keeps a few megabytes resident instead of the whole file. A no-op for
  // files read into memory.
  void release_before(const char* position) noexcept;

 private:
  void unmap() noexcept;
  std::string finish_read();  // gunzips when the bytes start with gzip's magic

  std::string buffer_;
  std::string inflated_;
  void* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
  std::size_t released_ = 0;  // bytes at the start of the mapping already dropped
  std::string_view data_;
};

// True when the bytes start with gzip's magic number (1f 8b).
[[nodiscard]] bool is_gzip(std::string_view bytes) noexcept;

// Decompresses every gzip member of `compressed` into `out`; returns an error text, empty on
// success (a truncated stream keeps what was decompressed and reports it).
std::string gunzip(std::string_view compressed, std::string& out);

}  // namespace mfsim::corpus
