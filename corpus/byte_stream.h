// Bytes that arrive in pieces: from a descriptor (standard input, a FIFO) or from memory (a
// mapped file), inflated on the way when they start with gzip's magic number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "corpus/huge_page_buffer.h"

namespace mfsim::corpus {

class byte_stream {
 public:
  // The length of a descriptor that is a stream (standard input, a FIFO): read to its end.
  static constexpr std::uint64_t kStreamLength = static_cast<std::uint64_t>(-1);
  // Reads `fd` (not closed here), a chunk at a time: at most `length` bytes of it, when given
  // (a regular file's size when it was opened: what is appended since is not read).
  explicit byte_stream(int fd, std::uint64_t length = kStreamLength);
  // Reads `memory`, which must outlive the stream.
  explicit byte_stream(std::string_view memory);
  ~byte_stream();
  byte_stream(const byte_stream&) = delete;
  byte_stream& operator=(const byte_stream&) = delete;

  // Copies up to `room` more (inflated) bytes to `out`; 0 at the end of the bytes, or after an
  // error (error() says which).
  std::size_t read(char* out, std::size_t room);
  // Why the bytes ended early: "cannot read: ...", or "could not be fully decompressed: " and
  // zlib's reason ("gzip stream is truncated", ...), as a record says it; empty when they did
  // not.
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] bool gzip() const noexcept { return mode_ == mode::gzip; }
  // True when the descriptor ended before `length` bytes (a file truncated while it was read).
  [[nodiscard]] bool ended_short() const noexcept { return ended_short_; }
  // The bytes taken from the descriptor or memory so far (compressed, for gzip).
  [[nodiscard]] std::uint64_t raw_bytes() const noexcept { return raw_bytes_; }
  // For a stream over memory: everything before this has been read (see
  // file_reader::release_before).
  [[nodiscard]] const char* memory_consumed() const noexcept;

 private:
  enum class mode { unknown, plain, gzip, ended };
  std::size_t read_raw(char* out, std::size_t room);  // from the descriptor or memory
  bool refill_input();                                // more compressed bytes for zlib
  bool more_after_padding();                          // past zero bytes after a member
  std::size_t inflate_some(char* out, std::size_t room);
  void decide_mode();
  // A descriptor of known length (a regular file), which never waits and may end short.
  [[nodiscard]] bool sized() const noexcept { return length_ != kStreamLength; }

  int fd_ = -1;
  std::uint64_t length_ = kStreamLength;
  bool ended_short_ = false;
  std::string_view memory_;
  std::size_t memory_pos_ = 0;
  bool raw_end_ = false;
  std::uint64_t raw_bytes_ = 0;
  mode mode_ = mode::unknown;
  // Raw bytes read ahead (the magic number, zlib's input), in a page-aligned buffer.
  raw_buffer input_{nullptr, &std::free};
  std::size_t input_size_ = 0;  // bytes in input_
  std::size_t input_pos_ = 0;   // bytes of input_ already used
  struct zlib_state;
  std::unique_ptr<zlib_state> zlib_;
  std::string error_;
};

}  // namespace mfsim::corpus
