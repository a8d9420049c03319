// The format operator -f as .NET's composite formatting reads it
// (engine/rules/powershell_format_operator.cc): alignment, format strings, and .NET's limits on
// an item's index and width, which keep a hostile width from asking for gigabytes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell format operator") {
  TEST_CASE("an alignment pads with spaces, right-aligned or left-aligned when negative") {
    // "Composite formatting", Alignment component; a value longer than the width is whole.
    CHECK(names_of("New-TransportRule -Name ('[{0,5}|{1,-4}|{2,2}]' -f 'ab', 'c', 'long') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('[{0, -3 }]' -f 'é') -SetSCL 5\n") ==
          std::vector<std::string>{"[   ab|c   |long]", "[é  ]"});
  }

  TEST_CASE("a format string is read for D and X on whole numbers, and ignored for a text") {
    CHECK(names_of("New-TransportRule -Name ('Rule {0:D3} {1:x} {2:X4} {3:D}' -f 7, 255, 255, "
                   "-4) -SetSCL 5\n"
                   "New-TransportRule -Name ('{0:yyyy}' -f 'text') -SetSCL 5\n") ==
          std::vector<std::string>{"Rule 007 ff 00FF -4", "text"});
    // Another format string on a number: powershell_format_culture_test.cc (decision 640).
  }

  TEST_CASE("an index or width of a million or more is an error, as .NET refuses it") {
    // String.Format's WidthLimit: '{0,1000000000}' would be a gigabyte of spaces.
    CHECK(only_error("$s = '{0,1000000000}' -f 'a'\n")
              .starts_with("1:23 -f: the format '{0,1000000000}' holds an item that is not"));
    CHECK(only_error("$s = '{0,-1000000}' -f 'a'\n").starts_with("1:21 -f: the format"));
    CHECK(names_of("New-TransportRule -Name (('{0,999999}' -f 'a').Trim()) -SetSCL 5\n") ==
          std::vector<std::string>{"a"});
  }

  TEST_CASE("widths that add up past the value budget are charged before the text is built") {
    CHECK(only_error("$s = ('{0,999999}' * 300) -f 'a'\n")
              .starts_with("1:27 the script's values pass 256 MiB"));
  }
}
