// Review of the .NET regular expressions PowerShell's operators share
// (engine/rules/powershell_regex.h): what .NET gives where a replacement or a match is unusual.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;

}  // namespace

TEST_SUITE("powershell regular expressions review") {
  TEST_CASE("every digit after $ is the group number, and a number naming no group is literal") {
    // "Substitutions in Regular Expressions": `$11` is group 11, never group 1 then "1".
    CHECK(names_of("New-TransportRule -Name ('ab' -replace '(a)(b)', '$12') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(a)(b)', '${1}2') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(a)(b)', '$02') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace 'a', "
                   "'$99999999999999999999999') -SetSCL 5\n") ==
          std::vector<std::string>{"$12", "a2", "b", "$99999999999999999999999b"});
  }

  TEST_CASE("named groups are numbered after the unnamed ones, as .NET numbers them") {
    // "Substituting a Numbered Group": in (\w)(?<digit>\d) the named group is 2.
    CHECK(names_of("if ('ab' -match '(?<x>a)(b)') {\n"
                   "  New-TransportRule -Name \"$($Matches[1])/$($Matches.x)/$($Matches[2])|\" "
                   "-SetSCL 5\n"
                   "}\n"
                   "New-TransportRule -Name ('ab' -replace '(?<x>a)(b)', '$1-$2') -SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(?<n>a)(b)', '[$+]') -SetSCL 5\n"
                   "New-TransportRule -Name (('x1-y' -split '(?<d>\\d)(-)') -join '|') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('<bc' -replace '[(?<x>](?<y>b)(c)', '$1$2') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('ab' -replace '(?<x>a)|(?<x>b)', '[${x}$1]') "
                   "-SetSCL 5\n") ==
          std::vector<std::string>{"b/a/|", "b-a", "[a]", "x|-|1|y", "cb", "[aa][bb]"});
  }

  TEST_CASE("an empty match never falls between the bytes of one character") {
    // .NET tries each character, never a part of one: 'ä' -replace '', '-' is "-ä-".
    CHECK(names_of("New-TransportRule -Name ('Öä' -replace '', '-') -SetSCL 5\n"
                   "New-TransportRule -Name (('äb€' -split '') -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name ('ü' -replace 'x*', '.') -SetSCL 5\n") ==
          std::vector<std::string>{"-Ö-ä-", "|ä|b|€|", ".ü."});
  }
}
