// Splitting an mbox that arrives as a stream (standard input, a FIFO, a gzip file) into
// messages, holding one message and a bounded buffer at a time, never the whole mbox.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "corpus/byte_stream.h"
#include "corpus/huge_page_buffer.h"
#include "corpus/mbox_reader.h"

namespace mfsim::corpus {

// A buffer that mbox_streams use one after another (a worker's, over the large mbox files it
// reads): its pages are faulted in once, not again for every file (decision 339).
struct kept_stream_buffer {
  raw_buffer bytes{nullptr, &std::free};
  std::size_t capacity = 0;
};

class mbox_stream {
 public:
  static constexpr std::size_t kDefaultRead = std::size_t{256} << 10;

  // Reads from `source` (which must outlive this). Messages longer than `max_message_bytes`
  // are walked over, not held: the buffer stays under about that size plus one read.
  // `first_read`: the size of the reads (and of the buffer at the start). With `kept`, the
  // stream uses that memory when it is large enough, and leaves its own there when it ends,
  // unless it grew past kKeptBufferBytes; it reads and grows as a fresh stream does, so the
  // memory it starts from changes nothing but where the bytes go.
  mbox_stream(byte_stream& source, std::size_t max_message_bytes,
              std::size_t first_read = kDefaultRead, kept_stream_buffer* kept = nullptr);
  ~mbox_stream();
  mbox_stream(const mbox_stream&) = delete;
  mbox_stream& operator=(const mbox_stream&) = delete;

  // The first bytes of the stream, at least `bytes` of them unless it is shorter (to tell an
  // mbox from other input before reading on).
  std::string_view peek(std::size_t bytes);
  // Every byte not yet handed out, read to the stream's end or until more than `limit` bytes
  // are held (then true is returned, and the bytes are not all there): for input that turns
  // out not to be an mbox.
  bool read_rest(std::string& out, std::size_t limit);

  // The next message (unquoted): a view into the buffer, or into `unquoted`; valid until the
  // next call. False when there is none left. A message over the limit is empty and
  // entry_too_large() is true.
  bool next(std::string_view& message, std::string& unquoted);
  [[nodiscard]] bool entry_too_large() const noexcept { return too_large_; }
  // True when the stream ended while the last message returned was read: the source's error
  // (a truncated gzip) is that message's.
  [[nodiscard]] bool ended_in_last() const noexcept { return ended_in_last_; }
  // The most bytes the buffer has held at once.
  [[nodiscard]] std::size_t buffer_peak() const noexcept { return capacity_; }

 private:
  bool fill();                            // reads more; false at the stream's end
  void make_room(std::size_t keep_from);  // compacts or grows before a read
  [[nodiscard]] std::size_t complete_lines_end(std::size_t from) const noexcept;
  // A line still without its end past this many bytes is judged on what came so far.
  [[nodiscard]] std::size_t long_line_bytes() const noexcept;
  [[nodiscard]] std::string_view held() const noexcept { return {buffer_.get(), filled_}; }

  byte_stream& source_;
  kept_stream_buffer* kept_;
  std::size_t max_bytes_;
  std::size_t read_size_;
  raw_buffer buffer_;
  std::size_t capacity_ = 0;   // the bytes the stream may hold: as a fresh stream's would be
  std::size_t allocated_ = 0;  // buffer_'s size: capacity_ or more (a kept buffer)
  std::size_t filled_ = 0;
  std::size_t head_ = 0;  // where the next message's envelope line starts
  bool at_end_ = false;
  bool started_ = false;  // the byte order mark has been looked for
  bool too_large_ = false;
  bool ended_in_last_ = false;
  mbox_scan scan_;
};

}  // namespace mfsim::corpus
