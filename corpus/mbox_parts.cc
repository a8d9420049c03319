// Finding the cut points of a large mbox, and the message counts its parts share.
#include "corpus/mbox_parts.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>

#include "corpus/file_reader.h"
#include "corpus/mbox_reader.h"

namespace mfsim::corpus {
namespace {

// Bytes read at a time while looking for a cut point.
constexpr std::size_t kWindow = std::size_t{16} << 10;
// An envelope line's test looks this far back: the empty line before it ("\n\r\n").
constexpr std::size_t kLookBack = 3;
// How long a part waits for the counts of earlier parts once the run is stopping.
constexpr auto kStopGrace = std::chrono::seconds(2);

// Lines that start this close to a window's end are looked at again in the next window, whole.
constexpr std::size_t kOverlap = 256;

// The first offset in [from, limit) where a message starts, or 0 when there is none. An
// envelope line is judged on the bytes of one window: one too long to judge there is passed
// over, so a cut is only ever placed where the whole-file reader splits too.
std::uint64_t find_cut(int fd, std::uint64_t from, std::uint64_t limit, std::uint64_t size,
                       std::string& window) {
  for (std::uint64_t at = from; at < limit;) {
    const std::uint64_t start = at - kLookBack;
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kWindow, size - start));
    window.resize(want);
    const ssize_t n = ::pread(fd, window.data(), want, static_cast<off_t>(start));
    if (n <= static_cast<ssize_t>(kLookBack)) return 0;
    const std::string_view bytes(window.data(), static_cast<std::size_t>(n));
    const bool at_end = start + bytes.size() >= size;
    for (std::size_t k = kLookBack; k < bytes.size();) {
      const void* lf = std::memchr(bytes.data() + k - 1, '\n', bytes.size() - k + 1);
      if (lf == nullptr) break;
      const auto line = static_cast<std::size_t>(static_cast<const char*>(lf) - bytes.data()) + 1;
      if (start + line >= limit) return 0;
      if (!at_end && line + kOverlap > bytes.size()) break;  // judged in the next window
      if (starts_mbox_message(bytes, line)) return start + line;
      k = line + 1;
    }
    if (at_end || bytes.size() <= kOverlap + kLookBack) return 0;
    at = start + bytes.size() - kOverlap;
  }
  return 0;
}

}  // namespace

void mbox_part_counts::publish(std::size_t part, std::uint64_t messages) {
  {
    std::lock_guard lock(mutex_);
    if (part >= counts_.size()) return;
    counts_[part] = messages;
    known_[part] = 1;
  }
  published_.notify_all();
}

std::optional<std::uint64_t> mbox_part_counts::messages_before(std::size_t part,
                                                               const std::atomic<bool>* stop) {
  std::unique_lock lock(mutex_);
  std::uint64_t total = 0;
  std::chrono::steady_clock::duration waited_stopped{};
  for (std::size_t k = 0; k < part && k < counts_.size(); ++k) {
    while (known_[k] == 0) {
      constexpr auto kPoll = std::chrono::milliseconds(20);
      published_.wait_for(lock, kPoll);
      if (known_[k] == 0 && stop != nullptr && stop->load(std::memory_order_relaxed)) {
        waited_stopped += kPoll;
        if (waited_stopped >= kStopGrace) return std::nullopt;
      }
    }
    total += counts_[k];
  }
  return total;
}

std::vector<std::uint64_t> plan_mbox_split(const std::string& path, std::uint64_t size,
                                           std::uint64_t part_bytes) {
  std::vector<std::uint64_t> starts;
  if (part_bytes == 0 || size < 2 * part_bytes) return starts;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) return starts;
  std::string window(kWindow, '\0');
  const ssize_t n = ::pread(fd, window.data(), kWindow, 0);
  const std::string_view head(window.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
  // Only a plain mbox that starts with its envelope line (no byte order mark, no gzip).
  if (head.substr(0, 5) == "From " && !is_gzip(head) && starts_mbox_message(head, 0)) {
    starts.push_back(0);
    for (std::uint64_t nominal = part_bytes; nominal + part_bytes / 2 < size;) {
      const std::uint64_t limit = std::min(size, nominal + part_bytes);
      const std::uint64_t cut = find_cut(fd, nominal, limit, size, window);
      if (cut == 0) {
        nominal = limit;  // one message spans the whole part: the part grows
        continue;
      }
      starts.push_back(cut);
      nominal = cut + part_bytes;
    }
  }
  ::close(fd);
  if (starts.size() < 2) starts.clear();
  return starts;
}

std::string mbox_part_bytes::read(const std::string& path, open_expectation expect,
                                  const mbox_range& range) {
  lead_ = static_cast<std::size_t>(std::min<std::uint64_t>(range.begin, kLookBack));
  const auto want = static_cast<std::size_t>(range.end - range.begin) + lead_;
  if (capacity_ < want) {
    // A quarter more than asked: parts differ in size, and a buffer grown for each larger one
    // would fault its pages in again every time.
    capacity_ = want + want / 4;
    bytes_ = std::make_unique_for_overwrite<char[]>(capacity_);
  }
  size_ = 0;
  int fd = -1;
  struct stat st {};
  if (std::string error = open_checked(path, expect, fd, st); !error.empty()) return error;
  std::string error;
  while (size_ < want) {
    const ssize_t n = ::pread(fd, bytes_.get() + size_, want - size_,
                              static_cast<off_t>(range.begin - lead_ + size_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = std::string("cannot read: ") + std::strerror(errno);
    if (n <= 0) break;
    size_ += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return error;
}

bool mbox_part_bytes::intact(const mbox_range& range) const noexcept {
  return size_ == range.end - range.begin + lead_ && size_ > lead_ &&
         starts_mbox_message(std::string_view(bytes_.get(), size_), lead_);
}

void mbox_part_bytes::release() noexcept {
  bytes_.reset();
  capacity_ = 0;
  size_ = 0;
  lead_ = 0;
}

}  // namespace mfsim::corpus
