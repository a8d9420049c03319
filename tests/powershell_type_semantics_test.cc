// PowerShell's types where an admin script's result depends on them (decisions 976 to 980,
// 1024 to 1028): a number compared with a text compares the number the text writes, $null in
// comparisons and arithmetic, type-constrained variables and parameters, and hash table keys
// that keep their type.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::comments_of;
using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::only_error;

// The text `expression` gives, as a rule's comment shows it ("$(...)").
std::string shown(const std::string& prelude, const std::string& expression) {
  const auto r = import(prelude + "New-TransportRule -Name 'r' -SetSCL 5 -Comments \"$(" +
                        expression + ")\"\n");
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors).front());
  return comments_of(r, "r");
}

}  // namespace

TEST_SUITE("powershell type semantics") {
  TEST_CASE("a number compared with a text compares the number the text writes") {
    // PowerShell's binder scans the text as a numeric literal (Parser.ScanNumber) and compares
    // the two numbers, a fraction kept: '1.5' is 1.5, not the [int] 2 (decision 1024).
    CHECK(shown("", "2 -eq '1.5'") == "False");
    CHECK(shown("", "2 -eq '2.5'") == "False");
    CHECK(shown("", "2 -eq '2.0'") == "True");
    CHECK(shown("", "2 -gt '1.5'") == "True");
    CHECK(shown("", "2 -ge '1.5'") == "True");
    CHECK(shown("", "10 -eq '0x0A'") == "True");
    CHECK(shown("", "0 -eq ''") == "True");
    CHECK(shown("", "0 -eq ' '") == "True");
    CHECK(shown("", "5 -eq 'five'") == "False");
    CHECK(shown("", "2 -eq ' 2.0 '") == "True");
    CHECK(shown("", "1024 -eq '1kb'") == "True");
    CHECK(shown("", "-16 -eq '-0x10'") == "True");
    CHECK(shown("", "5 -lt '0x0A'") == "True");
    // Two numbers compare as numbers, a Double's fraction kept.
    CHECK(shown("", "2 -eq 1.5") == "False");
    CHECK(shown("", "1.5 -eq '1.5'") == "True");
    CHECK(shown("", "1.5 -lt '2'") == "True");
    // A text on the left compares texts.
    CHECK(shown("", "'1.5' -eq 2") == "False");
    // -eq on an array, -contains and -in compare each item as the left operand.
    CHECK(shown("", "(1, 2, 3) -eq '2.4'").empty());
    CHECK(shown("", "(1, 2, 3) -contains '2.0'") == "True");
    CHECK(shown("", "'1.5' -in 1, 2") == "False");
  }

  TEST_CASE("a whole number ordered against a text that is no number is an error there") {
    const auto r = import("$x = 5 -lt 'five'\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 1, 8, "'five' is not a number"));
  }

  TEST_CASE("null times anything is null, and null is 0 to the other arithmetic") {
    // PowerShell's binder: $null * x is $null; $null - x, / and % compute with 0.
    CHECK(shown("", "$null -eq ($null * 3)") == "True");
    CHECK(shown("", "$null -eq ($null * 'abc')") == "True");
    CHECK(shown("", "$null - 1") == "-1");
    CHECK(shown("", "$null / 2") == "0");
    CHECK(shown("", "$null % 2") == "0");
    CHECK(shown("", "5 - $null") == "5");
    CHECK(shown("", "5 * $null") == "0");
    CHECK(shown("$missing = $null\n", "$missing * 2 + 1") == "1");
  }

  TEST_CASE("a number divided by null is a division by zero") {
    const auto r = import("$x = 5 / $null\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 1, 8, "division by zero"));
  }

  TEST_CASE("a typed variable converts what it is assigned later") {
    // about_Variables, "type-constrained": the variable keeps the type it was cast to.
    CHECK(shown("[double]$x = 1\n$x = '2.5'\n", "$x * 2") == "5");
    CHECK(shown("[int]$n = '7'\n", "$n + 1") == "8");
    CHECK(shown("[int]$n = 1\n$n = '2.5'\n", "$n") == "2");
    CHECK(shown("[int]$n = 1\n$n += '2'\n", "$n + 1") == "4");
    CHECK(shown("[string]$s = 'a'\n$s = 5\n", "$s + 1") == "51");
    CHECK(shown("[int]$i = 3\n$i -= 0.5\n", "$i") == "2");
    // A new typed assignment types it anew.
    CHECK(shown("[int]$n = 1\n[string]$n = 'abc'\n", "$n") == "abc");
  }

  TEST_CASE("a typed variable assigned what its type refuses is an error at the value") {
    const auto r = import("[int]$n = 1\n$n = 'abc'\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 2, 6, "[int] cannot convert 'abc' to a number"));
  }

  TEST_CASE("a typed parameter converts what it is given and what it is assigned") {
    // about_Functions_Advanced_Parameters: an argument is converted to the declared type.
    const std::string function =
        "function Get-Half {\n"
        "  param([double]$t)\n"
        "  $t = $t / 4\n"
        "  $t\n"
        "}\n";
    CHECK(shown(function, "Get-Half 2") == "0.5");
    CHECK(shown(function, "Get-Half '6'") == "1.5");
    CHECK(shown("function Add-One([int]$n) { $n + 1 }\n", "Add-One '41'") == "42");
    CHECK(shown("param([double]$t = 1)\n$t = '2.5'\n", "$t * 2") == "5");
  }

  TEST_CASE("a function's variable of the caller's name is its own, untyped") {
    CHECK(shown("[int]$n = 1\nfunction Set-Text { $n = 'abc'; $n }\n", "Set-Text") == "abc");
    CHECK(shown("[int]$n = 1\nfunction Set-Text { $n = 'abc' }\nSet-Text\n$n = '3'\n", "$n + 1") ==
          "4");
  }

  TEST_CASE("a hash table keeps a number key apart from a text key") {
    // about_Hash_Tables: keys are objects; the Int32 1 and the text '1' are two keys, while a
    // text key is found without case.
    CHECK(shown("$h = @{ 1 = 'a' }\n", "$null -eq $h['1']") == "True");
    CHECK(shown("$h = @{ 1 = 'a' }\n", "$h[1]") == "a");
    CHECK(shown("$h = @{ '1' = 'a' }\n", "$null -eq $h[1]") == "True");
    CHECK(shown("$h = @{ Name = 'a' }\n", "$h['NAME']") == "a");
    CHECK(shown("$h = @{ 1 = 'a'; '1' = 'b' }\n", "$h[1] + $h['1'] + $h.Count") == "ab2");
    CHECK(shown("$h = @{ 5 = 'High' }\n", "$h.ContainsKey(5), $h.ContainsKey('5')") ==
          "True False");
    CHECK(shown("$h = @{}\n$h.Add(5, 'x')\n", "$h[5] + ($null -eq $h['5'])") == "xTrue");
    // A number key is a number: .Keys gives numbers to add.
    CHECK(shown("$h = @{ 5 = 'x' }\n", "$h.Keys[0] + 1") == "6");
  }

  TEST_CASE("$Matches keys a numbered group by its number and a named group by its name") {
    const std::string matched = "$null = 'ab' -match '(?<x>a)(b)'\n";
    CHECK(shown(matched, "$Matches[0] + $Matches[1] + $Matches.x") == "abba");
    CHECK(shown(matched, "$null -eq $Matches['1']") == "True");
  }

  TEST_CASE("an ordered table indexed by a whole number gives the value at that position") {
    CHECK(shown("$o = [ordered]@{ b = 'first'; a = 'second' }\n", "$o[1]") == "second");
  }

  TEST_CASE("a number key given twice in a table literal is an error") {
    const auto r = import("$h = @{ 1 = 'a'; 1 = 'b' }\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 1, 18, "the key '1' is given twice"));
  }

  TEST_CASE("a Double past 15 digits is refused naming its exact value") {
    // 1E15 + 1 is exact, but Windows PowerShell 5.1 writes it 1E+15 and PowerShell 7
    // 1.000000000000001E+15: the refusal names the number and the reason.
    const std::string error = only_error("$x = 1E15 + 1\n");
    CHECK_MESSAGE(error.find("the Double 1000000000000001") != std::string::npos, error);
    CHECK_MESSAGE(error.find("PowerShell 5.1 writes rounded to 15") != std::string::npos, error);
  }

  TEST_CASE("a number ordered against null is ordered against 0 and never equal") {
    // Binders.cs CompareLT/GT/...: -1 -lt $null, $null -gt -1; 0 -le $null is False (decision
    // 1025).
    CHECK(shown("", "-1 -lt $null") == "True");
    CHECK(shown("", "$null -gt -1") == "True");
    CHECK(shown("", "0 -le $null") == "False");
    CHECK(shown("", "0 -gt $null") == "True");
    CHECK(shown("", "$null -lt 0") == "True");
    CHECK(shown("", "(-2, 0, 3) -lt $null") == "-2");
  }

  TEST_CASE("an array type converts null to null") {
    // LanguagePrimitives converts $null to a reference type as $null: an unbound [string[]]
    // parameter stays $null (decisions 424 and 1026).
    CHECK(shown("[string[]]$x = $null\n", "$null -eq $x") == "True");
    CHECK(shown("function f { param([string[]]$D) $null -eq $D }\n", "f") == "True");
    CHECK(shown("param([array]$D)\n", "$null -eq $D") == "True");
    CHECK(shown("[string[]]$x = $null\n$x += 'a'\n", "$x.Count") == "1");
  }

  TEST_CASE("a typed foreach variable converts each item") {
    // The loop assigns its variable, which keeps its type (decision 1027).
    CHECK(shown("[int]$i = 0\nforeach ($i in 1.5, 2.5) { $last = $i }\n", "$last") == "2");
    const auto r = import("[int]$i = 0\nforeach ($i in 'a') { }\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 2, 1, "[int] cannot convert 'a' to a number"));
  }

  TEST_CASE("a function's counter change of the caller's typed variable is its own, untyped") {
    CHECK(shown("[int]$n = 1\nfunction f { $n -= 0.5; $n }\n", "f") == "0.5");
    CHECK(shown("[int]$n = 1\nfunction f { $n -= 0.5 }\nf\n", "$n") == "1");
  }

  TEST_CASE("a negative number key in a table literal is a number") {
    // A key is a unary expression (the language's key-expression): -1 is the Int32 -1
    // (decision 1028).
    CHECK(shown("$h = @{ -1 = 'a' }\n", "$h[-1]") == "a");
    CHECK(shown("$h = @{ -1 = 'a' }\n", "$null -eq $h['-1']") == "True");
  }
}
