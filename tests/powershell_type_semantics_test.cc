// PowerShell's types where an admin script's result depends on them (decisions 976 to 980,
// 1024 to 1028, 1066 to 1071): a number compared with a text compares the number the text
// writes, $null in comparisons and arithmetic, type-constrained variables, arrays and
// parameters, hash table keys that keep their type, and dot-sourced functions.
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

// Whether `script` gives one error, at line:col, saying `text`.
bool fails_at(const std::string& script, int line, int col, const std::string& text) {
  const auto r = import(script);
  return r.errors.size() == 1 && has(r.errors, line, col, text);
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
    // Past the entries, or negative: the indexer's exception is $null (decision 1072).
    CHECK(shown("$o = [ordered]@{ a = 1 }\n", "$null -eq $o[-1]") == "True");
    CHECK(shown("$o = [ordered]@{ a = 1 }\n", "$null -eq $o[5]") == "True");
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
  TEST_CASE("a text with thousands separators converts where the literal scan refuses it") {
    // Parser.ScanNumber refuses '1,000'; LanguagePrimitives then converts it to the left's type
    // through Double.Parse with the invariant culture's thousands separator (decision 1066).
    CHECK(shown("", "1000 -eq '1,000'") == "True");
    CHECK(shown("", "999 -lt '1,000'") == "True");
    CHECK(shown("", "1000 -eq '1,0,0,0'") == "True");
    CHECK(shown("", "1000 -eq '1,000.5'") == "True");  // to an Int32, rounded half to even
    CHECK(shown("", "1000.5 -eq '1,000.5'") == "True");
    CHECK(shown("", "1001 -eq '1,000.5'") == "False");
    CHECK(shown("", "1 -eq ',1'") == "False");             // a separator only after a digit
    CHECK(shown("", "1 -eq '1.0,0'") == "False");          // ... and before the point
    CHECK(shown("", "5 -eq '3,000,000,000'") == "False");  // past an Int32
    CHECK(shown("", "[int]'1,000' + 1") == "1001");
    CHECK(shown("", "[int]'2,000.5'") == "2000");
    CHECK(shown("", "[double]'1,000.25'") == "1000.25");
    CHECK(shown("[int]$n = 0\n$n = '12,345'\n", "$n") == "12345");
  }

  TEST_CASE("a text with a hexadecimal prefix the integer converter reads is a number") {
    // BaseNumberConverter.ConvertFrom reads '#' and '&h' as it reads '0x' (decision 1102).
    CHECK(shown("", "[int]'#10'") == "16");
    CHECK(shown("", "[int]' &hff '") == "255");
    CHECK(shown("", "[long]'#10' + 1") == "17");
    CHECK(shown("", "16 -eq '#10'") == "True");
    CHECK(shown("", "15 -lt '&h10'") == "True");
    CHECK(fails_at("$x = [int]'#-10'\n", 1, 6, "cannot convert"));
    CHECK(fails_at("$x = [int]'#'\n", 1, 6, "cannot convert"));
  }
  TEST_CASE("a thousands separator after the point is no number") {
    CHECK(fails_at("$x = [int]'1.0,5'\n", 1, 6, "cannot convert"));
  }
  TEST_CASE("an array type converts each item, and a typed array variable keeps converting") {
    // LanguagePrimitives converts an array item by item to the element type, and a scalar to an
    // array of one (decision 1067).
    CHECK(shown("[int[]]$a = 1, '2', 2.5\n", "$a -join '+'") == "1+2+2");
    CHECK(shown("[int[]]$a = 1, 2\n", "$a.Count") == "2");
    CHECK(shown("[int[]]$a = '7'\n", "$a.Count") == "1");
    CHECK(shown("[int[]]$a = '7'\n", "$a[0] + 1") == "8");
    CHECK(shown("[int[]]$a = 1\n$a += '4'\n", "$a -join '+'") == "1+4");
    CHECK(shown("", "([int[]]('1', '2'))[1] + 1") == "3");
    CHECK(shown("[double[]]$d = '1.5', 2\n", "$d[0] + $d[1]") == "3.5");
    CHECK(shown("", "$null -eq [int[]]$null") == "True");
  }

  TEST_CASE("an array type given an item its element type refuses is an error there") {
    CHECK(fails_at("[int[]]$a = 1, 'two'\n", 1, 1, "cannot convert 'two'"));
  }
  TEST_CASE("a bool parameter takes a boolean or a number, and refuses a text") {
    // ArgumentTypeConverterAttribute.CheckBoolValue: only a boolean or a number (decision 1068).
    const std::string f = "function f([bool]$b) { \"$b\" }\n";
    CHECK(shown(f, "f $false") == "False");
    CHECK(shown(f, "f 0") == "False");
    CHECK(shown(f, "f 2") == "True");
    CHECK(shown(f, "f 0.0") == "False");
    CHECK(
        fails_at(f + "$x = f 'False'\n", 2, 6, "f -b: cannot convert the text 'False' to [bool]"));
    CHECK(fails_at("function g([switch]$s) { $s }\n$y = g -s:'yes'\n", 2, 6,
                   "cannot convert the text 'yes' to [switch]"));
  }
  TEST_CASE("a bool parameter refuses null, and a switch parameter takes it as false") {
    // ArgumentTypeConverterAttribute.CheckBoolValue refuses $null for [bool] only; a [switch]
    // converts it to $false (LanguagePrimitives.ConvertNullToSwitch; decision 1068).
    CHECK(fails_at("function f([bool]$b) { $b }\n$x = f $null\n", 2, 6,
                   "f -b: cannot convert $null to [bool]"));
    CHECK(fails_at("function f([bool]$b) { $b }\n$x = f -b:$null\n", 2, 6,
                   "cannot convert $null to [bool]"));
    CHECK(shown("function g([switch]$s) { \"$s\" }\n", "g -s:$null") == "False");
  }
  TEST_CASE("a hash table indexed by a number in an assignment sets the number key") {
    // Hashtable's indexer adds or sets the key as given, its type kept (decision 1103).
    CHECK(shown("$h = @{}\n$h[5] = 'x'\n", "$h[5]") == "x");
    CHECK(shown("$h = @{}\n$h[5] = 'x'\n", "$null -eq $h['5']") == "True");
    CHECK(shown("$h = @{}\n$h[5] = 'x'\n$h['5'] = 'y'\n", "$h.Count") == "2");
    CHECK(shown("$h = @{ 5 = 'a' }\n$h[5] = 'b'\n", "$h[5] + $h.Count") == "b1");
    CHECK(shown("$h = @{ 5 = 1 }\n$h[5] += 2\n", "$h[5]") == "3");
    CHECK(shown("$h = @{}\n$h[5] = 'x'\n", "$h.5") == "x");
  }
  TEST_CASE("a member named by a number is the hash table's number key") {
    // Parser.MemberNameRule reads .1 as the number 1, and GetIDictionaryMember looks the key up
    // as that number (decision 1069).
    const std::string matched = "$null = 'ab' -match '(a)(b)'\n";
    CHECK(shown(matched, "$Matches.1 + $Matches.2 + $Matches.0") == "abab");
    CHECK(shown("$h = @{ 1 = 'one'; '2' = 'two' }\n", "$h.1") == "one");
    CHECK(shown("$h = @{ 1 = 'one'; '2' = 'two' }\n", "$null -eq $h.2") == "True");
    CHECK(shown("$h = @{ 10 = 'ten' }\n", "$h.010") == "ten");
    CHECK(shown("", "$null -eq $null.1") == "True");
  }

  TEST_CASE("a member number of a text or a number is $null, of an array not read") {
    // A text has no property named 1: $null, as for any property it lacks (decision 1119).
    CHECK(shown("$t = 'abc'\n", "$null -eq $t.1") == "True");
    CHECK(shown("", "$null -eq 'abc'.1") == "True");
    CHECK(shown("$n = 5\n", "$null -eq $n.2") == "True");
    CHECK(fails_at("$a = @(1, 2)\n$x = $a.1\n", 2, 9,
                   "the member .1 is read only of a hash table, a text or a number"));
  }
  TEST_CASE("a dot-sourced function assigns in its caller's scope, and & runs it as a call") {
    // about_Scopes, "Using dot-source notation with scope" (decision 1070).
    CHECK(shown("function f { $n = 5 }\n. f\n", "$n") == "5");
    CHECK(shown("function f([int]$p) { $q = $p + 1 }\n. f 4\n", "$q + $p") == "9");
    CHECK(shown("$n = 0\nfunction f { $n = 5 }\nf\n", "$n") == "0");
    CHECK(shown("$n = 0\nfunction f { $n = 5 }\n& f\n", "$n") == "0");
    CHECK(shown("$n = 0; $m = 0\nfunction f { $n = 5 }\nfunction g { . f; $m = $n + 1 }\ng\n",
                "\"$m $n\"") == "0 0");
    CHECK(shown("$n = 0\nfunction f { $n = 5 }\nfunction g { . f; $script:m = $n + 1 }\ng\n",
                "\"$m $n\"") == "6 0");
  }
  TEST_CASE("a script variable assigned in a function keeps the script's type") {
    // $script:n is the script's [int] variable, not the function's own untyped $n (about_Scopes,
    // about_Variables "type-constrained"; decision 1071).
    CHECK(shown("[int]$n = 1\nfunction f { $n = 'x'; $script:n = '7' }\nf\n", "$n + 1") == "8");
    CHECK(shown("$n = 1\nfunction f { [int]$n = 2; $script:n = 'abc' }\nf\n", "$n") == "abc");
    const auto r = import("[int]$n = 1\nfunction f { $n = 'x'; $script:n = 'abc' }\nf\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 2, 36, "cannot convert 'abc'"));
  }
  TEST_CASE("a script variable read or changed in a function that has its own is the script's") {
    // about_Scopes: $script:n names the script's variable even where the function has made a
    // local $n, which keeps its own value (decision 1101).
    CHECK(shown("$n = 1\nfunction g { $n = 'a'; $script:n }\n", "g") == "1");
    CHECK(shown("$n = 1\nfunction g { $n = 'a'; $script:n += 1; $n }\n", "g") == "a");
    CHECK(shown("$n = 1\nfunction g { $n = 'a'; $script:n += 1 }\ng\n", "$n") == "2");
    CHECK(shown("$n = 1\nfunction g { $n = 5; $script:n = $script:n + 1 }\ng\n", "$n") == "2");
    CHECK(shown("[int]$n = 1\nfunction f { $script:n++ }\nfunction g { [string]$n = 'a'; f }\ng\n",
                "$n") == "2");
    CHECK(shown("$n = 1\nfunction g { $n = 'a'; $script:n = 'b'; $n }\n", "g") == "a");
    CHECK(shown("[int]$n = 1\nfunction f { $n = 'x'; $script:n = '7'; $n = 'y' }\nf\n", "$n") ==
          "7");
  }
}
