// Tests of the switch statement in PowerShell scripts (about_Switch; docs/decisions.md 455-459):
// -Exact, -Wildcard, -Regex and -CaseSensitive, every matching clause run in order, default,
// arrays item by item, break and continue, script-block conditions, $Matches, values mfsim cannot
// know (an error, or the switch skipped when no clause changes mail flow), switches inside
// functions and foreach, and the unrolling budget against hostile scripts.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::names_of;
using mfsim::test::rule_names;
using namespace mfsim::rules;

// `New-TransportRule NAME`, as a clause's action.
std::string rule(const std::string& name) {
  return "New-TransportRule \"" + name + "\" -SubjectContainsWords x -SetSCL 5";
}

// A clause's condition, and the name of the rule its action creates.
struct clause {
  std::string condition;
  std::string creates;
};

// `switch HEAD {` then a clause a line, each creating its rule, and `}`.
std::string switch_creating(const std::string& head, const std::vector<clause>& clauses) {
  std::string script = "switch " + head + " {\n";
  for (const auto& c : clauses) script += "  " + c.condition + " { " + rule(c.creates) + " }\n";
  return script + "}\n";
}

using names = std::vector<std::string>;

}  // namespace

TEST_SUITE("powershell switch") {
  TEST_CASE("an admin's switch over a mode sets the value the rule uses") {
    const std::string script =
        "param([string]$Mode = 'Standard')\n"
        "switch ($Mode) {\n"
        "  'Strict' { $scl = 9 }\n"
        "  'Standard' { $scl = 6 }\n"
        "  default { $scl = 1 }\n"
        "}\n"
        "New-TransportRule \"Mode $scl\" -SubjectContainsWords x -SetSCL $scl\n";
    const auto r = import(script);
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.transport_rules.size() == 1);
    CHECK(r.set.transport_rules[0].name == "Mode 6");
    CHECK(r.set.transport_rules[0].actions.set_scl == 6);
    CHECK(rule_names(import(script, {{"Mode", "strict"}}).set) == names{"Mode 9"});
    CHECK(rule_names(import(script, {{"Mode", "Other"}}).set) == names{"Mode 1"});
  }

  TEST_CASE("every clause that matches runs, in the order written") {
    CHECK(names_of(switch_creating(
              "(3)", {{"1", "one"}, {"3", "three"}, {"4", "four"}, {"3", "three again"}})) ==
          names{"three", "three again"});
  }

  TEST_CASE("conditions and values are compared as texts, without case by default") {
    // A number and the same digits quoted are the same text; a bare word is a text.
    CHECK(names_of(switch_creating("('5')", {{"5", "number"}, {"'5'", "text"}})) ==
          names{"number", "text"});
    CHECK(names_of(switch_creating("('STRICT')", {{"strict", "bare"}, {"'Strict'", "quoted"}})) ==
          names{"bare", "quoted"});
    CHECK(names_of("$want = 'b'\n" + switch_creating("('B')", {{"$want", "variable"},
                                                               {"('a' + 'b')", "no"},
                                                               {"('' + 'b')", "expression"}})) ==
          names{"variable", "expression"});
    // -Exact compares the text as it is: '*' is no wildcard.
    CHECK(names_of(switch_creating("-Exact ('abc')", {{"'a*'", "no"}, {"'ABC'", "exact"}})) ==
          names{"exact"});
  }

  TEST_CASE("-CaseSensitive compares texts with case") {
    CHECK(names_of(switch_creating("-CaseSensitive ('Strict')",
                                   {{"'strict'", "lower"}, {"'Strict'", "same"}})) ==
          names{"same"});
    CHECK(names_of(switch_creating("-Wildcard -CaseSensitive ('Abc')",
                                   {{"'a*'", "lower"}, {"'A*'", "upper"}})) == names{"upper"});
  }

  TEST_CASE("-Wildcard matches as -like does") {
    CHECK(names_of(switch_creating("-Wildcard ('10.1.2.3')", {{"'10.*'", "internal"},
                                                              {"10.1.*", "London"},
                                                              {"'10.2.*'", "Vancouver"},
                                                              {"'1[0-9].?.*'", "set"}})) ==
          names{"internal", "London", "set"});
    // The parameter may be shortened, as PowerShell takes any start of its name.
    CHECK(names_of(switch_creating("-w ('fourteen')", {{"'fo*'", "too many"}})) ==
          names{"too many"});
  }

  TEST_CASE("-Regex matches regular expressions and sets $Matches for the clause") {
    const auto r = import(
        "$target = 'https://bing.com'\n"
        "switch -Regex ($target) {\n"
        "  '^ftp\\://.*$' { " +
        rule("ftp") +
        " }\n"
        "  '^(HTTP[s]?)\\://(?<host>.*)$' {\n"
        "    New-TransportRule \"web $($Matches[1]) $($Matches.host)\" -SubjectContainsWords x "
        "-SetSCL 5\n"
        "  }\n"
        "}\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == names{"web https bing.com"});
    // -CaseSensitive applies to the pattern too.
    CHECK(names_of(switch_creating("-Regex -CaseSensitive ('ABC')",
                                   {{"'^a'", "lower"}, {"'^A'", "upper"}})) == names{"upper"});
    // A pattern that does not compile is an error at its clause.
    const auto bad = import("switch -Regex ('a') {\n  '(' { Write-Host a }\n}\n");
    CHECK(has(bad.errors, 2, 3, "is not a regular expression"));
  }

  TEST_CASE("the last of -Regex, -Wildcard and -Exact wins; they ignore what is not a text") {
    CHECK(names_of(switch_creating("-Regex -Wildcard ('abc')",
                                   {{"'a*'", "wildcard"}, {"'b.'", "regex"}})) ==
          names{"wildcard"});
    CHECK(names_of(switch_creating("-Wildcard -Exact ('abc')", {{"'a*'", "wildcard"}})).empty());
    // about_Switch: "If the match clause isn't a string, this parameter is ignored."
    CHECK(names_of(switch_creating("-Regex ('15')", {{"5", "number"}, {"'5'", "pattern"}})) ==
          names{"pattern"});
  }

  TEST_CASE("default runs for an item no other clause matched, wherever it is written") {
    CHECK(names_of(switch_creating("('fourteen')", {{"default", "no match"}, {"1", "one"}})) ==
          names{"no match"});
    CHECK(names_of(switch_creating("('b')", {{"default", "default"}, {"'b'", "b"}})) == names{"b"});
    const auto twice = import("switch ('a') {\n  default { }\n  default { }\n}\n");
    CHECK(has(twice.errors, 3, 3, "a switch has one default clause at most"));
  }

  TEST_CASE("an array runs the clauses for each item in turn, $_ the item") {
    CHECK(
        names_of("$domains = 'a.example', 'b.test', 'c.example'\n"
                 "switch -Wildcard ($domains) {\n"
                 "  '*.example' { New-TransportRule \"Block $_\" -SenderDomainIs $_ -SetSCL 9 }\n"
                 "  default { New-TransportRule \"Other $PSItem\" -SenderDomainIs $_ -SetSCL 5 }\n"
                 "}\n") == names{"Block a.example", "Other b.test", "Block c.example"});
  }

  TEST_CASE("$_ is given back after the switch, as after ForEach-Object") {
    CHECK(names_of("'outer' | ForEach-Object {\n"
                   "  switch ('inner') { 'inner' { New-TransportRule \"in $_\" -SetSCL 5 } }\n"
                   "  New-TransportRule \"after $_\" -SetSCL 5\n"
                   "}\n") == names{"in inner", "after outer"});
  }

  TEST_CASE("$null is one item; an empty array runs no clause, not even default") {
    CHECK(names_of(switch_creating("($null)", {{"''", "empty text"}, {"default", "default"}})) ==
          names{"empty text"});
    CHECK(names_of(switch_creating("($null)", {{"'a'", "a"}, {"default", "default"}})) ==
          names{"default"});
    CHECK(names_of(switch_creating("(@())", {{"default", "default"}}) + rule("after") + "\n") ==
          names{"after"});
  }

  TEST_CASE("break ends the whole switch, continue the current item") {
    CHECK(names_of("switch (1, 4, -1, 3, 'Hello', 2, 1) {\n"
                   "  { $_ -lt 0 } { continue }\n"
                   "  'Hello' { break }\n"
                   "  { $_ -in 1, 3 } { New-TransportRule \"$_ is odd\" -SetSCL 5 }\n"
                   "  { $_ -in 2, 4 } { New-TransportRule \"$_ is even\" -SetSCL 5 }\n"
                   "}\n" +
                   rule("after") + "\n") == names{"1 is odd", "4 is even", "3 is odd", "after"});
    // Inside an if in the clause, and with the rest of the clause not run.
    CHECK(names_of("switch ('a', 'b', 'c') {\n"
                   "  { $true } { if ($_ -eq 'b') { continue }; New-TransportRule \"first $_\" "
                   "-SetSCL 5 }\n"
                   "  'c' { break; New-TransportRule never -SetSCL 5 }\n"
                   "  default { New-TransportRule \"second $_\" -SetSCL 5 }\n"
                   "}\n") == names{"first a", "first c"});
  }

  TEST_CASE("break in a switch inside another ends only the inner one") {
    CHECK(names_of("switch ('a', 'b') {\n"
                   "  default {\n"
                   "    switch (1, 2) { { $true } { $last = $_; break } }\n"
                   "    New-TransportRule \"$_ after $last\" -SetSCL 5\n"
                   "  }\n"
                   "}\n") == names{"a after 1", "b after 1"});
  }

  TEST_CASE("an error in a clause passes over the whole switch, once") {
    const auto r = import(
        "switch ('a', 'b') {\n"
        "  default { New-TransportRule -Zzz: }\n"
        "}\n" +
        rule("after") + "\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].where.line == 2);
  }

  TEST_CASE("break outside a loop or switch is an error; labels name the switch they end") {
    const auto outside = import("break\n" + rule("after") + "\n");
    CHECK(has(outside.errors, 1, 1, "break outside a loop"));
    const auto unlabelled = import("switch ('a') {\n  'a' { break outer }\n}\n");
    CHECK(has(unlabelled.errors, 2, 9, "no loop labelled :outer is under way here"));
    // continue outer goes on with the foreach around the switch; break ends only the switch.
    CHECK(names_of(":outer foreach ($n in 1, 2) {\n"
                   "  switch ($n) { 1 { continue outer } 2 { break } }\n"
                   "  New-TransportRule \"after $n\" -SetSCL 5\n}\n") == names{"after 2"});
    CHECK(names_of(":sw switch ('a', 'b') { 'a' { New-TransportRule a -SetSCL 5; break sw } "
                   "'b' { New-TransportRule b -SetSCL 5 } }\n") == names{"a"});
  }

  TEST_CASE("hash tables in an array are tables again in $_, as in foreach and pipelines") {
    CHECK(names_of("$rules = @(@{ Name = 'r1'; SetSCL = 5; SubjectContainsWords = 'x' },\n"
                   "  @{ Name = 'r2'; SetSCL = 6; SubjectContainsWords = 'y' })\n"
                   "switch ($rules) { { $_.SetSCL -gt 5 } { $r = $_; New-TransportRule @r } }\n") ==
          names{"r2"});
  }

  TEST_CASE("a script-block condition runs with $_ the item and holds when it is true") {
    CHECK(names_of("switch ('apple', 'berry', 'avocado') {\n"
                   "  { $_ -like 'a*' } { New-TransportRule \"A $_\" -SetSCL 5 }\n"
                   "  { $PSItem.Length -gt 5 } { New-TransportRule \"long $_\" -SetSCL 5 }\n"
                   "  {} { New-TransportRule never -SetSCL 5 }\n"
                   "}\n") == names{"A apple", "A avocado", "long avocado"});
    const auto two = import("switch ('a') {\n  { $x = 1; $_ } { }\n}\n");
    CHECK(has(two.errors, 2, 8, "is read when it is one expression"));
  }

  TEST_CASE("a clause that does not run is not read") {
    CHECK(names_of("switch ('a') {\n"
                   "  'a' { New-TransportRule a -SetSCL 5 }\n"
                   "  'b' { New-TransportRule ) this is not read }\n"
                   "}\n") == names{"a"});
  }

  TEST_CASE("a value mfsim cannot know is an error at it, naming what it depends on") {
    const auto r = import(switch_creating("($Mode)", {{"'Strict'", "strict"}}) + rule("after"));
    CHECK(lines_of(r.errors) ==
          std::vector<std::string>{
              "1:9 the switch's value depends on $Mode (not assigned in this script), known "
              "only when the script runs (from the tenant, the machine or whoever runs it): "
              "mfsim cannot choose the clauses to run (assign it a literal in the script, or "
              "give --define Mode=VALUE)"});
    // A tenant query, and a value piped through a cmdlet, are as unknown.
    CHECK(has(import("switch (Get-TransportRule) {\n  default { " + rule("x") + " }\n}\n").errors,
              1, 9, "the switch's value depends on (Get-TransportRule)"));
    CHECK(
        has(import("switch ('a' | ConvertTo-Json) {\n  default { " + rule("x") + " }\n}\n").errors,
            1, 9, "the switch's value depends on the output of 'a' | ConvertTo-Json"));
    // A clause's condition mfsim cannot know.
    const auto condition =
        import("switch ('a') {\n  'b' { }\n  $env:WANT { " + rule("x") + " }\n}\n");
    CHECK(has(condition.errors, 3, 3, "this switch clause's condition depends on $env:WANT"));
  }

  TEST_CASE("an unknown value's switch whose clauses change no mail flow is skipped") {
    const auto r = import(
        "switch ($env:COMPUTERNAME) {\n"
        "  'A' { Write-Host 'on A'; $site = 'a'; break }\n"
        "  { $_ -like 'B*' } { Write-Host 'on B' }\n"
        "  default { $site = 'other' }\n"
        "}\n" +
        rule("after") + "\n" + "New-TransportRule \"at $site\" -SetSCL 5\n");
    CHECK(rule_names(r.set) == names{});
    CHECK(has(r.warnings, 1, 9,
              "the switch's value depends on $env:COMPUTERNAME, known only when the script runs; "
              "no clause of this switch changes mail flow (only Write-Host, break), so mfsim "
              "skips it"));
    // What a clause assigns is known only when the script runs.
    CHECK(has(r.errors, 7, 19, "$site (assigned in a skipped clause at line 4)"));
    // A clause that may change mail flow keeps the error.
    const auto kept =
        import("switch ($env:X) {\n  'a' { Write-Host a }\n  'b' { " + rule("b") + " }\n}\n");
    CHECK(has(kept.errors, 1, 9, "mfsim cannot choose the clauses to run"));
  }

  TEST_CASE("-File is an error: the file is on the machine that runs the script") {
    const auto r = import("switch -Regex -File .\\users.txt {\n  '^#' { continue }\n}\n" +
                          rule("after") + "\n");
    CHECK(lines_of(r.errors) ==
          std::vector<std::string>{
              "1:15 switch -File reads the lines of a file on the machine that runs the script, "
              "which mfsim does not have: write the values in the script, as in switch ('a', "
              "'b') { ... }"});
    CHECK(rule_names(r.set).empty());  // errors: no rule set
    const auto unknown = import("switch -Fast ('a') { }\n");
    CHECK(has(unknown.errors, 1, 8, "switch has no parameter -Fast"));
  }

  TEST_CASE("a switch inside a function and inside foreach") {
    CHECK(names_of("function Add-Policy($Level) {\n"
                   "  switch ($Level) {\n"
                   "    'High' { $scl = 9 }\n"
                   "    default { $scl = 5 }\n"
                   "  }\n"
                   "  New-TransportRule \"$Level $scl\" -SubjectContainsWords x -SetSCL $scl\n"
                   "}\n"
                   "Add-Policy High\n"
                   "Add-Policy Low\n") == names{"High 9", "Low 5"});
    CHECK(names_of("foreach ($d in 'a.example', 'b.test') {\n"
                   "  switch -Wildcard ($d) {\n"
                   "    '*.test' { continue }\n"
                   "    default { New-TransportRule \"Rule $d\" -SenderDomainIs $d -SetSCL 6 }\n"
                   "  }\n"
                   "  New-TransportRule \"After $d\" -SenderDomainIs $d -SetSCL 6\n"
                   "}\n") == names{"Rule a.example", "After a.example", "After b.test"});
    // return inside a switch ends the function's call.
    CHECK(names_of("function f { switch ('a') { 'a' { return } }; " + rule("never") + " }\nf\n" +
                   rule("after") + "\n") == names{"after"});
  }

  TEST_CASE("a switch over 100,000 items ends with the budget's error") {
    std::string items = "1";
    for (int k = 1; k < 100000; ++k) items += ",1";
    const auto r = import("$a = @(" + items + ")\nswitch ($a) {\n  1 { $x = 1 }\n}\n");
    CHECK(has(r.errors, 2, 1, "switch runs more than 100000 items, conditions and statements"));
  }

  TEST_CASE("a switch of 10,000 clauses runs; over many items it meets the budget") {
    std::string clauses;
    for (int k = 0; k < 10000; ++k) clauses += "'c" + std::to_string(k) + "' { $x = 1 }\n";
    const std::string last = "'c9999' { " + rule("last") + " }\n";
    CHECK(names_of("switch ('c9999') {\n" + clauses + last + "}\n") == names{"last"});
    const auto many = import(
        "switch -Regex ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', "
        "'k', 'l') {\n" +
        clauses + "}\n");
    CHECK(has(many.errors, 1, 1, "switch runs more than 100000 items, conditions and statements"));
  }
}
