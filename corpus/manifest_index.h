// The entries of a manifest by their ids, held flat: an entry in a std::unordered_map<std::string,
// ...> cost its node, its bucket and its id's own allocation, about 330 bytes for a path of 50
// characters beside 80 of data (decision 1077). Here the ids lie one after another in large
// blocks, the entries in a deque (no copy of them all as it grows) and the table holds 4-byte
// positions, open-addressed, at most three quarters full.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>
#include <vector>

#include "corpus/manifest_entry.h"

namespace mfsim::corpus {

class manifest_index {
 public:
  // Adds `e` under `id` (not empty) in read order; false, adding nothing, when `id` is there.
  bool insert(std::string_view id, manifest_entry e);

  // The position (read order) of the entry for `id`, or npos. Thread-safe once filled.
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  [[nodiscard]] std::size_t position(std::string_view id) const noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] const manifest_entry& entry(std::size_t at) const { return entries_[at].entry; }
  [[nodiscard]] std::string_view id(std::size_t at) const { return entries_[at].id; }

  // How many slots a lookup of `id` reads, 1 when the first is the one: what hostile ids would
  // lengthen (decision 1087), for the tests to see without timing.
  [[nodiscard]] std::size_t slots_read(std::string_view id) const noexcept;

 private:
  struct kept {
    manifest_entry entry;
    std::string_view id;  // in blocks_
  };
  std::string_view keep_id(std::string_view id);
  void grow_table();
  // The slot of `id`, or the free one where it would go; `read` counts the slots looked at.
  [[nodiscard]] std::size_t slot_of(std::string_view id,
                                    std::size_t* read = nullptr) const noexcept;

  std::deque<kept> entries_;
  std::vector<std::unique_ptr<char[]>> blocks_;  // the ids' bytes
  std::size_t block_size_ = 0;                   // of the last block
  std::size_t block_used_ = 0;                   // bytes taken of it
  std::vector<std::uint32_t> table_;             // 0 free, else position + 1
};

}  // namespace mfsim::corpus
