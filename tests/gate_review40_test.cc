// A review of the outputs of decisions 571, 582 and 780-784, 840-844: a command that fails
// before its job leaves a user's file given to --report or --junit (decision 880), two outputs
// that are one file by different names are refused (881), messages name the path given (882),
// a directory that does not load is named (883), merge tries its outputs before the parts
// (884), and a signal that ends a command leaves no temporary file (885). Its review: diff's and
// check's standard output is one of their outputs (886), hard-linked output names are two files
// (887), and SIGHUP is blocked while a temporary file is created (888).
#include <doctest/doctest.h>
#include <signal.h>

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/stop_signals.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::run_shell;
using mfsim::test::shell_quote;
using mfsim::test::temp_dir;

constexpr const char* kSample = "corpus/samples/01-uce-from-egress.eml";
constexpr const char* kBroken =
    "mfsim: 1\nname: broken\ntransport_rules:\n  - Name: X\n    SetSCLL: 5\n";

bool holds_temporary_file(const std::string& folder) {
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (contains(entry.path().filename().string(), ".tmp-")) return true;
  }
  return false;
}

}  // namespace

TEST_SUITE("e2e: gate review 40") {
  TEST_CASE("a command that fails before its job leaves notes given to --report or --junit") {
    temp_dir dir;
    const std::string broken = dir.write("broken.yaml", kBroken);
    const std::string missing = dir.path() + "/missing.csv";
    const std::vector<std::vector<std::string>> commands = {
        {"run", "--rules", broken, "--report"},
        {"run", "--rules", "uc4", "--directory", missing, "--report"},
        {"diff", "--base", "uc4", "--rules", broken, "--report"},
        {"check", "--rules", broken, "--expect", broken, "--junit"}};
    for (std::vector<std::string> args : commands) {
      CAPTURE(args[0]);
      const std::string notes = dir.write("notes.txt", "my notes\n");
      args.insert(args.end(), {notes, kSample});
      const auto r = run_mfsim(args);
      CHECK(r.exit_code == 2);
      CHECK(read_file(notes) == "my notes\n");
      CHECK_MESSAGE(contains(r.err, notes + " was left as it is: it holds no output of mfsim"),
                    r.err);
      CHECK_FALSE(holds_temporary_file(dir.path()));
    }
    // A CI's last report, and a name not taken yet, still get the page saying why.
    const std::string last = dir.write("last.html", "<p>last run's report</p>\n");
    CHECK(run_mfsim({"run", "--rules", broken, "--report", last, kSample}).exit_code == 2);
    CHECK(contains(read_file(last), "<p id=\"not-run\">mfsim run did not run"));
    const std::string fresh = dir.path() + "/fresh.xml";
    CHECK(run_mfsim({"check", "--rules", broken, "--expect", broken, "--junit", fresh, kSample})
              .exit_code == 2);
    CHECK(contains(read_file(fresh), "type=\"not-run\""));
  }

  TEST_CASE("run and check name a --directory that does not load as what failed") {
    temp_dir dir;
    const std::string missing = dir.path() + "/missing.csv";
    const std::string report = dir.write("report.html", "<p>last</p>\n");
    CHECK(run_mfsim({"run", "--rules", "uc4", "--directory", missing, "--report", report, kSample})
              .exit_code == 2);
    CHECK_MESSAGE(contains(read_file(report), "did not run: the --directory files do not load"),
                  read_file(report));
    const std::string expect = dir.write("expect.jsonl", "{\"id\":\"m\",\"action\":\"deliver\"}\n");
    const std::string junit = dir.write("junit.xml", "<testsuites/>\n");
    CHECK(run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--directory", missing,
                     "--junit", junit, kSample})
              .exit_code == 2);
    CHECK_MESSAGE(contains(read_file(junit),
                           "the check did not run: the --directory files do not "
                           "load"),
                  read_file(junit));
  }

  TEST_CASE("two outputs that are one file or stream by different names are refused") {
    temp_dir dir;
    const std::string run =
        shell_quote(mfsim::test::mfsim_binary()) + " run --rules uc4 -q " + kSample;
    const auto same_stream = run_shell("{ " + run + " -o /dev/stdout --report /dev/fd/1 | cat; }");
    CHECK(same_stream.out.empty());
    CHECK_MESSAGE(contains(same_stream.err,
                           "mfsim run: --report /dev/fd/1: is the same file as -o "
                           "/dev/stdout; refusing to write both there"),
                  same_stream.err);
    const auto status = run_shell("{ " + run +
                                  " -o /dev/stdout --report /dev/fd/1; echo $?; } 2>/dev/null | "
                                  "tail -n 1");
    CHECK(status.out == "2\n");
    // Records to standard output (no -o), redirected to the file --report names.
    const std::string page = dir.path() + "/page.html";
    const auto redirected = run_shell("{ " + run + " --report " + shell_quote(page) + " > " +
                                      shell_quote(page) + "; }");
    CHECK(redirected.exit_code == 2);
    CHECK_MESSAGE(contains(redirected.err, "is the same file as -o (standard output)"),
                  redirected.err);
    // Two outputs discarded in the null device do not mix.
    CHECK(run_mfsim(
              {"run", "--rules", "uc4", "-q", "-o", "/dev/null", "--report", "/dev/null", kSample})
              .exit_code == 0);
  }

  TEST_CASE("an output through a symlink to a folder names the path given, and the link's end") {
    temp_dir dir;
    std::filesystem::create_directory(dir.path() + "/real");
    const std::string link = dir.path() + "/out.jsonl";
    std::filesystem::create_directory_symlink(dir.path() + "/real", link);
    const auto r = run_mfsim({"run", "--rules", "uc4", "-o", link, kSample});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "cannot write " + link + " (a link to " + dir.path() +
                                      "/real): Is a directory"),
                  r.err);
  }

  TEST_CASE("merge refuses an output that cannot be created before reading a part") {
    temp_dir dir;
    const std::string garbage = dir.write("part.jsonl", "not a part\n");
    const auto r = run_mfsim({"merge", "-o", dir.path() + "/missing/out.jsonl", garbage});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "mfsim merge: -o: cannot create " + dir.path() + "/missing/"),
                  r.err);
    CHECK_FALSE(contains(r.err, "part.jsonl"));
  }

  TEST_CASE("a signal that ends a command while its report is open leaves no temporary file") {
    temp_dir dir;
    // A --directory file that is a FIFO no one writes: the diff waits there, its --report open.
    const std::string fifo = dir.path() + "/directory.csv";
    const std::string report = dir.write("report.html", "<p>last</p>\n");
    const auto r = run_shell(
        "mkfifo " + shell_quote(fifo) + " && { " + shell_quote(mfsim::test::mfsim_binary()) +
        " diff --base uc4 --rules uc4 --directory " + shell_quote(fifo) + " --report " +
        shell_quote(report) + " " + kSample + " 2>/dev/null & pid=$!; for i in $(seq 300); do ls " +
        shell_quote(dir.path()) + " | grep -q 'report.html.tmp-' && break; sleep 0.1; done; ls " +
        shell_quote(dir.path()) +
        " | grep -c 'report.html.tmp-'; kill -TERM $pid; wait $pid; echo $?; }");
    CHECK_MESSAGE(r.out == "1\n143\n", r.err);  // its temporary file was there
    CHECK_FALSE(holds_temporary_file(dir.path()));
    CHECK(contains(read_file(report), "did not finish"));
  }

  TEST_CASE(
      "diff and check refuse a --report or --junit that is the file their standard output is") {
    temp_dir dir;
    const std::string mfsim = shell_quote(mfsim::test::mfsim_binary());
    // The table went into page.html, then the report was renamed over it: the table was lost.
    const std::string page = dir.path() + "/page.html";
    const auto diff =
        run_shell("{ " + mfsim + " diff --base uc4 --rules uc4 -q " + kSample + " --report " +
                  shell_quote(page) + " > " + shell_quote(page) + "; }");
    CHECK(diff.exit_code == 2);
    CHECK_MESSAGE(contains(diff.err, "mfsim diff: --report " + page +
                                         ": is the same file as standard output; refusing to "
                                         "write both there"),
                  diff.err);
    // Records and a page in one pipe.
    const auto piped =
        run_shell("{ { " + mfsim + " diff --base uc4 --rules uc4 -q --format jsonl " + kSample +
                  " --report /dev/stdout; echo $? >&2; } | wc -c; }");
    CHECK(piped.out == "0\n");
    CHECK(contains(piped.err, "2\n"));
    const std::string expect = dir.write(
        "expect.jsonl", std::string("{\"id\":\"") + kSample + "\",\"action\":\"deliver\"}\n");
    const std::string junit = dir.path() + "/junit.xml";
    const auto check =
        run_shell("{ " + mfsim + " check --rules uc4 --expect " + shell_quote(expect) + " " +
                  kSample + " --junit " + shell_quote(junit) + " > " + shell_quote(junit) + "; }");
    CHECK(check.exit_code == 2);
    CHECK_MESSAGE(contains(check.err, "mfsim check: --junit " + junit +
                                          ": is the same file as "
                                          "standard output"),
                  check.err);
    // Standard output discarded, or another file, is no conflict.
    CHECK(run_shell("{ " + mfsim + " diff --base uc4 --rules uc4 -q " + kSample +
                    " --report /dev/stdout > /dev/null; }")
              .exit_code == 0);
    const auto apart =
        run_shell("{ " + mfsim + " diff --base uc4 --rules uc4 -q " + kSample + " --report " +
                  shell_quote(page) + " > " + shell_quote(dir.path() + "/t") + "; }");
    CHECK(apart.exit_code == 0);
    CHECK(contains(read_file(page), "<html"));
  }

  TEST_CASE("outputs renamed into place under two hard-linked names are two files") {
    temp_dir dir;
    const std::string records = dir.write("out.jsonl", "");
    const std::string page = dir.path() + "/page.html";
    std::filesystem::create_hard_link(records, page);
    const auto r =
        run_mfsim({"run", "--rules", "uc4", "-q", "-o", records, "--report", page, kSample});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(read_file(records).starts_with("{\"id\":"));
    CHECK(contains(read_file(page), "<html"));
    // Written in place, a descriptor is the file itself: still one file.
    std::filesystem::remove(page);
    std::filesystem::create_hard_link(records, page);
    const auto in_place = run_shell("{ " + shell_quote(mfsim::test::mfsim_binary()) +
                                    " run --rules uc4 -q " + kSample + " -o /dev/stdout --report " +
                                    shell_quote(page) + " >> " + shell_quote(records) + "; }");
    CHECK(in_place.exit_code == 2);
  }
}

TEST_SUITE("pipeline: signals blocked") {
  TEST_CASE("SIGHUP, whose handler removes temporary outputs, is blocked with SIGINT and SIGTERM") {
    sigset_t during;
    {
      const mfsim::pipeline::signals_blocked blocked;
      pthread_sigmask(SIG_BLOCK, nullptr, &during);
    }
    CHECK(sigismember(&during, SIGINT) == 1);
    CHECK(sigismember(&during, SIGTERM) == 1);
    CHECK(sigismember(&during, SIGHUP) == 1);
    sigset_t after;
    pthread_sigmask(SIG_BLOCK, nullptr, &after);
    CHECK(sigismember(&after, SIGHUP) == 0);
  }
}
