// What reviews of the PowerShell reader left open (decisions 1115-1119): an Int64 key is not
// the Int32 one, arithmetic converts a text as PowerShell's binder does, a [bool] parameter
// refuses a quoted number, and [int] converts as Windows PowerShell 5.1 does; and (decisions
// 1165-1171) a function as a pipeline's stage, a found policy piped to Set-X, -and and -or that
// do not evaluate their right operand, booleans in arithmetic, a text trimmed as String.Trim()
// does, a minus before a quoted text, and `&` after an operator.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::names_of;
using mfsim::test::only_error;

// What "$(expression)" writes, after `prelude` runs.
std::string value_of(const std::string& expression, const std::string& prelude = "") {
  const auto names = names_of(prelude + "New-TransportRule -Name \"v $(" + expression +
                              ")\" -SubjectContainsWords 'a' -SetSCL 5\n");
  return names.empty() ? std::string("(no rule)") : names.front().substr(2);
}

bool refused(const std::string& script, const std::string& fragment) {
  const std::string error = only_error(script);
  CHECK_MESSAGE(error.find(fragment) != std::string::npos, error);
  return error.find(fragment) != std::string::npos;
}

}  // namespace

TEST_SUITE("powershell review43") {
  TEST_CASE("an Int64 key is not the Int32 key of the same value") {
    const std::string added = "$h = @{}\n$h.Add([long]1, 'a')\n";
    CHECK(value_of("$null -eq $h[1]", added) == "True");
    CHECK(value_of("$h[[long]1]", added) == "a");
    CHECK(value_of("$h.ContainsKey(1)", added) == "False");
    CHECK(value_of("$h[1L]", added) == "a");
    CHECK(value_of("$h[[long]0 + 1]", added) == "a");  // Int64 arithmetic stays an Int64
    // Both can be keys of one table; a literal past an Int32 is an Int64 already.
    CHECK(value_of("$t.Count", "$t = @{ 1 = 'i'; 1L = 'l' }\n") == "2");
    CHECK(value_of("$t[[int64]1]", "$t = @{ 1 = 'i'; 1L = 'l' }\n") == "l");
    CHECK(value_of("$t[3000000000]", "$t = @{ 3000000000 = 'big' }\n") == "big");
    CHECK(value_of("$null -eq $t[[long]1]", "$t = @{ 1 = 'i' }\n") == "True");
    // Int32 arithmetic past an Int32 is a Double key, Int64 arithmetic an Int64 one (1151).
    const std::string past = "$p = @{}\n$p[2147483647 + 1] = 'd'\n$p[[long]2147483647 + 1] = 'l'\n";
    CHECK(value_of("$p[2147483648.0] + $p[2147483648] + $p.Count", past) == "dl2");
  }

  TEST_CASE("arithmetic converts a text the scan refuses to the other operand's type") {
    CHECK(value_of("5 - '1,000'") == "-995");
    CHECK(value_of("'1,000' - 5") == "995");
    CHECK(value_of("5 + '1,000'") == "1005");
    CHECK(value_of("5 - '1,000.5'") == "-995");  // an Int32 beside: 1000.5 rounded to even
    CHECK(value_of("5.5 - '1,000.5'") == "-995");
    CHECK(value_of("'10' - '1,000'") == "-990");  // two texts: an Int32
    CHECK(value_of("2 * '#10'") == "32");
    CHECK(value_of("[long]5 + '3,000,000,000'") == "3000000005");
    // What the scan reads keeps its own type: white space, hexadecimal, multipliers, '' 0.
    CHECK(value_of("5 - ' 2 '") == "3");
    CHECK(value_of("5 - '0x10'") == "-11");
    CHECK(value_of("1 + '1kb'") == "1025");
    CHECK(value_of("5 - '-0x10'") == "21");
    CHECK(value_of("5 - ''") == "5");
    CHECK(value_of("5 - '1.5'") == "3.5");
    // Past an Int32, or no number: PowerShell's error.
    CHECK(refused("$x = 5 + '3,000,000,000'\n", "cannot be added"));
    CHECK(refused("$x = 5 - 'five'\n", "mfsim reads - on numbers"));
  }

  TEST_CASE("a [bool] parameter takes a bare number and refuses a quoted one") {
    const std::string f = "function f([bool]$b) { $b }\n";
    CHECK(refused(f + "$x = f '1'\n", "cannot convert the text '1' to [bool]"));
    CHECK(refused(f + "$x = f -b:'0'\n", "cannot convert the text '0' to [bool]"));
    CHECK(refused(f + "$x = f \"1\"\n", "cannot convert the text '1' to [bool]"));
    CHECK(value_of("f 1", f) == "True");
    CHECK(value_of("f 0.0", f) == "False");
    CHECK(value_of("f -b 1e3", f) == "True");
    CHECK(value_of("f -b:0", f) == "False");
    // A bare 1.5 made a String by [string] is a text to the [bool] parameter (decision 1150);
    // passed on as it is, it stays the Double.
    CHECK(refused(f + "function g([string]$v) { f $v }\ng 1.5\n", "cannot convert the text"));
    CHECK(refused(f + "function g($v) { f ([string]$v) }\ng 1.5\n", "cannot convert the text"));
    CHECK(value_of("g 1.5", f + "function g($v) { f $v }\n") == "True");
  }

  TEST_CASE("[int] converts a text as Windows PowerShell 5.1 does") {
    CHECK(refused("$n = [int]'  '\n", "[int] cannot convert '  ' to a number"));
    CHECK(refused("$n = [int]'-0x10'\n", "[int] cannot convert '-0x10' to a number"));
    CHECK(refused("$n = [int]'+0x10'\n", "cannot convert"));
    CHECK(refused("$n = [int]'0x1FFFFFFFF'\n", "cannot convert"));
    CHECK(refused("$n = [byte]'0x100'\n", "cannot convert"));
    CHECK(refused("$n = [double]' '\n", "cannot convert"));
    CHECK(value_of("[int]'0xFFFFFFFF'") == "-1");
    CHECK(value_of("[int]'#FFFFFFFF'") == "-1");
    CHECK(value_of("[int]'0x80000000'") == "-2147483648");
    CHECK(value_of("[long]'0xFFFFFFFF'") == "4294967295");
    CHECK(value_of("[long]'0xFFFFFFFFFFFFFFFF'") == "-1");
    CHECK(value_of("[byte]'0xFF'") == "255");
    CHECK(value_of("[int]''") == "0");
    CHECK(value_of("[double]''") == "0");
    CHECK(value_of("[int]' 0x10 '") == "16");
    // A comparison scans the text first, so a sign and white space alone are still read there.
    CHECK(value_of("-16 -eq '-0x10'") == "True");
    CHECK(value_of("0 -eq '  '") == "True");
    CHECK(value_of("-1 -eq '#FFFFFFFF'") == "True");
  }

  TEST_CASE("a member named by a number is set as the number key") {
    // `$h.1 = value` sets the key `$h.1` reads (decision 1120).
    const std::string set = "$h = @{}\n$h.1 = 'z'\n";
    CHECK(value_of("$h[1]", set) == "z");
    CHECK(value_of("$h.1", set) == "z");
    CHECK(value_of("$null -eq $h['1']", set) == "True");
    CHECK(value_of("$h.1 + $h.Count", "$h = @{ 1 = 'a' }\n$h.1 += 'b'\n") == "ab1");
    CHECK(value_of("$h['1'] + $h.Count", "$h = @{ '1' = 'a' }\n$h.1 = 'b'\n") == "a2");
    CHECK(refused("$h = @{}\n$h.1kb = 'z'\n", "is set only as a whole number"));
  }

  TEST_CASE("& F and . F where a value goes give what the function outputs") {
    // about_Operators, "Call operator" and "Dot sourcing operator" (decision 1121).
    const std::string f = "$n = 0\nfunction f { $n = 5; 'v' }\n";
    CHECK(value_of("\"$x $n\"", f + "$x = . f\n") == "v 5");
    CHECK(value_of("\"$x $n\"", f + "$x = & f\n") == "v 0");
    CHECK(value_of("\"$x $n\"", f + "$x = f\n") == "v 0");
    CHECK(refused("$x = & g\n", "expected a value, found '&'"));
  }

  TEST_CASE("a boolean is no hash table key mfsim keeps") {
    // $true is a Boolean key, which the text 'True' does not find (decision 1148).
    CHECK(refused("$h = @{}\n$h.Add($true, 1)\n", "the key is the boolean $true"));
    CHECK(refused("$h = @{}\n$h[$false] = 1\n", "the key is the boolean $false"));
    CHECK(value_of("$h['True'] + $h.Count", "$h = @{ 'True' = 't' }\n$h.Remove($true)\n") == "t1");
  }

  TEST_CASE("a switch given a number is on unless it is 0, an Int64 0 included") {
    // A number's flag is its Int64 mark, no boolean (decisions 1115 and 1149).
    CHECK(value_of("(3, 1, 2 | Sort-Object -Descending:([long]0)) -join ','") == "1,2,3");
    CHECK(value_of("(3, 1, 2 | Sort-Object -Descending:1) -join ','") == "3,2,1");
    CHECK(value_of("(3, 1, 2 | Sort-Object -Descending:$true) -join ','") == "3,2,1");
    CHECK(value_of("(3, 1, 1 | Select-Object -Unique:([long]0)) -join ','") == "3,1,1");
    CHECK(value_of("(3, 1, 1 | Select-Object -Unique:2) -join ','") == "3,1");
  }

  // What the review of the forty-fourth session found (decisions 1165-1171).
  TEST_CASE("a function's process block runs once for each item piped to it") {
    const std::string f = "function F { process { $_ * 10 } }\n";
    CHECK(value_of("(1, 2 | F) -join ','", f) == "10,20");
    CHECK(value_of("(@() | F).Count", f) == "0");
    // begin once, process per item, end once; they share the function's scope.
    const std::string sum =
        "function Sum { begin { $t = 0 } process { $t += $_ } end { \"total $t\" } }\n";
    CHECK(value_of("1, 2, 3 | Sum", sum) == "total 6");
    // A parameter declared ValueFromPipeline binds each item; return ends one item's pass.
    const std::string named =
        "function G { param([Parameter(ValueFromPipeline)][string]$Domain, $Suffix)\n"
        "  process { if ($Domain -eq 'skip') { return }; \"$Domain$Suffix\" } }\n";
    CHECK(value_of("('a', 'skip', 'b' | G -Suffix '!') -join ','", named) == "a!,b!");
    // A body without a process block is the end block: the parameter holds the last item,
    // $input all of them.
    CHECK(value_of("1, 2, 3 | H", "function H { param([Parameter(ValueFromPipeline)]$n) $n }\n") ==
          "3");
    CHECK(value_of("(1, 2 | I) -join ','", "function I { foreach ($x in $input) { $x + 1 } }\n") ==
          "2,3");
  }

  TEST_CASE("a function fed from a pipeline creates a rule per item") {
    const auto names = names_of(
        "function Add-Block {\n"
        "  param([Parameter(Mandatory, ValueFromPipeline)][string]$Domain)\n"
        "  process { New-TransportRule -Name \"Block $Domain\" -SenderDomainIs $Domain "
        "-DeleteMessage $true }\n"
        "}\n"
        "'a.example', 'b.example' | Add-Block\n");
    REQUIRE(names.size() == 2);
    CHECK(names[0] == "Block a.example");
    CHECK(names[1] == "Block b.example");
    // Items only the running script knows: the function is not run, and that is said.
    CHECK(
        refused("function F { process { New-TransportRule -Name \"r$_\" -SetSCL 5 } }\n"
                "$u | F\n",
                "piped to the function F: the items are known only when the script runs"));
  }

  TEST_CASE("a found policy piped to Set-X binds its Identity") {
    const auto r = import(
        "$p = Get-HostedContentFilterPolicy Default\n"
        "$p | Set-HostedContentFilterPolicy -BulkThreshold 6\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors).front());
    CHECK(r.set.antispam.bulk_threshold == 6);
    const auto rule = import(
        "New-TransportRule -Name 'r' -SubjectContainsWords 'a' -SetSCL 5\n"
        "$r = Get-TransportRule 'r'\n"
        "$r | Set-TransportRule -SetSCL 7\n");
    REQUIRE_MESSAGE(rule.errors.empty(), lines_of(rule.errors).front());
    REQUIRE(rule.set.transport_rules.size() == 1);
    CHECK(rule.set.transport_rules[0].actions.set_scl.value_or(-99) == 7);
  }

  TEST_CASE("-and and -or do not evaluate an operand that cannot change the result") {
    CHECK(value_of("$false -and $unknown") == "False");
    CHECK(value_of("$true -or $unknown") == "True");
    CHECK(value_of("0 -and (Get-Mailbox x)") == "False");
    // What the operand would have done is not done.
    CHECK(value_of("\"$r $x\"", "$x = 1\n$r = $false -and ($x = 5)\n") == "False 1");
    CHECK(names_of("$null = $true -or (New-TransportRule -Name 'n' -SubjectContainsWords 'a' "
                   "-SetSCL 5)\nNew-TransportRule -Name 'm' -SubjectContainsWords 'a' -SetSCL 5\n")
              .size() == 1);
    // Evaluated where it decides: an unknown there stays unknown.
    CHECK(
        refused("$r = $true -and $unknown\nNew-TransportRule -Name $r -SubjectContainsWords a "
                "-SetSCL 5\n",
                "known only when the script runs"));
  }

  TEST_CASE("a boolean in arithmetic is the number 1 or 0") {
    CHECK(value_of("$true + 1") == "2");
    CHECK(value_of("1 + $true") == "2");
    CHECK(value_of("$true + $true") == "2");
    CHECK(value_of("$false - 1") == "-1");
    CHECK(value_of("5 * $true") == "5");
    CHECK(value_of("-$true") == "-1");
  }

  TEST_CASE("a text converted to a number is trimmed of what String.Trim() trims") {
    CHECK(value_of("[int]'\xC2\xA0"
                   "12\xC2\xA0'") == "12");
    CHECK(value_of("[int]'\xE3\x80\x80"
                   "7'") == "7");  // U+3000, an ideographic space
    CHECK(value_of("5 - '\xC2\xA0"
                   "2'") == "3");
    // Double.Parse, the fallback, trims only its own white space: PowerShell fails too.
    CHECK(
        refused("$n = [int]'\xC2\xA0"
                "1,000'\n",
                "cannot convert"));
  }

  TEST_CASE("a minus before a quoted text subtracts it from 0") {
    CHECK(value_of("-'1,000'") == "-1000");
    CHECK(value_of("-\"2\"") == "-2");
    CHECK(value_of("-'1.5'") == "-1.5");
    CHECK(refused("$x = -'abc'\n", "mfsim reads - on numbers"));
  }

  TEST_CASE("& after an operator is PowerShell's parse error") {
    const std::string f = "function F { 2 }\n";
    CHECK(refused(f + "$x = 1 + & F\n", "'&' after an operator"));
    CHECK(refused(f + "$x = 1, & F\n", "'&' after an operator"));
    CHECK(refused(f + "$x = 2 -eq & F\n", "'&' after an operator"));
    CHECK(value_of("1 + (& F)", f) == "3");
    CHECK(value_of("$x", f + "$x = & F\n") == "2");
  }

  // What the review of decisions 1165-1171 found (decisions 1197-1198).
  TEST_CASE("an operand -and or -or does not evaluate raises nothing and uses up no warning") {
    // A function that would end the script, leave a loop or throw is not called.
    CHECK(value_of("$r", "function Stop { exit }\n$r = $false -and (Stop)\n") == "False");
    CHECK(value_of("$r", "function T { throw 'x' }\n$r = $true -or (T)\n") == "True");
    CHECK(value_of("$o -join ','",
                   "function B { break }\n"
                   "$o = foreach ($i in 1..3) { $null = $false -and (B); $i }\n") == "1,2,3");
    // What only running it fails on is no error: the guard idiom.
    CHECK(value_of("$r", "$v = 'abc'\n$r = $v -match '^[0-9]+$' -and [int]$v -gt 5\n") == "False");
    CHECK(value_of("$r", "$r = $false -and [int]'abc' -or $true\n") == "True");
    // The warning once per script the operand would have given is still given where it runs.
    const auto r = import(
        "$h = @{ a = 1; b = 2 }\n$r = $false -and ($h.Keys -join ',')\n"
        "foreach ($k in $h.Keys) { New-TransportRule -Name \"r$k\" -SubjectContainsWords a "
        "-SetSCL 5 }\n");
    REQUIRE(r.errors.empty());
    CHECK(lines_of(r.warnings).size() == 1);
    // Undone inside a process block, which walks the items meanwhile.
    CHECK(value_of("(1, 2, 3 | F) -join ','",
                   "function F { process { $null = $false -and ($x = 1); $_ } }\n") == "1,2,3");
  }

  TEST_CASE("an operand -and skips inside a long foreach leaves the items the loop walks") {
    // Undoing the operand assigned the loop's held list whole, freeing the items foreach was
    // walking: 20,000 items (a buffer the allocator gives back to the system) crashed mfsim.
    // An operand that may change state (a call, here) is undone; one that cannot is not copied.
    CHECK(names_of("$n = 0\nforeach ($i in 1..20000) { if ($false -and $i -gt 0) { $n++ } }\n"
                   "$m = 0\nforeach ($i in 1..20000) { if ($true -or $i) { $m++ } }\n"
                   "$c = 0\nforeach ($i in 1..2000) { if ($false -and ($i -gt 0)) { $c++ } }\n"
                   "New-TransportRule -Name \"r$n $m $c\" -SetSCL 5\n") ==
          std::vector<std::string>{"r0 20000 0"});
  }

  TEST_CASE("return in a begin or end block leaves only that block") {
    const std::string f =
        "function F { begin { 'b'; return; 'x' } process { \"p$_\"; return; 'y' } "
        "end { 'e'; return 'r'; 'z' } }\n";
    CHECK(value_of("(1, 2 | F) -join ','", f) == "b,p1,p2,e,r");
    CHECK(value_of("(G) -join ','",
                   "function G { begin { 'b'; return } process { 'p'; return; 'y' } "
                   "end { 'e' } }\n") == "b,p,e");
  }

  TEST_CASE("$input holds nothing in begin, the current item in process, and what is left in end") {
    CHECK(value_of("(1, 2 | F) -join ','", "function F { process { $input } }\n") == "1,2");
    CHECK(value_of(
              "(1, 2 | F) -join ','",
              "function F { begin { @($input).Count } process { } end { @($input).Count } }\n") ==
          "0,0");
    // Without a process block the end block has them all.
    CHECK(value_of("(1, 2 | F) -join ','",
                   "function F { begin { @($input).Count } end { @($input).Count } }\n") == "0,2");
  }
}
