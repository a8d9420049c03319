// `mfsim diff` names the option a message is about: --base-define for a value it gave, --base
// for the base side's rule set (decision 660).
#include <doctest/doctest.h>

#include <string>

#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

constexpr const char* kTypedScript =
    "param([int]$Scl = 1)\n"
    "New-TransportRule -Name 'Score' -SubjectContainsWords 'x' -SetSCL $Scl\n";

}  // namespace

TEST_SUITE("e2e: diff side options") {
  TEST_CASE("a --base-define value the script refuses is named as --base-define") {
    temp_dir dir;
    const std::string script = dir.write("p.ps1", kTypedScript);
    const auto r = run_mfsim({"diff", "--base", script, "--rules", script, "--base-define",
                              "Scl=abc", "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "--base-define Scl=abc: [int] cannot convert 'abc'"), r.err);
    // --define's own value is still named --define.
    const auto d = run_mfsim(
        {"diff", "--base", script, "--rules", script, "--define", "Scl=abc", "corpus/samples"});
    CHECK(d.exit_code == 2);
    CHECK_MESSAGE(contains(d.err, "--define Scl=abc: [int] cannot convert 'abc'"), d.err);
  }

  TEST_CASE("a --base-define the script never reads is named as --base-define") {
    temp_dir dir;
    const std::string script = dir.write("p.ps1", kTypedScript);
    const auto r = run_mfsim({"diff", "--base", script, "--rules", script, "--base-define",
                              "Other=1", "corpus/samples"});
    CHECK_MESSAGE(contains(r.err, "--base-define Other: the script never reads $Other"), r.err);
  }

  TEST_CASE("the warning about a preset's defines names the side it is about") {
    temp_dir dir;
    const std::string script = dir.write("p.ps1", kTypedScript);
    const auto r = run_mfsim(
        {"diff", "--base", "uc4", "--rules", script, "--define", "Scl=2", "corpus/samples"});
    CHECK_MESSAGE(r.exit_code <= 1, r.err);
    CHECK_MESSAGE(contains(r.err, "--base: warning: --define has no effect: 'uc4' is a built-in"),
                  r.err);
    CHECK_FALSE(contains(r.err, "--rules: warning"));
    const auto b = run_mfsim(
        {"diff", "--base", "uc4", "--rules", script, "--base-define", "Scl=2", "corpus/samples"});
    CHECK_MESSAGE(contains(b.err, "--base: warning: --base-define has no effect"), b.err);
    // The --rules side is still --rules.
    const auto after = run_mfsim(
        {"diff", "--base", script, "--rules", "uc4", "--define", "Scl=2", "corpus/samples"});
    CHECK_MESSAGE(contains(after.err, "--rules: warning: --define has no effect"), after.err);
  }
}
