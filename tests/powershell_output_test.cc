// Tests of what the PowerShell importer reads as output (decision 442): functions whose result a
// script keeps ($words = Get-Words), statements assigned ($scl = if ... else ...), return,
// Write-Output; and the members of hash tables scripts walk (decision 443): .Keys, .Values,
// .GetEnumerator(), .ContainsKey(), and hash tables held in arrays.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::rule_named;
using mfsim::test::rule_names;
using namespace mfsim::rules;

// "New-TransportRule -Name NAME ... -HeaderContainsWords WORDS -SetSCL SCL", one line.
std::string area1_rule(const std::string& name, const std::string& words, const std::string& scl) {
  return "New-TransportRule -Name " + name +
         " -HeaderContainsMessageHeader X-Area1Security-Disposition -HeaderContainsWords " + words +
         " -SetSCL " + scl + "\n";
}

// The names of the rules the script creates, which must load without an error.
std::vector<std::string> created(const std::string& script) {
  const auto r = import(script);
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
  return rule_names(r.set);
}

// The words of the rule `name` the script creates, which must load without an error.
std::vector<std::string> words_of(const std::string& script, const std::string& name) {
  const auto r = import(script);
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
  return rule_named(r.set, name).conditions[0].values;
}

}  // namespace

TEST_SUITE("powershell output") {
  TEST_CASE("a function's return value is what a variable assigned its call holds") {
    const auto r = import(
        "function Get-Words { return @('UCE', 'SPOOF') }\n"
        "$words = Get-Words\n" +
        area1_rule("r1", "$words", "5"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    // Get-Words is the script's own function, not a tenant query.
    CHECK(rule_named(r.set, "r1").conditions[0].values == std::vector<std::string>{"UCE", "SPOOF"});
  }

  TEST_CASE("every value a function leaves is output: one is itself, several an array") {
    const auto r = import(
        "function One { 'UCE' }\n"
        "function Several { 'UCE'\n  $x = 'ignored'\n  Write-Host 'shown'\n  'SPOOF'\n"
        "  Write-Output 'BULK', 'MALICIOUS' }\n"
        "$a = One\n$b = Several\n" +
        area1_rule("one", "$a", "5") + area1_rule("several", "$b", "6"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "one").conditions[0].values == std::vector<std::string>{"UCE"});
    CHECK(rule_named(r.set, "several").conditions[0].values ==
          std::vector<std::string>{"UCE", "SPOOF", "BULK", "MALICIOUS"});
  }

  TEST_CASE("return ends the call: what follows it in the function does not run") {
    const auto r = import(
        "function Pick($strict) {\n  if ($strict) { return 9 }\n"
        "  New-TransportRule -Name 'never' -SetSCL 1\n  return 6\n}\n"
        "$s = Pick $true\n" +
        area1_rule("r", "UCE", "$s"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"r"});
    CHECK(rule_named(r.set, "r").actions.set_scl == 9);
  }

  TEST_CASE("return in a script block run with & or . ends the block, not mfsim or the script") {
    // `& { return }` ended mfsim itself (std::terminate: nothing caught the return), and
    // `. { return }` stopped the script.
    CHECK(created("& { if ($true) { return }; New-TransportRule -Name never -SetSCL 5 }\n"
                  "New-TransportRule -Name after -SetSCL 5\n"
                  ". { return 'x' }\n"
                  "function F { . { return }; 'F' }\n"
                  "$f = F\n"
                  "New-TransportRule -Name \"after $f\" -SetSCL 5\n") ==
          std::vector<std::string>{"after", "after F"});
  }

  TEST_CASE("a function called in a value still creates its rules, and outputs the rule") {
    const auto r = import("function Add-Area1Rule([string]$Word, [int]$Scl) {\n  " +
                          area1_rule("\"Area 1 $Word\"", "$Word", "$Scl") +
                          "}\n"
                          "$created = Add-Area1Rule -Word UCE -Scl 5\n"
                          "New-TransportRule -Name 'copy' -SetSCL 7 -Comments $created.Name\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Area 1 UCE", "copy"});
    CHECK(rule_named(r.set, "copy").comments == "Area 1 UCE");
  }

  TEST_CASE("functions named without a verb are called after '=', in ( ) and in $( )") {
    const auto r =
        import("function words { 'UCE' }\n$a = words\n$b = (words)\n$c = \"$(words)!\"\n" +
               area1_rule("r", "$a, $b, $c", "5"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "r").conditions[0].values ==
          std::vector<std::string>{"UCE", "UCE", "UCE!"});
  }

  TEST_CASE("output piped to Out-Null goes no further, inside a function too") {
    CHECK(words_of("function Noise { 'SPOOF' }\n"
                   "function Kept { Noise | Out-Null\n  $null = Noise\n  [void](Noise)\n"
                   "  Get-Date | Out-File log.txt\n  Get-Date | Write-Host\n  'UCE' }\n"
                   "$w = Kept\n" +
                       area1_rule("r", "$w", "5"),
                   "r") == std::vector<std::string>{"UCE"});
  }

  TEST_CASE("output redirected with > goes to the file or $null, not to the value") {
    // about_Redirection: > (1>, *>, >>) sends the success stream to the file; 2> and 2>&1 leave it.
    const auto r = import(
        "function Noise { 'SPOOF' }\n"
        "function Kept { Noise > $null\n  Noise *> $null\n  Noise >> log.txt\n"
        "  New-TransportRule -Name 'made' -SetSCL 1 1> $null\n  Noise 2> $null\n  'UCE' }\n"
        "$w = Kept\n" +
        area1_rule("r", "$w", "5"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"made", "r"});
    CHECK(rule_named(r.set, "r").conditions[0].values == std::vector<std::string>{"SPOOF", "UCE"});
  }

  TEST_CASE("a function that outputs what only the tenant knows gives a value known only then") {
    const auto r = import(
        "function Lookup { Invoke-RestMethod https://example.com/words }\n"
        "$w = Lookup\n" +
        area1_rule("r", "$w", "5"));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].where.line == 3);
    CHECK(r.errors[0].message.find("the output of Invoke-RestMethod") != std::string::npos);
  }

  TEST_CASE("an if, foreach or try statement assigned gives what its branch outputs") {
    const auto r = import(
        "$mode = 'strict'\n"
        "$scl = if ($mode -eq 'strict') { 9 } elseif ($mode -eq 'lax') { 5 } else { 6 }\n"
        "$lax = if ($mode -eq 'lax') { 5 }\n"
        "$names = foreach ($w in 'UCE', 'SPOOF') { \"Area 1 $w\" }\n"
        "$t = try { 'BULK' } catch { 'none' }\n" +
        area1_rule("r", "$names", "$scl") +
        "New-TransportRule -Name $t -SetSCL 1 -Comments \"[$lax]\"\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    const auto& rule = rule_named(r.set, "r");
    CHECK(rule.actions.set_scl == 9);
    CHECK(rule.conditions[0].values == std::vector<std::string>{"Area 1 UCE", "Area 1 SPOOF"});
    CHECK(rule_named(r.set, "BULK").comments == "[]");  // no branch taken: $null
  }

  TEST_CASE("a switch assigned gives what its clauses output, item by item") {
    const auto r = import(
        "$mode = 'Strict'\n"
        "$scl = switch ($mode) { 'Standard' { 6 } 'Strict' { 9 } default { 5 } }\n"
        "$words = switch -Wildcard ('UCE', 'SPOOF') { 'S*' { \"x$_\" } default { $_ } }\n" +
        area1_rule("r", "$words", "$scl"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "r").actions.set_scl == 9);
    CHECK(rule_named(r.set, "r").conditions[0].values == std::vector<std::string>{"UCE", "xSPOOF"});
  }

  TEST_CASE("a hash table's value may be a statement or a pipeline") {
    const auto r = import(
        "$strict = $true\n"
        "$p = @{ Name = 'r'; SetSCL = if ($strict) { 9 } else { 6 }\n"
        "  HeaderContainsMessageHeader = 'X-Area1Security-Disposition'\n"
        "  HeaderContainsWords = 'UCE', 'SPOOF' | Sort-Object }\n"
        "New-TransportRule @p\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "r").actions.set_scl == 9);
    CHECK(rule_named(r.set, "r").conditions[0].values == std::vector<std::string>{"SPOOF", "UCE"});
  }

  TEST_CASE("an if or switch skipped for what mfsim cannot know outputs what only the run knows") {
    // Skipped, their branches' output was lost: $scl was $null, with only the warning.
    const auto r = import(
        "$scl = if ($env:STRICT) { 9 } else { 6 }\n"
        "function Pick { switch ($env:MODE) { 'a' { 'UCE' } default { 'SPOOF' } } }\n"
        "$w = Pick\n" +
        area1_rule("r", "$w", "5") + area1_rule("s", "x", "$scl"));
    REQUIRE(r.errors.size() == 2);
    CHECK(lines_of(r.errors)[0].find("the output of the switch at line 2") != std::string::npos);
    CHECK(lines_of(r.errors)[1].find("the output of the if at line 1") != std::string::npos);
    // Where a skipped branch outputs nothing (Write-Host, assignments), the value stands.
    CHECK(words_of("function Words {\n  if ($env:DEBUG) { Write-Host 'debug'; $seen = 'x' | "
                   "Sort-Object }\n  'UCE'\n}\n$w = Words\n" +
                       area1_rule("q", "$w", "5"),
                   "q") == std::vector<std::string>{"UCE"});
  }

  TEST_CASE("assigned statements nest, and ';' may follow one on its line") {
    const auto r = import(
        "$x = if ($true) { $y = if ($true) { 'a' } ; $y ; 'b' } ; $n = 'r'\n"
        "New-TransportRule -Name $n -SetSCL 5 -Comments \"$x\"\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "r").comments == "a b");
  }

  TEST_CASE("a value alone outside any function or assigned statement is still an error") {
    const auto r = import("'UCE'\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("a value alone is not a statement") != std::string::npos);
  }

  TEST_CASE("a function's output piped on to a cmdlet that changes the tenant is an error") {
    const auto r = import("function Names { 'a' }\n$x = Names | Set-TransportRule -SetSCL 5\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("Set-TransportRule fed by '|': mfsim runs a cmdlet that "
                                   "changes the organisation only as a statement of its own") !=
          std::string::npos);
  }
}

TEST_SUITE("powershell hash tables") {
  TEST_CASE("foreach over .Keys creates a rule per key, in the order written, with a warning") {
    const auto r = import(
        "$rules = @{ 'SPOOF' = 6; 'MALICIOUS' = 9 }\n"
        "foreach ($k in $rules.Keys) { " +
        area1_rule("\"Area 1 $k\"", "$k", "$rules[$k]") + "}\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Area 1 SPOOF", "Area 1 MALICIOUS"});
    CHECK(rule_named(r.set, "Area 1 MALICIOUS").actions.set_scl == 9);
    REQUIRE(r.warnings.size() == 1);
    CHECK(
        lines_of(r.warnings)[0].starts_with("2:16 .Keys: PowerShell gives the keys of a hash "
                                            "table in no set order"));
  }

  TEST_CASE("an [ordered] table's keys come in the order written, without a warning") {
    const auto r = import(
        "$rules = [ordered]@{ 'SPOOF' = 6; 'MALICIOUS' = 9 }\n"
        "$rules.GetEnumerator() | ForEach-Object { " +
        area1_rule("$_.Key", "$_.Key", "$_.Value") + "}\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"SPOOF", "MALICIOUS"});
    CHECK(rule_named(r.set, "SPOOF").actions.set_scl == 6);
    CHECK(r.warnings.empty());
  }

  TEST_CASE("an entry from .GetEnumerator() has its key as .Name too, as in PowerShell") {
    // PowerShell's type data gives DictionaryEntry the alias property Name for Key (the
    // "Name Value" columns a table prints); `$e.Name` was $null, silently.
    const auto r = import(
        "$levels = [ordered]@{ SPOOF = 6 }\n"
        "foreach ($e in $levels.GetEnumerator()) { " +
        area1_rule("\"Area 1 $($e.Name)\"", "$e.Name", "$e.Value") + "}\n" +
        "$sorted = [ordered]@{ b = 1; a = 2 }.GetEnumerator() | Sort-Object Name |"
        " ForEach-Object Name\n"
        "New-TransportRule -Name 's' -SetSCL 1 -Comments \"$sorted\"\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Area 1 SPOOF", "s"});
    CHECK(rule_named(r.set, "Area 1 SPOOF").conditions[0].values ==
          std::vector<std::string>{"SPOOF"});
    CHECK(rule_named(r.set, "s").comments == "a b");
  }

  TEST_CASE("a hash table an index takes from an array is a table, kept or returned") {
    // `$r = $rules[1]` held the array's item as the array keeps it: "@r splats a hash table of
    // parameters, but $r holds no hash table", and `$g.Name = ...` was refused.
    CHECK(created(
              "$rules = @(@{ Name = 'r1'; SetSCL = 5 }, @{ Name = 'r2'; SetSCL = 6 })\n"
              "$r = $rules[1]\nNew-TransportRule @r -SubjectContainsWords x\n"
              "function Get-First { $rules[0] }\n"
              "$g = Get-First\n$g.Name = 'r1b'\nNew-TransportRule @g -SubjectContainsWords x\n") ==
          std::vector<std::string>{"r2", "r1b"});
  }

  TEST_CASE(".Values, .Count, .ContainsKey and .Contains read the table") {
    const auto r = import(
        "$t = [ordered]@{ a = 'UCE'; b = 'SPOOF' }\n"
        "if ($t.ContainsKey('A') -and -not $t.Contains('c') -and $t.Count -eq 2) {\n  " +
        area1_rule("r", "$t.Values", "5") + "}\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "r").conditions[0].values == std::vector<std::string>{"UCE", "SPOOF"});
  }

  TEST_CASE("a key named like a member wins over it; .psbase reaches the member") {
    const auto r =
        import("$t = [ordered]@{ Keys = 'UCE'; Count = 'x' }\n" + area1_rule("r", "$t.Keys", "5") +
               "New-TransportRule -Name 'n' -SetSCL 1 -Comments \"$($t.psbase.Keys)\"\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "r").conditions[0].values == std::vector<std::string>{"UCE"});
    CHECK(rule_named(r.set, "n").comments == "Keys Count");
  }

  TEST_CASE("hash tables held in an array are tables again in a loop and by index") {
    const auto r = import(
        "$config = @(\n"
        "  @{ Name = 'Area 1 SPOOF'; HeaderContainsWords = 'SPOOF'; SetSCL = 6 },\n"
        "  @{ Name = 'Area 1 UCE'; HeaderContainsWords = 'UCE'; SetSCL = 5 }\n)\n"
        "foreach ($r in $config) { New-TransportRule @r -HeaderContainsMessageHeader "
        "X-Area1Security-Disposition -Comments $r.Name }\n"
        "New-TransportRule -Name ($config[1].Name + ' copy') -SetSCL $config[-1].SetSCL\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) ==
          std::vector<std::string>{"Area 1 SPOOF", "Area 1 UCE", "Area 1 UCE copy"});
    CHECK(rule_named(r.set, "Area 1 SPOOF").comments == "Area 1 SPOOF");
    CHECK(rule_named(r.set, "Area 1 UCE copy").actions.set_scl == 5);
  }
}
