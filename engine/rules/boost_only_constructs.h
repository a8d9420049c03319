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
// Also a group named by a number, `(?<2>`, which .NET numbers so, and a balancing group
// `(?<a-b>`, both of which Boost reads as a plain named group, and a name .NET refuses, `(?< a>`
// (decision 1193).
void refuse_boost_only_constructs(std::string_view pattern, const std::vector<bool>& ignored);

}  // namespace mfsim::rules::ps
