// A bounded buffer over a byte stream, split into mbox messages as mbox_reader splits them.
#include "corpus/mbox_stream.h"

#include <algorithm>
#include <cstring>

namespace mfsim::corpus {
namespace {

constexpr std::string_view kBom = "\xef\xbb\xbf";
// Bytes kept before the search's position in a message over the limit: the empty line
// ("\n\r\n") an envelope line must follow.
constexpr std::size_t kLookBack = 3;

}  // namespace

mbox_stream::mbox_stream(byte_stream& source, std::size_t max_message_bytes, std::size_t first_read,
                         kept_stream_buffer* kept)
    : source_(source),
      kept_(kept),
      max_bytes_(max_message_bytes),
      read_size_(std::max<std::size_t>(first_read, 16)),
      buffer_(nullptr, &std::free),
      capacity_(read_size_) {
  if (kept_ != nullptr && kept_->bytes && kept_->capacity >= read_size_) {
    buffer_ = std::move(kept_->bytes);
    allocated_ = kept_->capacity;
    kept_->capacity = 0;
  } else {
    buffer_ = small_buffer(read_size_);
    allocated_ = read_size_;
  }
}

mbox_stream::~mbox_stream() {
  // The larger buffer is kept: the next file's messages are likely as long as this one's.
  if (kept_ == nullptr || allocated_ > kKeptBufferBytes || allocated_ <= kept_->capacity) return;
  kept_->bytes = std::move(buffer_);
  kept_->capacity = allocated_;
}

std::size_t mbox_stream::long_line_bytes() const noexcept {
  // At least an envelope line's judged bytes: a line cut shorter could be judged otherwise.
  return max_bytes_ > static_cast<std::size_t>(-1) - read_size_
             ? static_cast<std::size_t>(-1)
             : std::max(max_bytes_ + read_size_, kEnvelopeJudgedBytes);
}

std::size_t mbox_stream::complete_lines_end(std::size_t from) const noexcept {
  if (from >= filled_) return from;
  const void* lf = ::memrchr(buffer_.get() + from, '\n', filled_ - from);
  return lf == nullptr ? from
                       : static_cast<std::size_t>(static_cast<const char*>(lf) - buffer_.get()) + 1;
}

void mbox_stream::make_room(std::size_t keep_from) {
  if (capacity_ - filled_ >= read_size_) return;
  keep_from = std::min(keep_from, filled_);
  if (keep_from > 0) {  // what lies before is done with
    std::memmove(buffer_.get(), buffer_.get() + keep_from, filled_ - keep_from);
    filled_ -= keep_from;
    const auto shift = [&](std::size_t& at) { at = at > keep_from ? at - keep_from : 0; };
    shift(head_);
    shift(scan_.begin);
    shift(scan_.resume);
  }
  if (capacity_ - filled_ >= read_size_) return;
  // A message longer than the buffer: grown (not zero-filled), from 1 MiB on in huge pages,
  // which fault in once per 2 MiB.
  std::size_t grown = std::max(capacity_ * 2, filled_ + read_size_);
  const bool huge = grown >= kHugePageBytes / 2;
  if (huge) grown = whole_huge_pages(grown);
  capacity_ = grown;
  if (grown <= allocated_) return;  // a kept buffer already this large
  auto bigger = huge ? huge_page_buffer(grown) : small_buffer(grown);
  std::memcpy(bigger.get(), buffer_.get(), filled_);
  buffer_ = std::move(bigger);
  allocated_ = grown;
}

bool mbox_stream::fill() {
  if (at_end_) return false;
  const std::size_t n = source_.read(buffer_.get() + filled_, capacity_ - filled_);
  filled_ += n;
  if (n == 0) at_end_ = true;
  return n != 0;
}

std::string_view mbox_stream::peek(std::size_t bytes) {
  while (filled_ - head_ < bytes && !at_end_) {
    make_room(head_);
    fill();
  }
  return held().substr(head_);
}

bool mbox_stream::read_rest(std::string& out, std::size_t limit) {
  out.assign(held().substr(head_));
  head_ = filled_;
  for (;;) {
    if (out.size() > limit) return true;
    const std::size_t at = out.size();
    out.resize(at + read_size_);
    const std::size_t n = source_.read(out.data() + at, read_size_);
    out.resize(at + n);
    if (n == 0) return false;
  }
}

bool mbox_stream::next(std::string_view& message, std::string& unquoted) {
  message = {};
  too_large_ = false;
  ended_in_last_ = false;
  if (!started_) {
    started_ = true;
    head_ += mbox_lead_bytes(peek(kBom.size() + kMaxLeadingEmptyBytes + kEnvelopeJudgedBytes));
  }
  // The envelope line, whole; one longer than the limit is walked over, not kept.
  bool dropping = false;
  while (complete_lines_end(head_) == head_ && !at_end_) {
    if (!dropping && filled_ - head_ > long_line_bytes())
      dropping = starts_mbox_message(held().substr(head_), 0);
    if (dropping) filled_ = head_;
    make_room(head_);
    fill();
  }
  // An envelope line walked over up to the end of the stream still opens a message, an empty
  // one, as mbox_reader gives it.
  if (head_ >= filled_ && !dropping) return false;
  scan_ = {};
  if (dropping) {
    const void* lf = std::memchr(buffer_.get() + head_, '\n', filled_ - head_);
    scan_.begin = lf == nullptr
                      ? filled_
                      : static_cast<std::size_t>(static_cast<const char*>(lf) - buffer_.get()) + 1;
  } else {
    scan_.begin = skip_envelope_line(held(), head_);
  }
  scan_.resume = scan_.begin;
  std::size_t next = std::string_view::npos;
  for (;;) {
    std::size_t window_end = at_end_ ? filled_ : complete_lines_end(scan_.resume);
    // A line longer than the limit that has not ended: judged on what came so far (only its
    // first bytes decide whether it is an envelope line).
    const bool long_line = !at_end_ && filled_ - window_end > long_line_bytes();
    if (long_line) window_end = filled_;
    next = find_message_end(held().substr(0, window_end), scan_, at_end_);
    if (next != std::string_view::npos) break;
    if (at_end_) {
      next = filled_;
      ended_in_last_ = true;
      break;
    }
    if (!scan_.discarding && (long_line || window_end - scan_.begin - scan_.quoted > max_bytes_))
      scan_.discarding = true;  // too large: from here on only the envelope search goes on
    if (scan_.discarding && scan_.resume > kLookBack) {
      // Nothing but the last bytes before the search's position is needed again. Until the
      // cut passes the message's first byte, that byte still starts a line (an empty line
      // there may come before an envelope line).
      const std::size_t keep = scan_.resume - kLookBack;
      const bool cut = keep > scan_.begin;
      make_room(keep);
      if (cut) {
        scan_.begin = 0;
        scan_.begin_cut = true;
      }
    } else {
      make_room(scan_.begin);
    }
    fill();
  }
  const std::string_view data = held();
  const mbox_span span = finish_span(data, scan_, next, false, max_bytes_);
  too_large_ = span.too_large;
  message = message_bytes(data, span, unquoted);
  head_ = next;
  return true;
}

}  // namespace mfsim::corpus
