// Parsing of SenderIpRanges entries and the sorted interval set used for lookups.
#include "engine/net/ip_range_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "engine/ascii.h"

namespace mfsim::net {
namespace {

// Sets every bit after the first `prefix` bits to `one`.
ip_address fill_host_bits(const ip_address& a, int prefix, bool one) {
  auto bytes = a.bytes();
  for (int bit = prefix; bit < 128; ++bit) {
    const auto mask = static_cast<std::uint8_t>(0x80u >> (bit % 8));
    if (one) {
      bytes[bit / 8] = static_cast<std::uint8_t>(bytes[bit / 8] | mask);
    } else {
      bytes[bit / 8] = static_cast<std::uint8_t>(bytes[bit / 8] & ~mask);
    }
  }
  return ip_address::from_bytes(bytes);
}

}  // namespace

bool next_address(const ip_address& a, ip_address& out) noexcept {
  auto bytes = a.bytes();
  for (int k = 15; k >= 0; --k) {
    if (++bytes[k] != 0) {
      out = ip_address::from_bytes(bytes);
      return true;
    }
  }
  return false;  // wrapped past the last address
}

std::optional<ip_range> parse_ip_range(std::string_view text, std::string& error) {
  const std::string_view entry = ascii_trim_blanks(text);
  ip_range range;
  range.text = std::string(entry);
  if (entry.empty()) {
    error = "empty IP range entry";
    return std::nullopt;
  }
  if (const auto slash = entry.find('/'); slash != std::string_view::npos) {
    const auto address = ip_address::parse(entry.substr(0, slash));
    const std::string_view bits_text = entry.substr(slash + 1);
    int bits = -1;
    const auto [end, ec] =
        std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
    if (!address) {
      error = fmt::format("'{}' is not an address/prefix (address part is not an IP)", entry);
      return std::nullopt;
    }
    // ::ffff:1.2.3.4/96 is written as IPv6: its prefix counts 128 bits, although the address
    // is the IPv4 one it maps (decision 664).
    const bool written_v4 = entry.substr(0, slash).find(':') == std::string_view::npos;
    const int max_bits = written_v4 ? 32 : 128;
    if (ec != std::errc() || end != bits_text.data() + bits_text.size() || bits < 0 ||
        bits > max_bits) {
      error = fmt::format("'{}' has a bad prefix length (expected 0 to {})", entry, max_bits);
      return std::nullopt;
    }
    const int bits128 = written_v4 ? v4_prefix_to_128(bits) : bits;
    range.first = fill_host_bits(*address, bits128, false);
    range.last = fill_host_bits(*address, bits128, true);
    // As an IPv4 prefix when the range is IPv4 addresses only (::ffff:1.2.3.0/120 is
    // 1.2.3.0/24).
    range.prefix_len = written_v4 || !range.first.is_v4() ? bits : bits - v4_prefix_to_128(0);
    return range;
  }
  if (const auto dash = entry.find('-'); dash != std::string_view::npos) {
    const auto first = ip_address::parse(ascii_trim_blanks(entry.substr(0, dash)));
    const auto last = ip_address::parse(ascii_trim_blanks(entry.substr(dash + 1)));
    if (!first || !last || first->is_v4() != last->is_v4()) {
      error = fmt::format("'{}' is not a range of two addresses of one family (a-b)", entry);
      return std::nullopt;
    }
    if (*last < *first) {
      error = fmt::format("'{}' ends before it starts", entry);
      return std::nullopt;
    }
    range.first = *first;
    range.last = *last;
    return range;
  }
  const auto address = ip_address::parse(entry);
  if (!address) {
    error = fmt::format("'{}' is not an IP address, a-b range or CIDR prefix", entry);
    return std::nullopt;
  }
  range.first = range.last = *address;
  return range;
}

void ip_range_set::add(ip_range range) { entries_.push_back(std::move(range)); }

void ip_range_set::finish() {
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const ip_range& a, const ip_range& b) { return a.first < b.first; });
  merged_.clear();
  for (const auto& e : entries_) {
    ip_address after_last;
    if (!merged_.empty() &&
        (!next_address(merged_.back().last, after_last) || e.first <= after_last)) {
      if (merged_.back().last < e.last) merged_.back().last = e.last;
      continue;
    }
    merged_.push_back({e.first, e.last});
  }
}

bool ip_range_set::contains(const ip_address& address) const noexcept {
  // The last interval starting at or before the address is the only candidate.
  auto it = std::upper_bound(merged_.begin(), merged_.end(), address,
                             [](const ip_address& a, const interval& i) { return a < i.first; });
  if (it == merged_.begin()) return false;
  --it;
  return address <= it->last;
}

const ip_range* ip_range_set::find_entry(const ip_address& address) const noexcept {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), address,
                             [](const ip_address& a, const ip_range& r) { return a < r.first; });
  // Entries may overlap, so look back past narrower ones; lists are short.
  while (it != entries_.begin()) {
    --it;
    if (address <= it->last) return &*it;
  }
  return nullptr;
}

}  // namespace mfsim::net
