// Reading a descriptor or memory in pieces, inflating gzip members as they come.
#include "corpus/byte_stream.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "corpus/file_reader.h"
#include "corpus/read_interrupt.h"

namespace mfsim::corpus {
namespace {

constexpr std::size_t kInputBytes = std::size_t{64} << 10;  // one read() of the descriptor
// zlib counts its input in 32 bits: memory is handed over this much at a time.
constexpr std::size_t kMemoryStep = std::size_t{1} << 30;

}  // namespace

struct byte_stream::zlib_state {
  z_stream z{};
  bool started = false;
  ~zlib_state() {
    if (started) inflateEnd(&z);
  }
};

byte_stream::byte_stream(int fd, std::uint64_t length)
    : fd_(fd), length_(length), input_(small_buffer(kInputBytes)) {}

byte_stream::byte_stream(std::string_view memory) : memory_(memory) {}

byte_stream::~byte_stream() = default;

const char* byte_stream::memory_consumed() const noexcept {
  if (fd_ >= 0) return nullptr;
  if (zlib_ != nullptr) return reinterpret_cast<const char*>(zlib_->z.next_in);
  return memory_.data() + memory_pos_;
}

std::size_t byte_stream::read_raw(char* out, std::size_t room) {
  if (raw_end_ || room == 0) return 0;
  if (fd_ < 0) {
    const std::size_t n = std::min(room, memory_.size() - memory_pos_);
    std::memcpy(out, memory_.data() + memory_pos_, n);
    memory_pos_ += n;
    raw_bytes_ += n;
    if (n == 0) raw_end_ = true;
    return n;
  }
  room = static_cast<std::size_t>(std::min<std::uint64_t>(room, length_ - raw_bytes_));
  if (room == 0) {
    raw_end_ = true;
    return 0;
  }
  for (;;) {
    // A signal that came between two reads is seen here, not only as EINTR during one; a
    // stream (no length: standard input, a FIFO) waits where that signal can wake it.
    if (!ready_to_read(fd_, !sized())) {
      error_ = kReadStopped;
      ended_short_ = sized();
      raw_end_ = true;
      return 0;
    }
    const ssize_t n = ::read(fd_, out, room);
    if (n > 0) {
      raw_bytes_ += static_cast<std::size_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (n < 0 && errno == EINTR && !read_stop_requested()) continue;
    if (n < 0)
      error_ = errno == EINTR ? kReadStopped : std::string("cannot read: ") + std::strerror(errno);
    ended_short_ = sized();
    raw_end_ = true;
    return 0;
  }
}

void byte_stream::decide_mode() {
  if (fd_ < 0) {
    mode_ = is_gzip(memory_) ? mode::gzip : mode::plain;
  } else {
    while (input_size_ < 2) {
      const std::size_t n = read_raw(input_.get() + input_size_, kInputBytes - input_size_);
      if (n == 0) break;
      input_size_ += n;
    }
    mode_ = is_gzip(std::string_view(input_.get(), input_size_)) ? mode::gzip : mode::plain;
  }
  if (mode_ != mode::gzip) return;
  zlib_ = std::make_unique<zlib_state>();
  if (inflateInit2(&zlib_->z, 15 + 16) != Z_OK) {
    error_ = std::string(kNotFullyDecompressed) + "cannot start gzip decompression";
    mode_ = mode::ended;
    return;
  }
  zlib_->started = true;
  if (fd_ >= 0) {
    zlib_->z.next_in = reinterpret_cast<Bytef*>(input_.get());
    zlib_->z.avail_in = static_cast<uInt>(input_size_);
    input_pos_ = input_size_;
  }
}

bool byte_stream::refill_input() {
  z_stream& z = zlib_->z;
  if (z.avail_in != 0) return true;
  if (fd_ < 0) {
    const std::size_t n = std::min(kMemoryStep, memory_.size() - memory_pos_);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(memory_.data() + memory_pos_));
    z.avail_in = static_cast<uInt>(n);
    memory_pos_ += n;
    raw_bytes_ += n;
    return n != 0;
  }
  const std::size_t n = read_raw(input_.get(), kInputBytes);
  z.next_in = reinterpret_cast<Bytef*>(input_.get());
  z.avail_in = static_cast<uInt>(n);
  return n != 0;
}

// Skips zero bytes after a member; true when a byte that is not zero follows (the next member,
// or what zlib then refuses as corrupt), false at the end of the input.
bool byte_stream::more_after_padding() {
  z_stream& z = zlib_->z;
  for (;;) {
    while (z.avail_in > 0 && *z.next_in == 0) {
      ++z.next_in;
      --z.avail_in;
    }
    if (z.avail_in > 0) return true;
    if (!refill_input()) return false;
  }
}

// As gunzip (the program) reads a file: concatenated members are read on, zero bytes after a
// member are padding (tape or dd blocks: gunzip ignores them), a stream that stops mid-member is
// truncated, anything else zlib refuses is corrupt.
std::size_t byte_stream::inflate_some(char* out, std::size_t room) {
  z_stream& z = zlib_->z;
  for (;;) {
    const bool more_input = refill_input();
    if (!error_.empty()) {
      mode_ = mode::ended;
      return 0;
    }
    z.next_out = reinterpret_cast<Bytef*>(out);
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(room, kMemoryStep));
    const int rc = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = std::min<std::size_t>(room, kMemoryStep) - z.avail_out;
    if (rc == Z_STREAM_END) {
      if (!more_after_padding())
        mode_ = mode::ended;  // the last member
      else
        inflateReset(&z);  // another member follows
    } else if (rc == Z_BUF_ERROR && !more_input) {
      error_ = std::string(kNotFullyDecompressed) + "gzip stream is truncated";
      mode_ = mode::ended;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error_ = std::string(kNotFullyDecompressed) +
               "gzip data is corrupt: " + (z.msg != nullptr ? z.msg : "unknown error");
      mode_ = mode::ended;
    }
    if (produced != 0 || mode_ == mode::ended) return produced;
  }
}

std::size_t byte_stream::read(char* out, std::size_t room) {
  if (room == 0) return 0;
  if (mode_ == mode::unknown) decide_mode();
  switch (mode_) {
    case mode::gzip: return inflate_some(out, room);
    case mode::plain: {
      if (input_pos_ < input_size_) {  // the bytes read to look for the magic number
        const std::size_t n = std::min(room, input_size_ - input_pos_);
        std::memcpy(out, input_.get() + input_pos_, n);
        input_pos_ += n;
        return n;
      }
      return read_raw(out, room);
    }
    default: return 0;
  }
}

}  // namespace mfsim::corpus
