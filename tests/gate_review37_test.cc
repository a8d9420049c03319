// Findings of the hostile review of the CI gate (check, diff, merge, --manifest, --expect,
// --junit, --report) left open after decisions 520-576.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/process.h"

namespace {

using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::run_shell;
using mfsim::test::temp_dir;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A script whose SCL for UCE is a variable the command line sets: one file, two rule sets.
constexpr const char* kScoredScript =
    "New-TransportRule -Name 'Score UCE' -HeaderContainsMessageHeader "
    "'X-Area1Security-Disposition' -HeaderContainsWords 'UCE' -SetSCL $Scl\n";

std::vector<std::string> shard_parts(const std::vector<std::string>& command) {
  std::vector<std::string> parts;
  for (const std::string k : {"1", "2"}) {
    std::vector<std::string> args = command;
    args.insert(args.end() - 1, {"--shard", k + "/2"});
    const auto part = run_mfsim(args);
    REQUIRE_MESSAGE(part.exit_code <= 1, part.err);
    parts.push_back(part.out);
  }
  return parts;
}

}  // namespace

TEST_SUITE("e2e: gate review 37") {
  TEST_CASE("diff --base-define sets a variable for the base side only") {
    temp_dir dir;
    const std::string script = dir.write("rules.ps1", kScoredScript);
    // --define alone: both sides alike, nothing can change.
    const auto alike = run_mfsim(
        {"diff", "--base", script, "--rules", script, "--define", "Scl=5", "corpus/samples"});
    CHECK_MESSAGE(alike.exit_code == 0, alike.err);
    CHECK(contains(alike.err, "name the same rule set"));
    // --base-define replaces --define's value on the base side.
    const auto moved =
        run_mfsim({"diff", "--base", script, "--rules", script, "--base-define", "Scl=5",
                   "--define", "Scl=9", "--format", "jsonl", "corpus/samples"});
    CHECK_MESSAGE(moved.exit_code == 1, moved.err);
    CHECK_FALSE(contains(moved.err, "name the same rule set"));
    const std::string first = mfsim::test::lines_of(moved.out).at(0);
    CHECK_MESSAGE(contains(first.substr(0, first.find("\"after\":{")), "\"scl\":5,"), first);
    CHECK_MESSAGE(contains(first.substr(first.find("\"after\":{")), "\"scl\":9,"), first);
    // The last of a NAME given twice wins, and names have no case, as PowerShell's.
    const auto last =
        run_mfsim({"diff", "--base", script, "--rules", script, "--base-define", "scl=1",
                   "--base-define", "SCL=9", "--define", "Scl=9", "corpus/samples"});
    CHECK_MESSAGE(last.exit_code == 0, last.err);
    // A malformed value is refused under its own name.
    const auto bad = run_mfsim({"diff", "--base", script, "--rules", script, "--base-define",
                                "no-name=x", "corpus/samples"});
    CHECK(bad.exit_code == 2);
    CHECK_MESSAGE(contains(bad.err, "--base-define 'no-name=x'"), bad.err);
    const auto help = run_mfsim({"diff", "--help"});
    CHECK(contains(help.out, "--base-define"));
    CHECK(contains(help.out, "--base rules.ps1 --rules rules.ps1 --base-define"));
  }

  TEST_CASE("diff parts of two --base-define values are parts of different runs") {
    temp_dir dir;
    const std::string script = dir.write("rules.ps1", kScoredScript);
    const std::vector<std::string> first = {"diff",  "--base",        script,  "--rules",
                                            script,  "--base-define", "Scl=5", "--define",
                                            "Scl=9", "corpus/samples"};
    std::vector<std::string> second = first;
    second[6] = "Scl=6";
    const std::string a = dir.write("a", shard_parts(first)[0]);
    const std::string b = dir.write("b", shard_parts(second)[1]);
    const auto merged = run_mfsim({"merge", a, b});
    CHECK(merged.exit_code == 2);
    CHECK_MESSAGE(contains(merged.err, "their options differ (base_define)"), merged.err);
  }
}
