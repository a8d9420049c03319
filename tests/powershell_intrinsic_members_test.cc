// Member-access enumeration over hash tables, and the intrinsic Count and Length every value
// has (about_Member-Access_Enumeration, about_Intrinsic_Members; decisions 603 and 604).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;

}  // namespace

TEST_SUITE("powershell intrinsic members") {
  TEST_CASE("member enumeration leaves out the hash tables without the key") {
    // A table without the key contributes nothing (as `((Get-Date), $PSVersionTable).Year`
    // gives no $null); one whose key holds $null contributes that $null; none having it is $null.
    CHECK(names_of("$x = @(@{a=1}, @{b=2}).a\n"
                   "New-TransportRule -Name \"1 [$x] $(@($x).Count)\" -SetSCL 5\n"
                   "$y = @(@{a=1}, @{b=2}, @{a=3}).a\n"
                   "New-TransportRule -Name \"2 [$($y -join '+')] $($y.Count)\" -SetSCL 5\n"
                   "$z = @(@{a=$null}, @{a=1}).a\n"
                   "New-TransportRule -Name \"3 $($z.Count)\" -SetSCL 5\n"
                   "$w = @(@{b=1}, @{b=2}).a\n"
                   "New-TransportRule -Name \"4 $($null -eq $w)\" -SetSCL 5\n") ==
          std::vector<std::string>{"1 [1] 1", "2 [1+3] 2", "3 2", "4 True"});
  }

  TEST_CASE("$null's Count and Length are 0, a single value's 1, a text's Length its characters") {
    // about_Intrinsic_Members: "$null is scalar and has an intrinsic Count and Length of 0".
    CHECK(names_of("$n = $null\n"
                   "$none = @(@{b=1}).a\n"
                   "New-TransportRule -Name \"c $($n.Count) $($n.Length) $($none.Count)\" "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name \"l $('été'.Length) $((12345).Length) "
                   "$((12345).Count) $($true.Length)\" -SetSCL 5\n") ==
          std::vector<std::string>{"c 0 0 0", "l 3 1 1 1"});
  }
}
