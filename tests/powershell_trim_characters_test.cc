// .Trim() with arguments trims the characters given, as String.Trim(params char[]) does
// (decisions 644, 695; engine/rules/powershell_string_methods.cc).
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

  TEST_CASE("a character to trim that is not ASCII is trimmed whole, one past U+FFFF refused") {
    // Decision 695: by characters; a character past U+FFFF is two .NET characters.
    CHECK(names_of("New-TransportRule -Name ('éaé'.Trim('é')) -SetSCL 5\n") ==
          std::vector<std::string>{"a"});
    CHECK(only_error("$x = 'a'.Trim('😀')\n") ==
          "1:6 .Trim(): a character past U+FFFF to trim is two .NET characters, which mfsim "
          "does not trim apart");
  }
}
