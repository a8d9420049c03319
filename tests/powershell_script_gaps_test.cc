// Tests of the PowerShell that admin scripts use and mfsim refused or read wrong (decisions
// 1212-1217): $( ) holding statements, a function's output piped on, $script: lists changed from
// nested functions, String methods that build names, $input read once, a pipeline parameter in
// begin, assignments in conditions, and number keys of hash tables kept in arrays.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::comments_of;
using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::names_of;
using mfsim::test::only_error;
using mfsim::test::rule_names;

// The comment the script gives rule 'c' (-Comments `value`), after `setup`.
std::string comment(const std::string& setup, const std::string& value) {
  const auto r = import(setup + "New-TransportRule -Name c -SetSCL 5 -Comments " + value + "\n");
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
  return comments_of(r, "c");
}

}  // namespace

TEST_SUITE("powershell script gaps") {
  TEST_CASE("a subexpression holding statements gives what they output") {
    CHECK(comment("$c = $true\n", "$(if ($c) {'On'} else {'Off'})") == "On");
    CHECK(comment("$c = $false\n", "$(if ($c) {'On'} else {'Off'})") == "Off");
    CHECK(comment("", "\"mode $(if ($false) { 'a' } elseif ($true) { 'b' })\"") == "mode b");
    CHECK(comment("", "$($n = 2; $n * 3)") == "6");
    CHECK(comment("$h = @{}\n", "\"$($h.a = 1; $h['b'] = 2; $h.a + $h.b)\"") == "3");
    CHECK(comment("", "\"$(foreach ($i in 1..3) { $i * 2 })\"") == "2 4 6");
    CHECK(comment("", "\"[$(switch (2) { 1 {'one'} 2 {'two'} })]\"") == "[two]");
    CHECK(comment("", "\"[$($null = 1)]\"") == "[]");
    CHECK(comment("", "\"$('a'; 'b')\"") == "a b");
    CHECK(comment("", "\"$(\n  'a'\n  'b'\n)\"") == "a b");
    // What follows the ')' is the cmdlet's again.
    const auto r = import(
        "$audit = $true\nNew-TransportRule -Name x -Mode $(if ($audit) {'Audit'} else "
        "{'Enforce'}) -SetSCL 9\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"x"});
  }

  TEST_CASE("an error inside a subexpression's statements passes over that statement only") {
    const auto r = import(
        "New-TransportRule -Name a -Comments $(if ($true) { 'a' 5 }) -SetSCL 9\n"
        "New-TransportRule -Name b -SetSCL 9\n");
    // One error: the line after is read as a statement of its own, not as the rest of the $( ).
    REQUIRE_MESSAGE(r.errors.size() == 1, lines_of(r.errors));
    CHECK(has(r.errors, 1, 56, "unexpected '5'"));
    CHECK(only_error("New-TransportRule -Name a -Comments $(if ($true) { 'a' -SetSCL 9\n")
              .starts_with("1:"));
    CHECK(only_error("$x = \"$($a = 1; 'b' 'c')\"\n").find("unexpected") != std::string::npos);
  }

  TEST_CASE("a function's output piped to a stage runs the stage on its items") {
    CHECK(names_of("function Get-Domains { 'a.example'; 'b.example' }\n"
                   "function Add-Rule { param([Parameter(ValueFromPipeline)]$d) process {\n"
                   "  New-TransportRule -Name \"r-$d\" -SetSCL 9 } }\n"
                   "Get-Domains | Add-Rule\n") ==
          std::vector<std::string>{"r-a.example", "r-b.example"});
    CHECK(names_of(
              "function F { 3; 1; 2 }\n"
              "F | Sort-Object | ForEach-Object { New-TransportRule -Name \"n$_\" -SetSCL 1 }\n") ==
          std::vector<std::string>{"n1", "n2", "n3"});
    // A function that outputs nothing gives the next stage no item ($null would be one).
    CHECK(
        names_of("function F { }\nfunction G { process { New-TransportRule -Name g -SetSCL 1 } }\n"
                 "F | G\nNew-TransportRule -Name x -SetSCL 1\n") == std::vector<std::string>{"x"});
    // Where a value goes too: assigned, in ( ), @( ) and $( ).
    CHECK(comment("function F { 3; 1; 2 }\n$x = F | Sort-Object\n", "\"$x\"") == "1 2 3");
    CHECK(comment("function F { 3; 1; 2 }\n", "\"$(F | Sort-Object -Descending)\"") == "3 2 1");
    CHECK(comment("function F { 3; 1; 2 }\n", "(@(F | Where-Object { $_ -gt 1 }).Count)") == "2");
    CHECK(comment("function F { }\n$x = F | ForEach-Object { 'q' }\n", "\"[$x]\"") == "[]");
    CHECK(names_of("function F { New-TransportRule -Name f -SetSCL 1; 'out' }\nF | Out-Null\n") ==
          std::vector<std::string>{"f"});
    const auto shown = import("function F { 'out' }\nF | Format-Table\nF | Out-Null\n");
    CHECK_MESSAGE(shown.errors.empty(), lines_of(shown.errors));
  }

  TEST_CASE("$script:list.Add() from a nested function adds to the script's list") {
    CHECK(names_of("$script:results = New-Object System.Collections.ArrayList\n"
                   "function Inner { param($n) $null = $script:results.Add($n) }\n"
                   "function Outer { Inner 'a'; Inner 'b' }\nOuter\n"
                   "foreach ($d in $results) { New-TransportRule -Name $d -SetSCL 9 }\n") ==
          std::vector<std::string>{"a", "b"});
    // A function with a $results of its own adds to the script's one all the same.
    CHECK(names_of("$results = [System.Collections.Generic.List[string]]::new()\n"
                   "function F { $results = 'mine'; $script:results.Add('x')\n"
                   "  New-TransportRule -Name \"in-$results\" -SetSCL 1 }\nF\n"
                   "New-TransportRule -Name \"out-$results\" -SetSCL 1\n") ==
          std::vector<std::string>{"in-mine", "out-x"});
  }

  TEST_CASE("PadLeft, PadRight, Replace and the other String methods names are built with") {
    CHECK(comment("$n = 'Rule'\n",
                  "(\"[\" + $n.PadRight(7) + \"][\" + $n.PadLeft(6, '*') + \"]\")") ==
          "[Rule   ][**Rule]");
    CHECK(comment("", "'ab'.PadLeft(1)") == "ab");
    CHECK(comment("", "'é'.PadLeft(3, 'ü')") == "üüé");  // counted in .NET characters
    CHECK(comment("", "'a.b.c'.Replace('.', '-')") == "a-b-c");
    CHECK(comment("", "'aAa'.Replace('a', $null)") == "A");  // ordinal, with case
    CHECK(comment("",
                  "('abc'.Contains('B'), 'abc'.Contains('b'), 'abc'.StartsWith('ab'), "
                  "'abc'.EndsWith('x'), 'abc'.IndexOf('c'), 'abc'.IndexOf('z') -join ',')") ==
          "False,True,True,False,2,-1");
    CHECK(comment("", "'x'.ToString()") == "x");
    CHECK(only_error("$x = 'a'.PadLeft(-1)\n").find("ArgumentOutOfRangeException") !=
          std::string::npos);
    CHECK(only_error("$x = 'a'.PadLeft(3, 'ab')\n").find("not one character") != std::string::npos);
    CHECK(only_error("$x = 'a'.Replace('', 'b')\n").find("zero length") != std::string::npos);
    CHECK(only_error("$x = 'a'.Contains($null)\n").find("ArgumentNullException") !=
          std::string::npos);
    // Past the value budget before the text is built, not after.
    CHECK(only_error("$x = 'a'.PadLeft(2147483647)\n").find("256 MiB") != std::string::npos);
    // Outside printable ASCII the culture of the machine decides StartsWith.
    CHECK(only_error("if ('é'.StartsWith('e')) { New-TransportRule -Name x -SetSCL 1 }\n")
              .find("culture") != std::string::npos);
  }

  TEST_CASE("$input is spent once read; the pipeline parameter is unbound in begin") {
    const auto r = import(
        "function F { param([Parameter(ValueFromPipeline)][string]$d = 'none')\n"
        "  begin { New-TransportRule -Name \"b[$d]\" -SetSCL 1 }\n"
        "  process { New-TransportRule -Name \"p[$d]\" -SetSCL 1 } }\n"
        "'a', 'b' | F\n"
        "function G { param([Parameter(ValueFromPipeline)][int]$n)\n"
        "  begin { New-TransportRule -Name \"gb[$n]\" -SetSCL 1 }\n"
        "  New-TransportRule -Name \"ge[$n][$($input -join ',')][$($input -join ',')]\" -SetSCL 1 "
        "}\n"
        "5, 6 | G\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) ==
          std::vector<std::string>{"b[none]", "p[a]", "p[b]", "gb[0]", "ge[6][5,6][]"});
  }

  TEST_CASE("an assignment in a condition assigns and tests; $null = and == say what they are") {
    CHECK(names_of("$x = 'a'\nif ($y = $x) { New-TransportRule -Name \"t$y\" -SetSCL 1 }\n") ==
          std::vector<std::string>{"ta"});
    const auto r = import(
        "$x = 1\nif ($x -eq 2) { }\nelseif ($y = $x) { New-TransportRule -Name a "
        "-SetSCL 1 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(has(r.warnings, 3, 9, "'=' in the condition assigns $y"));
    CHECK(only_error("$x = 1\nif ($x -eq 2) { }\nelseif ($null = $x) { }\n")
              .starts_with("3:9 ($null = ...) in a condition assigns the value to $null"));
    CHECK(only_error("if ($a == 1) { }\n").find("'==' is no PowerShell operator") !=
          std::string::npos);
    CHECK(only_error("$h = @{}\nif ($h.Name = 'x') { }\n").find("write -eq") != std::string::npos);
    // A command on the right is the idiom the page means: no warning.
    const auto idiom = import("if ($r = Get-TransportRule 'x') { }\n");
    CHECK(idiom.errors.empty());
    CHECK_FALSE(has(idiom.warnings, 1, 5, "'=' in the condition"));
  }

  TEST_CASE("a hash table kept in an array keeps its number keys") {
    CHECK(comment("$a = @(@{3 = 'c'; '4' = 'd'})\n",
                  "\"$($a[0].3)|$($a[0][3])|$($a[0]['3'])|$($a[0].4)|$($a[0]['4'])\"") ==
          "c|c|||d");
    CHECK(comment("$h = @{1 = 'i'}\n$a = @($h)\n$h[1] = 'j'\n$h['1'] = 'k'\n",
                  "\"$($a[0][1])|$($a[0]['1'])|$($a[0].Count)\"") == "j|k|2");
    CHECK(comment("$h = @{1 = 'i'; '1' = 's'}\n$a = @($h)\n$h.Remove(1)\n",
                  "\"$($a[0][1])|$($a[0]['1'])\"") == "|s");
    CHECK(comment("$a = @(@{x = 1})\n", "\"$a\"") == "System.Collections.Hashtable");
  }
}
