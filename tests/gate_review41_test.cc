// A review of `check`'s, `run`'s and `diff`'s outputs after decisions 880-888 and 960-963: an
// interrupted command says its --junit or --report file tells why only when it does (decision
// 988), two outputs on one terminal are not refused (989), check's verdict and a --junit on one
// pipe still are (990), and a stop signal while a FIFO input is opened stops the run (991).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::read_file;
using mfsim::test::run_shell;
using mfsim::test::temp_dir;

constexpr const char* kSample = "corpus/samples/01-uce-from-egress.eml";

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// Runs `command` in the background with the FIFO `fifo` (its messages) held open and silent by
// the shell, so that it waits there; once its --junit or --report temporary file (under `dir`)
// exists and a moment has passed for its signal handler, sends SIGTERM. Standard error goes to the
// result's `out`, the exit status on its last line.
mfsim::test::command_result stopped_waiting(const std::string& command, const std::string& fifo,
                                            const std::string& dir) {
  return run_shell("{ mkfifo " + quoted(fifo) + " && exec 3<>" + quoted(fifo) + "; " + command +
                   " 2>&1 & pid=$!; for i in $(seq 300); do ls " + quoted(dir) +
                   " | grep -q '.tmp-' && break; sleep 0.1; done; sleep 0.5; kill -TERM $pid; "
                   "wait $pid; echo $?; }");
}

}  // namespace

TEST_SUITE("e2e: gate review 41") {
  TEST_CASE("an interrupted check or diff says its file tells why only when the file does") {
    temp_dir dir;
    const std::string mfsim = quoted(MFSIM_BINARY);
    const std::string expect = dir.write("expect.jsonl", "{\"id\":\"m\",\"action\":\"deliver\"}\n");
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"check --rules uc4 --expect " + quoted(expect) + " --junit", "the --junit file says so"},
        {"diff --base uc4 --rules uc4 --report", "the --report file says so"}};
    for (const auto& [command, says_so] : commands) {
      CAPTURE(command);
      // A user's notes given by mistake are left (decision 880): they say nothing of this run.
      const std::string notes = dir.write("notes.txt", "my notes\n");
      const std::string fifo = dir.path() + "/messages";
      const auto left = stopped_waiting(
          mfsim + " " + command + " " + quoted(notes) + " " + quoted(fifo), fifo, dir.path());
      CHECK_MESSAGE(contains(left.out, "interrupted by signal 15"), left.out);
      CHECK(contains(left.out, notes + " was left as it is"));
      CHECK_MESSAGE(!contains(left.out, says_so), left.out);
      CHECK(read_file(notes) == "my notes\n");
      ::unlink(fifo.c_str());
      // The last run's document is replaced, and then the message says so.
      const std::string last = dir.write("last.xml", "<testsuites name=\"last run\"/>\n");
      const auto replaced = stopped_waiting(
          mfsim + " " + command + " " + quoted(last) + " " + quoted(fifo), fifo, dir.path());
      CHECK_MESSAGE(contains(replaced.out, says_so), replaced.out);
      CHECK(contains(read_file(last), "interrupted"));
      ::unlink(fifo.c_str());
    }
  }
}
