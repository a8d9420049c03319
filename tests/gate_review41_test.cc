// A review of `check`'s, `run`'s and `diff`'s outputs after decisions 880-888 and 960-963: an
// interrupted command says its --junit or --report file tells why only when it does (decision
// 988, not of /dev/null: 996), two outputs on one terminal are not refused (989), check's verdict
// and a --junit on one pipe still are (990), and a stop signal while a FIFO input is opened stops
// the run (991); a device is not opened to ask whether it is a terminal (994).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/stopped_waiting.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::read_file;
using mfsim::test::run_shell;
using mfsim::test::shell_quote;
using mfsim::test::temp_dir;

constexpr const char* kSample = "corpus/samples/01-uce-from-egress.eml";

// Runs `command` with the FIFO `fifo` (its messages) held open and silent by the shell, so that
// it waits there; once its --junit or --report temporary file (under `dir`) exists and a moment
// has passed for its signal handler, sends SIGTERM. Standard error goes to the result's `out`,
// the exit status on its last line.
mfsim::test::command_result stopped_waiting(const std::string& command, const std::string& fifo,
                                            const std::string& dir) {
  return mfsim::test::run_stopped_waiting(
      command + " 2>&1", fifo, "{ ls " + shell_quote(dir) + " | grep -q '.tmp-' && sleep 0.5; }",
      "TERM");
}

// A terminal: the test holds its master side; the shell's redirections to slave() make a
// command's standard output or error that terminal. A thread reads the master side all along:
// read only after the command ended, a command that wrote more than the terminal buffers
// (about 64 KiB) would wait for a reader forever, and the test with it.
class pseudo_terminal {
 public:
  pseudo_terminal() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    REQUIRE(master_ >= 0);
    REQUIRE(::grantpt(master_) == 0);
    REQUIRE(::unlockpt(master_) == 0);
    slave_ = ::ptsname(master_);
    reader_ = std::thread([this] { drain(); });
  }
  ~pseudo_terminal() {
    stop_ = true;
    reader_.join();
    ::close(master_);
  }
  pseudo_terminal(const pseudo_terminal&) = delete;
  pseudo_terminal& operator=(const pseudo_terminal&) = delete;
  [[nodiscard]] const std::string& slave() const { return slave_; }
  // What was written to the terminal since the last call, once 200 ms passed with nothing new.
  std::string shown() {
    using clock = std::chrono::steady_clock;
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::lock_guard lock(mutex_);
      if (clock::now() - last_read_ >= std::chrono::milliseconds(200))
        return std::exchange(text_, {});
    }
  }

 private:
  void drain() {
    char chunk[4096];
    while (!stop_) {
      pollfd ready{master_, POLLIN, 0};
      // POLLHUP alone: no command has the terminal open now; look again shortly.
      if (::poll(&ready, 1, 50) <= 0 || (ready.revents & POLLIN) == 0) {
        if ((ready.revents & POLLHUP) != 0)
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      const ssize_t n = ::read(master_, chunk, sizeof chunk);
      if (n <= 0) continue;
      const std::lock_guard lock(mutex_);
      text_.append(chunk, static_cast<std::size_t>(n));
      last_read_ = std::chrono::steady_clock::now();
    }
  }

  int master_ = -1;
  std::string slave_;
  std::atomic<bool> stop_ = false;
  std::mutex mutex_;
  std::string text_;  // read and not yet shown
  std::chrono::steady_clock::time_point last_read_{};
  std::thread reader_;
};

}  // namespace

TEST_SUITE("e2e: gate review 41") {
  TEST_CASE("an interrupted check or diff says its file tells why only when the file does") {
    temp_dir dir;
    const std::string mfsim = shell_quote(mfsim::test::mfsim_binary());
    const std::string expect = dir.write("expect.jsonl", "{\"id\":\"m\",\"action\":\"deliver\"}\n");
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"check --rules uc4 --expect " + shell_quote(expect) + " --junit",
         "the --junit file says so"},
        {"diff --base uc4 --rules uc4 --report", "the --report file says so"}};
    for (const auto& [command, says_so] : commands) {
      CAPTURE(command);
      // A user's notes given by mistake are left (decision 880): they say nothing of this run.
      const std::string notes = dir.write("notes.txt", "my notes\n");
      const std::string fifo = dir.path() + "/messages";
      const auto left = stopped_waiting(
          mfsim + " " + command + " " + shell_quote(notes) + " " + shell_quote(fifo), fifo,
          dir.path());
      CHECK_MESSAGE(contains(left.out, "interrupted by signal 15"), left.out);
      CHECK(contains(left.out, notes + " was left as it is"));
      CHECK_MESSAGE(!contains(left.out, says_so), left.out);
      CHECK(read_file(notes) == "my notes\n");
      ::unlink(fifo.c_str());
      // The last run's document is replaced, and then the message says so.
      const std::string last = dir.write("last.xml", "<testsuites name=\"last run\"/>\n");
      const auto replaced =
          stopped_waiting(mfsim + " " + command + " " + shell_quote(last) + " " + shell_quote(fifo),
                          fifo, dir.path());
      CHECK_MESSAGE(contains(replaced.out, says_so), replaced.out);
      CHECK(contains(read_file(last), "interrupted"));
      ::unlink(fifo.c_str());
    }
  }

  TEST_CASE("an interrupted check or diff does not say that /dev/null tells why") {
    temp_dir dir;
    const std::string mfsim = shell_quote(mfsim::test::mfsim_binary());
    const std::string expect = dir.write("expect.jsonl", "{\"id\":\"m\",\"action\":\"deliver\"}\n");
    const std::string fifo = shell_quote(dir.path() + "/messages");
    for (const std::string& command : std::vector<std::string>{
             "check --rules uc4 --expect " + shell_quote(expect) + " --junit /dev/null",
             "diff --base uc4 --rules uc4 --report /dev/null"}) {
      CAPTURE(command);
      // The signal once the FIFO, held open and silent by the shell, is being read (decision 996).
      const auto r = run_shell("{ rm -f " + fifo + "; mkfifo " + fifo + " && exec 3<>" + fifo +
                               "; " + mfsim + " " + command + " " + fifo +
                               " 2>&1 3<&- & pid=$!; for i in $(seq 300); do ls -l /proc/$pid/fd "
                               "2>/dev/null | grep -q messages && break; sleep 0.1; done; sleep "
                               "0.3; kill -TERM $pid; wait $pid; echo $?; }");
      CHECK_MESSAGE(contains(r.out, "interrupted by signal 15"), r.out);
      CHECK_MESSAGE(!contains(r.out, "file says so"), r.out);
      CHECK(contains(r.out, "\n143\n"));
    }
  }

  TEST_CASE("two outputs on one terminal are not refused; a page and records in a pipe are") {
    temp_dir dir;
    const std::string mfsim = shell_quote(mfsim::test::mfsim_binary());
    pseudo_terminal terminal;
    const std::string tty = shell_quote(terminal.slave());
    // Records to standard output and the page to standard error, both the terminal.
    const auto both = run_shell("{ " + mfsim + " run --rules uc4 -q --format jsonl " + kSample +
                                " --report /dev/stderr > " + tty + " 2> " + tty + "; echo $?; }");
    CHECK(both.out == "0\n");
    const std::string shown = terminal.shown();
    CHECK_MESSAGE(contains(shown, "\"action\""), shown);
    CHECK(contains(shown, "<html"));
    CHECK_FALSE(contains(shown, "refusing"));
    // check's verdict and its --junit on the terminal, one after the other.
    const std::string expect = dir.write(
        "expect.jsonl", std::string("{\"id\":\"") + kSample + "\",\"action\":\"quarantine\"}\n");
    const auto check =
        run_shell("{ " + mfsim + " check --rules uc4 --expect " + shell_quote(expect) + " " +
                  kSample + " --junit /dev/stdout > " + tty + " 2> " + tty + "; }");
    const std::string checked = terminal.shown();
    CHECK_MESSAGE(contains(checked, "check passed"), checked);
    CHECK(contains(checked, "<testsuites"));
    CHECK(checked.find("check passed") < checked.find("<testsuites"));
    CHECK(check.exit_code == 0);
    // In a pipe, a reader could not take the verdict and the XML apart (decision 886).
    const auto piped =
        run_shell("{ { " + mfsim + " check --rules uc4 --expect " + shell_quote(expect) + " " +
                  kSample + " --junit /dev/stdout; echo $? >&2; } | wc -c; }");
    CHECK(piped.out == "0\n");
    CHECK_MESSAGE(contains(piped.err,
                           "mfsim check: --junit /dev/stdout: is the same file as "
                           "standard output; refusing to write both there"),
                  piped.err);
    CHECK(contains(piped.err, "\n2\n"));
    // Two outputs on one pipe by different names are still refused for run.
    const auto run_piped = run_shell("{ " + mfsim + " run --rules uc4 -q " + kSample +
                                     " --report /dev/stderr 2>&1 | cat; }");
    CHECK(contains(run_piped.out, "is the same file as -o (standard output)"));
  }

  TEST_CASE("a terminal takes more than it buffers while the command writes") {
    // 1 MiB, sixteen times what a terminal buffers: read only once the command ended, the
    // writer would wait for a reader forever (`timeout` turns that into exit status 124).
    pseudo_terminal terminal;
    const auto r = run_shell("{ head -c 1048576 /dev/zero | timeout 20 tr '\\0' x > " +
                             shell_quote(terminal.slave()) + "; echo $?; }");
    CHECK(r.out == "0\n");
    const std::string shown = terminal.shown();
    CHECK(shown.size() == 1048576);
    CHECK(shown.find_first_not_of('x') == std::string::npos);
  }

  TEST_CASE("a device is not opened to ask whether it is a terminal") {
    // /dev/ptmx opens as a new terminal each time: asked by opening it, two outputs there were
    // taken for one terminal and written into two terminals no one reads, exit 0. Told by its
    // device number, it is no terminal, and the two outputs are one device (decision 994).
    const auto r = run_shell("{ timeout 20 " + shell_quote(mfsim::test::mfsim_binary()) +
                             " run --rules uc4 -q " + kSample +
                             " -o /dev/ptmx --report /dev/ptmx < /dev/null; echo $?; }");
    CHECK_MESSAGE(r.out == "2\n", r.out << r.err);
    CHECK_MESSAGE(contains(r.err, "--report /dev/ptmx: is the same file as -o /dev/ptmx"), r.err);
  }

  TEST_CASE("a stop signal while a FIFO input waits for its writer stops the run") {
    temp_dir dir;
    const std::string fifo = dir.path() + "/no-writer";
    // Nobody opens the FIFO for writing: the run waits for a writer when the signal comes, the
    // FIFO open without waiting (decision 995) once it shows among the run's descriptors.
    const auto r = run_shell(
        "{ mkfifo " + shell_quote(fifo) + " && " + shell_quote(mfsim::test::mfsim_binary()) +
        " run --rules uc4 --format jsonl " + shell_quote(fifo) +
        " & pid=$!; for i in $(seq 50); do ls -l /proc/$pid/fd 2>/dev/null | grep -q no-writer "
        "&& break; sleep 0.1; done; sleep 0.3; kill -TERM $pid; for i in "
        "$(seq 50); do kill -0 "
        "$pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid "
        "2>/dev/null; wait $pid; echo status=$?; }");
    CHECK_MESSAGE(contains(r.out, "status=143"), r.out << r.err);
    CHECK_MESSAGE(!contains(r.out, "Interrupted system call"), r.out);
    CHECK_MESSAGE(contains(r.out, "\"error\":\"reading stopped by a signal\""), r.out);
    CHECK(contains(r.err, "interrupted"));
  }
}
