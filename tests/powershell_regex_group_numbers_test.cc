// .NET's numbers for groups named by a number, gaps and all, and a reference to a group written
// twice inside a loop, and one to a group that closes after it (decisions 1225 to 1228).
#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;
using mfsim::test::values_of;

}  // namespace

TEST_SUITE("powershell regex group numbers") {
  TEST_CASE("a group named by a number takes that number, and a name the next one left free") {
    // "Backreference constructs": a name may be a number, `(?<2>\w)\k<2>` finds doubled word
    // characters. RegexParser.CountCaptures numbers the unnamed groups first, then a number's
    // group that number, then each name the next number free: `(?<1>a)(b)` is one group
    // captured twice (its value the capture made last), `(?<5>a)(b)` numbers 1 and 5.
    CHECK(values_of({"'trellis llama' -replace '(?<2>\\w)\\k<2>', '[$2]'",
                     "'ab' -replace '(?<1>a)(b)', '[$1]'",
                     "'ab' -replace '(?<5>a)(b)', '[$1|$5|${5}|$2]'",
                     "'xay' -replace '(?<5>a)', '[$+]'", "'ab' -replace '(?<5>a)(?<n>b)', '[$1]'",
                     "'ab' -replace '(a)(?<2>b)(?<n>c)?', '[$3]'",
                     "'ab' -replace '(?<x>a)(?<1>b)(c)?', '[${x}|$1|$2]'",
                     "'ba' -replace '(?<2>a)|(?<2>b)', '[$2]'"}) ==
          std::vector<std::string>{"tre[l]is [l]ama", "[b]", "[b|a|a|$2]", "x[a]y", "[b]", "[]",
                                   "[a|b|a]", "[b][a]"});
    // Inside the pattern: \N, \k<N> and (?(N)...) name the group by its number; a group named
    // twice by a number holds its last capture.
    CHECK(values_of({"'aa' -match '^(?<5>a)\\5$'", "'aa' -match '^(?<5>a)\\k<5>$'",
                     "'ab' -match '^(?<2>a)?(?(2)b|c)$'", "'c' -match '^(?<2>a)?(?(2)b|c)$'",
                     "'abb' -match '^(?<1>a)(b)\\1$'", "'aba' -match '^(?<1>a)(b)\\1$'",
                     "'bx' -match '^(?<1>a)?(?<1>b)?(?(1)x|y)$'"}) ==
          std::vector<std::string>{"True", "True", "True", "True", "True", "False", "True"});
    // $Matches keys the groups by their numbers.
    CHECK(names_of("if ('xab' -match '(?<5>a)(b)(?<n>x)?') { New-TransportRule -Name ('5=' + "
                   "$Matches[5] + ' 1=' + $Matches[1] + ' ' + $Matches.Count) -SetSCL 5 }\n") ==
          std::vector<std::string>{"5=a 1=b 3"});
  }

  TEST_CASE("a number written with a leading zero names a group another writing numbered") {
    // CountCaptures notes no number for `(?<01>`; ScanGroupOpen then reads it as that number's
    // group where one has it (a name's too) and refuses it where none does.
    CHECK(values_of({"'ab' -replace '(a)(?<01>b)', '[$1]'",
                     "'ab' -replace '(?<x>a)(?<01>b)', '[${x}|$1]'"}) ==
          std::vector<std::string>{"[b]", "[b|b]"});
    CHECK(only_error("$x = 'a' -match 'b?(?<01>a)'\n").find("leading zero") != std::string::npos);
    CHECK(only_error("$x = 'a' -match 'b?(?<0>a)'\n").find("named 0") != std::string::npos);
    CHECK(only_error("$x = 'a' -match '(?<2147483648>a)'\n").find("past 2147483647") !=
          std::string::npos);
  }

  TEST_CASE("a number no group has is refused where Boost would find a group of its own") {
    // (?<5>a)(b)(c) numbers 1, 2 and 5; Boost has a group 3, .NET none ("Backreference
    // constructs": a number not defined throws).
    for (const char* pattern : {"(?<5>a)(b)\\3", "(?<5>a)(b)\\k<3>", "(?<5>a)(b)(?(3)a|b)"}) {
      CAPTURE(pattern);
      CHECK(
          only_error(std::string("$x = 'a' -match \"") + pattern + "\"\n").find("names no group") !=
          std::string::npos);
    }
  }

  TEST_CASE("-split writes the group numbered as the index of the group that took part") {
    // Regex.Split asks IsMatched(i) of the i-th group and writes Groups[i], which takes a
    // number: where numbers leave gaps it writes another group, or "" where none has number i.
    CHECK(values_of({"('xay' -split '(?<5>a)') -join '|'", "('xaby' -split '(a)(?<3>b)') -join '|'",
                     "('xaby' -split '(a)(?<2>b)') -join '|'"}) ==
          std::vector<std::string>{"x||y", "x|a||y", "x|a|b|y"});
  }

  TEST_CASE("a reference to a group written twice reads its capture made last, or is refused") {
    // "Backreference constructs", What backreferences match: a backreference refers to the most
    // recent capture. The page's own example, (?<1>a)(?<1>\1b)* over aababb, refers to a group
    // inside itself, which Boost refuses as a group that does not exist (it refers only to
    // groups closed before the reference): refused saying so (decision 1228), as is a
    // reference to a group written after it.
    for (const char* pattern : {"(?<1>a)(?<1>\\1b)*", "(?:\\1|(a))+", "(a\\1)", "(?<x>a\\k<x>)",
                                "(?<n>a)(?<n>\\k<n>b)*"}) {
      CAPTURE(pattern);
      CHECK(only_error(std::string("$x = 'aababb' -match '") + pattern + "'\n")
                .find("is to a group that closes after it, which .NET reads") != std::string::npos);
    }
    // A condition on a group still open Boost reads.
    CHECK(values_of({"'ab' -match '^(a(?(1)b|b))$'"}) == std::vector<std::string>{"True"});
    // Where each turn of a loop captures the later writing after the earlier one, the
    // later-written one is the last capture, as Boost reads it.
    CHECK(
        values_of({"'abab' -match '^(?:(?<n>a)(?<n>b))+\\k<n>$'",
                   "'ababb' -match '^(?:(?<n>a)(?<n>b))+\\k<n>$'",
                   "'abb' -match '^(?<n>a)+(?<n>b)+\\k<n>$'", "'abb' -match '^(?:(?<1>a)(b))*\\1'",
                   "'bab' -match '^(?:(?<n>a)|(?<n>b))+(?(n)b|c)'",
                   "'ba' -replace '^(?:(?<n>a)|(?<n>b))+', '[${n}]'"}) ==
        std::vector<std::string>{"False", "True", "True", "True", "True", "[a]"});
    // Where a turn may pass over the later writing, .NET's `'bab' -match
    // '^(?:(?<n>a)|(?<n>b))+\k<n>$'` is False (the last capture is the a) and Boost's tests read
    // the b: refused at the reference.
    for (const char* pattern :
         {"^(?:(?<n>a)|(?<n>b))+\\k<n>$", "^(?:(?<n>a)(?<n>b)?)+\\k<n>", "^(?:(?<1>a)|(b))*\\1",
          "(?:(?<n>a)(?<n>b){0,1}){2}\\k<n>", "((?<n>a)(?(n)(?<n>b)))*\\k<n>",
          "^(?:(?<n>a)|(?<n>b))(?#a comment)+\\k<n>$"}) {
      CAPTURE(pattern);
      CHECK(only_error(std::string("$x = 'bab' -match '") + pattern + "'\n")
                .find("loop may capture an earlier-written one") != std::string::npos);
    }
  }

  TEST_CASE("a group written inside another writing of it is captured when the outer one closes") {
    // .NET makes a capture when its group closes ("Backreference constructs": a backreference
    // reads the most recent capture), so of (?<n>(?<n>a)b) the outer writing, written first,
    // is captured last: \k<n> reads `ab`, and so does \1 of (?<1>(a)b). mfsim's tests of the
    // writings read the last written, the inner `a`.
    CHECK(values_of({"'abab' -match '^(?<n>(?<n>a)b)\\k<n>$'",
                     "'aba' -match '^(?<n>(?<n>a)b)\\k<n>$'", "'abab' -match '^(?<1>(a)b)\\1$'",
                     "'aba' -match '^(?<1>(a)b)\\1$'",
                     "'ababab' -match '^(?:(?<n>(?<n>a)b))+\\k<n>$'",
                     "'abab' -replace '^(?<1>(a)b)', '[$1]'"}) ==
          std::vector<std::string>{"True", "False", "True", "False", "True", "[ab]ab"});
  }

  TEST_CASE("a reference whose tests of writings Boost cannot nest is refused, saying so") {
    // Boost reads groups nested 400 deep at most (its parser's "Exceeded nested brace limit",
    // quoting a piece of the pattern as rewritten); the tests of a name's writings nest one in
    // another, the reference's groups around them.
    std::string writings;
    for (int k = 0; k < 399; ++k) writings += "(?<n>a)";
    CHECK(values_of({"'" + std::string(400, 'a') + "' -match '^" + writings + "\\k<n>$'"}) ==
          std::vector<std::string>{"True"});
    // 250 writings read at a depth of 200 groups nest 451 deep.
    const std::string deep =
        writings.substr(0, 250 * 7) + std::string(200, '(') + "\\k<n>" + std::string(200, ')');
    for (const std::string& pattern : {writings + "(?<n>a)\\k<n>", deep}) {
      const std::string error = only_error("$x = 'a' -match '" + pattern + "'\n");
      CAPTURE(error);
      CHECK(error.find("nest the tests of its") != std::string::npos);
    }
  }
}
