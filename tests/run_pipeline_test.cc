// End-to-end tests of how `mfsim run` reads and writes at scale: threads, files, gzip, Maildir,
// interruption.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/json_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/corpora.h"
#include "tests/support/gzip_writer.h"
#include "tests/support/process.h"

using mfsim::test::gzip_of;
using mfsim::test::lines_of;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::run_shell;
using mfsim::test::temp_dir;

namespace {

// The record line without its id, to compare the same message read in different ways.
std::string without_id(const std::string& line) {
  return line.substr(line.find(",\"disposition\""));
}

const std::string kUce =
    "X-Area1Security-Disposition: UCE\nX-Sender-IP: 104.30.40.1\nDate: Tue, 19 Mar 2024 09:41:11 "
    "+0000\n\nbody\n";

// `mfsim ARGUMENTS dir/in FIFO`, stopped by SIGTERM while it waits on the FIFO, which has no
// writer: what an interrupted command leaves behind.
mfsim::test::command_result interrupted(const temp_dir& dir, const std::string& arguments) {
  const std::string fifo = dir.path() + "/never-written";
  if (!std::filesystem::is_fifo(fifo)) REQUIRE(run_shell("mkfifo '" + fifo + "'").exit_code == 0);
  return run_shell("( '" + mfsim::test::mfsim_binary() + "' " + arguments + " '" + dir.path() +
                   "/in' '" + fifo + "' & pid=$!; sleep 1; kill -TERM $pid; wait $pid )");
}

// `mfsim run --rules uc4 --format jsonl OPTIONS -o OUTPUT dir/in FIFO`, interrupted.
mfsim::test::command_result interrupted_run(const temp_dir& dir, const std::string& options,
                                            const std::string& output) {
  return interrupted(dir, "run --rules uc4 --format jsonl " + options + " -o '" + output + "'");
}

}  // namespace

TEST_SUITE("e2e: run_pipeline") {
  // Data every clone has: the samples, the malformed fixtures (a truncated gzip, an mbox with
  // unescaped From lines, damaged headers) and a generated corpus as files and as one mbox.
  TEST_CASE("output is byte-identical for any number of threads") {
    temp_dir dir;
    for (const char* format : {"dir", "mbox"}) {
      const auto generated = run_mfsim({"generate", "--count", "600", "--seed", "5", "--format",
                                        format, dir.path() + "/" + format});
      REQUIRE(generated.exit_code == 0);
    }
    const std::vector<std::string> inputs = {"corpus/samples", "tests/testdata/malformed",
                                             dir.path() + "/dir", dir.path() + "/mbox"};
    const auto run = [&](const char* format, const char* jobs) {
      std::vector<std::string> args = {"run",  "--rules", "uc4",    "--format",
                                       format, "-q",      "--jobs", jobs};
      args.insert(args.end(), inputs.begin(), inputs.end());
      return run_mfsim(args);
    };
    const auto one = run("jsonl", "1");
    CHECK(one.exit_code == 0);
    CHECK(lines_of(one.out).size() > 1200);
    for (const char* jobs : {"2", "4", "7"}) {
      CAPTURE(jobs);
      CHECK(run("jsonl", jobs).out == one.out);
    }
    CHECK(run("table", "7").out == run("table", "1").out);
  }

  TEST_CASE("output over the public corpora is byte-identical for any number of threads" *
            doctest::test_suite("corpora")) {
    for (const char* name : {"spamassassin", "phishing_pot", "torture"}) {
      if (!mfsim::test::corpus_dir(name)) return;
    }
    const std::string corpora = mfsim::test::corpora_root().string();
    const auto one =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "--jobs", "1", corpora});
    const auto four =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "--jobs", "4", corpora});
    const auto seven =
        run_mfsim({"run", "--rules", "uc4", "--format", "table", "-q", "--jobs", "7", corpora});
    const auto seven_one =
        run_mfsim({"run", "--rules", "uc4", "--format", "table", "-q", "--jobs", "1", corpora});
    CHECK(one.exit_code == 0);
    CHECK(lines_of(one.out).size() > 7000);
    CHECK(one.out == four.out);
    CHECK(seven.out == seven_one.out);
  }

  TEST_CASE("mbox files of thousands of messages stream in order among small files") {
    // Each mbox holds more records than a slot keeps (256): workers on later inputs must wait
    // for the writer while the oldest input streams, and order must hold for any --jobs.
    temp_dir dir;
    const std::string corpus = dir.path() + "/corpus";
    std::filesystem::create_directories(corpus);
    std::string mbox;
    for (int k = 0; k < 700; ++k) {
      mbox += "From sender@example.org Tue Mar 19 09:41:11 2024\n" + kUce;
      mbox += "Subject: number " + std::to_string(k) + "\n\n";
    }
    for (const char* name : {"a.mbox", "c.mbox", "e.mbox"})
      dir.write(std::string("corpus/") + name, mbox);
    for (const char* name : {"b.eml", "d.eml", "f.eml"})
      dir.write(std::string("corpus/") + name, kUce);
    const auto one =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "--jobs", "1", corpus});
    REQUIRE(one.exit_code == 0);
    CHECK(lines_of(one.out).size() == 3 * 700 + 3);
    for (const char* jobs : {"2", "3", "8"}) {
      CAPTURE(jobs);
      const auto many =
          run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "--jobs", jobs, corpus});
      CHECK(many.out == one.out);
    }
  }

  TEST_CASE("-o writes the file through a temporary name and leaves nothing else behind") {
    temp_dir dir;
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-o",
                              dir.path() + "/out.jsonl", "corpus/samples"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    const auto direct = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    CHECK(read_file(dir.path() + "/out.jsonl") == direct.out);
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
      files += e.is_regular_file();
    CHECK(files == 1);  // no temporary file left behind
    // A symlink is followed (the link stays a link) and a FIFO is written in place, never
    // renamed over: the same must hold for /dev/null.
    const std::string target = dir.path() + "/target.jsonl";
    std::filesystem::create_symlink(target, dir.path() + "/link.jsonl");  // dangling at first
    CHECK(run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-o", dir.path() + "/link.jsonl",
                     "corpus/samples"})
              .exit_code == 0);
    CHECK(std::filesystem::is_symlink(dir.path() + "/link.jsonl"));
    CHECK(read_file(target) == direct.out);
    CHECK(run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-o", dir.path() + "/link.jsonl",
                     "corpus/samples"})
              .exit_code == 0);  // now through an existing target
    CHECK(std::filesystem::is_symlink(dir.path() + "/link.jsonl"));
    CHECK(read_file(target) == direct.out);
    const std::string fifo = dir.path() + "/pipe";
    REQUIRE(run_shell("mkfifo '" + fifo + "'").exit_code == 0);
    const auto through_fifo = run_shell(
        "( cat '" + fifo + "' > '" + dir.path() + "/from-fifo' & '" + mfsim::test::mfsim_binary() +
        "' run --rules uc4 --format jsonl -o '" + fifo + "' corpus/samples; wait )");
    CHECK(through_fifo.exit_code == 0);
    CHECK(std::filesystem::is_fifo(fifo));
    CHECK(read_file(dir.path() + "/from-fifo") == direct.out);
    const auto bad = run_mfsim(
        {"run", "--rules", "uc4", "-o", dir.path() + "/no/such/dir/out", "corpus/samples"});
    CHECK(bad.exit_code == 2);  // refused before the run (decision 781)
    CHECK(bad.err.find("cannot create") != std::string::npos);
  }

  TEST_CASE("gzip-compressed messages and mbox files read like plain ones") {
    temp_dir dir;
    const std::string plain = dir.write("m.eml", kUce);
    const std::string packed = dir.write("m.eml.gz", gzip_of(kUce));
    const std::string mbox =
        dir.write("box.mbox.gz", gzip_of("From a\n" + kUce + "\nFrom b\n" + kUce));
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", plain, packed, mbox});
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[1].find("\"id\":\"" + packed + "\"") == 0 + 1);
    CHECK(without_id(lines[0]) == without_id(lines[1]));
    CHECK(lines[3].find(mbox + "#2") != std::string::npos);
    CHECK(without_id(lines[0]) == without_id(lines[3]));
  }

  TEST_CASE("a truncated gzip file still yields one record that says so") {
    temp_dir dir;
    // A body that does not compress, so half the stream still holds the whole header.
    std::string body;
    std::uint32_t state = 12345;
    for (int i = 0; i < 20000; ++i) {
      state = state * 1103515245u + 12345u;
      body += static_cast<char>('!' + (state >> 16) % 90);
    }
    const std::string packed = gzip_of(kUce + body);
    const std::string cut = dir.write("cut.eml.gz", packed.substr(0, packed.size() / 2));
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", cut});
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("gzip stream is truncated") != std::string::npos);
    CHECK(lines[0].find("\"disposition\":\"UCE\"") != std::string::npos);
  }

  TEST_CASE("zero bytes after a gzip member are padding; other trailing bytes are corrupt") {
    // gunzip ignores the zeros that tape and dd blocks leave after the last member. The same
    // outcome for a file (inflated whole) and standard input (inflated as it streams).
    temp_dir dir;
    const std::string packed = gzip_of(kUce);
    const std::string padded = dir.write("padded.eml.gz", packed + std::string(10000, '\0'));
    const std::string garbage = dir.write("garbage.eml.gz", packed + std::string("\0\0junk", 6));
    const auto record = [](const std::string& path, const std::string& input) {
      const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", path}, input);
      const auto lines = lines_of(r.out);
      REQUIRE(lines.size() == 1);
      return lines[0];
    };
    for (const std::string& line : {record(padded, ""), record("-", read_file(padded))}) {
      CHECK(line.find("\"error\":null") != std::string::npos);
      CHECK(line.find("\"disposition\":\"UCE\"") != std::string::npos);
    }
    for (const std::string& line : {record(garbage, ""), record("-", read_file(garbage))}) {
      CHECK(line.find("could not be fully decompressed: gzip data is corrupt") !=
            std::string::npos);
      CHECK(line.find("\"disposition\":\"UCE\"") != std::string::npos);
    }
  }

  TEST_CASE("a Maildir is read from cur and new, never tmp") {
    temp_dir dir;
    dir.write("md/cur/1:2,S", kUce);
    dir.write("md/new/2", kUce);
    dir.write("md/tmp/3", "half-written");
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", dir.path() + "/md"});
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].find("/md/cur/1:2,S") != std::string::npos);
    CHECK(lines[1].find("/md/new/2") != std::string::npos);
    // Said, not silent (decision 394).
    CHECK(r.err.find("passed over as not messages: Maildir tmp/ (deliveries still being "
                     "written) 1\n") != std::string::npos);
    // Every command that walks the mail says it.
    const std::string md = dir.path() + "/md";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"check", "--rules", "uc4", "--expect", "/dev/null", md},
             {"diff", "--base", "uc4", "--rules", "uc2", md},
             {"agree", "--rules", "uc4", md}}) {
      CAPTURE(args[0]);
      CHECK(run_mfsim(args).err.find("mfsim " + args[0] + ": passed over as not messages") !=
            std::string::npos);
    }
    dir.write("plain/tmp/4", kUce);  // not a Maildir: tmp/ is an ordinary folder
    CHECK(lines_of(
              run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", dir.path() + "/plain"}).out)
              .size() == 1);
  }

  TEST_CASE("SIGTERM stops reading, and what was read is still written and counted") {
    temp_dir dir;
    dir.write("in/a.eml", kUce);
    dir.write("in/b.eml", kUce);
    const auto r = interrupted_run(dir, "--jobs 2", dir.path() + "/out.jsonl");
    CHECK(r.exit_code == 128 + 15);
    CHECK(r.err.find("interrupted") != std::string::npos);
    CHECK(r.err.find("partial output kept in " + dir.path() + "/out.jsonl.partial") !=
          std::string::npos);
    const auto lines = lines_of(read_file(dir.path() + "/out.jsonl.partial"));
    REQUIRE(lines.size() >= 2);
    CHECK(r.err.find("messages read: " + std::to_string(lines.size())) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/out.jsonl"));
  }

  TEST_CASE("SIGTERM stops a run blocked reading standard input, not once the producer ends") {
    // The producer writes nothing for four seconds; the signal comes after one. (The shell's
    // `wait` waits for the producer too: mfsim's end is timed by polling it.)
    const auto r = mfsim::test::run_shell(
        "( start=$(date +%s%N); sleep 4 2>/dev/null | '" + mfsim::test::mfsim_binary() +
        "' run --rules uc4 --format jsonl - & pid=$!; sleep 1; kill -TERM $pid; "
        "while kill -0 $pid 2>/dev/null; do sleep 0.05; done; "
        "echo \"elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))\" >&2; wait $pid )");
    CHECK(r.exit_code == 128 + 15);
    CHECK(r.err.find("interrupted") != std::string::npos);
    const std::size_t at = r.err.find("elapsed_ms=");
    REQUIRE(at != std::string::npos);
    CHECK(std::stol(r.err.substr(at + 11)) < 3000);
    // The message being read when the signal came gets its record, with the reason.
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 1);
    CHECK(mfsim::parse_json(lines[0]).at("error") == "reading stopped by a signal");
  }

  TEST_CASE("a run started with SIGINT ignored keeps it ignored; SIGTERM still stops it") {
    // A script's `mfsim run ... &` starts with SIGINT ignored (POSIX Shell Command Language
    // 2.11), as the trap makes sure: a Ctrl-C meant for the foreground job must not stop it.
    temp_dir dir;
    dir.write("in/a.eml", kUce);
    dir.write("message", kUce);
    const std::string fifo = dir.path() + "/later";
    REQUIRE(run_shell("mkfifo '" + fifo + "'").exit_code == 0);
    const std::string run = "sh -c 'trap \"\" INT; exec \"$0\" \"$@\"' '" +
                            mfsim::test::mfsim_binary() + "' run --rules uc4 --format jsonl '" +
                            dir.path() + "/in' '" + fifo + "'";
    // SIGINT while it waits on the FIFO; then the FIFO's message comes and is read. (A run the
    // signal ended reads no FIFO: its writer is then stopped, not left waiting.)
    const auto survived =
        run_shell("( " + run + " & pid=$!; sleep 1; kill -INT $pid; sleep 0.5; cat '" + dir.path() +
                  "/message' > '" + fifo +
                  "' & writer=$!; wait $pid; status=$?; kill $writer 2>/dev/null; "
                  "exit $status )");
    CHECK(survived.exit_code == 0);
    CHECK(survived.err.find("interrupted") == std::string::npos);
    CHECK(lines_of(survived.out).size() == 2);
    const auto stopped = run_shell("( " + run + " & pid=$!; sleep 1; kill -INT $pid; sleep 0.3; " +
                                   "kill -TERM $pid; wait $pid )");
    CHECK(stopped.exit_code == 128 + 15);
    CHECK(stopped.err.find("interrupted") != std::string::npos);
  }

  TEST_CASE("SIGTERM stops check and diff: no verdict or report, their files say so") {
    temp_dir dir;
    dir.write("in/a.eml", kUce);
    dir.write("expect.jsonl", "{\"id\":\"x\",\"action\":\"deliver\"}\n");
    const auto check = interrupted(dir, "check --rules uc4 --expect '" + dir.path() +
                                            "/expect.jsonl' --junit '" + dir.path() + "/j.xml'");
    CHECK(check.exit_code == 128 + 15);
    CHECK(check.err.find("mfsim check: interrupted by signal 15") != std::string::npos);
    // The --junit file holds one errored case, not a verdict (decision 528).
    CHECK(read_file(dir.path() + "/j.xml").find("type=\"interrupted\"") != std::string::npos);
    std::filesystem::remove(dir.path() + "/j.xml");
    const auto diff = interrupted(
        dir, "diff --base uc4-2023-01 --rules uc4 --report '" + dir.path() + "/d.html'");
    CHECK(diff.exit_code == 128 + 15);
    CHECK(diff.err.find("mfsim diff: interrupted by signal 15") != std::string::npos);
    // The --report file says there is no report (decision 529).
    CHECK(read_file(dir.path() + "/d.html").find("id=\"interrupted\" data-signal=\"15\"") !=
          std::string::npos);
    std::filesystem::remove(dir.path() + "/d.html");
    // Nothing else but the inputs: no temporary file left behind.
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"expect.jsonl", "in", "never-written"});
  }

  TEST_CASE("-o through a link to a file not yet made: written whole or kept as .partial") {
    temp_dir dir;
    dir.write("in/a.eml", kUce);
    REQUIRE(run_shell("ln -s target.jsonl '" + dir.path() + "/link.jsonl'").exit_code == 0);
    // Interrupted: the link's target gets no half output (it was written in place before).
    const auto r = interrupted_run(dir, "", dir.path() + "/link.jsonl");
    CHECK(r.exit_code == 128 + 15);
    CHECK(r.err.find("partial output kept in " + dir.path() + "/target.jsonl.partial") !=
          std::string::npos);
    CHECK_FALSE(lines_of(read_file(dir.path() + "/target.jsonl.partial")).empty());
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/target.jsonl"));
    // Complete: the target is made, the link stays a link.
    const auto whole = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-o",
                                  dir.path() + "/link.jsonl", dir.path() + "/in"});
    CHECK(whole.exit_code == 0);
    CHECK(lines_of(read_file(dir.path() + "/target.jsonl")).size() == 1);
    CHECK(std::filesystem::is_symlink(dir.path() + "/link.jsonl"));
  }

  TEST_CASE("header limits are configurable and flag what they cut") {
    const std::string message =
        "Subject: " + std::string(3000, 'a') + "\nX-A: 1\nX-B: 2\nX-C: 3\n\nbody\n";
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--max-line-bytes",
                              "1000", "--max-fields", "2", "-"},
                             message);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\"line_too_long\"") != std::string::npos);
    CHECK(r.out.find("\"too_many_fields\"") != std::string::npos);
    const auto cut = run_mfsim(
        {"run", "--rules", "uc4", "--format", "jsonl", "--max-header-bytes", "100", "-"}, message);
    CHECK(cut.out.find("\"header_too_large\"") != std::string::npos);
    CHECK(run_mfsim({"run", "--rules", "uc4", "--max-fields", "0", "-"}).exit_code == 2);
  }
}
