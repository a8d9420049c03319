// Many tagged IP ranges in one table: the tags of every range that holds an address, found in
// O(log n + tags found) whatever the number of ranges (issue 16: the SenderIpRanges of 10,000
// rules answer one lookup per message). Build with add() and finish(); immutable and
// thread-safe afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/net/ip_address.h"

namespace mfsim::net {

class ip_range_table {
 public:
  // The range [first, last] (first <= last) carries `tag`. Call before finish().
  void add(const ip_address& first, const ip_address& last, std::uint32_t tag);
  // Builds the table; no add() afterwards.
  void finish();

  [[nodiscard]] bool empty() const noexcept { return bounds_.empty(); }

  // Calls visit(tag) for each range that holds `address`, in no particular order; a tag with
  // several such ranges comes once per range. Never allocates.
  template <typename Visit>
  void for_each_tag(const ip_address& address, Visit&& visit) const {
    std::size_t leaf = 0;
    if (!segment_of(address, leaf)) return;
    // The tree's nodes above the leaf hold the ranges that cover it (segment_tree layout in
    // ip_range_table.cc).
    for (std::size_t node = leaf + bounds_.size(); node > 0; node >>= 1) {
      for (std::uint32_t k = node_first_[node]; k < node_first_[node + 1]; ++k) visit(tags_[k]);
    }
  }

 private:
  struct tagged_range {
    ip_address first;
    ip_address last;
    std::uint32_t tag;
  };
  // The elementary segment that holds `address`; false when it lies below every range.
  [[nodiscard]] bool segment_of(const ip_address& address, std::size_t& segment) const noexcept;

  std::vector<tagged_range> pending_;  // until finish()
  // Where the elementary segments start, sorted: segment j is [bounds_[j], bounds_[j + 1]).
  std::vector<ip_address> bounds_;
  // Per node of the segment tree (2 * segments of them, node 0 unused): its tags are
  // tags_[node_first_[node], node_first_[node + 1]).
  std::vector<std::uint32_t> node_first_;
  std::vector<std::uint32_t> tags_;
};

}  // namespace mfsim::net
