// Splitting one large mbox into parts that workers read in parallel (issue 16): the walk cuts
// the file at envelope lines found with a few small reads near each cut, each part is an input
// of its own, and the parts number their messages as the whole file would ("PATH#N"), so ids
// and records do not change.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/file_reader.h"

namespace mfsim::corpus {

// How many messages each part of one mbox holds, published by the worker that reads the part
// (it counts them first, with memchr) for the parts after it. Shared by the parts of one file.
class mbox_part_counts {
 public:
  explicit mbox_part_counts(std::size_t parts) : counts_(parts, 0), known_(parts, 0) {}

  void publish(std::size_t part, std::uint64_t messages);
  // The messages of the parts before `part`, once each has been published. nullopt when `stop`
  // is set and they are still unknown after a grace period (a failed run skips parts).
  [[nodiscard]] std::optional<std::uint64_t> messages_before(std::size_t part,
                                                             const std::atomic<bool>* stop);

 private:
  std::mutex mutex_;
  std::condition_variable published_;
  std::vector<std::uint64_t> counts_;
  std::vector<char> known_;
};

// One part of an mbox: the bytes [begin, end) of the file, starting at an envelope line.
struct mbox_range {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::size_t index = 0;  // 0, 1, ...: its place among the file's parts
  bool last = false;      // the part that ends the file
  std::shared_ptr<mbox_part_counts> counts;
};

// Where to cut the regular file at `path` (`size` bytes) into parts of about `part_bytes`:
// the offsets where parts start (the first is 0), each an envelope line that starts a message
// (starts_mbox_message). Fewer than two when the file is not an uncompressed mbox or has no
// cut point; read with pread, a few windows per cut, never the whole file.
[[nodiscard]] std::vector<std::uint64_t> plan_mbox_split(const std::string& path,
                                                         std::uint64_t size,
                                                         std::uint64_t part_bytes);

// The bytes of one part, read with pread into a buffer that is reused from part to part (and
// stays in the cache, where a mapping of the file would fault every page in).
class mbox_part_bytes {
 public:
  // Reads the part, and the up to 3 bytes before it (the empty line before its envelope), of
  // the file at `path` (opened as `expect` says). Returns an error text, empty when no read
  // failed (a file that shrank since the walk gives fewer bytes: see intact()).
  std::string read(const std::string& path, open_expectation expect, const mbox_range& range);
  // True when every byte of the part came and a message starts where it starts.
  [[nodiscard]] bool intact(const mbox_range& range) const noexcept;
  // The part's bytes (valid until the next read).
  [[nodiscard]] std::string_view part() const noexcept {
    return {bytes_.get() + lead_, size_ - lead_};
  }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  void release() noexcept;

 private:
  std::unique_ptr<char[]> bytes_;  // not zero-filled, as a string's growth would be
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  std::size_t lead_ = 0;  // bytes read before the part's start
};

}  // namespace mfsim::corpus
