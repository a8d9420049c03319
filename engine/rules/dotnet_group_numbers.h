// The numbers .NET gives a pattern's capturing groups, gaps and all (decision 1225).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "engine/rules/dotnet_pattern_scan.h"

namespace mfsim::rules::ps {

// The group number `digits` writes, as RegexParser.ScanDecimal reads one; kNoGroupNumber where
// it is empty, holds another character than a digit or passes int's range, which .NET refuses.
inline constexpr std::size_t kNoGroupNumber = static_cast<std::size_t>(-1);
[[nodiscard]] std::size_t parse_group_number(std::string_view digits);

// .NET's number for each group of `groups` (as capturing_groups lists them), as
// RegexParser.CountCaptures and AssignNameSlots give them: the unnamed groups 1, 2, ... as
// written; a group named by a number that number, so that `(?<1>a)(b)` is one group written
// twice and `(?<5>a)` leaves 1 to 4 unused; then each name, in the order first written, the
// next number from there that no group has. A number written with a leading zero, `(?<01>`,
// names a group another writing numbered (CountCaptures notes no slot for it). Throws
// boost::regex_error where .NET refuses the pattern: a number past int's range, or one with a
// leading zero that no other group has.
[[nodiscard]] std::vector<std::size_t> dotnet_group_numbers(
    const std::vector<written_group>& groups);

}  // namespace mfsim::rules::ps
