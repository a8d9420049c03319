// Tests of differences from PowerShell that earlier sessions left alone, now read as PowerShell
// does or refused at their place (decisions 480-484): Write-Output -InputObject:value and
// -NoEnumerate, the colon form of named arguments, ++ and -- inside expressions, typed lists that
// convert their items, += on a list, and ArrayList.Add of an array.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::names_of;
using mfsim::test::only_error;
using mfsim::test::rule_named;

using mfsim::rules::rule_state;
using strings = std::vector<std::string>;

}  // namespace

TEST_SUITE("powershell leftovers") {
  TEST_CASE("Write-Output -InputObject:value is the colon form of the named argument") {
    CHECK(names_of("function Name { Write-Output -InputObject:'colon' }\n"
                   "function Other { Write-Output -InputObject 'spaced' }\n"
                   "New-TransportRule -Name (Name) -SetSCL 5\n"
                   "New-TransportRule -Name (Other) -SetSCL 5\n") == strings{"colon", "spaced"});
  }

  TEST_CASE("Write-Output enumerates an array: one item is itself, none is $null") {
    CHECK(names_of("function One { Write-Output @('only') }\n"
                   "function None { Write-Output @() }\n"
                   "$one = One\n$none = None\n"
                   "New-TransportRule -Name \"l$($one.Length) $($null -eq $none)\" -SetSCL 5\n") ==
          strings{"l4 True"});
  }

  TEST_CASE("Write-Output -NoEnumerate keeps an array whole when it is the whole output") {
    // $x is the array in PowerShell either way; with one item or none the array stays an array.
    CHECK(names_of("function Words { Write-Output -NoEnumerate @('a', 'b') }\n"
                   "function One { Write-Output -NoEnumerate:$true @('only') }\n"
                   "function Plain { Write-Output @('only') }\n"
                   "function Off { Write-Output -NoEnumerate:$false @('only') }\n"
                   "$w = Words\n$o = One\n$p = Plain\n$f = Off\n"
                   "New-TransportRule -Name \"w$($w.Count) o$($o.Count) p$($p.Length) "
                   "f$($f.Length)\" -SetSCL 5\n") == strings{"w2 o1 p4 f4"});
  }

  TEST_CASE("Write-Output -NoEnumerate as a value: the array, and an error inside @( )") {
    CHECK(names_of("$x = Write-Output -NoEnumerate @('a', 'b')\n"
                   "$y = Write-Output -InputObject:@('c', 'd')\n"
                   "New-TransportRule -Name \"x$($x.Count) y$($y.Count)\" -SetSCL 5\n") ==
          strings{"x2 y2"});
    // PowerShell's @( ) holds the one item, the array: Count 1, which mfsim's flat arrays cannot.
    CHECK(only_error("$x = @(Write-Output -NoEnumerate @('a', 'b'))\n") ==
          "1:8 Write-Output -NoEnumerate outputs the array as one item, which @( ) would hold as "
          "an array inside an array; mfsim's arrays hold no arrays (leave out -NoEnumerate to "
          "output the items)");
  }

  TEST_CASE("Write-Output -NoEnumerate with other output is an error where it is written") {
    const std::string error = only_error(
        "function Mixed {\n  'first'\n  Write-Output -NoEnumerate 'a', 'b'\n}\n$m = Mixed\n");
    CHECK(
        error.starts_with("3:3 Write-Output -NoEnumerate outputs the array as one item, which "
                          "the output, with the other values output, would hold"));
    // (...) enumerates again (the cmdlet's page says so), and a single value is not an array.
    CHECK(names_of("$x = (Write-Output -NoEnumerate 'a', 'b')\n"
                   "function Two { 'x'\n  Write-Output -NoEnumerate 'y' }\n$t = Two\n"
                   "New-TransportRule -Name \"$($x.Count) $($t.Count)\" -SetSCL 5\n") ==
          strings{"2 2"});
  }

  TEST_CASE("Write-Output refuses a parameter it does not have, and a colon without a value") {
    CHECK(only_error("function F { Write-Output -Foo 'x' }\n$x = F\n")
              .starts_with("1:27 Write-Output -Foo: Write-Output takes -InputObject and"));
    CHECK(only_error("function F { Write-Output -InputObject: }\n$x = F\n") ==
          "1:41 -InputObject: expects a value after the colon");
  }

  TEST_CASE("the colon form of a named argument sets Exchange switches and function parameters") {
    const auto r = import(
        "function Make([string]$Name, [switch]$Enabled) {\n"
        "  New-TransportRule -Name $Name -SetSCL 5 -Enabled:$Enabled -StopRuleProcessing:$true\n"
        "}\n"
        "Make -Name:'on' -Enabled:$true\n"
        "Make -Name:'off' -Enabled:$false\n"
        "New-TransportRule -Name:'direct' -SetSCL:6 -Enabled:$false\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "on").state == rule_state::enabled);
    CHECK(rule_named(r.set, "on").actions.stop_rule_processing);
    CHECK(rule_named(r.set, "off").state == rule_state::disabled);
    CHECK(rule_named(r.set, "direct").state == rule_state::disabled);
    CHECK(rule_named(r.set, "direct").actions.set_scl == 6);
  }
}
