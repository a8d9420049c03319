// Tests from a hostile review of += on a table's entry ($null + an array) and of the block an
// erroneous statement opens (decision 463): an escaped quote opens no block.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::comments_of;
using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;

// A rule named `name` whose comment shows `value` joined by ';'.
std::string shown(const std::string& name, const std::string& value) {
  return "New-TransportRule -Name '" + name + "' -SetSCL 5 -Comments (" + value + " -join ';')\n";
}

}  // namespace

TEST_SUITE("powershell review2") {
  TEST_CASE("+= of an array on a new key of a hash table makes the array, not its text") {
    // PowerShell: $null + @('alpha', 'beta') is the array of both.
    const auto r = import(
        "$h = @{}\n"
        "$h.Words += @('alpha', 'beta')\n" +
        shown("words", "$h.Words") + shown("count", "$h.Words.Count"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "words") == "alpha;beta");
    CHECK(comments_of(r, "count") == "2");
  }

  TEST_CASE("$null plus an array is the array") {
    const auto r = import("$w = $null + @('a', 'b')\n" + shown("count", "$w.Count"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "count") == "2");
  }

  TEST_CASE("after an error, an escaped quote in the statement opens no block that hides lines") {
    // The '{' is inside the text "say `"hi {": the lines after the broken statement are read,
    // and the error on line 3 is reported too.
    const auto r = import(
        "$x = \"say `\"hi {\" 5\n"
        "New-TransportRule -Name 'R' -SetSCL 5\n"
        "$y = 'a' 6\n"
        "$h = @{ A = 1 }\n");
    REQUIRE_MESSAGE(r.errors.size() == 2, lines_of(r.errors));
    CHECK(has(r.errors, 1, 19, "unexpected '5'"));
    CHECK(has(r.errors, 3, 10, "unexpected '6'"));
  }

  TEST_CASE("member-access enumeration gives $null for a pscustomobject without the property") {
    // about_Member-Access_Enumeration, "Collections containing PSCustomObject instances":
    // ($foo, $bar, $baz).Foo is "Foo", $null, $null.
    const auto r = import(
        "$rules = @(\n"
        "  [pscustomobject]@{ Name = 'X' }\n"
        "  [pscustomobject]@{ Other = 'Y' }\n"
        "  [pscustomobject]@{ Name = 'Z' }\n"
        ")\n"
        "$n = $rules.Name\n" +
        shown("count", "$n.Count") + shown("none", "($null -eq $rules.Missing)"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "count") == "3");
    CHECK(comments_of(r, "none") == "True");
  }
  TEST_CASE("after an error, a block the statement opens where its first block closes is passed") {
    // `} | ForEach-Object {`: the second block is the same broken pipeline's, so its lines are
    // not read as statements; the rule after the pipeline is.
    const auto r = import(
        "Search-UnifiedAuditLog -StartDate 1 -EndDate 2 | ForEach-Object {\n"
        "  $a = $_.Id\n"
        "} | ForEach-Object {\n"
        "  New-TransportRule -Name \"R-$_\" -SetSCL 5\n"
        "}\n"
        "$y = 'a' 6\n");
    REQUIRE_MESSAGE(r.errors.size() == 2, lines_of(r.errors));
    CHECK(has(r.errors, 1, 65, "ForEach-Object"));
    CHECK(has(r.errors, 6, 10, "unexpected '6'"));
  }

  TEST_CASE("after an error, what follows a semicolon on the block's closing line is read") {
    // `}; $h = @{`: the broken statement ends at ';', and the next one is PowerShell's own.
    const auto r = import(
        "Search-UnifiedAuditLog -StartDate 1 -EndDate 2 | ForEach-Object {\n"
        "  $a = $_.Id\n"
        "}; $h = @{\n"
        "  A = 'b' 7\n"
        "}\n"
        "$y = 'a' 6\n");
    REQUIRE_MESSAGE(r.errors.size() == 3, lines_of(r.errors));
    CHECK(has(r.errors, 1, 65, "ForEach-Object"));
    CHECK(has(r.errors, 4, 11, "'7'"));
    CHECK(has(r.errors, 6, 10, "unexpected '6'"));
  }
  TEST_CASE("+= on a hash table's Count with no such key adds to the table's count") {
    // PowerShell reads $h.Count as the Count property (2), then sets the key Count to 3.
    const auto r = import(
        "$h = @{ A = 'x'; B = 'y' }\n"
        "$h.Count += 1\n"
        "$g = @{ A = 'x' }\n"
        "$g['Count'] += 1\n" +
        shown("count", "$h['Count'], $g['Count']"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "count") == "3;1");
  }
  TEST_CASE("after an error, a block opened after a semicolon on its line is not passed with it") {
    // The foreach is a statement of its own: its body is read, and its error reported.
    const auto r = import(
        "$x = 'a' 5; foreach ($i in 1..2) {\n"
        "  New-TransportRule -Name \"In\" -SetSCL 5\n"
        "  $y = 'a' 6\n"
        "}\n");
    CHECK_MESSAGE(has(r.errors, 1, 10, "unexpected '5'"), lines_of(r.errors));
    CHECK_MESSAGE(has(r.errors, 3, 12, "unexpected '6'"), lines_of(r.errors));
    // Read from after the ';': the foreach, not its body's lines alone (no "found '}'" echo).
    CHECK_MESSAGE(r.errors.size() == 2, lines_of(r.errors));
  }
  TEST_CASE("member-access enumeration of Keys gives each hash table's keys") {
    // The array has no Keys, so PowerShell asks each item: a hash table's .Keys are its keys.
    const auto r = import("$tables = @(@{ A = 1 }, @{ B = 2 })\n" + shown("keys", "$tables.Keys"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "keys") == "A;B");
  }
  TEST_CASE("the warning on an ArrayList's Add output names the call without trailing spaces") {
    const auto r = import(
        "$al = New-Object System.Collections.ArrayList\n"
        "function F { $al.Add('d') }\n"
        "$r = F\n" +
        shown("r", "$r"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(comments_of(r, "r") == "0");
    CHECK_MESSAGE(has(r.warnings, 2, 14, "$al.Add('d') outputs"), lines_of(r.warnings));
  }
  TEST_CASE("after an error, an apostrophe in a here-string opens no text that hides lines") {
    const auto r = import(
        "$t = @'\n"
        "it's {\n"
        "'@ 6\n"
        "New-TransportRule -Name 'After' -SetSCL 5\n"
        "$y = 'a' 7\n");
    REQUIRE_MESSAGE(r.errors.size() == 2, lines_of(r.errors));
    CHECK(has(r.errors, 3, 4, "unexpected '6'"));
    CHECK(has(r.errors, 5, 10, "unexpected '7'"));
  }
}
