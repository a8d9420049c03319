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

  TEST_CASE("a negative -split count counts the pieces from the end") {
    // about_Split: "Negative values return the amount of substrings requested starting from the
    // end of the input string"; its own example, PowerShell's tests', groups and arrays.
    CHECK(names_of("$c = 'Mercury,Venus,Earth,Mars,Jupiter,Saturn,Uranus,Neptune'\n"
                   "New-TransportRule -Name (($c -split ',', -5) -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name (('a b c d' -split ' ', -3) -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name (('a b c d' -split ' ', -1) -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name (('a1:b1:c' -split '(1)(:)', -2) -join '|') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name (('a,b,c', '1,2' -split ',', -2) -join '|') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name (('x,y' -split ',', -9) -join '|') -SetSCL 5\n") ==
          std::vector<std::string>{"Mercury,Venus,Earth,Mars|Jupiter|Saturn|Uranus|Neptune",
                                   "a b|c|d", "a b c d", "a1:b|:|1|c", "a,b|c|1|2", "x|y"});
  }

  TEST_CASE("$+ without any group is the match itself, and an empty last group is empty") {
    // "Substitutions": with no captured group $+ "has no effect" (the match stays as it was, as
    // .NET's Match.LastGroupToStringImpl gives group 0); a last group that captured nothing
    // gives nothing, as .NET gives.
    CHECK(names_of("New-TransportRule -Name ('abc' -replace 'b', '[$+]') -SetSCL 5\n"
                   "New-TransportRule -Name ('abc' -replace 'b(x?)', '[$+]') -SetSCL 5\n"
                   "New-TransportRule -Name ('abc' -replace '(a)|(b)', '[$+]') -SetSCL 5\n") ==
          std::vector<std::string>{"a[b]c", "a[]c", "[][b]c"});
  }
}
