// Findings of the hostile review of the CI gate changes of decisions 520-529: what a command
// that stops leaves in its output files.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/process.h"

namespace {

using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

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
}
