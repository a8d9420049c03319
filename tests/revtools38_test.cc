// What a hostile review of decisions 700-703 found: an output must not replace a file given on
// standard input (decision 721); `import -o` holds a line that no rule-file reader loads until
// its YAML comes, on a command line that does not parse too (decision 720); and only a file that
// holds the command's own output is replaced before the command has finished (decision 722).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::run_shell;
using mfsim::test::temp_dir;

const std::string kSample = mfsim::test::source_dir() + "/corpus/samples/01-uce-from-egress.eml";

// `mfsim ARGS < INPUT` through the shell, from the source folder.
mfsim::test::command_result run_reading(const std::string& args, const std::string& input) {
  return run_shell("'" + mfsim::test::mfsim_binary() + "' " + args + " < '" + input + "'");
}

}  // namespace

TEST_SUITE("e2e: CLI review 38") {
  TEST_CASE("-o naming the file redirected to standard input is refused, and the file kept") {
    temp_dir dir;
    const std::string message = dir.write("m.eml", read_file(kSample));
    const std::string original = read_file(message);
    const auto parsed = run_reading("run --rules uc4 -o '" + message + "' -", message);
    CHECK(parsed.exit_code == 2);
    CHECK_MESSAGE(contains(parsed.err, "is the input read from standard input"), parsed.err);
    CHECK(read_file(message) == original);
    // A command line that does not parse takes `-` for an input as well.
    const auto unparsed = run_reading("run --rules uc4 -o '" + message + "' --bogus -", message);
    CHECK(unparsed.exit_code == 2);
    CHECK(read_file(message) == original);
    // check --expect - with --junit naming the expectations piped in.
    const auto records = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", kSample});
    const std::string expect = dir.write("e.jsonl", records.out);
    const auto check = run_reading(
        "check --rules uc4 --expect - --junit '" + expect + "' '" + kSample + "'", expect);
    CHECK(check.exit_code == 2);
    CHECK(read_file(expect) == records.out);
  }

  TEST_CASE("an import that fails leaves a rule file that no command loads") {
    temp_dir dir;
    const std::string good = dir.write("good.ps1", "New-TransportRule -Name 'a' -SetSCL 5\n");
    const std::string yaml = dir.path() + "/rules.yaml";
    REQUIRE(run_mfsim({"import", good, "-o", yaml}).exit_code == 0);
    const std::string imported = read_file(yaml);
    const std::string broken = dir.write("broken.ps1", "New-TransportRule -Name 'unclosed\n");
    CHECK(run_mfsim({"import", broken, "-o", yaml}).exit_code == 2);
    CHECK_MESSAGE(read_file(yaml).starts_with("mfsim import started and did not finish: "),
                  read_file(yaml));
    const auto run = run_mfsim({"run", "--rules", yaml, kSample});
    CHECK(run.exit_code == 2);
    CHECK_MESSAGE(contains(run.err, yaml + ":1:1: error: no rule set: the mfsim command that "
                                           "writes this file started and did not finish"),
                  run.err);
    // Named .ps1 it would read as a script whose one command is outside mail-flow simulation.
    const std::string script = dir.write("rules.ps1", read_file(yaml));
    CHECK(run_mfsim({"lint", "--rules", script}).exit_code == 2);
    // A misspelt option replaces it too, an input never.
    dir.write("rules.yaml", imported);
    CHECK(run_mfsim({"import", good, "-o", yaml, "--bogus"}).exit_code == 2);
    CHECK(read_file(yaml).starts_with("mfsim import started and did not finish: "));
    const std::string before = read_file(broken);
    CHECK(run_mfsim({"import", broken, "-o", broken, "--bogus"}).exit_code == 2);
    CHECK(read_file(broken) == before);
  }

  TEST_CASE("a command that fails leaves a file that is not its own output as it is") {
    temp_dir dir;
    // A rule file written by hand, not by import; notes, not records.
    const std::string hand = dir.write("mine.yaml", "mfsim: 1\n");
    const std::string broken = dir.write("broken.ps1", "New-TransportRule -Name 'unclosed\n");
    CHECK(run_mfsim({"import", broken, "-o", hand}).exit_code == 2);
    CHECK(read_file(hand) == "mfsim: 1\n");
    const std::string notes = dir.write("notes.txt", "notes\n");
    CHECK(run_mfsim({"run", "--rules", broken, "-o", notes, kSample}).exit_code == 2);
    CHECK(run_mfsim({"run", "--rules", "uc4", "-o", notes, "--bogus", kSample}).exit_code == 2);
    CHECK(read_file(notes) == "notes\n");
    // An empty file, or records, are replaced.
    const std::string empty = dir.write("empty.jsonl", "");
    CHECK(run_mfsim({"run", "--rules", broken, "-o", empty, kSample}).exit_code == 2);
    CHECK(read_file(empty).starts_with("mfsim run started and did not finish: "));
  }

  TEST_CASE("a merge whose command line does not parse replaces -o, a part never") {
    temp_dir dir;
    const auto part = run_mfsim({"run", "--rules", "uc4", "--shard", "1/1", kSample});
    REQUIRE_MESSAGE(part.exit_code == 0, part.err);
    const std::string first = dir.write("part-1", part.out);
    const std::string merged = dir.write("merged.jsonl", "{\"id\":\"last run\"}\n");
    CHECK(run_mfsim({"merge", "-o", merged, "--bogus", first}).exit_code == 2);
    CHECK(read_file(merged).starts_with("mfsim merge started and did not finish: "));
    CHECK(run_mfsim({"merge", "-o", first, "--bogus", first}).exit_code == 2);
    CHECK(read_file(first) == part.out);
  }

  TEST_CASE("the placeholder fails check whatever it allows") {
    temp_dir dir;
    const std::string out = dir.write("out.jsonl", "{\"id\":\"x\"}\n");
    CHECK(run_mfsim({"run", "--rules", "uc4", "-o", out, "--bogus", kSample}).exit_code == 2);
    REQUIRE(read_file(out).starts_with("mfsim run started and did not finish: "));
    CHECK(run_mfsim({"check", "--rules", "uc4", "--expect", out, "--allow-unexpected",
                     "--allow-missing", kSample})
              .exit_code == 2);
  }
}
