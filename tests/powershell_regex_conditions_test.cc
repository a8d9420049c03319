// Group names of any script's word characters (decision 1174).
#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

// The value of each PowerShell expression in `expressions`, read from the name of a rule (each
// name led by its rule's number, as two rules may not share one).
std::vector<std::string> values_of(const std::vector<std::string>& expressions) {
  std::string script;
  for (std::size_t at = 0; at < expressions.size(); ++at) {
    script += "New-TransportRule -Name ('" + std::to_string(at) + " ' + (" + expressions[at] +
              ")) -SetSCL 5\n";
  }
  std::vector<std::string> values = names_of(script);
  for (std::string& value : values) value.erase(0, value.find(' ') + 1);
  return values;
}

}  // namespace

TEST_SUITE("powershell regex conditions") {
  TEST_CASE("a group's name may be of any script's word characters") {
    // RegexParser.ScanCapname reads a name as a run of word characters
    // (RegexCharClass.IsBoundaryWordChar); mfsim read ASCII ones only and refused the pattern.
    CHECK(
        values_of({"'aa' -match '(?<\xE5\x90\x8D>a)\\k<\xE5\x90\x8D>'",
                   "'ab' -replace '(?<\xC3\xA9t\xC3\xA9>a)', '[${\xC3\xA9t\xC3\xA9}]'",
                   "'ab' -match '(?<\xD0\xB8\xD0\xBC\xD1\x8F>a)?(?(\xD0\xB8\xD0\xBC\xD1\x8F)b|c)'",
                   "'aa' -match \"(?'n\xD9\xA1'a)\\k'n\xD9\xA1'\"",
                   "'aa' -match '(?<x\xC3\xA9>a)\\<x\xC3\xA9>'"}) ==
        std::vector<std::string>{"True", "[a]b", "True", "True", "True"});
    // A name starts with no digit: \<1a> is the characters, where mfsim read a reference.
    CHECK(values_of({"'<1a>' -match '\\<1a>'"}) == std::vector<std::string>{"True"});
    // A name holding another character than a word character .NET refuses: U+00B2, the
    // superscript two, is a number but no decimal digit.
    CHECK(!only_error("$x = 'a' -match '(?<n\xC2\xB2>a)'\n").empty());
  }
}
