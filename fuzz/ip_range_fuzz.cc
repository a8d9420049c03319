// Fuzzes IP address and IP range parsing: ip_address::parse, parse_ip_range, the text round
// trip parse(to_string(a)) == a, and an ip_range_set built from the input's lines.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/net/ip_address.h"
#include "engine/net/ip_range_set.h"
#include "fuzz/fuzz_check.h"

namespace net = mfsim::net;

namespace {

void check_address(std::string_view text) {
  const auto address = net::ip_address::parse(text);
  if (!address) return;
  const std::string canonical = address->to_string();
  const auto again = net::ip_address::parse(canonical);
  MFSIM_FUZZ_CHECK(again.has_value());
  MFSIM_FUZZ_CHECK(*again == *address);
  MFSIM_FUZZ_CHECK(again->to_string() == canonical);  // the canonical form is a fixed point
  MFSIM_FUZZ_CHECK(again->is_v4() == address->is_v4());
}

void check_range(std::string_view text, net::ip_range_set& set) {
  std::string error;
  auto range = net::parse_ip_range(text, error);
  if (!range) {
    MFSIM_FUZZ_CHECK(!error.empty());
    return;
  }
  MFSIM_FUZZ_CHECK(range->first <= range->last);
  // An a-b range is one family; an IPv6 prefix may span ::ffff:0:0/96 (e.g. ::/0), whose
  // upper end then reads as IPv4.
  if (range->prefix_len < 0) MFSIM_FUZZ_CHECK(range->first.is_v4() == range->last.is_v4());
  MFSIM_FUZZ_CHECK(range->prefix_len >= -1 && range->prefix_len <= 128);
  MFSIM_FUZZ_CHECK(text.find(range->text) != std::string_view::npos);
  check_address(range->first.to_string());
  check_address(range->last.to_string());
  set.add(std::move(*range));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_address(input);

  // Every line as an address and as a range entry; the valid ranges make one set.
  net::ip_range_set set;
  for (std::size_t pos = 0; pos <= input.size();) {
    const std::size_t nl = input.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? input.size() : nl;
    const std::string_view line = input.substr(pos, end - pos);
    check_address(line);
    check_range(line, set);
    pos = end + 1;
  }
  set.finish();
  for (const net::ip_range& entry : set.entries()) {
    MFSIM_FUZZ_CHECK(set.contains(entry.first));
    MFSIM_FUZZ_CHECK(set.contains(entry.last));
    const net::ip_range* found = set.find_entry(entry.last);
    MFSIM_FUZZ_CHECK(found != nullptr);
    MFSIM_FUZZ_CHECK(found->first <= entry.last && entry.last <= found->last);
  }
  return 0;
}
