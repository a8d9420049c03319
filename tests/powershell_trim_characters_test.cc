// .Trim() with arguments trims the characters given, as String.Trim(params char[]) does
// (decision 644; engine/rules/powershell_members.cc).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell trim characters") {
  TEST_CASE("the characters given are trimmed from both ends, a text given as its characters") {
    CHECK(names_of("$d = '@contoso.example.'\n"
                   "New-TransportRule -Name ('[' + $d.Trim('@', '.') + '|' + 'abcba'.Trim('ab') + "
                   "'|' + '  x  '.Trim() + '|' + ' y '.Trim('') + ']') -SetSCL 5\n") ==
          std::vector<std::string>{"[contoso.example|c|x|y]"});
  }

  TEST_CASE("a character to trim that is not ASCII is an error, not a cut character") {
    CHECK(only_error("$x = 'éaé'.Trim('é')\n") ==
          "1:6 .Trim(): mfsim reads ASCII characters to trim");
  }
}
