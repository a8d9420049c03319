// End-to-end tests of mfsim as a CI gate before a rule-set change: the mistakes a busy mail
// administrator makes with --define, the expectations file, the corpus and the shards, and what
// each command then says and exits with.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/sanitizers.h"
#include "tests/support/text_contains.h"
#include "tests/support/windows_text.h"

using mfsim::test::as_windows_powershell_writes;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

using mfsim::test::contains;

// A deployment script with parameters, as a pipeline passes them with --define.
constexpr const char* kParameterisedScript =
    "param(\n"
    "    [string]$TenantDomain = 'contoso.com',\n"
    "    [int]$RetentionDays = 15\n"
    ")\n"
    "Set-HostedContentFilterPolicy -Identity Default -SpamAction Quarantine "
    "-QuarantineRetentionPeriod $RetentionDays\n";

// A baseline of the bundled samples, then `extra` more records under new ids: the expectations
// of a large archive, of which the samples are the part this test reads.
std::string large_baseline(int extra) {
  const auto run = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
  const std::vector<std::string> records = mfsim::test::lines_of(run.out);
  std::string baseline = run.out;
  for (int k = 0; k < extra; ++k) {
    const std::string& record = records[static_cast<std::size_t>(k) % records.size()];
    const std::size_t id_end = record.find("\",", 7);
    baseline += "{\"id\":\"archive/" + std::to_string(k) + ".eml" + record.substr(id_end) + "\n";
  }
  return baseline;
}

}  // namespace

TEST_SUITE("e2e: ci gate") {
  TEST_CASE("a --define its parameter's type refuses is one error, at the parameter, naming it") {
    temp_dir dir;
    const std::string script = dir.write("deploy.ps1", kParameterisedScript);
    const auto r = run_mfsim({"lint", "--rules", script, "--define", "RetentionDays=abc"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, script + ":3:10: error: --define RetentionDays=abc: [int] "
                                           "cannot convert 'abc' to a number"),
                  r.err);
    // The param( ) block's closing ')' is not read as a statement of its own.
    CHECK_MESSAGE(!contains(r.err, "found ')'"), r.err);
    CHECK_MESSAGE(!contains(r.err, ":4:"), r.err);
  }

  TEST_CASE("a diff over PATHs that hold no message fails and says nothing was compared") {
    temp_dir dir;
    // A corpus folder that holds no message: only what a Mac left there.
    const std::string empty = dir.path() + "/corpus-not-fetched";
    dir.write("corpus-not-fetched/.DS_Store", "Bud1");
    const auto table = run_mfsim({"diff", "--base", "uc4-2023-01", "--rules", "uc4", empty});
    CHECK_MESSAGE(table.exit_code == 1, table.out << table.err);
    CHECK(contains(table.out, "0 messages, 0 changed\n"));
    CHECK(contains(table.out, "no message was read from the PATHs given: nothing was compared\n"));
    CHECK_MESSAGE(!contains(table.out, "Transition matrix"), table.out);
    CHECK(!contains(table.out, "No message changed"));

    const auto jsonl = run_mfsim(
        {"diff", "--base", "uc4-2023-01", "--rules", "uc4", "--format", "jsonl", "-q", empty});
    CHECK(jsonl.exit_code == 1);
    CHECK(jsonl.out.empty());
    CHECK(contains(jsonl.err, "mfsim diff: no message was read from the PATHs given"));

    // A shard may rightly hold no message; the merge of parts that read none fails.
    std::vector<std::string> parts;
    for (const std::string k : {"1", "2"}) {
      const auto part = run_mfsim(
          {"diff", "--base", "uc4-2023-01", "--rules", "uc4", "--shard", k + "/2", empty});
      CHECK_MESSAGE(part.exit_code == 0, part.err);
      parts.push_back(dir.write("part-" + k, part.out));
    }
    const auto merged = run_mfsim({"merge", parts[0], parts[1]});
    CHECK_MESSAGE(merged.exit_code == 1, merged.out << merged.err);
    CHECK(contains(merged.out, "nothing was compared"));
  }

  TEST_CASE("a diff over messages that did not change still exits 0") {
    const auto r = run_mfsim({"diff", "--base", "uc4", "--rules", "uc4", "corpus/samples"});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "No message changed."));
  }

  TEST_CASE("a baseline blessed through Windows PowerShell's > (UTF-16, CRLF) checks as written") {
    temp_dir dir;
    const auto bless = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    REQUIRE(bless.exit_code == 0);
    const std::string baseline =
        dir.write("baseline.jsonl", as_windows_powershell_writes(bless.out));
    const auto same =
        run_mfsim({"check", "--rules", "uc4", "--expect", baseline, "corpus/samples"});
    CHECK_MESSAGE(same.exit_code == 0, same.out << same.err);
    CHECK(contains(same.out, "38 match, 0 differ"));
    const auto moved =
        run_mfsim({"check", "--rules", "uc4-2023-01", "--expect", baseline, "corpus/samples"});
    CHECK(moved.exit_code == 1);
    CHECK(contains(moved.out,
                   "corpus/samples/01-uce-from-egress.eml: action: expected "
                   "\"quarantine\", got \"deliver\""));
    // Cut inside a UTF-16 character: one error that says so, not a line of garbage per record.
    const std::string cut =
        dir.write("cut.jsonl", as_windows_powershell_writes(bless.out).substr(0, 101));
    const auto refused = run_mfsim({"check", "--rules", "uc4", "--expect", cut, "corpus/samples"});
    CHECK(refused.exit_code == 2);
    CHECK_MESSAGE(
        contains(refused.err, cut + ":1:50: error: the file is UTF-16 and cannot be decoded"),
        refused.err);
    CHECK(contains(refused.err, "(1 problem)"));
  }

  TEST_CASE("a part re-encoded as UTF-16 (ASCII) merges; one with a UTF-8 BOM merges") {
    temp_dir dir;
    std::vector<std::string> parts;
    for (const std::string k : {"1", "2"}) {
      const auto part = run_mfsim({"run", "--rules", "uc4", "--shard", k + "/2", "corpus/samples"});
      REQUIRE(part.exit_code == 0);
      parts.push_back(part.out);
    }
    const std::string second = dir.write("part-2", parts[1]);
    const std::string utf16 = dir.write("part-1", as_windows_powershell_writes(parts[0]));
    const auto whole = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    // Decoded, an ASCII part is the bytes mfsim wrote (decision 578; 521 refused it).
    const auto decoded = run_mfsim({"merge", utf16, second});
    CHECK_MESSAGE(decoded.exit_code == 0, decoded.err);
    CHECK(decoded.out == whole.out);

    const std::string with_bom = dir.write("part-1.bom", "\xEF\xBB\xBF" + parts[0]);
    const auto merged = run_mfsim({"merge", with_bom, second});
    CHECK_MESSAGE(merged.exit_code == 0, merged.err);
    CHECK(merged.out == whole.out);
  }

  TEST_CASE("--jobs 0 means all cores, as leaving it out does, on every evaluating command") {
    const auto one =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--jobs", "1", "corpus/samples"});
    const auto all =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--jobs", "0", "corpus/samples"});
    CHECK_MESSAGE(all.exit_code == 0, all.err);
    CHECK(all.out == one.out);
    const auto check = run_mfsim({"check", "--rules", "uc4", "--expect",
                                  "corpus/expected/uc4.jsonl", "--jobs", "0", "corpus/samples"});
    CHECK_MESSAGE(check.exit_code == 0, check.err);
    const auto diff =
        run_mfsim({"diff", "--base", "uc4", "--rules", "uc4", "-j", "0", "corpus/samples"});
    CHECK_MESSAGE(diff.exit_code == 0, diff.err);
    // Past the limit is still a usage error.
    CHECK(run_mfsim({"run", "--rules", "uc4", "--jobs", "1025", "corpus/samples"}).exit_code == 2);
  }

  TEST_CASE("--expect - reads the expectations from a pipe, and not with a message or a shard") {
    const std::string mfsim = std::string("'") + mfsim::test::mfsim_binary() + "'";
    const auto piped = mfsim::test::run_shell(
        mfsim + " run --rules uc4 --format jsonl corpus/samples 2>/dev/null | " + mfsim +
        " check --rules uc4-2023-01 --expect - corpus/samples");
    CHECK_MESSAGE(piped.exit_code == 1, piped.out << piped.err);
    CHECK(contains(piped.out,
                   "38 messages against 38 expectations in standard input: 29 match, 9 differ"));
    CHECK(contains(piped.out,
                   "corpus/samples/01-uce-from-egress.eml: action: expected "
                   "\"quarantine\", got \"deliver\""));
    const auto baseline =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"}).out;
    const auto same = run_mfsim({"check", "--rules", "uc4", "--expect", "-", "corpus/samples"},
                                as_windows_powershell_writes(baseline));
    CHECK_MESSAGE(same.exit_code == 0, same.out << same.err);

    const auto both = run_mfsim({"check", "--rules", "uc4", "--expect", "-", "-"}, baseline);
    CHECK(both.exit_code == 2);
    CHECK(contains(both.err, "standard input cannot hold both the expectations and a message"));
    const auto shard = run_mfsim(
        {"check", "--rules", "uc4", "--expect", "-", "--shard", "1/2", "corpus/samples"}, baseline);
    CHECK(shard.exit_code == 2);
    CHECK(contains(shard.err, "--expect -: a --shard part names the expectations file"));
  }

  TEST_CASE("expectations written for other mail say so in one hint before the summary") {
    temp_dir dir;
    const std::string other = dir.path() + "/other";
    REQUIRE(run_mfsim({"generate", "--count", "3", "--seed", "5", other}).exit_code == 0);
    const auto r =
        run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl", other});
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(contains(r.out,
                           "mfsim check: hint: no message read has an expectation in "
                           "corpus/expected/uc4.jsonl, and none of its 38 expectations "
                           "names a message read (" +
                               other +
                               "/000001.eml was read, "
                               "corpus/samples/01-uce-from-egress.eml expected on "
                               "line 1): were the expectations written for other "
                               "PATHs?\n"),
                  r.out);
    // A path spelt otherwise keeps its own, more precise hint, and no other.
    const auto spelt = run_mfsim(
        {"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl", "./corpus/samples"});
    CHECK(contains(spelt.out, "mfsim check: hint: ./corpus/samples/"));
    CHECK(!contains(spelt.out, "other PATHs"));
    // A partial overlap is no other corpus.
    const auto some = run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl",
                                 "corpus/samples", other});
    CHECK(!contains(some.out, "hint:"));
  }

  TEST_CASE("a check holds its expectations in about the memory of their file") {
    // AddressSanitizer and ThreadSanitizer reserve terabytes of address space: no ulimit -v.
    if (mfsim::test::kBuiltWithAsan || mfsim::test::kBuiltWithTsan) return;
    temp_dir dir;
    // 100,000 full records (about 59 MB), as the baseline of a large archive is.
    const std::string path = dir.write("baseline.jsonl", large_baseline(100000 - 38));
    // Each expectation was a parsed JSON object: about 450 MB of address space for these;
    // now the lines as read, about 150 MB.
    const auto r = mfsim::test::run_shell(
        "ulimit -v 300000; '" + mfsim::test::mfsim_binary() +
        "' check --rules uc4 --jobs 1 --expect '" + path +
        "' --allow-missing corpus/samples/01-uce-from-egress.eml >/dev/null");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
  }

  TEST_CASE("a manifest as Windows PowerShell's Export-Csv writes it gives its connecting IPs") {
    temp_dir dir;
    const std::string rows =
        "\"id\",\"client_ip\"\r\n\"corpus/samples/01-uce-from-egress.eml\",\"203.0.113.5\"\r\n";
    const std::string type_line = "#TYPE System.Management.Automation.PSCustomObject\r\n";
    const std::string manifests[] = {
        dir.write("bom.csv", "\xEF\xBB\xBF" + rows),  // -Encoding UTF8
        dir.write("type.csv", type_line + rows),      // without -NoTypeInformation
        dir.write("unicode.csv",
                  [&] {  // -Encoding Unicode, or >
                    std::string utf16 = "\xFF\xFE";
                    for (const char c : type_line + rows) utf16 += std::string{c, '\0'};
                    return utf16;
                  }()),
        dir.write("bom.jsonl",
                  "\xEF\xBB\xBF{\"id\":\"corpus/samples/01-uce-from-egress.eml\","
                  "\"client_ip\":\"203.0.113.5\"}\r\n"),
    };
    for (const std::string& manifest : manifests) {
      CAPTURE(manifest);
      const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--manifest",
                                manifest, "corpus/samples/01-uce-from-egress.eml"});
      CHECK_MESSAGE(r.exit_code == 0, r.err);
      CHECK(contains(r.out, "\"sender_ip\":\"203.0.113.5\",\"sender_ip_source\":\"client-ip\""));
      CHECK_MESSAGE(!contains(r.err, "error:"), r.err);
    }
    // Diagnostics still count the lines of the file as written, and name the cell (decision 772).
    const std::string bad =
        dir.write("bad.csv", type_line + "\"id\",\"client_ip\"\r\n\"a.eml\",\"1.2.3.400\"\r\n");
    const auto r = run_mfsim({"run", "--rules", "uc4", "--manifest", bad, "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, bad + ":3:9: error: client_ip '1.2.3.400'"), r.err);
  }

  TEST_CASE("the wrong file given as --expect prints at most --max-errors problems") {
    temp_dir dir;
    // Last run's JUnit XML where the baseline belongs: 38 test cases, one problem a line.
    const std::string junit = dir.path() + "/check.xml";
    REQUIRE(run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl",
                       "--junit", junit, "corpus/samples"})
                .exit_code == 0);
    const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", junit, "corpus/samples"});
    CHECK(r.exit_code == 2);
    const auto lines = mfsim::test::lines_of(r.err);
    REQUIRE(lines.size() == 22);
    CHECK(contains(lines[0], junit + ":1:1: error: invalid JSON"));
    CHECK(contains(lines[20], "... and "));
    CHECK(contains(lines[20], " more (--max-errors 0 shows all)"));
    CHECK(contains(lines[21], "mfsim check: " + junit + ": not a valid expectations file ("));
    const auto all = run_mfsim(
        {"check", "--rules", "uc4", "--expect", junit, "--max-errors", "0", "corpus/samples"});
    CHECK(mfsim::test::lines_of(all.err).size() > 40);
  }

  TEST_CASE("a lenient check in which no message met an expectation fails: nothing was checked") {
    temp_dir dir;
    const std::string other = dir.path() + "/other";
    REQUIRE(run_mfsim({"generate", "--count", "3", "--seed", "5", other}).exit_code == 0);
    const std::string junit = dir.path() + "/check.xml";
    const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl",
                              "--allow-missing", "--allow-unexpected", "--junit", junit, other});
    CHECK_MESSAGE(r.exit_code == 1, r.out);
    CHECK(
        contains(r.out, "mfsim check: no message read has an expectation: nothing was checked\n"));
    CHECK(contains(r.out, "check FAILED\n"));
    const std::string xml = mfsim::test::read_file(junit);
    CHECK(contains(xml, "errors=\"1\""));
    CHECK(contains(xml, "type=\"nothing-checked\""));
    // Merged from shards, the same verdict.
    std::string parts;
    for (const std::string k : {"1", "2"}) {
      const auto part =
          run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl",
                     "--allow-missing", "--allow-unexpected", "--shard", k + "/2", other});
      CHECK(part.exit_code == 0);
      parts += " '" + dir.write("part-" + k, part.out) + "'";
    }
    const auto merged = mfsim::test::run_shell(mfsim::test::mfsim_binary() + " merge" + parts);
    CHECK(merged.exit_code == 1);
    CHECK(contains(merged.out, "nothing was checked"));
    // One message met is a check: the others are excused as before.
    const auto some = run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl",
                                 "--allow-missing", "--allow-unexpected", other,
                                 "corpus/samples/01-uce-from-egress.eml"});
    CHECK(some.exit_code == 0);
    CHECK(!contains(some.out, "nothing was checked"));
  }

  TEST_CASE("a diff of a rule set against itself warns that no message can change") {
    temp_dir dir;
    const std::string rules = dir.write("rules.ps1", kParameterisedScript);
    const auto same = run_mfsim({"diff", "--base", rules, "--rules", rules, "corpus/samples"});
    CHECK(same.exit_code == 0);
    CHECK_MESSAGE(contains(same.err,
                           "mfsim diff: warning: --base and --rules name the same rule "
                           "set (" +
                               rules + "): no message can change"),
                  same.err);
    // The same file by another path, and the same preset, are the same rule set too.
    const auto spelt = run_mfsim(
        {"diff", "--base", rules, "--rules", dir.path() + "/./rules.ps1", "corpus/samples"});
    CHECK(contains(spelt.err, "warning: --base and --rules name the same rule set"));
    const auto preset = run_mfsim({"diff", "--base", "uc4", "--rules", "uc4", "corpus/samples"});
    CHECK(contains(preset.err, "warning: --base and --rules name the same rule set (uc4)"));
    // A copy is another file: no warning.
    const std::string copy = dir.write("deployed.ps1", kParameterisedScript);
    const auto two = run_mfsim({"diff", "--base", copy, "--rules", rules, "corpus/samples"});
    CHECK(two.exit_code == 0);
    CHECK(!contains(two.err, "warning"));
  }

  TEST_CASE(
      "merge notices an expectations file over 32 MiB that changed after the shards read it") {
    temp_dir dir;
    std::string baseline = large_baseline(60000);  // about 35 MB
    REQUIRE(baseline.size() > (std::size_t{32} << 20));
    const std::string expect = dir.write("baseline.jsonl", baseline);
    std::string parts;
    for (const std::string k : {"1", "2"}) {
      const auto part = run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--allow-missing",
                                   "--shard", k + "/2", "corpus/samples"});
      REQUIRE_MESSAGE(part.exit_code == 0, part.err);
      parts += " '" + dir.write("part-" + k, part.out) + "'";
    }
    const std::string merge = mfsim::test::mfsim_binary() + " merge" + parts;
    CHECK(mfsim::test::run_shell(merge).exit_code == 0);
    // The baseline is edited between the shards and the merge: one record no longer says what
    // the shards compared with.
    baseline.replace(baseline.find("\"scl\":5"), 7, "\"scl\":6");
    dir.write("baseline.jsonl", baseline);
    const auto r = mfsim::test::run_shell(merge);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "not the expectations file the shards read"), r.err);
  }

  TEST_CASE(
      "a check merged in another folder than its shards says the expectations are not there") {
    temp_dir dir;
    dir.write("ci/mail/a.eml", "Subject: a\n\nbody\n");
    dir.write("ci/mail/b.eml", "Subject: b\n\nbody\n");
    const std::string mfsim = std::string("'") + mfsim::test::mfsim_binary() + "'";
    const auto bless = mfsim::test::run_shell("cd '" + dir.path() + "/ci' && " + mfsim +
                                              " run --rules uc4 --format jsonl mail");
    dir.write("ci/baseline.jsonl", bless.out);
    // The shards run in the job's folder with a relative --expect; the merge runs elsewhere.
    for (const std::string k : {"1", "2"}) {
      const auto part = mfsim::test::run_shell(
          "cd '" + dir.path() + "/ci' && " + mfsim +
          " check --rules uc4 --expect baseline.jsonl --shard " + k + "/2 mail");
      REQUIRE_MESSAGE(part.exit_code == 0, part.err);
      dir.write("ci/part-" + k, part.out);
    }
    const auto elsewhere = mfsim::test::run_shell("cd '" + dir.path() + "' && " + mfsim +
                                                  " merge ci/part-1 ci/part-2");
    CHECK(elsewhere.exit_code == 2);
    CHECK_MESSAGE(contains(elsewhere.err,
                           "baseline.jsonl: the expectations file the shards read, as the parts "
                           "name it, cannot be read from here (run merge where the shards ran"),
                  elsewhere.err);
    const auto there =
        mfsim::test::run_shell("cd '" + dir.path() + "/ci' && " + mfsim + " merge part-1 part-2");
    CHECK_MESSAGE(there.exit_code == 0, there.out << there.err);
  }

  TEST_CASE(
      "a check cancelled by the CI replaces last run's --junit file with an interrupted case") {
    temp_dir dir;
    const std::string junit = dir.path() + "/check.xml";
    REQUIRE(run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl",
                       "--junit", junit, "corpus/samples"})
                .exit_code == 0);
    REQUIRE(contains(mfsim::test::read_file(junit), "tests=\"38\" failures=\"0\""));
    // The next run is stopped as a CI runner stops a job it cancels or times out: SIGTERM,
    // here while it waits on a FIFO nobody writes.
    const std::string fifo = dir.path() + "/never-written";
    REQUIRE(mfsim::test::run_shell("mkfifo '" + fifo + "'").exit_code == 0);
    const auto r = mfsim::test::run_shell(
        "( '" + mfsim::test::mfsim_binary() +
        "' check --rules uc4 --expect corpus/expected/uc4.jsonl --allow-missing --junit '" + junit +
        "' corpus/samples/01-uce-from-egress.eml '" + fifo +
        "' & pid=$!; sleep 1; kill -TERM $pid; wait $pid )");
    CHECK(r.exit_code == 128 + 15);
    CHECK(contains(r.err, "no verdict; the --junit file says so"));
    const std::string xml = mfsim::test::read_file(junit);
    CHECK_MESSAGE(contains(xml, "tests=\"1\" failures=\"0\" errors=\"1\""), xml);
    CHECK(contains(xml,
                   "<error message=\"the check was interrupted by signal 15 before its end: "
                   "no verdict\" type=\"interrupted\"/>"));
  }

  TEST_CASE("shards run with different --define values are refused naming --define") {
    temp_dir dir;
    const std::string script = dir.write("rules.ps1", kParameterisedScript);
    const auto one = run_mfsim({"run", "--rules", script, "--shard", "1/2", "corpus/samples"});
    const auto two = run_mfsim({"run", "--rules", script, "--define", "RetentionDays=30", "--shard",
                                "2/2", "corpus/samples"});
    REQUIRE(one.exit_code == 0);
    REQUIRE(two.exit_code == 0);
    const auto r = run_mfsim({"merge", dir.write("part-1", one.out), dir.write("part-2", two.out)});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "are parts of different runs: their options differ (--define)"),
                  r.err);
  }

  TEST_CASE(
      "a run or diff cancelled by the CI replaces last run's --report with a page saying so") {
    temp_dir dir;
    const std::string fifo = dir.path() + "/never-written";
    REQUIRE(mfsim::test::run_shell("mkfifo '" + fifo + "'").exit_code == 0);
    const std::string mfsim = "'" + mfsim::test::mfsim_binary() + "'";
    // Each command, and a mark only its full report has.
    const std::pair<std::string, std::string> commands[] = {
        {"run --rules uc4 --format jsonl", "id=\"total-messages\""},
        {"diff --base uc4-2023-01 --rules uc4", "id=\"diff-messages\""}};
    for (const auto& each : commands) {  // not a binding: clang 14 cannot capture one
      const std::string& command = each.first;
      const std::string& mark = each.second;
      CAPTURE(command);
      const std::string report = dir.path() + "/report.html";
      REQUIRE(mfsim::test::run_shell(mfsim + " " + command + " --report '" + report +
                                     "' corpus/samples")
                  .exit_code != 2);
      REQUIRE(contains(mfsim::test::read_file(report), mark));
      const auto r = mfsim::test::run_shell("( " + mfsim + " " + command + " --report '" + report +
                                            "' corpus/samples/01-uce-from-egress.eml '" + fifo +
                                            "' & pid=$!; sleep 1; kill -TERM $pid; wait $pid )");
      CHECK(r.exit_code == 128 + 15);
      const std::string html = mfsim::test::read_file(report);
      CHECK_MESSAGE(!contains(html, mark), html);
      CHECK(contains(html, "was interrupted by signal 15 before its end"));
    }
  }
}
