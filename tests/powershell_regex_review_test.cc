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
}
