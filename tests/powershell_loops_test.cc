// Tests of the loops the PowerShell importer runs pass by pass (docs/decisions.md 450 to 453):
// for, while, do ... while / until, the counters that step them ($i++, $i -= 2), break and
// continue (labels, nesting, through function calls, not out of a ForEach-Object block), the
// budgets that stop a loop that never ends, and the undecided loops skipped for changing nothing.
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

using names = std::vector<std::string>;

}  // namespace

TEST_SUITE("powershell loops") {
  TEST_CASE("for runs its body while the condition holds, the step after each pass") {
    CHECK(names_of("for ($i = 0; $i -lt 3; $i++) { New-TransportRule \"for $i\" -SetSCL 5 }\n") ==
          names{"for 0", "for 1", "for 2"});
    CHECK(names_of("for ($i = 3; $i -gt 0; $i--) { New-TransportRule \"down $i\" -SetSCL 5 }\n") ==
          names{"down 3", "down 2", "down 1"});
    CHECK(
        names_of("for ($i = 0; $i -le 4; $i += 2) { New-TransportRule \"even $i\" -SetSCL 5 }\n") ==
        names{"even 0", "even 2", "even 4"});
    // about_For: line breaks instead of ';', and a step of several counters.
    CHECK(names_of("$j = 10\nfor ($i = 0\n  $i -lt 2\n  $i++, $j--\n) { New-TransportRule \"nl $i "
                   "$j\" -SetSCL 5 }\n") == names{"nl 0 10", "nl 1 9"});
    // A condition that is false at once runs nothing.
    CHECK(names_of("for ($i = 5; $i -lt 3; $i++) { New-TransportRule never }\n").empty());
  }

  TEST_CASE("any part of for may be left out; for (;;) runs until break") {
    CHECK(
        names_of("$i = 0\nfor (; $i -lt 2;) { New-TransportRule \"bare $i\" -SetSCL 5; ++$i }\n") ==
        names{"bare 0", "bare 1"});
    CHECK(names_of("$i = 0\nfor (;;) { $i++; if ($i -gt 2) { break }; New-TransportRule \"ever "
                   "$i\" -SetSCL 5 }\n") == names{"ever 1", "ever 2"});
    CHECK(names_of("$i = 0\nfor (;;$i++) { if ($i -eq 2) { break }; New-TransportRule \"step $i\" "
                   "-SetSCL 5 }\n") == names{"step 0", "step 1"});
  }

  TEST_CASE("counters give numbers; += adds numbers instead of making a list") {
    CHECK(names_of("$a = 1; $a++; $a++\n$b = 5; $b--\n$d = 7; --$d; $d -= 3\n$e = 2; $e += 40\n"
                   "New-TransportRule \"n $a $b $d $e\" -SetSCL 5\n") == names{"n 3 4 3 42"});
    CHECK(names_of("$n = $null; $n++\nNew-TransportRule \"null $n\" -SetSCL 5\n") ==
          names{"null 1"});
  }

  TEST_CASE("a counter on a text or an unknown value") {
    const auto text = import("$t = 'abc'\n$t++\n");
    CHECK(lines_of(text.errors) ==
          std::vector<std::string>{"2:1 $t++: $t is 'abc', not a number (++, -- and -= change "
                                   "numbers)"});
    // An unassigned variable stays known only when the script runs, named where it is used.
    const auto unknown = import("$count++\nNew-TransportRule \"x $count\" -SetSCL 5\n");
    REQUIRE(unknown.errors.size() == 1);
    CHECK(unknown.errors[0].message.find("$count (changed by $count++ at line 1)") !=
          std::string::npos);
  }

  TEST_CASE("while tests before each pass, do after: do runs at least once") {
    CHECK(names_of("$n = 3\nwhile ($n -gt 0) { New-TransportRule \"w $n\" -SetSCL 5; $n-- }\n") ==
          names{"w 3", "w 2", "w 1"});
    CHECK(names_of("while ($false) { New-TransportRule never }\n").empty());
    CHECK(names_of("do { New-TransportRule once -SetSCL 5 } while ($false)\n") == names{"once"});
    CHECK(names_of("$k = 0\ndo {\n  $k++\n  New-TransportRule \"d $k\" -SetSCL 5\n}\nwhile ($k "
                   "-lt 2)\n") == names{"d 1", "d 2"});
  }

  TEST_CASE("do ... until runs while its condition is false") {
    // about_Do: the same loop written with until and the opposite comparison.
    CHECK(
        names_of("$k = 0\ndo { $k++; New-TransportRule \"u $k\" -SetSCL 5 } until ($k -ge 2)\n") ==
        names{"u 1", "u 2"});
    CHECK(names_of("$k = 0\ndo { $k++; New-TransportRule \"t $k\" -SetSCL 5 } until ($true)\n") ==
          names{"t 1"});
  }

  TEST_CASE("break ends the loop it is in, in every kind of loop") {
    CHECK(
        names_of("foreach ($d in 'a', 'b', 'c') { if ($d -eq 'b') { break }; "
                 "New-TransportRule \"fe $d\" -SetSCL 5 }\nNew-TransportRule after -SetSCL 5\n") ==
        names{"fe a", "after"});
    CHECK(names_of("for ($i = 0; $i -lt 5; $i++) { if ($i -eq 2) { break }; New-TransportRule \"f "
                   "$i\" -SetSCL 5 }\n") == names{"f 0", "f 1"});
    CHECK(names_of("$n = 0\nwhile ($true) { $n++; New-TransportRule \"w $n\" -SetSCL 5; if ($n -ge "
                   "2) { break } }\n") == names{"w 1", "w 2"});
    CHECK(names_of("$n = 0\ndo { $n++; if ($n -eq 3) { break }; New-TransportRule \"d $n\" "
                   "-SetSCL 5 } until ($false)\n") == names{"d 1", "d 2"});
  }

  TEST_CASE("continue goes on with the next pass; for's step still runs, do's condition too") {
    CHECK(names_of("foreach ($d in 'a', 'b', 'c') { if ($d -eq 'b') { continue }; "
                   "New-TransportRule \"fe $d\" -SetSCL 5 }\n") == names{"fe a", "fe c"});
    // about_Continue: the step runs after continue, so the loop ends.
    CHECK(names_of("for ($i = 0; $i -lt 4; $i++) { if ($i -eq 1) { continue }; New-TransportRule "
                   "\"f $i\" -SetSCL 5 }\n") == names{"f 0", "f 2", "f 3"});
    CHECK(names_of("$n = 0\nwhile ($n -lt 3) { $n++; if ($n -eq 2) { continue }; "
                   "New-TransportRule \"w $n\" -SetSCL 5 }\n") == names{"w 1", "w 3"});
    CHECK(names_of("$n = 0\ndo { $n++; if ($n -eq 1) { continue }; New-TransportRule \"d $n\" "
                   "-SetSCL 5 } while ($n -lt 3)\n") == names{"d 2", "d 3"});
  }

  TEST_CASE("in nested loops break and continue act on the inner one only") {
    CHECK(names_of("foreach ($a in 1, 2) {\n  for ($b = 1; $b -le 3; $b++) {\n    if ($b -eq 2) "
                   "{ break }\n    New-TransportRule \"n $a $b\" -SetSCL 5\n  }\n  "
                   "New-TransportRule \"outer $a\" -SetSCL 5\n}\n") ==
          names{"n 1 1", "outer 1", "n 2 1", "outer 2"});
    CHECK(names_of("$a = 0\nwhile ($a -lt 2) {\n  $a++\n  foreach ($b in 1, 2, 3) { if ($b -eq 2) "
                   "{ continue }; New-TransportRule \"c $a $b\" -SetSCL 5 }\n}\n") ==
          names{"c 1 1", "c 1 3", "c 2 1", "c 2 3"});
  }

  TEST_CASE("labels: break and continue name the loop they act on") {
    CHECK(
        names_of(":outer for ($x = 1; $x -le 3; $x++) {\n  foreach ($y in 1, 2) {\n    if ($y "
                 "-eq 2) { continue outer }\n    if ($x -eq 3) { break OUTER }\n    "
                 "New-TransportRule \"l $x $y\" -SetSCL 5\n  }\n  New-TransportRule never\n}\n") ==
        names{"l 1 1", "l 2 1"});
    const auto missing = import(":outer foreach ($a in 1) { break inner }\n");
    CHECK(lines_of(missing.errors) ==
          std::vector<std::string>{"1:28 break inner: no loop labelled :inner is under way here"});
    const auto stray = import(":outer New-TransportRule x\n");
    CHECK(lines_of(stray.errors) ==
          std::vector<std::string>{"1:1 :outer labels a loop: expected foreach, for, while or do "
                                   "after it, found 'New-TransportRule'"});
  }

  TEST_CASE("break in a function called from a loop ends that loop, as PowerShell's does") {
    // about_Break: break looks up the call stack for the loop it ends.
    CHECK(names_of("function Stop-Here { break }\nforeach ($a in 1, 2, 3) { New-TransportRule "
                   "\"r $a\" -SetSCL 5; if ($a -eq 2) { Stop-Here } }\nNew-TransportRule after "
                   "-SetSCL 5\n") == names{"r 1", "r 2", "after"});
  }

  TEST_CASE("break and continue outside any loop are errors at the keyword") {
    const auto r = import(
        "New-TransportRule a -SetSCL 5\nbreak\ncontinue\n"
        "function f {\n  continue\n}\nf\n");
    const auto errors = lines_of(r.errors);
    REQUIRE(errors.size() == 3);
    CHECK(
        errors[0].starts_with("2:1 break outside a loop: PowerShell would quietly end the whole "
                              "script here (about_Break)"));
    CHECK(errors[1].starts_with("3:1 continue outside a loop"));
    CHECK(errors[2].starts_with("5:3 continue outside a loop"));
  }

  TEST_CASE("break and continue in ForEach-Object are errors; return goes on with the next item") {
    const auto r = import(
        "'a', 'b' | ForEach-Object { if ($_ -eq 'a') { break } }\n"
        "'a', 'b' | % {\n  continue\n}\n");
    const auto errors = lines_of(r.errors);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].starts_with(
        "1:47 break in a ForEach-Object script block does not end the pipeline"));
    CHECK(
        errors[1].starts_with("3:3 continue in a ForEach-Object script block does not go on "
                              "with the next item"));
    // about_Return: return ends the script block's run for this item.
    CHECK(names_of("'a', 'b', 'c' | ForEach-Object { if ($_ -eq 'b') { return }; "
                   "New-TransportRule \"p $_\" -SetSCL 5 }\nNew-TransportRule after -SetSCL 5\n") ==
          names{"p a", "p c", "after"});
    // Inside a loop inside the block, break is the loop's.
    CHECK(names_of("'a', 'b' | ForEach-Object { foreach ($n in 1, 2) { if ($n -eq 2) { break }; "
                   "New-TransportRule \"q $_ $n\" -SetSCL 5 } }\n") == names{"q a 1", "q b 1"});
  }

  TEST_CASE("finally runs when break leaves its try block") {
    CHECK(
        names_of("foreach ($a in 1, 2, 3) {\n  try { if ($a -eq 2) { break }; New-TransportRule "
                 "\"t $a\" -SetSCL 5 }\n  finally { New-TransportRule \"f $a\" -SetSCL 5 }\n}\n") ==
        names{"t 1", "f 1", "f 2"});
  }

  TEST_CASE("a condition mfsim cannot decide is an error where it is, naming what it depends on") {
    const auto w = import("while ($env:RUNS) { New-TransportRule x -SetSCL 5 }\n");
    CHECK(lines_of(w.errors) ==
          std::vector<std::string>{"1:8 the condition depends on $env:RUNS, known only when the "
                                   "script runs (from the tenant, the machine or whoever runs it): "
                                   "mfsim cannot tell how many times the while loop runs (assign "
                                   "it a literal in the script)"});
    const auto f = import("for ($i = 0; $i -lt $count; $i++) { New-TransportRule \"r $i\" }\n");
    REQUIRE(f.errors.size() == 1);
    CHECK(has(f.errors, 1, 14, "depends on $count (not assigned in this script)"));
    CHECK(has(f.errors, 1, 14, "--define count=VALUE"));
    // do's condition is read after the first pass: the rule it made is kept, the error given.
    const auto d = import("do {\n  New-TransportRule once -SetSCL 5\n} until ($done)\n");
    CHECK(lines_of(d.errors).size() == 1);
    CHECK(has(d.errors, 3, 10, "how many times the do loop runs"));
  }

  TEST_CASE("an undecided loop that changes no mail flow is skipped with a warning") {
    // An interactive menu: its condition is Read-Host's answer.
    const auto menu = import(
        "$choice = ''\n"
        "while ($choice -ne 'q') {\n"
        "  $choice = Read-Host 'Choose (q to quit)'\n"
        "  Write-Host \"You chose $choice\"\n"
        "}\n"
        "New-TransportRule after -SetSCL 5\n");
    REQUIRE_MESSAGE(menu.errors.empty(), lines_of(menu.errors));
    CHECK(rule_names(menu.set) == names{"after"});
    CHECK(has(menu.warnings, 2, 8,
              "the while loop's condition depends on $choice (assigned the output of Read-Host at "
              "line 3), known only when the script runs; the loop changes no mail flow (only "
              "Read-Host, Write-Host), so mfsim skips it"));
    // A loop that only an if's break ends, the if on Read-Host's answer.
    const auto ended = import(
        "while ($true) {\n  $c = Read-Host 'Again?'\n  if ($c -eq 'n') { break }\n  Write-Host "
        "'again'\n}\nNew-TransportRule after -SetSCL 5\n");
    REQUIRE_MESSAGE(ended.errors.empty(), lines_of(ended.errors));
    CHECK(rule_names(ended.set) == names{"after"});
    CHECK(has(ended.warnings, 3, 7, "a branch of this if ends or goes on with the while loop"));
    // What a skipped loop assigns is known only when the script runs.
    const auto used = import(
        "do { $answer = Read-Host 'Name?' } until ($answer)\n"
        "New-TransportRule $answer -SetSCL 5\n");
    REQUIRE(used.errors.size() == 1);
    CHECK(used.errors[0].message.find("$answer (assigned in a skipped branch at line 1)") !=
          std::string::npos);
  }

  TEST_CASE("an undecided loop that creates rules is an error, as an undecided if is") {
    const auto r = import(
        "while ($more -ne 'n') {\n  New-TransportRule \"r $more\" -SetSCL 5\n  $more = Read-Host "
        "'More?'\n}\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 1, 8, "mfsim cannot tell how many times the while loop runs"));
    // An if that continues the loop on Read-Host's answer decides which rules are made.
    const auto skip = import(
        "foreach ($d in 'a', 'b') {\n  $ok = Read-Host \"Create $d?\"\n  if ($ok -ne 'y') { "
        "continue }\n  New-TransportRule \"r $d\" -SetSCL 5\n}\n");
    CHECK(
        lines_of(skip.errors) ==
        std::vector<std::string>{"3:7 the condition depends on $ok (assigned the output of "
                                 "Read-Host at line 2), known only when the script runs (from the "
                                 "tenant, the machine or whoever runs it): mfsim cannot choose a "
                                 "branch (assign it a literal in the script, or give --define "
                                 "ok=VALUE)"});
  }

  TEST_CASE("a loop that never ends stops at the budget, at its keyword") {
    for (const std::string& script :
         {std::string("while ($true) { }\n"), std::string("  for (;;) {}\n"),
          std::string("do {} until ($false)\n"), std::string("do { } while (1)\n")}) {
      const auto r = import("New-TransportRule before -SetSCL 5\n" + script);
      CAPTURE(script);
      REQUIRE(r.errors.size() == 1);
      const auto line = lines_of(r.errors)[0];
      CHECK(line.starts_with(script[0] == ' ' ? "2:3 the for loop" : "2:1 the "));
      CHECK(line.find("loop does not end within 100000 passes and statements (the PowerShell "
                      "unrolling limit)") != std::string::npos);
    }
    // Passes that create rules count too, and the rules of a loop over the budget are not kept.
    const auto creating = import("for ($i = 0; ; $i++) { New-TransportRule \"r $i\" -SetSCL 5 }\n");
    CHECK(lines_of(creating.errors).at(0).starts_with("1:1 the for loop does not end within"));
  }

  TEST_CASE("a long body read again pass by pass stops at the re-reading budget") {
    const std::string body = "<# " + std::string(std::size_t{1} << 20, 'x') + " #>";
    const auto r = import("$n = 0\nwhile ($n -lt 100) { " + body + " $n++ }\n");
    CHECK(lines_of(r.errors) ==
          std::vector<std::string>{"2:1 loops and function calls read the script again past 64 "
                                   "MiB (the PowerShell unrolling limit)"});
  }

  TEST_CASE("an error in a loop's body is one error, and the loop is passed over") {
    const auto r = import(
        "for ($i = 0; $i -lt 3; $i++) {\n  New-TransportRule \"r $i\" -SetSCL 5 )\n}\n"
        "do {\n  New-TransportRule x -SetSCL (\n}\nwhile ($false)\n"
        "for ($h = @{ a = '{' }; $h.a -eq '{'; $h = @{ a = '}' }) {\n  New-TransportRule x )\n}\n"
        "New-TransportRule after -SetSCL $notset\n");
    const auto errors = lines_of(r.errors);
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].starts_with("2:38 unexpected ')'"));
    CHECK(errors[1].starts_with("6:1 expected a value"));
    CHECK(errors[2].starts_with("9:23 unexpected ')'"));
    CHECK(errors[3].starts_with("11:"));  // the statement after the loops is read
    // A problem the rule's parameters have is given once, not once per pass.
    const auto runner =
        import("for ($i = 0; $i -lt 3; $i++) { New-TransportRule \"r $i\" -Bogus }\n");
    CHECK(runner.errors.size() == 1);
  }

  TEST_CASE("loops in a function run at each call, with the function's own variables") {
    CHECK(names_of("$i = 'kept'\nfunction Add-Rules($Prefix) {\n  for ($i = 1; $i -le 2; $i++) { "
                   "New-TransportRule \"$Prefix $i\" -SetSCL 5 }\n}\nAdd-Rules a\nAdd-Rules b\n"
                   "New-TransportRule \"after $i\" -SetSCL 5\n") ==
          names{"a 1", "a 2", "b 1", "b 2", "after kept"});
  }

  TEST_CASE("a loop that creates nothing loads, and its warnings are given once") {
    const auto r = import(
        "for ($i = 0; $i -lt 3; $i++) { Write-Host \"pass $i\" }\n"
        "foreach ($n in 1, 2, 3) { if (Get-TransportRule 'Same') { } }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(r.set.transport_rules.empty());
    CHECK(r.warnings.size() == 1);  // the tenant query asked in every pass, said once
  }

  TEST_CASE("return in & { } ends the block and the script goes on") {
    CHECK(names_of("& { New-TransportRule in -SetSCL 5; return; New-TransportRule never }\n"
                   "New-TransportRule after -SetSCL 5\n") == names{"in", "after"});
  }
}
