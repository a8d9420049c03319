// .NET's inline options x and n in PowerShell's patterns, octal escapes inside a class, the
// escapes .NET refuses, and ^ and $ without Multiline (decisions 760 to 763, 769).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell regex options") {
  TEST_CASE("explicit capture (n) leaves unnamed groups uncaptured, inline and scoped") {
    // RegexOptions, "Explicit captures only": (?n) makes (...) a non-capturing group, named
    // groups still capture; Boost has no n.
    CHECK(names_of("New-TransportRule -Name ('ab' -replace '(?n)(a)(?<x>b)', '1[$1]') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(?n:(a))(b)', '2[$1]') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(?n)(a)(?-n)(b)', '3[$1]') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('aB' -replace '(?in)(a)(b)', '[$0]') -SetSCL 5\n"
                   "New-TransportRule -Name (('a1b' -split '(?n)(\\d)') -join '|') -SetSCL 5\n") ==
          std::vector<std::string>{"1[b]", "2[b]", "3[b]", "[aB]", "a|b"});
    // $1 names no group under n: it is "$1" as written.
    CHECK(names_of("New-TransportRule -Name ('a' -replace '(?n)(a)', '[$1]') -SetSCL 5\n") ==
          std::vector<std::string>{"[$1]"});
  }

  TEST_CASE("under x a # comment and white space hold no group, and the rewrites still apply") {
    // RegexOptions, "Ignore White Space": # starts a comment to the line's end. The `(` in it
    // made mfsim count a group Boost did not, and it fell back to Boost's numbers without the
    // .NET rewrites: \< an anchor, $2 the named group.
    CHECK(names_of("$p = \"(?x) (?<n>a) # a ( in a comment`n (b) \\<\"\n"
                   "New-TransportRule -Name ('ab<' -replace $p, '[$1$2]') -SetSCL 5\n") ==
          std::vector<std::string>{"[ba]"});
    CHECK(names_of("New-TransportRule -Name ('ab' -replace '(?x: (a) )(b)', '[$2]') "
                   "-SetSCL 5\n") == std::vector<std::string>{"[b]"});
    // A branch reset, which .NET refuses, is refused with the reason rather than read with
    // Boost's numbers.
    CHECK(only_error("$x = 'a' -match '(?|(a)|(b))'\n").find("capturing groups") !=
          std::string::npos);
  }

  TEST_CASE("an octal escape past ASCII inside a class is the character") {
    // Decision 692's octal rules in a class: [\351] is U+00E9, a member of its own.
    CHECK(names_of("if ('\xC3\xA9' -match '^[\\351]$') { New-TransportRule -Name e -SetSCL 5 }\n"
                   "New-TransportRule -Name ('x\xC3\xA9y' -creplace '[\\351y]', '-') -SetSCL 5\n"
                   "New-TransportRule -Name ('\xC3\xA9\xC3\xA9!' -replace '[\\351]+', '-') "
                   "-SetSCL 5\n") == std::vector<std::string>{"e", "x--", "-!"});
    // Negated, or the end of a range, it is refused with the reason.
    CHECK(only_error("$x = 'a' -match '[^\\351]'\n").find("not in a negated class or a range") !=
          std::string::npos);
    CHECK(
        only_error("$x = 'a' -match '[\\300-\\351]'\n").find("not in a negated class or a range") !=
        std::string::npos);
  }

  TEST_CASE("^ and $ are at the text's ends unless the pattern asks for (?m)") {
    // RegexOptions, "Multiline Mode": without it ^ is the text's start and $ its end (or before
    // a final line feed); Boost read both at every line.
    CHECK(names_of("if (\"a`nb\" -match '^b') { New-TransportRule -Name wrong1 -SetSCL 5 }\n"
                   "if (\"a`nb\" -match 'a$') { New-TransportRule -Name wrong2 -SetSCL 5 }\n"
                   "if (\"a`nb\" -match '(?m)^b') { New-TransportRule -Name m -SetSCL 5 }\n"
                   "if (\"a`n\" -match 'a$') { New-TransportRule -Name final -SetSCL 5 }\n"
                   "New-TransportRule -Name ((\"x`ny\" -replace '^', '>') -replace '\\n', '|') "
                   "-SetSCL 5\n") == std::vector<std::string>{"m", "final", ">x|y"});
  }

  TEST_CASE("\\Q...\\E, a lone \\E and \\_ are refused, as .NET refuses them") {
    // "Character Escapes": a \ before a word character .NET does not list is an unrecognized
    // escape; Boost read \Q...\E as quoted text and \_ as "_".
    CHECK(only_error("$x = 'a.b' -replace '\\Q.\\E', ''\n")
              .starts_with("1:12 -replace: the pattern '\\Q.\\E' is not a regular expression"));
    CHECK(only_error("$x = 'a' -match 'a\\E'\n").find("\\E is no escape .NET knows") !=
          std::string::npos);
    CHECK(only_error("$x = 'a_b' -split '\\_'\n").find("\\_ is no escape .NET knows") !=
          std::string::npos);
    CHECK(only_error("$x = 'a_b' -split '[\\_]'\n").find("\\_ is no escape .NET knows") !=
          std::string::npos);
  }
}
