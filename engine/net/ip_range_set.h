// Sets of IP ranges, written as Exchange's SenderIpRanges accepts them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/net/ip_address.h"

namespace mfsim::net {

// One entry as the user wrote it: "1.2.3.4", "1.2.3.0/24", "1.2.3.4-1.2.3.9", or IPv6 forms.
struct ip_range {
  ip_address first;
  ip_address last;
  std::string text;     // the entry as written, for reports
  int prefix_len = -1;  // CIDR prefix as written (IPv4: 0..32), -1 for an address or a-b range
};

// Parses one entry; returns nullopt and sets `error` when the text is not one of the forms.
[[nodiscard]] std::optional<ip_range> parse_ip_range(std::string_view text, std::string& error);

// The address after `a` in the 128-bit order into `out`; false when `a` is the last address.
[[nodiscard]] bool next_address(const ip_address& a, ip_address& out) noexcept;

// An immutable-after-build set; lookups are O(log n) over merged, sorted intervals.
class ip_range_set {
 public:
  void add(ip_range range);
  // Sorts and merges; call once after the last add() and before any lookup.
  void finish();

  [[nodiscard]] bool contains(const ip_address& address) const noexcept;
  // An entry (as written) that holds the address, the one starting nearest below it; or nullptr.
  [[nodiscard]] const ip_range* find_entry(const ip_address& address) const noexcept;
  [[nodiscard]] const std::vector<ip_range>& entries() const noexcept { return entries_; }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

 private:
  struct interval {
    ip_address first;
    ip_address last;
  };
  std::vector<ip_range> entries_;  // as added, then sorted by first address
  std::vector<interval> merged_;   // disjoint, sorted
};

}  // namespace mfsim::net
