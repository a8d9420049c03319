// Reading one part of a large mbox: where its first message starts and its last one ends; and
// the message counts its parts share.
#include "corpus/mbox_parts.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string_view>

#include "corpus/file_reader.h"
#include "corpus/huge_page_buffer.h"
#include "corpus/mbox_reader.h"

namespace mfsim::corpus {
namespace {

// An envelope line's test looks this far back: the empty line before it ("\n\r\n").
constexpr std::size_t kLookBack = 3;
// A line is judged on this many of its first bytes alone, wherever a worker's reads began: an
// envelope line is far shorter, and a longer "From " line is passed over (a cut is only ever
// placed where the whole-file reader splits too; the part around it still splits there).
constexpr std::size_t kJudgedBytes = kEnvelopeJudgedBytes;
// Read past a part's nominal end at first: most parts' last message ends within it.
constexpr std::uint64_t kFirstOvershoot = std::uint64_t{64} << 10;
// The least a part reads on by, once its first read did not reach where its last message ends.
constexpr std::uint64_t kReadOnBytes = std::uint64_t{64} << 10;
// Bytes read to tell whether a file can be split.
constexpr std::size_t kHeadBytes = 1024;
// How long a part waits for the counts of earlier parts once the run is stopping.
constexpr auto kStopGrace = std::chrono::seconds(2);

}  // namespace

void mbox_part_counts::publish(std::size_t part, std::uint64_t messages) {
  bool grew = false;
  {
    std::lock_guard lock(mutex_);
    if (part >= counts_.size()) return;
    counts_[part] = messages;
    known_[part] = 1;
    const std::size_t from = prefix_.load(std::memory_order_relaxed);
    std::size_t prefix = from;
    for (; prefix < counts_.size() && known_[prefix] != 0; ++prefix)
      before_[prefix + 1] = before_[prefix] + counts_[prefix];
    prefix_.store(prefix, std::memory_order_release);
    grew = prefix != from;
  }
  if (grew) prefix_grew_.notify_all();
}

std::optional<std::uint64_t> mbox_part_counts::messages_before(std::size_t part,
                                                               const std::atomic<bool>* stop) {
  part = std::min(part, counts_.size());
  if (prefix_.load(std::memory_order_acquire) >= part) return before_[part];
  std::unique_lock lock(mutex_);
  std::chrono::steady_clock::duration waited_stopped{};
  while (prefix_.load(std::memory_order_relaxed) < part) {
    constexpr auto kPoll = std::chrono::milliseconds(20);
    const std::size_t seen = prefix_.load(std::memory_order_relaxed);
    prefix_grew_.wait_for(lock, kPoll);
    if (prefix_.load(std::memory_order_relaxed) == seen && stop != nullptr &&
        stop->load(std::memory_order_relaxed)) {
      waited_stopped += kPoll;
      if (waited_stopped >= kStopGrace) return std::nullopt;
    }
  }
  return before_[part];
}

bool splittable_mbox(const std::string& path, open_expectation expect) {
  int fd = -1;
  if (!open_expected(path, expect, fd).empty()) return false;
  char head[kHeadBytes];
  const ssize_t n = ::pread(fd, head, sizeof head, 0);
  ::close(fd);
  const std::string_view bytes(head, n > 0 ? static_cast<std::size_t>(n) : 0);
  // Only a plain mbox that starts with its envelope line (no byte order mark, no gzip).
  return bytes.substr(0, 5) == "From " && starts_mbox_message(bytes, 0);
}

std::vector<std::uint64_t> mbox_part_offsets(std::uint64_t size, std::uint64_t part_bytes) {
  std::vector<std::uint64_t> starts;
  if (part_bytes == 0 || size < 2 * part_bytes) return starts;
  for (std::uint64_t begin = 0; begin == 0 || begin + part_bytes / 2 < size; begin += part_bytes)
    starts.push_back(begin);
  return starts;
}

bool mbox_part_bytes::fill_to(std::uint64_t until) {
  until = std::min(until, file_end_);
  if (until <= origin_ + size_) return true;
  if (short_ || !error_.empty()) return false;
  // At least kReadOnBytes at a time: a search that reads on line by line asks for little.
  const auto want = static_cast<std::size_t>(
      std::min(std::max(until, origin_ + size_ + kReadOnBytes), file_end_) - origin_);
  if (capacity_ < want) {
    // Grown by half again, in huge pages: parts differ in size, and a buffer grown for each
    // larger one would fault its pages in again every time.
    const std::size_t capacity = whole_huge_pages(std::max(want + want / 2, capacity_ * 2));
    auto grown = huge_page_buffer(capacity);
    if (size_ != 0) std::memcpy(grown.get(), bytes_.get(), size_);
    bytes_ = std::move(grown);
    capacity_ = capacity;
  }
  while (size_ < want) {
    const ssize_t n =
        ::pread(fd_, bytes_.get() + size_, want - size_, static_cast<off_t>(origin_ + size_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error_ = std::string("cannot read: ") + std::strerror(errno);
    if (n == 0) short_ = true;  // shorter than it was walked
    if (n <= 0) return false;
    size_ += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::uint64_t> mbox_part_bytes::find_start(std::uint64_t from, std::uint64_t limit) {
  // Candidates are the lines that start with 'F' at or after `from`: each follows a line feed
  // at from - 1 or later, and telling one needs the byte after that line feed.
  std::uint64_t at = from - 1;
  while (at < limit) {
    fill_to(at + 2);
    const std::uint64_t held = origin_ + size_;
    if (held < at + 2) return std::nullopt;  // the file ends (or cannot be read) first
    const char* first = bytes_.get() + (at - origin_);
    const char* last = bytes_.get() + (held - 1 - origin_);
    const char* lf = find_line_of_interest(first, last);
    if (lf == last) {
      at = held - 1;  // read on: the last byte held may be a line feed
      continue;
    }
    const std::uint64_t line = at + static_cast<std::uint64_t>(lf - first) + 1;
    if (line >= limit) return std::nullopt;
    at = line;
    if (lf[1] != 'F') continue;  // a quoted From_ line
    fill_to(line + kJudgedBytes);
    if (!error_.empty()) return std::nullopt;
    const std::uint64_t judged_end = std::min(line + kJudgedBytes, origin_ + size_);
    const std::string_view judged(bytes_.get(), static_cast<std::size_t>(judged_end - origin_));
    if (starts_mbox_message(judged, static_cast<std::size_t>(line - origin_))) return line;
  }
  return std::nullopt;
}

std::string mbox_part_bytes::read(const std::string& path, open_expectation expect,
                                  const mbox_range& range) {
  // From the page the look-back falls in: the buffer starts on a page, so each read's bytes
  // keep their offset within a page (kPageBytes: a copy 1-31 bytes off runs up to 4x slower).
  origin_ =
      (range.begin - std::min<std::uint64_t>(range.begin, kLookBack)) / kPageBytes * kPageBytes;
  file_end_ = range.file_size;
  size_ = 0;
  error_.clear();
  short_ = empty_ = ends_file_ = false;
  part_begin_ = part_end_ = 0;
  struct stat st {};
  if (std::string error = open_checked(path, expect, fd_, st); !error.empty()) return error;
  fill_to(range.end + kFirstOvershoot);
  // The first part starts at the file's start (the walk saw its envelope line there).
  const std::optional<std::uint64_t> begin =
      range.begin == 0 ? std::optional<std::uint64_t>(0) : find_start(range.begin, range.end);
  if (!begin) {
    empty_ = error_.empty() && !short_;
  } else {
    const std::optional<std::uint64_t> end =
        range.last ? std::nullopt : find_start(range.end, file_end_);
    ends_file_ = !end;
    if (ends_file_) fill_to(file_end_);
    part_begin_ = static_cast<std::size_t>(*begin - origin_);
    part_end_ = end ? static_cast<std::size_t>(*end - origin_) : size_;
  }
  ::close(fd_);
  fd_ = -1;
  return error_;
}

bool mbox_part_bytes::intact() const noexcept {
  return error_.empty() && !short_ && !empty_ && part_end_ > part_begin_ &&
         starts_mbox_message(std::string_view(bytes_.get(), part_end_), part_begin_);
}

void mbox_part_bytes::release() noexcept {
  bytes_.reset();
  capacity_ = 0;
  size_ = 0;
  part_begin_ = part_end_ = 0;
}

}  // namespace mfsim::corpus
