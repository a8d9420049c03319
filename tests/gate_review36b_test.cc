// Findings of the hostile review of the CI gate changes of decisions 520-529: what a command
// that stops leaves in its output files.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

}  // namespace

TEST_SUITE("e2e: gate review 36b") {
  TEST_CASE("a run or diff whose rule set does not load replaces last run's --report") {
    temp_dir dir;
    // The proposed rule set of a pull request, with a typo: the gate's usual failure.
    const std::string broken = dir.write(
        "broken.yaml", "mfsim: 1\nname: broken\ntransport_rules:\n  - Name: X\n    SetSCLL: 5\n");
    const std::vector<std::vector<std::string>> commands = {
        {"run", "--rules", broken, "--format", "jsonl"},
        {"diff", "--base", "uc4", "--rules", broken},
        {"diff", "--base", broken, "--rules", "uc4"}};
    for (std::vector<std::string> args : commands) {
      CAPTURE(args[0]);
      CAPTURE(args[2]);
      const std::string report = dir.write("report.html", "<p>last run's report</p>\n");
      args.insert(args.end(), {"--report", report, "corpus/samples"});
      const auto r = run_mfsim(args);
      CHECK(r.exit_code == 2);
      const std::string page = read_file(report);
      CHECK_FALSE(contains(page, "last run's report"));
      CHECK(contains(page, "<p id=\"not-run\">mfsim " + args[0] + " did not run: the "));
      CHECK(contains(page, "does not load"));
    }
  }

  TEST_CASE("the wrong file given as expectations is read for a bounded number of problems") {
    temp_dir dir;
    // An mbox, a log: a problem on every line. 5 million took 39 s and 1.3 GB to collect.
    std::string lines;
    for (int k = 0; k < 5000; ++k) lines += "From someone\n";
    const std::string wrong = dir.write("mail.mbox", lines);
    const auto r = run_mfsim(
        {"check", "--rules", "uc4", "--max-errors", "0", "--expect", wrong, "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, ":1001:1: error: more than 1000 problems"), r.err);
    CHECK_MESSAGE(contains(r.err, "not a valid expectations file (1001 problems)"), r.err);
  }

  TEST_CASE("the wrong file given as a manifest is read for a bounded number of problems") {
    temp_dir dir;
    // 4 million problems took 15 s and 680 MB to collect and print.
    std::string rows = "id,client_ip\n";
    for (int k = 0; k < 3000; ++k) rows += "m" + std::to_string(k) + ",not-an-ip\n";
    const std::string wrong = dir.write("wrong.csv", rows);
    const auto r = run_mfsim(
        {"run", "--rules", "uc4", "--format", "jsonl", "--manifest", wrong, "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err,
                           ":1002:1: error: more than 1000 problems (the limit "
                           "kMaxManifestProblems): the rest of the file is not read"),
                  r.err.substr(0, 2000));
    CHECK_FALSE(contains(r.err, ":1003:"));
  }

  TEST_CASE("a run whose -o cannot be created replaces last run's --report") {
    temp_dir dir;
    const std::string report = dir.write("report.html", "<p>last run's report</p>\n");
    const auto r = run_mfsim({"run", "--rules", "uc4", "-o", dir.path() + "/missing/out.jsonl",
                              "--report", report, "corpus/samples"});
    CHECK(r.exit_code == 2);  // refused before the run (decision 781)
    const std::string page = read_file(report);
    CHECK_FALSE(contains(page, "last run's report"));
    CHECK(contains(page, "mfsim run did not run: -o cannot be written"));
  }
}
