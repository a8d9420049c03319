// Tests of .NET lists as scripts grow them (decision 462): what .Add() returns and a function
// therefore outputs (List[T] nothing, ArrayList the index, HashSet[T] whether it was added), a
// HashSet keeping one of each item, casts to those lists, and an array's .Add() failing as in
// PowerShell.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::comments_of;
using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::rule_named;

// A rule named `name` whose comment shows `value` joined by ';'.
std::string shown(const std::string& name, const std::string& value) {
  return "New-TransportRule -Name '" + name + "' -SetSCL 5 -Comments (" + value + " -join ';')\n";
}

}  // namespace

TEST_SUITE("powershell collections") {
  TEST_CASE("an ArrayList's Add outputs the index, which a function's value includes, warned") {
    const auto r = import(
        "function Get-Words {\n"
        "  $l = New-Object System.Collections.ArrayList\n"
        "  $l.Add('UCE')\n"
        "  $l.Add('BULK')\n"
        "  return $l\n"
        "}\n"
        "$words = Get-Words\n" +
        shown("words", "$words"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "words") == "0;1;UCE;BULK");
    REQUIRE_MESSAGE(r.warnings.size() == 1, lines_of(r.warnings));
    CHECK(has(r.warnings, 3, 3, "$l.Add('UCE') outputs the new item's index (ArrayList.Add)"));
  }

  TEST_CASE("[void], $null = and | Out-Null discard what Add returns; List[T].Add returns none") {
    const auto r = import(
        "function Get-Words {\n"
        "  $l = New-Object System.Collections.ArrayList\n"
        "  [void]$l.Add('UCE')\n"
        "  $null = $l.Add('BULK')\n"
        "  $l.Add('SPOOF') | Out-Null\n"
        "  $g = [System.Collections.Generic.List[string]]::new()\n"
        "  $g.Add('MALICIOUS')\n"
        "  $l + $g\n"
        "}\n"
        "$words = Get-Words\n" +
        shown("words", "$words"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "words") == "UCE;BULK;SPOOF;MALICIOUS");
    CHECK(r.warnings.empty());
  }

  TEST_CASE("a HashSet keeps one of each item, comparing texts with case, and says so") {
    const auto r = import(
        "function Get-Set {\n"
        "  $s = [System.Collections.Generic.HashSet[string]]::new()\n"
        "  $s.Add('UCE')\n"
        "  $s.Add('UCE')\n"
        "  [void]$s.Add('uce')\n"
        "  $s\n"
        "}\n"
        "$got = Get-Set\n" +
        shown("set", "$got"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "set") == "True;False;UCE;uce");
    CHECK(has(r.warnings, 3, 3, "whether the item was added (HashSet.Add)"));
  }

  TEST_CASE("a cast makes a growable list of an array's items; [string[]] makes an array") {
    const auto r = import(
        "$l = [System.Collections.Generic.List[string]]@('a', 'b')\n"
        "$l.Add('c')\n"
        "$s = [System.Collections.Generic.HashSet[string]]('x', 'x', 'y')\n"
        "$s.Add('z')\n" +
        shown("l", "$l") + shown("s", "$s"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "l") == "a;b;c");
    CHECK(comments_of(r, "s") == "x;y;z");
    const auto fixed = import(
        "$l = [System.Collections.Generic.List[string]]::new()\n"
        "$a = [string[]]$l\n"
        "$a.Add('x')\n");
    REQUIRE(fixed.errors.size() == 1);
    CHECK(has(fixed.errors, 3, 1, "$a holds an array, whose size is fixed"));
  }

  TEST_CASE("an array's Add fails as in PowerShell, and the error says what to write instead") {
    const auto r = import("$ranges = @()\n$ranges.Add('192.0.2.0/24')\n");
    CHECK(lines_of(r.errors) ==
          std::vector<std::string>{
              "2:1 $ranges.Add(...): $ranges holds an array, whose size is fixed: PowerShell fails "
              "the call (\"Collection was of a fixed size\") and the array stays as it was; write "
              "$ranges += value, or make $ranges a list "
              "([System.Collections.Generic.List[string]]::new())"});
  }
}

TEST_SUITE("powershell member enumeration and objects") {
  TEST_CASE("a property of an array is each item's that has it, flattened, in order") {
    const auto r = import(
        "$rules = @([pscustomobject]@{ Name = 'A'; Words = 'UCE' },\n"
        "           @{ Name = 'B'; Words = 'BULK', 'SPOOF' }, @{ Other = 1 })\n"
        "$names = $rules.Name\n"
        "$words = $rules.Words\n"
        "$one = @(@{ Name = 'only' }).Name\n" +
        shown("n", "$names") + shown("w", "$words") + shown("o", "$one, $one.Count"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "n") == "A;B");
    CHECK(comments_of(r, "w") == "UCE;BULK;SPOOF");
    CHECK(comments_of(r, "o") == "only;1");
  }

  TEST_CASE("a [pscustomobject] has properties, walked by .PSObject.Properties, not keys") {
    const auto r = import(
        "$o = [pscustomobject]@{ Name = 'A'; Words = 'UCE' }\n"
        "$keys = $o.Keys\n"
        "$props = $o.PSObject.Properties\n"
        "$list = @($o)\n"
        "foreach ($item in $list) { $again = $item.PSObject.Properties.Value }\n" +
        shown("k", "\"<$keys>\", $o.Count") + shown("p", "$props.Name") + shown("v", "$again"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "k") == "<>;1");
    CHECK(comments_of(r, "p") == "Name;Words");
    CHECK(comments_of(r, "v") == "A;UCE");
  }

  TEST_CASE("what an object or array does not have is an error naming it") {
    CHECK(has(import("$o = [pscustomobject]@{ A = 1 }\n$o.ContainsKey('A')\n").errors, 2, 1,
              ".ContainsKey(): a [pscustomobject] has no method ContainsKey"));
    CHECK(has(import("$h = @{ A = 1 }\n$p = $h.PSObject.Properties\n").errors, 2, 6,
              ".PSObject.Properties of a hash table are the .NET Hashtable's own"));
    CHECK(has(import("$l = 'a', 'b'\n$x = $l.Name\n").errors, 2, 6,
              ".Name: the array holds 'a', whose members are not read"));
  }
}
