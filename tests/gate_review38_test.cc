// A failed `mfsim run -o` leaves no records of the run before for a check or a merge to pass
// (decisions 701-703), and `--expect -` is named standard input in every diagnostic (700).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::run_mfsim_stopped_waiting;
using mfsim::test::temp_dir;

constexpr const char* kSample = "corpus/samples/01-uce-from-egress.eml";
constexpr const char* kPlaceholder = "mfsim run started and did not finish: ";
constexpr const char* kNoRecords =
    ":1:1: error: no records: the mfsim command that writes this file started and did not finish";

// The records of one good run over the sample: what the last run left in -o.
std::string last_run_records() {
  const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", kSample});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return r.out;
}

// `mfsim check --expect EXPECT` over the sample.
mfsim::test::command_result check_against(const std::string& expect) {
  return run_mfsim({"check", "--rules", "uc4", "--expect", expect, kSample});
}

}  // namespace

TEST_SUITE("e2e: gate review 38") {
  TEST_CASE("a run whose rules do not load leaves no records of the run before for check") {
    temp_dir dir;
    const std::string out = dir.write("out.jsonl", last_run_records());
    REQUIRE(check_against(out).exit_code == 0);  // the last run's records pass
    const std::string rules = dir.write("rules.yaml", "rules: [\n");
    const auto r = run_mfsim({"run", "--rules", rules, "-o", out, kSample});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(read_file(out).starts_with(kPlaceholder), read_file(out));
    const auto check = check_against(out);
    CHECK(check.exit_code == 2);
    CHECK_MESSAGE(contains(check.err, out + kNoRecords), check.err);
  }

  TEST_CASE("a run with a misspelt option replaces -o too, and never an input") {
    temp_dir dir;
    const std::string out = dir.write("out.jsonl", last_run_records());
    const auto r = run_mfsim({"run", "--rules", "uc4", "-o", out, "--no-such-option", kSample});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(read_file(out).starts_with(kPlaceholder), read_file(out));
    // -o naming a message the command line reads, a rule file inside --rules=A,B, or a file in
    // a folder it walks: the words are not understood, so none of them is written.
    const std::string message =
        dir.write("m.eml", read_file(mfsim::test::source_dir() + "/" + kSample));
    const std::string rules = dir.write("r.yaml", "rules: []\n");
    const std::string walked = dir.write("mail/old.jsonl", "{}\n");
    const std::vector<std::vector<std::string>> commands = {
        {"run", "--rules", "uc4", "-o", message, "--no-such-option", message},
        {"run", "--rules=uc4," + rules, "--output", rules, "--no-such-option", kSample},
        {"run", "--rules", "uc4", "-o", walked, "--no-such-option", dir.path() + "/mail"},
    };
    for (const auto& command : commands) {
      const std::string target = command[command.size() - 3];
      const std::string before = read_file(target);
      CHECK(run_mfsim(command).exit_code == 2);
      CHECK_MESSAGE(read_file(target) == before, target);
    }
  }

  TEST_CASE("a run killed before its end leaves no records of the run before") {
    temp_dir dir;
    const std::string out = dir.write("out.jsonl", last_run_records());
    // The message comes from a FIFO the shell holds open: the run waits on it when killed.
    CHECK(run_mfsim_stopped_waiting({"run", "--rules", "uc4", "-o", out, "-"}, dir.path(), out,
                                    "did not finish", "KILL") == 137);
    CHECK_MESSAGE(read_file(out).starts_with(kPlaceholder), read_file(out));
    CHECK(check_against(out).exit_code == 2);
  }

  TEST_CASE("a shard that did not finish leaves a part that merge refuses, saying why") {
    temp_dir dir;
    const auto good = run_mfsim({"run", "--rules", "uc4", "--shard", "2/2", "corpus/samples"});
    REQUIRE_MESSAGE(good.exit_code == 0, good.err);
    const std::string second = dir.write("part-2", good.out);
    const auto first_run = run_mfsim({"run", "--rules", "uc4", "--shard", "1/2", "corpus/samples"});
    const std::string first = dir.write("part-1", first_run.out);
    const std::string rules = dir.write("rules.yaml", "rules: [\n");
    const auto failed =
        run_mfsim({"run", "--rules", rules, "--shard", "1/2", "-o", first, "corpus/samples"});
    CHECK(failed.exit_code == 2);
    CHECK(read_file(first).starts_with(kPlaceholder));
    const std::string report = dir.write("report.html", "<p>last run's report</p>\n");
    const std::string merged = dir.write("merged.jsonl", last_run_records());
    const auto r = run_mfsim({"merge", "--report", report, "-o", merged, first, second});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, first + ": no records: the mfsim command that writes this file "
                                          "started and did not finish"),
                  r.err);
    CHECK_MESSAGE(contains(read_file(report), "id=\"not-finished\""), read_file(report));
    CHECK_MESSAGE(read_file(merged).starts_with("mfsim merge started and did not finish: "),
                  read_file(merged));
    // Every part a placeholder: nothing says what the outputs must not be, so they stay.
    const std::string second_failed = dir.write("part-2", read_file(first));
    const std::string report_before = dir.write("report.html", "<p>last run's report</p>\n");
    CHECK(run_mfsim({"merge", "--report", report_before, first, second_failed}).exit_code == 2);
    CHECK(read_file(report_before) == "<p>last run's report</p>\n");
  }

  TEST_CASE("-o - writes the records to standard output, not to a file named -") {
    temp_dir dir;
    const auto r =
        mfsim::test::run_shell("cd '" + dir.path() + "' && '" + mfsim::test::mfsim_binary() +
                               "' run --rules uc4 --format jsonl -o - '" +
                               mfsim::test::source_dir() + "/" + kSample + "'");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(contains(r.out, "\"action\":\"quarantine\""));
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/-"));
  }

  TEST_CASE("every diagnostic of --expect - names standard input") {
    const auto bad = run_mfsim({"check", "--rules", "uc4", "--expect", "-", kSample}, "not json\n");
    CHECK(bad.exit_code == 2);
    CHECK_MESSAGE(contains(bad.err, "standard input:1:"), bad.err);
    CHECK_MESSAGE(contains(bad.err, "mfsim check: standard input: not a valid expectations file"),
                  bad.err);
    CHECK_FALSE(contains(bad.err, "-:1:"));
    const auto missing = run_mfsim({"check", "--rules", "uc4", "--expect", "-", kSample},
                                   last_run_records() + "{\"id\":\"other.eml\"}\n");
    CHECK(missing.exit_code == 1);
    CHECK_MESSAGE(contains(missing.out, "standard input:2: other.eml: expected, but no message"),
                  missing.out);
    const auto placeholder = run_mfsim({"check", "--rules", "uc4", "--expect", "-", kSample},
                                       std::string(kPlaceholder) + "...\n");
    CHECK(placeholder.exit_code == 2);
    CHECK_MESSAGE(contains(placeholder.err, std::string("standard input") + kNoRecords),
                  placeholder.err);
  }
}
