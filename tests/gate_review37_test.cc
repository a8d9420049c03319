// Findings of the hostile review of the CI gate (check, diff, merge, --manifest, --expect,
// --junit, --report) left open after decisions 520-576.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"
#include "tests/support/windows_text.h"

namespace {

using mfsim::test::as_windows_powershell_writes;
using mfsim::test::contains;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::run_mfsim_stopped_waiting;
using mfsim::test::run_shell;
using mfsim::test::temp_dir;

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

  TEST_CASE("a diff of one script at two values names each side with its defines") {
    temp_dir dir;
    const std::string script = dir.write("rules.ps1", kScoredScript);
    const std::string report = dir.path() + "/diff.html";
    const auto r = run_mfsim({"diff", "--base", script, "--rules", script, "--base-define", "Scl=5",
                              "--define", "Scl=9", "--report", report, "corpus/samples"});
    CHECK_MESSAGE(r.exit_code == 1, r.err);
    CHECK_MESSAGE(contains(r.out, "mfsim diff: rules (" + script + " with Scl=5) -> rules (" +
                                      script + " with Scl=9): 38 messages"),
                  r.out.substr(0, 300));
    const std::string page = read_file(report);
    CHECK(contains(page, script + " with Scl=5"));
    CHECK(contains(page, script + " with Scl=9"));
  }

  TEST_CASE("a --define NAME given twice has its last value wherever the script reads it") {
    temp_dir dir;
    // Read unassigned, and read after an assignment --define overrides: the first took the
    // first value, the second the last, while its warning named the last.
    for (const std::string& script :
         {std::string(kScoredScript), "$Scl = 1\n" + std::string(kScoredScript)}) {
      CAPTURE(script);
      const std::string file = dir.write("rules.ps1", script);
      const auto r = run_mfsim({"run", "--rules", file, "--define", "Scl=5", "--define", "scl=9",
                                "--format", "jsonl", "corpus/samples/01-uce-from-egress.eml"});
      CHECK_MESSAGE(r.exit_code == 0, r.err);
      CHECK_MESSAGE(contains(r.out, "\"scl\":9,"), r.out);
    }
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
    CHECK_MESSAGE(contains(merged.err, "their options differ (base_define, labels)"), merged.err);
  }

  TEST_CASE("a part that Windows PowerShell 5.1 wrote as UTF-16 merges when it is ASCII") {
    temp_dir dir;
    const std::vector<std::string> parts =
        shard_parts({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    const std::string first = dir.write("part-1", as_windows_powershell_writes(parts[0]));
    const std::string second = dir.write("part-2", as_windows_powershell_writes(parts[1]));
    const auto whole = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    const auto merged = run_mfsim({"merge", second, first});
    CHECK_MESSAGE(merged.exit_code == 0, merged.err);
    CHECK(merged.out == whole.out);

    // A character outside ASCII was decoded in the console's code page: the bytes are lost.
    std::string accented = as_windows_powershell_writes(parts[0]);
    const std::size_t id = accented.find(std::string("c\0o\0r\0p\0u\0s\0/\0s\0", 16),
                                         accented.find(std::string("\n\0", 2)));
    REQUIRE(id != std::string::npos);
    accented.replace(id, 2, std::string("\xE9\0", 2));
    const std::string lost = dir.write("part-1.accented", accented);
    const auto refused = run_mfsim({"merge", lost, second});
    CHECK(refused.exit_code == 2);
    CHECK_MESSAGE(contains(refused.err, lost + ": cannot be merged: it is UTF-16"), refused.err);
    CHECK_MESSAGE(contains(refused.err, "line 2 holds a character outside ASCII"), refused.err);
    CHECK(contains(refused.err, "cmd /c"));

    // Cut inside a character: said so, with the line.
    const std::string utf16 = as_windows_powershell_writes(parts[0]);
    const std::string cut = dir.write("part-1.cut", utf16.substr(0, utf16.size() - 1));
    const auto short_part = run_mfsim({"merge", cut, second});
    CHECK(short_part.exit_code == 2);
    CHECK_MESSAGE(contains(short_part.err, "it is UTF-16 and ends inside a character"),
                  short_part.err);
  }

  TEST_CASE("a manifest CSV value that spans lines, as Export-Csv writes it, is read") {
    temp_dir dir;
    const std::string manifest =
        dir.write("manifest.csv",
                  "\"id\",\"client_ip\",\"recipients\"\r\n"
                  "\"corpus/samples/01-uce-from-egress.eml\",\"203.0.113.9\",\"a@contoso.com\r\n"
                  "b@contoso.com\"\r\n"
                  "\"corpus/samples/02-uce-from-europe-only-egress.eml\",\"203.0.113.10\","
                  "\"c@contoso.com; d@contoso.com\"\r\n");
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--manifest", manifest,
                              "corpus/samples/01-uce-from-egress.eml",
                              "corpus/samples/02-uce-from-europe-only-egress.eml"});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(contains(r.out, "\"sender_ip\":\"203.0.113.9\""));
    CHECK(contains(r.out, "\"sender_ip\":\"203.0.113.10\""));
    CHECK_FALSE(contains(r.err, "is not an email address"));

    // A quote never closed names the line it opened on, and reads no further.
    const std::string open =
        dir.write("open.csv", "id,client_ip\nm1,\"203.0.113.9\nm2,203.0.113.10\nm3,203.0.113.11\n");
    const auto refused = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--manifest",
                                    open, "corpus/samples/01-uce-from-egress.eml"});
    CHECK(refused.exit_code == 2);
    CHECK_MESSAGE(contains(refused.err, open + ":2:4: error: a quoted value is not closed "
                                               "before the end of the file"),
                  refused.err);
  }

  TEST_CASE("a manifest CSV with ';' or a tab between values, as Export-Csv -UseCulture writes") {
    temp_dir dir;
    for (const std::string delimiter : {";", "\t"}) {
      CAPTURE(delimiter);
      const std::string manifest =
          dir.write("manifest.csv",
                    "\"id\"" + delimiter + "\"client_ip\"" + delimiter +
                        "\"recipients\"\r\n\"corpus/samples/01-uce-from-egress.eml\"" + delimiter +
                        "\"203.0.113.9\"" + delimiter + "\"a@contoso.com;b@contoso.com\"\r\n");
      const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--manifest",
                                manifest, "corpus/samples/01-uce-from-egress.eml"});
      CHECK_MESSAGE(r.exit_code == 0, r.err);
      CHECK(contains(r.out, "\"sender_ip\":\"203.0.113.9\""));
    }
  }

  TEST_CASE("a UTF-16 manifest cut inside a character is refused where it ends") {
    temp_dir dir;
    const std::string utf16 = as_windows_powershell_writes(
        "id,client_ip\ncorpus/samples/01-uce-from-egress.eml,203.0.113.9\n");
    const std::string cut = dir.write("cut.csv", utf16 + "m");
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--manifest", cut,
                              "corpus/samples/01-uce-from-egress.eml"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, cut + ":3:1: error: the file is UTF-16 and cannot be decoded: "
                                        "the UTF-16 text ends in the middle of a character"),
                  r.err);
  }

  TEST_CASE("the hints of a check against --expect - name standard input, as its summary does") {
    // Expectations of another corpus, and expectations of the same files spelt otherwise.
    const auto other = run_mfsim({"check", "--rules", "uc4", "--expect", "-", "corpus/samples"},
                                 "{\"id\":\"other/a.eml\"}\n");
    CHECK(other.exit_code == 1);
    CHECK_MESSAGE(contains(other.out, "no message read has an expectation in standard input"),
                  other.out);
    const auto spelt = run_mfsim(
        {"check", "--rules", "uc4", "--expect", "-", "corpus/samples/01-uce-from-egress.eml"},
        "{\"id\":\"./corpus/samples/01-uce-from-egress.eml\"}\n");
    CHECK(spelt.exit_code == 1);
    CHECK_MESSAGE(contains(spelt.out, "expected (standard input, line 1)"), spelt.out);
    CHECK_FALSE(contains(spelt.out, "(-:1)"));
  }

  TEST_CASE("no expectation at all checks nothing, --allow-unexpected or not") {
    // `mfsim run ... | mfsim check --expect - --allow-unexpected ...` after the run failed: an
    // empty stream, every message excused, "check passed".
    temp_dir dir;
    const std::string junit = dir.path() + "/check.xml";
    const auto piped = run_mfsim({"check", "--rules", "uc4", "--expect", "-", "--allow-unexpected",
                                  "--junit", junit, "corpus/samples"});
    CHECK(piped.exit_code == 1);
    CHECK_MESSAGE(contains(piped.out,
                           "mfsim check: standard input holds no expectation: nothing "
                           "was checked (was it written by a command that failed?)"),
                  piped.out);
    CHECK(contains(piped.out, "check FAILED"));
    CHECK(contains(read_file(junit), "type=\"nothing-checked\""));
    const std::string empty = dir.write("baseline.jsonl", "");
    const auto file = run_mfsim(
        {"check", "--rules", "uc4", "--expect", empty, "--allow-unexpected", "corpus/samples"});
    CHECK(file.exit_code == 1);
    CHECK(contains(file.out, empty + " holds no expectation"));
  }

  TEST_CASE("--expect - is read a line at a time: the wrong stream piped in is not read whole") {
    // 50 MB of an mbox piped in by mistake was read whole (its size in memory, twice over)
    // before its first line was judged. Read a line at a time, the check stops at the 1,001st
    // problem, and the writer finds the pipe closed (SIGPIPE, or EPIPE where it is ignored).
    temp_dir dir;
    const std::string status = dir.path() + "/writer-status";
    const auto r = run_shell("{ yes 'From someone' | head -c 50000000; echo $? > '" + status +
                             "'; } | '" + mfsim::test::mfsim_binary() +
                             "' check --rules uc4 --max-errors 0 --expect - corpus/samples 2>&1 | "
                             "tail -2");
    CHECK_MESSAGE(contains(r.out, "standard input:1001:1: error: more than 1000 problems"),
                  r.out << r.err);
    CHECK(contains(r.out, "not a valid expectations file (1001 problems)"));
    CHECK_MESSAGE(read_file(status) != "0\n", "the whole stream was read");
  }

  TEST_CASE("a check killed while its expectations load leaves no verdict of the run before") {
    temp_dir dir;
    const std::string junit = dir.write("check.xml", "<testsuites name=\"last run\"/>\n");
    // `--expect -` waits on a FIFO the shell holds open: the check is still loading when
    // killed, before it handles signals.
    CHECK(run_mfsim_stopped_waiting(
              {"check", "--rules", "uc4", "--expect", "-", "--junit", junit, "corpus/samples"},
              dir.path(), junit, "not-finished", "TERM") == 143);
    const std::string after = read_file(junit);
    CHECK_FALSE(contains(after, "last run"));
    CHECK_MESSAGE(contains(after, "type=\"not-finished\""), after);
    CHECK(contains(after, "the check started and did not finish"));
  }

  TEST_CASE("a merge that fails after it starts leaves no --junit of the run before") {
    temp_dir dir;
    std::vector<std::string> parts = shard_parts(
        {"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl", "corpus/samples"});
    // A record line damaged in transit: found only as the merge reads it.
    const std::size_t second_record =
        parts[0].find("\n{\"walk_position\"", parts[0].find('\n') + 1);
    REQUIRE(second_record != std::string::npos);
    parts[0].insert(second_record + 1, "x");
    const std::string a = dir.write("a", parts[0]);
    const std::string b = dir.write("b", parts[1]);
    const std::string junit = dir.write("check.xml", "<testsuites name=\"last run\"/>\n");
    const auto r = run_mfsim({"merge", "--junit", junit, a, b});
    CHECK(r.exit_code == 2);
    const std::string after = read_file(junit);
    CHECK_FALSE(contains(after, "last run"));
    CHECK_MESSAGE(contains(after, "type=\"not-finished\""), after);
  }

  TEST_CASE("a merge missing a shard leaves no --junit of the run before, nor harms an input") {
    temp_dir dir;
    const std::string expect =
        dir.write("e.jsonl", read_file(mfsim::test::source_dir() + "/corpus/expected/uc4.jsonl"));
    const std::vector<std::string> parts =
        shard_parts({"check", "--rules", "uc4", "--expect", expect, "corpus/samples"});
    const std::string first = dir.write("part-1", parts[0]);
    const std::string junit = dir.write("check.xml", "<testsuites name=\"last run\"/>\n");
    const auto r = run_mfsim({"merge", "--junit", junit, first});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "missing 1 of 2 shards"), r.err);
    const std::string after = read_file(junit);
    CHECK_FALSE(contains(after, "last run"));
    CHECK_MESSAGE(contains(after, "type=\"not-finished\""), after);
    // --junit naming the expectations the header names: refused later, never replaced now.
    const std::string before = read_file(expect);
    const auto wrong = run_mfsim({"merge", "--junit", expect, first});
    CHECK(wrong.exit_code == 2);
    CHECK(read_file(expect) == before);
  }

  TEST_CASE("a run whose records cannot be written replaces last run's --report") {
    temp_dir dir;
    const std::string report = dir.write("report.html", "<p>last run's report</p>\n");
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-o", "/dev/full",
                              "--report", report, "corpus/samples"});
    CHECK(r.exit_code == 1);
    const std::string page = read_file(report);
    CHECK_FALSE(contains(page, "last run's report"));
    CHECK_MESSAGE(contains(page, "<p id=\"output-failed\">mfsim run could not write its records"),
                  page);
  }
}
