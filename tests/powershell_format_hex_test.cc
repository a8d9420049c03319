// -f's X format of a negative whole number: the two's complement in the width of the number's
// PowerShell type, Int32 for one that fits (decision 642; powershell_format_operator.cc).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;

}  // namespace

TEST_SUITE("powershell format hex") {
  TEST_CASE("a negative number that fits an Int32 is written in 32 bits, a larger one in 64") {
    // -2147483647 is an Int32; 2147483649 fits none, so -2147483649 is an Int64.
    CHECK(names_of("New-TransportRule -Name ('{0:x}|{1:X}|{2:X}|{3:x4}' -f -1, -2147483647, "
                   "-2147483649, (0 - 2)) -SetSCL 5\n") ==
          std::vector<std::string>{"ffffffff|80000001|FFFFFFFF7FFFFFFF|fffffffe"});
  }
}
