// -f with a format string only the machine's culture decides ({0:N0}, {0:F2} on a number): the
// result is a value the running script knows, as $(Get-Date) is, not an error that refuses the
// whole script (decision 640; engine/rules/powershell_format_operator.cc).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell format culture") {
  TEST_CASE("a count formatted with N0 in a message line leaves the script's rules loading") {
    CHECK(names_of("$count = 1234\n"
                   "Write-Host ('Processed {0:N0} domains' -f $count)\n"
                   "$share = '{0:F2} %' -f 12\n"
                   "New-TransportRule -Name 'Block list' -SetSCL 5\n") ==
          std::vector<std::string>{"Block list"});
  }

  TEST_CASE("a rule that reads a culture's format is told what only the running script knows") {
    const std::string error =
        only_error("New-TransportRule -Name ('Rule {0:N0}' -f 1234) -SetSCL 5\n");
    CHECK_MESSAGE(
        error.starts_with("1:25 New-TransportRule -Name: the value of 'Rule {0:N0}' -f '1234' "
                          "is known only when the script runs"),
        error);
    CHECK(error.find("format string ':N0' of a number is not read") == std::string::npos);
  }

  TEST_CASE("a pattern that names no argument is still an error where the culture is asked") {
    CHECK(only_error("$s = '{1:N0}' -f 5\n") ==
          "1:15 -f: the format '{1:N0}' names an argument it is not given");
  }

  TEST_CASE("D and X stay computed beside a culture's format on a text") {
    CHECK(names_of("New-TransportRule -Name ('{0:D3} {1:N0}' -f 7, 'text') -SetSCL 5\n") ==
          std::vector<std::string>{"007 text"});
  }
}
