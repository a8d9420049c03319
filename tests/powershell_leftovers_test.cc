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

  TEST_CASE("++ and -- inside expressions: the prefix form gives the new value, postfix the old") {
    CHECK(names_of("$rules = @('a', 'b', 'c')\n$i = 0\n"
                   "New-TransportRule -Name $rules[$i++] -SetSCL 5\n"
                   "New-TransportRule -Name ($rules[$i++]) -SetSCL 5\n"
                   "$count = 0\n$n = ++$count\n$m = $count++\n$d = --$count\n$e = $count--\n"
                   "New-TransportRule -Name \"i$i n$n m$m d$d e$e c$count\" -SetSCL 5\n") ==
          strings{"a", "b", "i2 n1 m1 d1 e1 c0"});
  }

  TEST_CASE("a value in parentheses is read once: its ++ or Add runs once") {
    CHECK(names_of("$a = 1\n$b = ($a++)\n$l = New-Object System.Collections.ArrayList\n"
                   "$x = ($l.Add(5))\n"
                   "New-TransportRule -Name \"a$a b$b n$($l.Count) x$x\" -SetSCL 5\n") ==
          strings{"a2 b1 n1 x0"});
  }

  TEST_CASE("a command's argument $i++ is no step: argument mode reads ++ as no operator") {
    CHECK(only_error("$i = 3\nNew-TransportRule -Name $i++ -SetSCL 5\n")
              .starts_with("2:27 New-TransportRule: unexpected value '++'"));
    CHECK(names_of("$r = @('a', 'b')\n$i = 0\nNew-TransportRule -Name $r[$i++] -SetSCL 5\n"
                   "New-TransportRule -Name ($i++) -SetSCL 5\n"
                   "New-TransportRule -Name \"i$i\" -SetSCL 5\n") == strings{"a", "1", "i2"});
  }

  TEST_CASE("++ inside a loop's condition steps the counter each pass") {
    CHECK(
        names_of("$a = 0\nwhile (++$a -lt 3) { New-TransportRule -Name \"w$a\" -SetSCL 5 }\n"
                 "$b = 3\ndo { New-TransportRule -Name \"d$b\" -SetSCL 5 } while ($b-- -gt 2)\n") ==
        strings{"w1", "w2", "d3", "d2"});
  }

  TEST_CASE("++ on what is not a number, and on a member, is an error at its place") {
    CHECK(only_error("$t = 'x'\n$n = ++$t\n") ==
          "2:6 ++$t: $t is 'x', not a number (++, -- and -= change numbers)");
    CHECK(only_error("$h = @{ Count = 1 }\n$n = ++$h.Count\n") ==
          "2:6 ++$h: mfsim reads ++ and -- on a variable, not on a member, an index or $env:");
  }

  TEST_CASE("a loop whose condition steps a counter forever ends at the budget") {
    const auto r = import("$a = 0\nwhile (++$a) { }\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(lines_of(r.errors)[0].starts_with("2:1 the while loop"));
  }

  TEST_CASE("a for loop's initializer and step may be several assignments, as about_For writes") {
    CHECK(names_of("for (($i = 0), ($j = 10); $i -lt 2; $i++, $j--) {\n"
                   "  New-TransportRule -Name \"i$i j$j\" -SetSCL 5\n}\n"
                   "for (($k = 0), ($l = 5); $k -lt 2; ($k++), ($l--)) {\n"
                   "  New-TransportRule -Name \"k$k l$l\" -SetSCL 5\n}\n") ==
          strings{"i0 j10", "i1 j9", "k0 l5", "k1 l4"});
    // A value in parentheses is the value assigned.
    CHECK(names_of("$x = ($y = 'both')\nNew-TransportRule -Name \"$x $y\" -SetSCL 5\n") ==
          strings{"both both"});
    // Without the parentheses it is one assignment of the array 0, $j: PowerShell's error too.
    CHECK(only_error("for ($i = 0, $j = 10; $i -lt 2; $i++) { }\n") ==
          "1:17 for ($i = 0, $j = ...) is one assignment to the array 0, $j, which PowerShell "
          "refuses: write each assignment in parentheses, as in (($i = ...), ($x = ...)) "
          "(about_For)");
  }

  TEST_CASE("a List of int converts what is added, and a HashSet of int keeps 1 and '1' once") {
    CHECK(names_of("$l = [System.Collections.Generic.List[int]]::new()\n$l.Add('5')\n"
                   "$s = New-Object System.Collections.Generic.HashSet[int]\n"
                   "[void]$s.Add(1)\n$added = $s.Add('1')\n"
                   "$t = [System.Collections.Generic.List[string]]@(1, 2)\n$t.Add(3)\n"
                   "New-TransportRule -Name \"$($l[0] + 1) $($s.Count) $added $($t[2] + 1)\" "
                   "-SetSCL 5\n") == strings{"6 1 False 31"});
    // A cast to the list converts the items too; other item types keep them as given.
    CHECK(
        names_of("$c = [System.Collections.Generic.HashSet[int]]@('1', 1, '01')\n"
                 "$o = [System.Collections.Generic.List[object]]@('1', 1)\n"
                 "New-TransportRule -Name \"$($c.Count) $($o.Count) $($o[0] + 1)\" -SetSCL 5\n") ==
        strings{"1 2 11"});
  }

  TEST_CASE("an item a List of int cannot convert is the cast's error, where it is added") {
    CHECK(only_error("$l = [System.Collections.Generic.List[int]]::new()\n$l.Add('abc')\n") ==
          "2:1 [int] cannot convert 'abc' to a number");
    CHECK(only_error("$l = [System.Collections.Generic.List[int]]@('1', 'x')\n") ==
          "1:6 [int] cannot convert 'x' to a number");
  }

  TEST_CASE("a typed list's $null, hash table and unknown items") {
    // [int]$null is 0; a hash table is no number, and as a text its type's name.
    CHECK(names_of("$l = [System.Collections.Generic.List[int]]::new()\n$l.Add($null)\n"
                   "$t = [System.Collections.Generic.List[string]]::new()\n$t.Add(@{ a = 1 })\n"
                   "New-TransportRule -Name \"$($l[0] + 1) $($t[0])\" -SetSCL 5\n") ==
          strings{"1 System.Collections.Hashtable"});
    CHECK(only_error("$l = [System.Collections.Generic.List[int]]::new()\n$l.Add(@{ a = 1 })\n") ==
          "2:1 [int] cannot convert a hash table (PowerShell fails too)");
    // What only the running script knows is converted when it runs: no error here.
    const auto r = import(
        "$l = [System.Collections.Generic.List[int]]::new()\n"
        "$l.Add($env:COUNT)\nNew-TransportRule -Name 'x' -SetSCL 5\n");
    CHECK_MESSAGE(r.errors.empty(), lines_of(r.errors));
  }

  TEST_CASE("+= on a list makes an array, whose Add PowerShell refuses") {
    CHECK(only_error("$l = [System.Collections.Generic.List[string]]::new()\n$l += 'a'\n"
                     "$l.Add('b')\n")
              .starts_with("3:1 $l.Add(...): $l holds an array, whose size is fixed"));
    CHECK(only_error("$l = New-Object System.Collections.ArrayList\n$l += @{ N = 1 }\n"
                     "$l.Add('b')\n")
              .starts_with("3:1 $l.Add(...): $l holds an array"));
    // A variable a cast typed as a list stays one: += makes the list again, items converted.
    CHECK(names_of("[System.Collections.Generic.List[int]]$t = @()\n$t += '4'\n$t.Add(5)\n"
                   "New-TransportRule -Name \"$($t.Count) $($t[0] + 1)\" -SetSCL 5\n") ==
          strings{"2 5"});
  }

  TEST_CASE("Add of an array to an ArrayList is one item in .NET: an error, not two items") {
    CHECK(only_error("$al = New-Object System.Collections.ArrayList\n"
                     "[void]$al.Add(@('a', 'b'))\n") ==
          "2:7 $al.Add(...): Add adds the array as one item of $al, an array inside the list, "
          "which mfsim's lists cannot hold; add the items one by one: foreach ($x in ...) { "
          "[void]$al.Add($x) }");
    // A List of string converts the array to one text, as PowerShell does.
    CHECK(names_of("$l = [System.Collections.Generic.List[string]]::new()\n"
                   "$l.Add(@('a', 'b'))\nNew-TransportRule -Name \"$($l.Count) $($l[0])\" "
                   "-SetSCL 5\n") == strings{"1 a b"});
  }

  TEST_CASE("an unassigned variable close to $false or to an assigned one is named as a typo") {
    CHECK(only_error("New-TransportRule -Name x -SubjectContainsWords a -SetSCL 6 -Enabled:$fals\n")
              .find("$fals (not assigned in this script; did you mean '$false'?)") !=
          std::string::npos);
    CHECK(only_error("$egress = '104.30.32.0/19'\n"
                     "New-TransportRule -Name x -SenderIpRanges $egres -SetSCL 6\n")
              .find("$egres (not assigned in this script; did you mean '$egress'?)") !=
          std::string::npos);
    // A name close to nothing gets no guess.
    const std::string plain = only_error("New-TransportRule -Name $tenantName -SetSCL 6\n");
    CHECK(plain.find("$tenantName (not assigned in this script)") != std::string::npos);
  }

  TEST_CASE("[int] converts as PowerShell does: booleans, $null, spaces, hexadecimal, fractions") {
    // A sign before 0x is Windows PowerShell 5.1's error (decision 1118).
    CHECK(names_of("$v = @([int]$true, [int]$false, [int]$null, [int]'', [int]' 7 ', [int]'0x10', "
                   "[int]'3.5', [int]'2.5', [int]'-2.5', [int]'1e3', [int]'+4')\n"
                   "New-TransportRule -Name ($v -join ' ') -SetSCL 5\n") ==
          strings{"1 0 0 0 7 16 4 2 -2 1000 4"});
    // A typed list converts its items the same way.
    CHECK(names_of("$l = [System.Collections.Generic.List[int]]::new()\n"
                   "$l.Add($true)\n$l.Add(' 7 ')\n$l.Add('0x10')\n$l.Add('3.5')\n"
                   "New-TransportRule -Name ($l -join ' ') -SetSCL 5\n") == strings{"1 7 16 4"});
    // What PowerShell cannot convert stays an error.
    CHECK(only_error("$n = [int]'12abc'\n").find("[int] cannot convert '12abc' to a number") !=
          std::string::npos);
    CHECK(only_error("$n = [int]'1e400'\n").find("cannot convert") != std::string::npos);
  }
}
