// mfsim diff judges and names each side by the defines in effect: the last value of each NAME,
// names without case, whatever order gave them (decision 643).
#include <doctest/doctest.h>

#include <string>

#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

constexpr const char* kTierScript =
    "param([int]$Tier = 5)\n"
    "New-TransportRule -Name \"Tier $Tier\" -SetSCL $Tier\n";

}  // namespace

TEST_SUITE("e2e: diff defines in effect") {
  TEST_CASE("the same values given in another order or spelling are the same rule set") {
    temp_dir dir;
    const std::string script = dir.write("rules.ps1", kTierScript);
    // The base side gets Tier=7 from --base-define, after --define's X=1: the same values.
    const auto reordered =
        run_mfsim({"diff", "--base", script, "--rules", script, "--define", "Tier=7", "--define",
                   "X=1", "--base-define", "Tier=7", "corpus/samples"});
    CHECK_MESSAGE(contains(reordered.err, "name the same rule set"), reordered.err);
    const auto respelt = run_mfsim({"diff", "--base", script, "--rules", script, "--base-define",
                                    "TIER=9", "--define", "Tier=9", "corpus/samples"});
    CHECK_MESSAGE(contains(respelt.err, "name the same rule set"), respelt.err);
  }

  TEST_CASE("a NAME given twice is named once in a side's label, with its last value") {
    temp_dir dir;
    const std::string script = dir.write("rules.ps1", kTierScript);
    const auto r = run_mfsim({"diff", "--base", script, "--rules", script, "--define", "Tier=6",
                              "--base-define", "Tier=7", "--define", "Tier=8", "corpus/samples"});
    CHECK_MESSAGE(r.exit_code == 1, r.err);
    CHECK_MESSAGE(contains(r.err + r.out, "rules.ps1 with Tier=7) -> "), r.err << r.out);
    CHECK_MESSAGE(contains(r.err + r.out, "rules.ps1 with Tier=8):"), r.err << r.out);
    CHECK_FALSE(contains(r.err + r.out, "Tier=6"));
  }
}
