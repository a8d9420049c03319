// Review of decisions 1214 and 1215: a text's .Replace(), .Contains() and .IndexOf() over hostile
// texts finish in time linear in both texts (decision 1242), and a pipeline parameter's default
// runs once (decision 1243); of decision 1217: an [ordered] table's text (decision 1245).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::names_of;

}  // namespace

TEST_SUITE("powershell text search review") {
  TEST_CASE("Replace, Contains and IndexOf of two runs of one letter take linear time") {
    // std::string::find compared the 100,001-letter part again at each of the 4,000,000 `a`s:
    // minutes for one statement of a hostile script.
    const auto start = std::chrono::steady_clock::now();
    const auto r = import(
        "$t = 'a' * 4000000\n$p = ('a' * 100000) + 'b'\n"
        "$r = $t.Replace($p, 'x')\n$c = $t.Contains($p)\n$i = $t.IndexOf($p)\n"
        "$j = ($t + 'b').IndexOf($p)\n"
        "New-TransportRule -Name \"$($r.Length)-$c-$i-$j\" -SetSCL 1\n");
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(mfsim::test::rule_names(r.set) == std::vector<std::string>{"4000000-False--1-3900000"});
    CHECK(took.count() < 10.0);
  }

  TEST_CASE("Replace finds each occurrence left to right, without overlaps") {
    CHECK(names_of("New-TransportRule -Name ('aaaa'.Replace('aa', 'b')) -SetSCL 1\n"
                   "New-TransportRule -Name ('abababc'.Replace('ababc', 'x')) -SetSCL 1\n"
                   "New-TransportRule -Name ('aaa'.Replace('aa', 'b')) -SetSCL 1\n") ==
          std::vector<std::string>{"bb", "abx", "ba"});
  }

  TEST_CASE("a pipeline parameter's default runs once, where a begin block reads it") {
    // The default ran when param( ) was read and again for begin: its rule was made twice.
    const auto r = import(
        "function G { param([Parameter(ValueFromPipeline)]$d = $($null = New-TransportRule -Name "
        "dflt "
        "-SetSCL 1; 'none'))\n"
        "  begin { New-TransportRule -Name \"b-$d\" -SetSCL 1 }\n"
        "  process { New-TransportRule -Name \"p-$d\" -SetSCL 1 } }\n"
        "1, 2 | G\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(mfsim::test::rule_names(r.set) ==
          std::vector<std::string>{"dflt", "b-none", "p-1", "p-2"});
  }

  TEST_CASE("an ordered table read as a text is an OrderedDictionary, held in an array too") {
    // Decision 1217 made every table an array holds System.Collections.Hashtable, as the table
    // itself was; an [ordered] one is an OrderedDictionary, as a List[string] of it already said.
    const auto r = import(
        "$o = [ordered]@{x = 1}\n$a = @($o)\n$h = @(@{x = 1})\n"
        "New-TransportRule -Name r -SetSCL 1 -Comments \"$o|$a|$h\"\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(mfsim::test::comments_of(r, "r") ==
          "System.Collections.Specialized.OrderedDictionary|"
          "System.Collections.Specialized.OrderedDictionary|System.Collections.Hashtable");
  }
}
