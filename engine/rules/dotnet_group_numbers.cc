#include "engine/rules/dotnet_group_numbers.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/regex/pattern_except.hpp>
#include <map>
#include <set>
#include <string>

#include "engine/ascii.h"

namespace mfsim::rules::ps {
namespace {

[[noreturn]] void refuse(std::size_t at, std::string_view why) {
  throw boost::regex_error(fmt::format("the group at offset {} {}, which .NET refuses", at, why),
                           boost::regex_constants::error_bad_pattern,
                           static_cast<std::ptrdiff_t>(at));
}

bool is_number(const std::string& name) { return !name.empty() && ascii_is_digit(name.front()); }

std::size_t number_of(const written_group& group) {
  const std::size_t number = parse_group_number(group.name);
  if (number == kNoGroupNumber) refuse(group.at, "is named by a number past 2147483647");
  return number;
}

}  // namespace

std::size_t parse_group_number(std::string_view digits) {
  constexpr std::size_t kLargest = 2147483647;
  if (digits.empty()) return kNoGroupNumber;
  std::size_t number = 0;
  for (const char c : digits) {
    if (!ascii_is_digit(c)) return kNoGroupNumber;
    number = number * 10 + static_cast<std::size_t>(c - '0');
    if (number > kLargest) return kNoGroupNumber;
  }
  return number;
}

std::vector<std::size_t> dotnet_group_numbers(const std::vector<written_group>& groups) {
  std::vector<std::size_t> numbers(groups.size(), 0);
  std::set<std::size_t> taken;
  std::size_t next = 1;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    if (groups[k].name.empty()) taken.insert(numbers[k] = next++);
  }
  for (std::size_t k = 0; k < groups.size(); ++k) {
    if (is_number(groups[k].name) && groups[k].name.front() != '0') {
      taken.insert(numbers[k] = number_of(groups[k]));
    }
  }
  std::map<std::string, std::size_t> by_name;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const std::string& name = groups[k].name;
    if (name.empty() || is_number(name)) continue;
    const auto [known, added] = by_name.try_emplace(name, 0);
    if (added) {
      while (taken.contains(next)) ++next;
      taken.insert(known->second = next++);
    }
    numbers[k] = known->second;
  }
  for (std::size_t k = 0; k < groups.size(); ++k) {
    if (!is_number(groups[k].name) || groups[k].name.front() != '0') continue;
    numbers[k] = number_of(groups[k]);
    if (!taken.contains(numbers[k])) {
      refuse(groups[k].at,
             "is named by a number written with a leading zero that no other "
             "group has");
    }
  }
  return numbers;
}

}  // namespace mfsim::rules::ps
