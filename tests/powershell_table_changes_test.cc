// Tests of hash tables as scripts change them (decision 447): entries set by member or index,
// .Remove(), .Clone(), `+`, and one table shared by every variable and array holding it, as a
// .NET Hashtable is.
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
using mfsim::test::rule_names;

// A rule named `name` whose comment shows `value` (a table's entries, written "$t.Key").
std::string shown(const std::string& name, const std::string& value) {
  return "New-TransportRule -Name '" + name + "' -SetSCL 5 -Comments \"" + value + "\"\n";
}

// "line:col message" of a script's one error; the test fails when it has another count.
std::string only_error(const std::string& script) {
  const auto r = import(script);
  REQUIRE_MESSAGE(r.errors.size() == 1, lines_of(r.errors));
  return lines_of(r.errors)[0];
}

}  // namespace

TEST_SUITE("powershell table changes") {
  TEST_CASE("two variables given one hash table see each other's changes, with a warning") {
    const auto r = import(
        "$common = @{ SetSCL = 6 }\n"
        "$q = $common\n"
        "$q.Name = 'B'\n"
        "$q['Words'] = 'BULK'\n" +
        shown("common", "$($common.Name) $($common.Words) $($common.SetSCL)"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "common") == "B BULK 6");
    REQUIRE_MESSAGE(r.warnings.size() == 1, lines_of(r.warnings));
    CHECK(has(r.warnings, 3, 1, "$q and $common are one hash table ($q = $common at line 2)"));
    CHECK(has(r.warnings, 3, 1, "$common.Clone() makes a copy"));
  }

  TEST_CASE(
      "a splatted table changed after its alias is created from builds what PowerShell "
      "builds") {
    // The classic mistake: the second rule inherits the first one's words through $common.
    const auto r = import(
        "$common = @{ SetSCL = 6; HeaderContainsMessageHeader = 'X-Area1Security-Disposition' }\n"
        "$a = $common; $a.Name = 'A'; $a.HeaderContainsWords = 'UCE'\n"
        "New-TransportRule @a\n"
        "$b = $common; $b.Name = 'B'\n"
        "New-TransportRule @b\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"A", "B"});
    REQUIRE(rule_named(r.set, "B").conditions.size() == 1);
    CHECK(rule_named(r.set, "B").conditions[0].values == std::vector<std::string>{"UCE"});
  }

  TEST_CASE(".Clone() makes a copy that changes alone, and no warning") {
    const auto r = import(
        "$common = @{ Name = 'common' }\n"
        "$copy = $common.Clone()\n"
        "$copy.Name = 'copy'\n" +
        shown("one", "$($common.Name) $($copy.Name)"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "one") == "common copy");
    CHECK(r.warnings.empty());
  }

  TEST_CASE("entries are set by index, removed by .Remove(), and a missing key removes nothing") {
    const auto r = import(
        "$p = @{ Name = 'A'; SetSCL = 6 }\n"
        "$p['HeaderContainsMessageHeader'] = 'X-Area1Security-Disposition'\n"
        "$p[\"HeaderContainsWords\"] = 'UCE'\n"
        "$key = 'SetSCL'\n"
        "$p.Remove($key)\n"
        "$p.Remove('NotThere')\n"
        "New-TransportRule @p -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    const auto& rule = rule_named(r.set, "A");
    CHECK(rule.actions.set_scl == 5);
    REQUIRE(rule.conditions.size() == 1);
    CHECK(rule.conditions[0].values == std::vector<std::string>{"UCE"});
  }

  TEST_CASE("a table changed in a foreach pass is changed in the array the loop walks") {
    const auto r = import(
        "$rules = @(@{ Name = 'C' }, @{ Name = 'D' })\n"
        "foreach ($r in $rules) { $r.Name = \"Area1 $($r.Name)\" }\n"
        "$rules | ForEach-Object { $_.Comments = \"for $($_.Name)\" }\n"
        "foreach ($r in $rules) { New-TransportRule -Name $r.Name -Comments $r.Comments "
        "-SetSCL 9 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Area1 C", "Area1 D"});
    CHECK(comments_of(r, "Area1 D") == "for Area1 D");
  }

  TEST_CASE("entries are set through indexes and nested tables") {
    const auto r = import(
        "$config = @{ Rules = @(@{ Name = 'A' }, @{ Name = 'B' }); Spam = @{ SCL = 5 } }\n"
        "$config.Rules[1].Name = 'Second'\n"
        "$config.Spam.SCL = 9\n"
        "$spam = $config.Spam\n"
        "$spam['Level'] = 'high'\n" +
        shown("one", "$($config.Rules[1].Name) $($config.Spam.SCL) $($config.Spam.Level)"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "one") == "Second 9 high");
  }

  TEST_CASE("a function changes the table it is given, as the caller sees it") {
    const auto r = import(
        "function Add-Area1Header($t, $word) {\n"
        "  $t.HeaderContainsMessageHeader = 'X-Area1Security-Disposition'\n"
        "  $t.Add('HeaderContainsWords', $word)\n"
        "}\n"
        "$p = @{ Name = 'A'; SetSCL = 6 }\n"
        "Add-Area1Header $p 'UCE'\n"
        "New-TransportRule @p\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(rule_named(r.set, "A").conditions.size() == 1);
    CHECK(rule_named(r.set, "A").conditions[0].values == std::vector<std::string>{"UCE"});
    CHECK(r.warnings.empty());
  }

  TEST_CASE("+ and += make a new table: the operands stay as they were") {
    const auto r = import(
        "$common = @{ SetSCL = 6 }\n"
        "$p = $common + @{ Name = 'A' }\n"
        "$common.Name = 'common'\n"
        "$kept = $common\n"
        "$common += @{ Extra = 'x' }\n"
        "$common.Name = 'changed'\n" +
        shown("one", "$($p.Name) $($p.SetSCL) $($kept.Name) $($kept.Extra)|$($common.Extra)"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "one") == "A 6 common |x");
  }

  TEST_CASE("hash tables are added to arrays by += and by a list's Add") {
    const auto r = import(
        "$rules = @()\n"
        "$rules += @{ Name = 'A' }\n"
        "$list = New-Object System.Collections.ArrayList\n"
        "[void]$list.Add(@{ Name = 'B' })\n"
        "foreach ($r in $rules + $list) { New-TransportRule -Name $r.Name -SetSCL 5 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"A", "B"});
  }

  TEST_CASE("what cannot be set or added is an error at its place") {
    CHECK(only_error("$l = @(1, 2)\n$l[0] = 5\n") ==
          "2:1 $l[0] = ...: mfsim sets a property or key only of a hash table the script made "
          "($l = @{} first)");
    CHECK(only_error("$h = @{}\n$h[$env:X] = 1\n") ==
          "2:3 $h[...] = ...: the key is $env:X, known only when the script runs");
    CHECK(only_error("$h = @{}\n$h['a', 'b'] = 1\n") ==
          "2:3 $h[...] = ...: a hash table's entry is set by one key");
    CHECK(only_error("$h = @{} + 'x'\n") ==
          "1:10 +: a hash table is added only to another hash table (PowerShell refuses it too)");
    CHECK(only_error("$a = @{ A = 1 }\n$c = $a + @{ a = 2 }\n") ==
          "2:9 +: the key 'a' is in both hash tables (PowerShell refuses to add them too)");
    CHECK(only_error("$h = @{ A = 1 }\n$h.Add('a', 2)\n") ==
          "2:1 $h.Add('a', ...): the key is in the hash table already (keys are compared without "
          "case; PowerShell refuses it too)");
  }

  TEST_CASE("changes to a table many holders share end at the value budget, not in a hang") {
    const auto r = import(
        "$a = @{ X = 1 }\n"
        "$list = @()\n"
        "for ($i = 0; $i -lt 2000; $i++) { $list += $a }\n"
        "for ($i = 0; $i -lt 90000; $i++) { $a.X = $i }\n");
    REQUIRE_MESSAGE(r.errors.size() == 1, lines_of(r.errors));
    CHECK(has(r.errors, 4, 36, "the PowerShell value budget"));
  }

  TEST_CASE("changes beside large arrays end at the sharing budget, not in a hang") {
    const auto r = import(
        "$a = @{ X = 1 }\n"
        "$n = 1..100000\n"
        "for ($i = 0; $i -lt 1100; $i++) { $a.X = $i }\n");
    REQUIRE_MESSAGE(r.errors.size() == 1, lines_of(r.errors));
    CHECK(has(r.errors, 3, 35, "changing hash tables looked through more than 100000000 values"));
  }
}

TEST_SUITE("powershell table changes") {
  TEST_CASE("+= on an entry adds as + does: to a list, a text, a number, or $null when new") {
    const auto r = import(
        "$params = @{ Name = 'A'; HeaderContainsMessageHeader = 'X-Area1Security-Disposition'\n"
        "             HeaderContainsWords = @('UCE'); SetSCL = 5 }\n"
        "$params.HeaderContainsWords += 'SPOOF'\n"
        "$params['HeaderContainsWords'] += 'BULK', 'MALICIOUS'\n"
        "$params.Comments += 'added'\n"
        "$params.Comments += ' later'\n"
        "$params.SetSCL += 1\n"
        "$copy = $params\n"
        "New-TransportRule @copy\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    const auto& rule = rule_named(r.set, "A");
    REQUIRE(rule.conditions.size() == 1);
    CHECK(rule.conditions[0].values ==
          std::vector<std::string>{"UCE", "SPOOF", "BULK", "MALICIOUS"});
    CHECK(rule.comments == "added later");
    CHECK(rule.actions.set_scl == 6);
  }

  TEST_CASE("foreach over a hash table runs once, with the table itself, as a pipeline does") {
    const auto r = import(
        "$h = @{ Name = 'A'; SetSCL = 5 }\n"
        "foreach ($x in $h) { New-TransportRule @x; $x.Seen = 'yes' }\n"
        "$h | ForEach-Object { $n = $_.Name }\n" +
        shown("B", "$n $($h.Seen)"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"A", "B"});
    CHECK(comments_of(r, "B") == "A yes");
  }
}
