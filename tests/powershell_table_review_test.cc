// Tests of hash tables shared and changed (decision 447) where a review found mfsim and
// PowerShell apart: items a loop, pipeline or switch holds while its block changes them, a
// change made while the value's expression runs, tables inside themselves, tables changed while
// their keys are walked, [ordered] and [pscustomobject], keys only a tenant knows, and a ';'
// after a comma.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::only_error;
using mfsim::test::rule_named;
using mfsim::test::rule_names;

// The statement creating the rule "one", its comment showing `value` ("$($t.Key)").
std::string rule_one_showing(const std::string& value) {
  return "New-TransportRule -Name one -SetSCL 5 -Comments \"" + value + "\"\n";
}

// The comment of the one rule `name` that `script` creates; the test fails on any error.
std::string comments_after(const std::string& script, const std::string& name) {
  const auto r = import(script);
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
  return rule_named(r.set, name).comments;
}

}  // namespace

TEST_SUITE("powershell table review") {
  TEST_CASE("a foreach over one table twice sees the first pass's change in the second") {
    // The loop's items were a copy made before the loop: the second pass read 'a', not 'ab'.
    CHECK(comments_after("$h = @{ N = 'a' }\n"
                         "$list = @($h, $h)\n"
                         "$out = ''\n"
                         "foreach ($r in $list) { $out += $r.N; $r.N = $r.N + 'b' }\n" +
                             rule_one_showing("$out $($h.N)"),
                         "one") == "aab abb");
  }

  TEST_CASE("a pipeline and a switch over one table twice, and $_ put aside, see changes") {
    CHECK(comments_after("$h = @{ N = 'a' }\n"
                         "$all = @($h, $h)\n"
                         "$out = ''\n"
                         "$all | ForEach-Object { $out += $_.N; $_.N = $_.N + 'b' }\n"
                         "switch ($all) { default { $out += $_.N; $_.N = $_.N + 'c' } }\n" +
                             rule_one_showing("$out $($h.N)"),
                         "one") == "aababbabbc abbcc");
    // An inner pipeline puts the outer $_ aside; a change made meanwhile is the outer item's.
    const auto r = import(
        "$rules = @(@{ Name = 'A'; Tags = @('x', 'y') }, @{ Name = 'B'; Tags = @('z') })\n"
        "$rules | ForEach-Object {\n"
        "  $r = $_\n"
        "  $r.Tags | ForEach-Object { $r.Comments = \"tag $_\" }\n"
        "  New-TransportRule -Name $_.Name -SetSCL 5 -Comments $_.Comments\n"
        "}\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"A", "B"});
    CHECK(rule_named(r.set, "A").comments == "tag y");
  }

  TEST_CASE("a function run for the value changes the same table: both changes stay") {
    // The table was read before the value ran, and that stale copy was written back.
    CHECK(comments_after("$p = @{ Name = 'R' }\n"
                         "function Get-Words { $p.Comments = 'set by the function'; 'UCE' }\n"
                         "$p.Words = Get-Words\n" +
                             rule_one_showing("$($p.Comments)|$($p.Words)"),
                         "one") == "set by the function|UCE");
  }

  TEST_CASE("a table set into itself is an error, not a table that loses keys later") {
    CHECK(only_error("$h = @{ Name = 'A' }\n$h.Self = $h\n") ==
          "2:1 $h would hold itself (the value holds the same hash table): a table inside "
          "itself is not read");
    CHECK(only_error("$a = @{}\n$b = @{ A = $a }\n$a.Add('B', @($b))\n") ==
          "3:1 $a would hold itself (the value holds the same hash table): a table inside "
          "itself is not read");
  }

  TEST_CASE("changing a table while a loop walks its keys is PowerShell's error") {
    CHECK(only_error("$h = @{ A = ' x ' }\n"
                     "foreach ($k in $h.Keys) { $h[$k] = $h[$k].Trim() }\n") ==
          "2:27 the hash table changes while foreach at line 2 walks its .Keys, .Values or "
          ".GetEnumerator(): PowerShell stops there with \"Collection was modified; enumeration "
          "operation may not execute\" (walk a copy: @($h.Keys))");
    CHECK(has(import("$h = @{ A = ' x ' }\n$h.Keys | ForEach-Object { $h[$_] = 'y' }\n").errors, 2,
              28, "while the pipeline at line 2 walks"));
    CHECK(
        has(import("$h = @{ A = ' x ' }\nswitch ($h.Keys) { default { $h.Remove($_) } }\n").errors,
            2, 30, "while switch at line 2 walks"));
    CHECK(has(import("$h = @{ A = 1 }\nforeach ($e in $h.GetEnumerator()) { $h.B = 1 }\n").errors,
              2, 38, "while foreach at line 2 walks"));
    // A copy of the keys, a sorted pipeline, a removal of a missing key: no change to the walk.
    CHECK(comments_after("$h = [ordered]@{ A = ' x '; B = ' y ' }\n"
                         "foreach ($k in @($h.Keys)) { $h[$k] = $h[$k].Trim() }\n"
                         "$h.GetEnumerator() | Sort-Object Name | ForEach-Object {\n"
                         "  $h[$_.Key] = $h[$_.Key] + '!' }\n"
                         "foreach ($k in $h.Keys) { $h.Remove('Missing') }\n" +
                             rule_one_showing("[$($h.A)][$($h.B)]"),
                         "one") == "[x!][y!]");
  }

  TEST_CASE("[ordered] and [pscustomobject] refuse what PowerShell refuses") {
    CHECK(only_error("$o = [ordered]@{ Name = 'A' }\n$c = $o.Clone()\n") ==
          "2:6 .Clone(): an [ordered] table has no method Clone (PowerShell: \"does not contain a "
          "method named 'Clone'\"); copy it key by key into a new [ordered]@{}");
    CHECK(only_error("$o = [ordered]@{ Name = 'A' }\n$o[0] = 'B'\n") ==
          "2:3 $o[0] = ...: a number as the index of an [ordered] table is not read (it sets "
          "the entry at that position); write the key as text: $o['0']");
    CHECK(only_error("$o = [pscustomobject]@{ Name = 'A' }\n$o.Comments = 'c'\n") ==
          "2:1 $o.Comments = ...: the [pscustomobject] has no property Comments, and PowerShell "
          "adds none by assignment (Add-Member does)");
    CHECK(has(import("$o = [pscustomobject]@{ Name = 'A' }\n$o['Name'] = 'c'\n").errors, 2, 1,
              "holds a [pscustomobject], which PowerShell does not index"));
    CHECK(has(import("$o = [pscustomobject]@{ Name = 'A' }\n$o.Add('X', 1)\n").errors, 2, 1,
              "a [pscustomobject] has no method Add"));
    CHECK(has(import("$o = [pscustomobject]@{ Name = 'A' }\n$o += @{ X = 1 }\n").errors, 2, 7,
              "a [pscustomobject] is added to nothing"));
    // Setting a property it has is what PowerShell does.
    CHECK(comments_after("$o = [pscustomobject]@{ Name = 'A' }\n$o.name = 'B'\n" +
                             rule_one_showing("$($o.Name)"),
                         "one") == "B");
  }

  TEST_CASE("a key only a tenant or the run knows is an error, not its text") {
    CHECK(only_error("$h = @{}\n$h[(Get-Date)] = 'x'\n") ==
          "2:3 $h[...] = ...: the key is (Get-Date), known only when the script runs");
    CHECK(has(import("$h = @{}\n$h.Add((Get-Mailbox), 'x')\n").errors, 2, 1,
              "the key is (Get-Mailbox), known only when the script runs"));
  }

  TEST_CASE("a ';' after a comma in a command's or a method's arguments is an error") {
    CHECK(only_error("New-TransportRule -Name A -SetSCL 5 -ExceptIfFrom 'a@x.com', ; "
                     "'b@x.com'\n") == "1:62 a value is missing after ','");
    CHECK(only_error("$h = @{}\n$h.Add('Name', ; 'A')\n") == "2:16 a value is missing after ','");
    const auto r = import(
        "$h = @{}\n$h.Add('Name',\n  'A')\n"
        "New-TransportRule @h -SetSCL 5 -ExceptIfFrom 'a@x.com',\n  'b@x.com'\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"A"});
  }

  TEST_CASE("a table of a thousand keys built one .Add at a time stays within the budgets") {
    // Each change copied the whole table into each holder and charged it: 1,000 keys passed
    // the 256 MiB value budget.
    CHECK(comments_after("$h = @{}\n"
                         "foreach ($i in 1..1000) { $h.Add(\"k$i\", 'some value text') }\n" +
                             rule_one_showing("$($h.Count) $($h.k1000)"),
                         "one") == "1000 some value text");
  }
}
