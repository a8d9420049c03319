// The tagged range table: elementary segments between every range's ends, and a segment tree
// over them in which each range is stored at the O(log n) nodes that exactly cover it.
//
// segment_tree layout: leaves are nodes m .. 2m - 1 (m segments), node k's parent is k / 2. A
// range over segments [l, r) is stored at the nodes the bottom-up walk below picks, which
// together cover exactly [l, r); a point lookup visits its leaf and every ancestor. This works
// for any m, not only powers of two. Storage is O(ranges * log(segments)): nested or
// overlapping ranges cannot make it quadratic.
#include "engine/net/ip_range_table.h"

#include <algorithm>
#include <utility>

#include "engine/net/ip_range_set.h"  // next_address

namespace mfsim::net {

void ip_range_table::add(const ip_address& first, const ip_address& last, std::uint32_t tag) {
  pending_.push_back({first, last, tag});
}

void ip_range_table::finish() {
  bounds_.clear();
  for (const auto& r : pending_) {
    bounds_.push_back(r.first);
    ip_address after;
    if (next_address(r.last, after)) bounds_.push_back(after);
  }
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());

  const std::size_t m = bounds_.size();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> stored;  // (node, tag)
  for (const auto& r : pending_) {
    const auto index = [&](const ip_address& a) {
      return static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), a) -
                                      bounds_.begin());
    };
    ip_address after;
    std::size_t l = index(r.first) + m;
    std::size_t h = (next_address(r.last, after) ? index(after) : m) + m;
    for (; l < h; l >>= 1, h >>= 1) {
      if (l & 1) stored.emplace_back(static_cast<std::uint32_t>(l++), r.tag);
      if (h & 1) stored.emplace_back(static_cast<std::uint32_t>(--h), r.tag);
    }
  }
  std::sort(stored.begin(), stored.end());
  node_first_.assign(2 * m + 1, 0);
  tags_.clear();
  tags_.reserve(stored.size());
  for (const auto& [node, tag] : stored) {
    ++node_first_[node + 1];
    tags_.push_back(tag);
  }
  for (std::size_t k = 1; k < node_first_.size(); ++k) node_first_[k] += node_first_[k - 1];
  pending_.clear();
  pending_.shrink_to_fit();
}

bool ip_range_table::segment_of(const ip_address& address, std::size_t& segment) const noexcept {
  const auto it = std::upper_bound(bounds_.begin(), bounds_.end(), address);
  if (it == bounds_.begin()) return false;
  segment = static_cast<std::size_t>(it - bounds_.begin()) - 1;
  return true;
}

}  // namespace mfsim::net
