#include "engine/rules/class_escaped_dashes.h"

#include <fmt/format.h>

#include <boost/regex.hpp>

#include "engine/rules/class_members.h"

namespace mfsim::rules::ps {

std::optional<std::string> escaped_dashes_alone(std::string_view klass) {
  if (klass.size() < 2 || klass.front() != '[' || klass.back() != ']' ||
      klass.find('-') == std::string_view::npos) {
    return std::nullopt;
  }
  const std::size_t end = klass.size() - 1;
  std::size_t at = klass[1] == '^' ? 2 : 1;
  std::string out(klass.substr(0, at));
  bool changed = false;
  // Whether the last member written is a `-` .NET added alone, or a class (\d, \w, ...): a
  // `-` after it starts a member of its own, which Boost would read as the end of a range
  // from the `\-` or refuse after the class (decision 1153).
  bool after_dash_alone = false;
  const auto is_escaped_dash = [&](std::size_t k) { return klass.substr(k, 2) == "\\-"; };
  while (at < end) {
    std::size_t next = at;
    const bool alone = is_escaped_dash(at);
    const std::optional<UChar32> first = member_at(klass, at, next);
    std::string member(klass.substr(at, next - at));
    if (after_dash_alone && member == "-") {
      member = "\\-";
      changed = true;
    }
    at = next;
    after_dash_alone = alone || !first;
    // .NET starts a range at a character followed by `-` and anything but the closing `]`;
    // never at a class (\d, ...), nor at `\-`.
    if (alone || !first || at + 1 >= end || klass[at] != '-' || klass[at + 1] == '[') {
      out += member;
      continue;
    }
    const std::size_t range_dash = at++;
    std::string skipped;  // the `\-` after the range's `-`, each a `-` of its own
    for (; at < end && is_escaped_dash(at); at += 2) skipped += "\\-";
    if (skipped.empty()) {
      static_cast<void>(member_at(klass, at, next));  // its end, whatever it stands for
      out += member;
      out.append(klass.substr(range_dash, next - range_dash));
      at = next;
      continue;
    }
    changed = true;
    if (at >= end) {
      out += skipped;  // the class closes with the range open: .NET drops its start
      after_dash_alone = true;
      continue;
    }
    if (!member_at(klass, at, next) || klass[at] == '[') {
      throw boost::regex_error(
          fmt::format("the range in {} ends at a class, which .NET refuses, or a subtraction, "
                      "which mfsim does not read",
                      klass),
          boost::regex_constants::error_range, 0);
    }
    out += member;
    out += '-';
    out.append(klass.substr(at, next - at));
    out += skipped;
    at = next;
    after_dash_alone = true;
  }
  if (!changed) return std::nullopt;
  out += ']';
  return out;
}

}  // namespace mfsim::rules::ps
