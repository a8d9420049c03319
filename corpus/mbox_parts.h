// Splitting one large mbox into parts that workers read in parallel (issue 16): the walk cuts
// the file by size, each part is an input of its own whose worker finds its first and last
// message, and the parts number their messages as the whole file would ("PATH#N"), so ids and
// records do not change.
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
#include "corpus/huge_page_buffer.h"

namespace mfsim::corpus {

// How many messages each part of one mbox holds, published by the worker that reads the part
// (it finds them all before it hands any out) for the parts after it. Shared by the parts of
// one file. The parts published from the first on without a gap are summed as they come, so
// that asking costs the same for the thousandth part as for the second, and a waiting part is
// woken only when that run grows.
class mbox_part_counts {
 public:
  explicit mbox_part_counts(std::size_t parts)
      : counts_(parts, 0), known_(parts, 0), before_(parts + 1, 0) {}

  void publish(std::size_t part, std::uint64_t messages);
  // The messages of the parts before `part`, once each has been published. nullopt when `stop`
  // is set and they are still unknown after a grace period (a failed run skips parts).
  [[nodiscard]] std::optional<std::uint64_t> messages_before(std::size_t part,
                                                             const std::atomic<bool>* stop);

 private:
  std::mutex mutex_;
  std::condition_variable prefix_grew_;
  std::vector<std::uint64_t> counts_;
  std::vector<char> known_;
  // before_[k], for every k up to prefix_: the messages of the parts before part k, all of them
  // published. Written under the lock before prefix_ moves past them, read after it has.
  std::vector<std::uint64_t> before_;
  std::atomic<std::size_t> prefix_{0};
};

// One part of an mbox: the messages that start in the bytes [begin, end) of the file. The walk
// cuts the file by size alone and reads nothing of it; the worker that reads a part finds
// where its first message starts and where its last one ends (decisions.md 313).
struct mbox_range {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::uint64_t file_size = 0;  // the file's size when it was walked: nothing after it is read
  std::size_t index = 0;        // 0, 1, ...: its place among the file's parts
  bool last = false;            // the part that ends the file
  std::shared_ptr<mbox_part_counts> counts;
};

// True when the regular file at `path` (opened as `expect` says, as its parts will be) is an
// uncompressed mbox that starts with its envelope line, so that it can be cut into parts (one
// small read).
[[nodiscard]] bool splittable_mbox(const std::string& path, open_expectation expect = {});

// Where the parts of a `size`-byte mbox begin when it is cut into parts of about `part_bytes`:
// 0, part_bytes, 2 * part_bytes, ... (the last part holds between half and one and a half
// parts). Fewer than two when the file is too small to cut.
[[nodiscard]] std::vector<std::uint64_t> mbox_part_offsets(std::uint64_t size,
                                                           std::uint64_t part_bytes);

// The bytes of one part, read with pread into a buffer that is reused from part to part (and
// stays in the cache, where a mapping of the file would fault every page in).
class mbox_part_bytes {
 public:
  // Reads the part: from the first message that starts in [range.begin, range.end) up to the
  // first one that starts at or after range.end (or the end of the file), and the up to 3
  // bytes before it (the empty line before its envelope). A message starts at a line that
  // starts_mbox_message() accepts on that line's first 256 bytes alone, so that two workers
  // reading neighbouring parts agree on the message between them. Returns an error text, empty
  // when no read failed (a file that shrank since the walk: see intact()).
  std::string read(const std::string& path, open_expectation expect, const mbox_range& range);
  // True when no message starts in the part's range (one message spans it): it holds nothing.
  [[nodiscard]] bool empty() const noexcept { return empty_; }
  // True when every byte of the part came and a message starts where it starts.
  [[nodiscard]] bool intact() const noexcept;
  // True when the part ends where the file ends.
  [[nodiscard]] bool ends_file() const noexcept { return ends_file_; }
  // The part's bytes (valid until the next read).
  [[nodiscard]] std::string_view part() const noexcept {
    return {bytes_.get() + part_begin_, part_end_ - part_begin_};
  }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  void release() noexcept;

 private:
  // Reads on until the buffer holds the file's bytes up to offset `until` (or its end); false
  // once the file gives no more.
  bool fill_to(std::uint64_t until);
  // The first message start at or after offset `from` and before `limit`, reading on as needed.
  [[nodiscard]] std::optional<std::uint64_t> find_start(std::uint64_t from, std::uint64_t limit);

  raw_buffer bytes_{nullptr, &std::free};
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;        // bytes held, from the file's offset origin_
  std::uint64_t origin_ = 0;    // the file offset of bytes_[0]
  std::uint64_t file_end_ = 0;  // the walked size: no read goes past it
  int fd_ = -1;
  std::string error_;
  bool short_ = false;  // the file ended before file_end_
  bool empty_ = false;
  bool ends_file_ = false;
  std::size_t part_begin_ = 0;  // the part in bytes_
  std::size_t part_end_ = 0;
};

}  // namespace mfsim::corpus
