// The two handles an input_ref can hold (message_source.h declares them): the directory the walk
// keeps open for the files found in it, and standard input or a FIFO as it is read. Shared by
// the walk (input_walk.cc) and the readers (message_source.cc); include message_source.h
// instead.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <memory>

#include "corpus/byte_stream.h"
#include "corpus/mbox_stream.h"

namespace mfsim::corpus {

// Closed when the last input found in it is done with (input_ref::directory).
class open_directory {
 public:
  explicit open_directory(int fd) noexcept : fd_(fd) {}
  ~open_directory() { ::close(fd_); }
  open_directory(const open_directory&) = delete;
  open_directory& operator=(const open_directory&) = delete;
  [[nodiscard]] int fd() const noexcept { return fd_; }

 private:
  int fd_;
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

namespace detail {

inline bool stopped(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

}  // namespace detail

}  // namespace mfsim::corpus
