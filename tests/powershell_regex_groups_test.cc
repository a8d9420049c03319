// .NET's group numbers and counts where PowerShell's regular expressions use them inside the
// pattern and in -split's count (engine/rules/powershell_regex.h, decisions 600 to 602).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;

}  // namespace

TEST_SUITE("powershell regex groups") {
  TEST_CASE("a back-reference in the pattern names the group .NET numbers so") {
    // "Grouping Constructs": in (?<n>a)(X) the unnamed (X) is 1 and n is 2, so \2 is n's "a"
    // and \1 is "X"; Boost numbered them as written.
    CHECK(names_of("if ('aXbXa' -match '(?<n>a)(X)b\\1\\2') { New-TransportRule -Name "
                   "\"m $($Matches[0])\" -SetSCL 5 }\n"
                   "New-TransportRule -Name (('aXbaX' -replace '(?<n>a)(X)b\\2\\1', '<$0>')) "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('xyyx' -creplace '(?<o>x)(y)\\k<1>\\k<o>', '!') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('a-C' -creplace '(?<o>a)?(b)?-(?(1)B|C)', '?') "
                   "-SetSCL 5\n") == std::vector<std::string>{"m aXbXa", "<aXbaX>", "!", "?"});
  }

  TEST_CASE("a back-reference to a named group keeps its name, and one to no group is refused") {
    CHECK(names_of("New-TransportRule -Name ('abab' -replace '(?<p>ab)\\k<p>', 'x') -SetSCL 5\n"
                   "New-TransportRule -Name ('aa' -replace '(a)\\1', 'y') -SetSCL 5\n") ==
          std::vector<std::string>{"x", "y"});
    CHECK(mfsim::test::only_error("$x = 'ab' -match '(a)\\2'\n")
              .starts_with("1:11 -match: the pattern '(a)\\2' is not a regular expression"));
  }
}
