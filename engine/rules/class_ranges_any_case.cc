#include "engine/rules/class_ranges_any_case.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/ascii.h"
#include "engine/rules/class_members.h"
#include "engine/rules/dotnet_lower_case.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

constexpr UChar32 kLastCodePoint = 0x10FFFF;

struct run {
  UChar32 first;
  UChar32 last;
  friend bool operator==(const run&, const run&) = default;
};

// Each character whose lower case is another character, with that lower case, in code point
// order: some 1,400, read once from ICU.
const std::vector<std::pair<UChar32, UChar32>>& lowered_characters() {
  static const std::vector<std::pair<UChar32, UChar32>> table = [] {
    std::vector<std::pair<UChar32, UChar32>> found;
    for (UChar32 c = 0; c <= kLastCodePoint; ++c) {
      if (const UChar32 lower = dotnet_lower_case(c); lower != c) found.emplace_back(c, lower);
    }
    return found;
  }();
  return table;
}

// Whether no lower-cased character of a text is `c`: Boost compares only lower cases under
// ignored case, so a class may hold `c` or not alike. A surrogate is no character of a text.
bool never_compared(UChar32 c) { return (c >= 0xD800 && c <= 0xDFFF) || dotnet_lower_case(c) != c; }

// The lower cases a text's character may have to match [first-last] as .NET reads it under
// ignored case: the range's own characters and each one's lower case. Written as runs whose
// ends are their own lower case, which Boost keeps as they are, and joined across characters
// no lower case is.
std::vector<run> lower_case_runs(UChar32 first, UChar32 last) {
  std::vector<run> runs{{first, last}};
  const auto& lowered = lowered_characters();
  for (auto it = std::lower_bound(lowered.begin(), lowered.end(), std::pair{first, UChar32{-1}});
       it != lowered.end() && it->first <= last; ++it) {
    if (it->second < first || it->second > last) runs.push_back({it->second, it->second});
  }
  std::sort(runs.begin(), runs.end(), [](const run& a, const run& b) { return a.first < b.first; });
  std::vector<run> joined;
  for (const run& r : runs) {
    if (!joined.empty()) {
      UChar32 between = joined.back().last + 1;
      while (between < r.first && never_compared(between)) ++between;
      if (between >= r.first) {
        joined.back().last = std::max(joined.back().last, r.last);
        continue;
      }
    }
    joined.push_back(r);
  }
  std::vector<run> kept;
  for (run r : joined) {
    while (r.first <= r.last && never_compared(r.first)) ++r.first;
    while (r.first <= r.last && never_compared(r.last)) --r.last;
    if (r.first <= r.last) kept.push_back(r);
  }
  return kept;
}

// `c` as a class member Boost reads by byte and by character alike.
void append_member(UChar32 c, std::string& out) {
  if (c >= 0x80) {
    append_utf8_code_point(static_cast<std::uint32_t>(c), out);
  } else if (ascii_is_alpha(static_cast<char>(c)) || ascii_is_digit(static_cast<char>(c))) {
    out += static_cast<char>(c);
  } else {
    out += fmt::format("\\x{:02X}", c);
  }
}

}  // namespace

std::optional<std::string> class_ranges_any_case(std::string_view klass) {
  if (klass.size() < 2 || klass.front() != '[' || klass.back() != ']') return std::nullopt;
  const std::size_t end = klass.size() - 1;
  std::size_t at = 1;
  if (klass[at] == '^') ++at;
  std::string out;
  std::size_t copied = 0;  // klass[0, copied) is in out
  while (at < end) {
    const std::size_t start = at;
    std::size_t next = at;
    const std::optional<UChar32> first = member_at(klass, at, next);
    at = next;
    if (at + 1 >= end || klass[at] != '-' || klass[at + 1] == '[') continue;
    const std::optional<UChar32> last = member_at(klass, at + 1, next);
    at = next;
    if (!first || !last || *first > *last) continue;  // Boost refuses what .NET refuses
    const std::vector<run> runs = lower_case_runs(*first, *last);
    if (runs == std::vector<run>{{*first, *last}}) continue;
    out.append(klass.substr(copied, start - copied));
    // Each run written as a range, a single character too: a `-` after the range, which
    // follows a range as it did, stays what it was.
    for (const run& r : runs) {
      append_member(r.first, out);
      out += '-';
      append_member(r.last, out);
    }
    copied = at;
  }
  if (copied == 0) return std::nullopt;
  out.append(klass.substr(copied));
  return out;
}

}  // namespace mfsim::rules::ps
