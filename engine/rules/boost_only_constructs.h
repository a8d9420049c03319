// The constructs Boost.Regex reads as its own where .NET refuses the pattern or reads
// characters (decision 803).
#pragma once

#include <string_view>
#include <vector>

namespace mfsim::rules::ps {

// Refuses what Boost reads as a construct of its own where .NET refuses the pattern or reads
// characters (decision 803): the verbs `(*FAIL)`, a branch reset `(?|`, recursion `(?1)`,
// `(?R)`, `(?&name)`, Python's `(?P<name>`, a possessive quantifier `a++`, `\x` without two
// hexadecimal digits (`\x{41}`), and in a class `[:alpha:]`, `[.a.]`, `[=a=]` (which .NET
// reads as characters) and a subtraction `[a-z-[aeiou]]` (which Boost reads as characters).
// Also a balancing group `(?<a-b>`, which Boost cannot express, a name .NET refuses, `(?< a>`,
// and a group named 0 (decisions 1193, 1225).
void refuse_boost_only_constructs(std::string_view pattern, const std::vector<bool>& ignored);

}  // namespace mfsim::rules::ps
