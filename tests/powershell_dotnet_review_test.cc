// What a review of the PowerShell reader against PowerShell's and .NET's pages found: members a
// value lacks, octal escapes in patterns, -split counted from the end, String.Split and Trim by
// characters, arrays made texts (decisions 690 to 696, 698), escapes Boost reads otherwise (730), a
// parameter given $null (731), the script's $OFS (732), -like by UTF-16
// units (733), Unicode categories (750).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::names_of;
using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell dotnet review") {
  TEST_CASE("ForEach-Object NAME gives $null for an item that lacks the member") {
    // ForEach-Object -MemberName writes $null for an item without the member (strict mode
    // off), a hash table's key first, then its own members such as Keys.
    CHECK(names_of("$got = @{a = 'x'}, @{b = 'y'}, @{a = 'z'} | ForEach-Object a\n"
                   "New-TransportRule -Name ('[' + ($got -join '|') + '] ' + $got.Count) "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name (@{k = 1} | ForEach-Object Keys) -SetSCL 5\n") ==
          std::vector<std::string>{"[x||z] 3", "k"});
  }

  TEST_CASE("a property a text, a number or $null lacks is $null") {
    CHECK(names_of("$h = @{a = 'text'; n = 5}\n"
                   "New-TransportRule -Name ('[' + $h.a.a + '|' + $h.missing.a + '|' + $h.n.x + "
                   "'|' + ($null -eq $h.a.b) + '|' + $h.a.Length + ']') -SetSCL 5\n") ==
          std::vector<std::string>{"[|||True|4]"});
    // A method named without () is an object, not $null; strict mode makes a missing one an
    // error.
    CHECK(only_error("$h = @{a = 'text'}\n$x = $h.a.Substring\n")
              .starts_with("2:6 the member .Substring is not read"));
    CHECK(only_error("Set-StrictMode -Version Latest\n$h = @{a = 'text'}\n$x = $h.a.b\n")
              .starts_with("3:6 .b: "));
  }

  TEST_CASE("a New-TransportRule parameter given $null is dropped with a warning") {
    // $h.Missing is $null: the rule has no sender condition and applies to more mail than the
    // script names, which is said, never left unseen (decision 731).
    const auto r = import(
        "$h = @{a = 1}\n"
        "New-TransportRule -Name r -SenderDomainIs $h.Missing -SetSCL 5\n");
    REQUIRE(r.errors.empty());
    CHECK(has(r.set.imported.warnings, 2, 27, "-SenderDomainIs is $null"));
    CHECK(r.set.transport_rules.size() == 1);
  }

  TEST_CASE("-like reads the text as .NET characters, two for one past U+FFFF") {
    // WildcardPattern's ? and a set match one UTF-16 unit: the emoji U+1F600 is two (decision
    // 733); a character below U+10000 is one, folded as before.
    const std::string emoji = "\xF0\x9F\x98\x80";
    CHECK(names_of("New-TransportRule -Name ('1' + ('" + emoji + "x' -like '?x')) -SetSCL 5\n" +
                   "New-TransportRule -Name ('2' + ('" + emoji + "x' -like '??x')) -SetSCL 5\n" +
                   "New-TransportRule -Name ('3' + ('" + emoji + "' -like '[" + emoji +
                   "]')) -SetSCL 5\n" + "New-TransportRule -Name ('4' + ('a" + emoji + "b" + emoji +
                   "c' -like '*" + emoji + "C')) -SetSCL 5\n" +
                   "New-TransportRule -Name ('5' + ('\xC3\xA9x' -like '?X')) -SetSCL 5\n") ==
          std::vector<std::string>{"1False", "2True", "3False", "4True", "5True"});
  }

  TEST_CASE("escapes Boost reads otherwise are read as .NET reads them") {
    // .NET ("Character Escapes"): an escaped non-word character is itself, \v the vertical tab
    // alone, \uXXXX one UTF-16 unit; \<name>, \'name' and \<N> are back-references (its
    // parser's older spelling of \k<name>). Boost read \< \> \` \' as anchors, \v as any line
    // break and \u as an upper-case letter (decision 730).
    CHECK(names_of("New-TransportRule -Name ('a<b>' -replace '\\<b\\>', 'X') -SetSCL 5\n"
                   "New-TransportRule -Name (\"a'b``c\" -replace \"\\'|\\``\", '-') -SetSCL 5\n"
                   "New-TransportRule -Name ((\"a`nb\" -replace '\\v', 'X') -replace '\\n', 'LF') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name ('abb' -replace '(?<n>a)(b)\\<1>', 'ref1') -SetSCL 5\n"
                   "New-TransportRule -Name ('aba' -replace \"(?<n>a)b\\'n'\", 'refn') -SetSCL 5\n"
                   "New-TransportRule -Name ('xA' -creplace '\\u0041', 'u') -SetSCL 5\n") ==
          std::vector<std::string>{"aX", "a-b-c", "aLFb", "ref1", "refn", "xu"});
    CHECK(names_of("New-TransportRule -Name ('xAB' -creplace '[\\u0041]', 'a') -SetSCL 5\n") ==
          std::vector<std::string>{"xaB"});
    // A letter .NET does not know as an escape is refused, as .NET refuses it.
    CHECK(only_error("$x = 'a b' -replace '\\h', ''\n")
              .starts_with("1:12 -replace: the pattern '\\h' is not a regular expression"));
  }

  TEST_CASE("a Unicode category is refused, never read as one of Boost's classes") {
    // .NET's \p{L} is any letter; Boost read it as its lower-case class ('X5' -creplace gave
    // X5, PowerShell W5) and [\p{L}] as the characters p, {, L and } (decision 750).
    CHECK(only_error("$x = 'X5' -creplace '\\p{L}', 'W'\n")
              .starts_with("1:11 -replace: the pattern '\\p{L}' is not a regular expression"));
    CHECK(only_error("$x = 'x' -creplace '[\\p{L}]', 'W'\n").find("\\p{L} (a Unicode category") !=
          std::string::npos);
    CHECK(only_error("$x = 'a' -match '[^\\P{Lu}\\d]'\n").find("\\P{Lu} (a Unicode category") !=
          std::string::npos);
    // Escaped, or quoted with \Q...\E, it is text.
    CHECK(names_of("New-TransportRule -Name ('a\\p{L}' -replace '\\\\p\\{L}', 'X') -SetSCL 5\n") ==
          std::vector<std::string>{"aX"});
  }

  TEST_CASE("\\NN names group NN when there is one, else it is an octal escape") {
    // .NET ("Backreference Constructs", RegexOptions' ECMAScript table): \11 is group 11 if it
    // exists, else octal 11 (a tab); \0 takes at most two more octal digits; Boost read \11 as
    // \1 and "1", and \0101 as "A".
    CHECK(
        names_of("if (\"a`tb\" -match '^(a)\\11b$') { New-TransportRule -Name tab -SetSCL 5 }\n"
                 "if ('aa1' -match '^(a)\\11$') { New-TransportRule -Name wrong1 -SetSCL 5 }\n"
                 "if ('abcdefghijkk' -match '^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\\11$') {\n"
                 "  New-TransportRule -Name group11 -SetSCL 5 }\n"
                 "if (\"`b1\" -match '^\\0101$') { New-TransportRule -Name backspace -SetSCL 5 }\n"
                 "if ('A' -match '^\\0101$') { New-TransportRule -Name wrong2 -SetSCL 5 }\n"
                 "if ('x\xC3\x89' -match '^x\\351$') { New-TransportRule -Name e -SetSCL 5 }\n"
                 "New-TransportRule -Name ('a9' -replace '(a)\\19', '<$1>') -SetSCL 5\n") ==
        std::vector<std::string>{"tab", "group11", "backspace", "e", "a9"});
    CHECK(names_of("if (\"`t\" -match '^[\\11]$') { New-TransportRule -Name class -SetSCL 5 }\n"
                   "if ('1' -match '^[\\11]$') { New-TransportRule -Name wrong -SetSCL 5 }\n") ==
          std::vector<std::string>{"class"});
    CHECK(only_error("$x = 'a' -match '\\81'\n")
              .starts_with("1:10 -match: the pattern '\\81' is not a regular expression"));
  }

  TEST_CASE("a negative -split count over matches a right-to-left search may find elsewhere") {
    // Regex.Split right to left finds 'aa' at 1 in 'aaa', a left-to-right search at 0.
    CHECK(names_of("New-TransportRule -Name (('a,b,c' -split ',', -5) -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name (('a.b.c' -split '\\.', -2) -join '|') -SetSCL 5\n"
                   "New-TransportRule -Name (('aaa' -split 'aa', -1) -join '|') -SetSCL 5\n") ==
          std::vector<std::string>{"a|b|c", "a.b|c", "aaa"});
    const std::string overlapping = only_error(
        "New-TransportRule -Name ('aaa' -split 'aa', -2) "
        "-SetSCL 5\n");
    CHECK(overlapping.find("PowerShell searches right to left") != std::string::npos);
    CHECK(only_error("New-TransportRule -Name ('a1b22c' -split '\\d+', -2) -SetSCL 5\n")
              .find("known only when the script runs") != std::string::npos);
  }

  TEST_CASE(".Split() cuts at a character, not at the bytes of one") {
    // U+2013 and U+2014 share their first two UTF-8 bytes.
    CHECK(names_of("New-TransportRule -Name ('a\xE2\x80\x93"
                   "b\xE2\x80\x93"
                   "c'.Split('\xE2\x80\x93') "
                   "-join '|') -SetSCL 5\n"
                   "New-TransportRule -Name ('x\xE2\x80\x93y'.Split('\xE2\x80\x94') -join '|') "
                   "-SetSCL 5\n") == std::vector<std::string>{"a|b|c", "x\xE2\x80\x93y"});
    // Windows PowerShell 5.1 cuts at each character given, PowerShell 7 at the whole text.
    CHECK(only_error("New-TransportRule -Name ('a,b;c'.Split(',;') -join '|') -SetSCL 5\n")
              .find("Windows PowerShell 5.1 splits at each character given, PowerShell 7 at the "
                    "whole text") != std::string::npos);
  }

  TEST_CASE(".Trim(), .TrimStart() and .TrimEnd() trim Char.IsWhiteSpace and any character") {
    // U+00A0, U+3000, U+2028 and U+0085 are white space to .NET.
    CHECK(names_of("$t = '\xC2\xA0 x \xE3\x80\x80\xE2\x80\xA8\xC2\x85'\n"
                   "New-TransportRule -Name ('[' + $t.Trim() + '|' + ' y '.TrimStart() + '|' + "
                   "' z '.TrimEnd() + '|' + '\xC3\xA9"
                   "a\xC3\xA9'.Trim('\xC3\xA9') + '|' + "
                   "'--w-'.TrimStart('-') + ']') -SetSCL 5\n") ==
          std::vector<std::string>{"[x|y | z|a|w-]"});
    CHECK(only_error("$x = 'a'.Trim('\xF0\x9F\x98\x80')\n")
              .starts_with("1:6 .Trim(): a character past U+FFFF"));
  }

  TEST_CASE("an array made a text has $OFS between every two items, empty ones included") {
    CHECK(names_of("$l = @('', 'a', '')\nNew-TransportRule -Name (\"[$l]\") -SetSCL 5\n") ==
          std::vector<std::string>{"[ a ]"});
    // The script's own $OFS is the separator; $null puts the space back (decision 732).
    CHECK(names_of("$OFS = ','; $l = @('a', 'b')\nNew-TransportRule -Name \"[$l]\" -SetSCL 5\n"
                   "$OFS = $null\nNew-TransportRule -Name \"<$l>\" -SetSCL 5\n") ==
          std::vector<std::string>{"[a,b]", "<a b>"});
    // One only the running script knows makes the text so too.
    CHECK(only_error("$OFS = $args[0]; $l = @('a', 'b')\n"
                     "New-TransportRule -Name \"[$l]\" -SetSCL 5\n")
              .find("the value of $OFS is known only when the script runs") != std::string::npos);
  }

  TEST_CASE("[string] and + join an array with $OFS as a double-quoted string does") {
    // about_Preference_Variables, $OFS: any conversion of an array to a text (decision 866).
    CHECK(names_of("$OFS = '+'; $l = @('a', 'b')\n"
                   "New-TransportRule -Name ([string]$l) -SetSCL 5\n"
                   "New-TransportRule -Name ('x' + $l) -SetSCL 5\n") ==
          std::vector<std::string>{"a+b", "xa+b"});
    for (const std::string joined : {"[string]$l", "'x' + $l"}) {
      const std::string error = only_error(
          "$OFS = $args[0]; $l = @('a', 'b')\n"
          "New-TransportRule -Name (" +
          joined + ") -SetSCL 5\n");
      CHECK_MESSAGE(
          error.find("the value of $OFS is known only when the script runs") != std::string::npos,
          error);
    }
    // One item, or none, has nothing to join: $OFS is not read.
    CHECK(names_of("$OFS = $args[0]; $l = @('a')\n"
                   "New-TransportRule -Name ([string]$l) -SetSCL 5\n") ==
          std::vector<std::string>{"a"});
  }
}
