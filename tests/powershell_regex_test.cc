// PowerShell's -match, -replace, -split and `switch -Regex` share one reading of a .NET regular
// expression (engine/rules/powershell_regex.h, decision 496): case ignored the same way for
// every letter, what a group captured taken from the text as written, named groups by name.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell regular expressions") {
  TEST_CASE("$Matches holds the text as written, not its case-folded copy") {
    CHECK(names_of("if ('Ärger GmbH' -match 'ärger (\\w+)') {\n"
                   "  New-TransportRule -Name \"$($Matches[0])/$($Matches[1])\" -SetSCL 5\n"
                   "}\n") == std::vector<std::string>{"Ärger GmbH/GmbH"});
    CHECK(names_of("switch -Regex ('ÉTÉ 2026') { 'été (\\d+)' {\n"
                   "  New-TransportRule -Name $Matches[0] -SetSCL 5 } }\n") ==
          std::vector<std::string>{"ÉTÉ 2026"});
  }

  TEST_CASE("-replace and -split ignore the case of every letter, as -match does") {
    CHECK(names_of("New-TransportRule -Name ('Ärger GmbH' -replace 'ärger', 'Freude') -SetSCL 5\n"
                   "New-TransportRule -Name (('xÄyäz' -split 'ä') -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name (('xÄyäz' -csplit 'ä') -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name ('ÖL öl' -creplace 'öl', 'x') -SetSCL 5\n") ==
          std::vector<std::string>{"Freude GmbH", "x|y|z", "xÄy|z", "ÖL x"});
  }

  TEST_CASE("a named group is $Matches' key and ${name} in a replacement") {
    CHECK(names_of(
              "if ('admin@contoso.com' -match '^(?<user>[^@]+)@(?<domain>.+)$') {\n"
              "  New-TransportRule -Name \"$($Matches.domain) $($Matches['user'])\" "
              "-SetSCL 5\n"
              "}\n"
              "New-TransportRule -Name ('ab12' -replace '(?<d>\\d+)', '[${d}]') -SetSCL 5\n"
              "New-TransportRule -Name ('ab12' -replace '(\\d)(\\d)', '${2}${1}') -SetSCL 5\n") ==
          std::vector<std::string>{"contoso.com admin", "ab[12]", "ab21"});
  }

  TEST_CASE("a replacement's substitutions are .NET's, and what names no group stays itself") {
    // ${x} names no group; $` $' $+ $_ $& as .NET ($12 in powershell_regex_review_test.cc).
    CHECK(names_of("New-TransportRule -Name ('ab' -replace 'a', '${x}$3$') -SetSCL 5\n"
                   "New-TransportRule -Name ('xay' -replace 'a', '<$`|$''|$_|$&>') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(a)(b)?', '[$+]') -SetSCL 5\n"
                   "New-TransportRule -Name ('a.b' -replace '\\.', '\\n') -SetSCL 5\n") ==
          std::vector<std::string>{"${x}$3$b", "x<x|y|xay|a>y", "[b]", "a\\nb"});
  }

  TEST_CASE("a bad pattern is an error at the operator, whichever operator") {
    CHECK(only_error("$x = 'a' -match '(?<n>'\n")
              .starts_with("1:10 -match: the pattern '(?<n>' is not a regular expression"));
    CHECK(only_error("$x = 'a' -replace '(?<n>', 'b'\n")
              .starts_with("1:10 -replace: the pattern '(?<n>' is not a regular expression"));
  }

  TEST_CASE("the operators match characters, not the bytes of their UTF-8 form") {
    CHECK(names_of("New-TransportRule -Name ('é' -replace '.', 'X') -SetSCL 5\n"
                   "New-TransportRule -Name ('Счёт' -replace '[а-я]', '_') -SetSCL 5\n"
                   "New-TransportRule -Name (('aébéc' -split '[é]') -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name (('xéy' -split '') -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name ('ÿÿ' -replace '[а-я]', '_') -SetSCL 5\n") ==
          std::vector<std::string>{"X", "__ё_", "a|b|c", "|x|é|y|", "ÿÿ"});
    CHECK(names_of("if ('ã' -match '[é]') { New-TransportRule -Name yes -SetSCL 5 }\n"
                   "if ('éé' -match '^é{2}$') { New-TransportRule -Name two -SetSCL 5 }\n"
                   "if ('ÉÉ' -cmatch '^é{2}$') { New-TransportRule -Name c -SetSCL 5 }\n") ==
          std::vector<std::string>{"two"});
  }

  TEST_CASE("$Matches and a replacement's groups are whole characters of the text as written") {
    CHECK(names_of("if ('Грузовик №7' -match '(?<w>\\w+) (.)(\\d)') {\n"
                   "  New-TransportRule -Name \"$($Matches.w)/$($Matches[1])/$($Matches[2])\" "
                   "-SetSCL 5\n"
                   "}\n"
                   "New-TransportRule -Name ('ÄÖÜ' -replace '(.)(.)', '$2$1') -SetSCL 5\n") ==
          std::vector<std::string>{"Грузовик/№/7", "ÖÄÜ"});
  }

  TEST_CASE("after an empty match the next search begins one character on, as .NET's does") {
    // .NET's Match.NextMatch moves past an empty match; Perl's rule retries the same place for
    // a longer match, which gave XXXXX for the first.
    CHECK(names_of("New-TransportRule -Name ('aa' -replace 'a*?', 'X') -SetSCL 5\n"
                   "New-TransportRule -Name ('éé' -replace 'é*?', 'X') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '|a', '_') -SetSCL 5\n"
                   "New-TransportRule -Name ('baa' -replace 'a*', 'X') -SetSCL 5\n"
                   "New-TransportRule -Name (('xay' -split 'a*?') -join '|') -SetSCL 5\n") ==
          std::vector<std::string>{"XaXaX", "XéXéX", "_a_b_", "XbXX", "|x|a|y|"});
  }

  TEST_CASE("a backslash before a word character of any script is refused, as .NET refuses it") {
    // RegexParser: "Unrecognized escape sequence"; Boost read \é as é. A symbol may be escaped.
    CHECK(only_error("$x = '\xC3\xA9' -match '\\\xC3\xA9'\n").find("is no escape .NET knows") !=
          std::string::npos);
    CHECK(only_error("$x = 'a' -match '[\\\xD0\xB4]'\n").find("is no escape .NET knows") !=
          std::string::npos);
    CHECK(names_of("if ('5\xE2\x82\xAC' -match '^5\\\xE2\x82\xAC$') { New-TransportRule -Name euro "
                   "-SetSCL 5 }\n") == std::vector<std::string>{"euro"});
  }
}
