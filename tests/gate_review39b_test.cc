// A hostile review of decisions 780-784: the permissions of a file another user planted are not
// given to this user's output (decision 840), /dev/stdout is the shell's descriptor, not the file
// behind it (841), a command line that does not parse leaves a --report or --junit file of
// another kind, named by mistake (842), and another user's file in /tmp fails at once (844).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

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
constexpr uid_t kOtherUser = 65534;  // nobody

struct stat stat_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st;
}

mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

TEST_SUITE("e2e: gate review 39b") {
  TEST_CASE("a file of another user gives the output its owner or no more than a new file's mode") {
    if (::geteuid() != 0) {
      MESSAGE("needs root, to make another user's files");
      return;
    }
    temp_dir dir;
    // A world-writable file planted in a sticky folder (/tmp): root's output is not left for its
    // planter to rewrite.
    const std::string sticky = dir.path() + "/sticky";
    const std::string planted = dir.write("sticky/out.jsonl", "{}\n");
    REQUIRE(::chmod(sticky.c_str(), 01777) == 0);
    REQUIRE(::chmod(planted.c_str(), 0666) == 0);
    REQUIRE(::chown(planted.c_str(), kOtherUser, static_cast<gid_t>(-1)) == 0);
    const auto r = run_mfsim({"run", "--rules", "uc4", "-o", planted, kSample});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(contains(read_file(planted), "\"action\":\"quarantine\""));
    CHECK(stat_of(planted).st_uid == 0);
    CHECK((stat_of(planted).st_mode & 0777) == new_file_mode());
    // A user's private output in their own workspace stays theirs, and private.
    const std::string workspace = dir.path() + "/workspace";
    const std::string own = dir.write("workspace/out.jsonl", "{}\n");
    REQUIRE(::chown(workspace.c_str(), kOtherUser, static_cast<gid_t>(-1)) == 0);
    REQUIRE(::chmod(own.c_str(), 0600) == 0);
    REQUIRE(::chown(own.c_str(), kOtherUser, static_cast<gid_t>(-1)) == 0);
    const auto w = run_mfsim({"run", "--rules", "uc4", "-o", own, kSample});
    REQUIRE_MESSAGE(w.exit_code == 0, w.err);
    CHECK(contains(read_file(own), "\"action\":\"quarantine\""));
    CHECK(stat_of(own).st_uid == kOtherUser);
    CHECK((stat_of(own).st_mode & 0777) == 0600);
  }

  TEST_CASE("another user's output in a sticky folder fails before the run, with exit 2") {
    if (::geteuid() != 0 || ::access("/usr/bin/setpriv", X_OK) != 0) {
      MESSAGE("needs root and setpriv, to run as another user");
      return;
    }
    temp_dir dir;
    REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    const std::string sticky = dir.path() + "/tmp";
    const std::string roots = dir.write("tmp/out.jsonl", "{}\n");
    REQUIRE(::chmod(sticky.c_str(), 01777) == 0);
    REQUIRE(::chmod(roots.c_str(), 0666) == 0);  // anyone may write it, not replace it
    const auto r = run_shell("{ setpriv --reuid=65534 --regid=65534 --clear-groups " +
                             shell_quote(mfsim::test::mfsim_binary()) + " run --rules uc4 -o " +
                             shell_quote(roots) + " " + kSample + "; echo $?; }");
    CHECK(r.out == "2\n");
    CHECK_MESSAGE(
        contains(r.err, "mfsim run: -o: cannot replace " + roots +
                            ": it is another user's file in a folder with the sticky bit"),
        r.err);
    CHECK_FALSE(contains(r.err, "messages read"));
    CHECK(read_file(roots) == "{}\n");
    // Its own file there it replaces.
    const std::string own = dir.write("tmp/own.jsonl", "{}\n");
    REQUIRE(::chown(own.c_str(), kOtherUser, kOtherUser) == 0);
    const auto o = run_shell("{ setpriv --reuid=65534 --regid=65534 --clear-groups " +
                             shell_quote(mfsim::test::mfsim_binary()) + " run --rules uc4 -o " +
                             shell_quote(own) + " " + kSample + "; echo $?; }");
    CHECK_MESSAGE(o.out == "0\n", o.err);
    CHECK(contains(read_file(own), "\"action\":\"quarantine\""));
  }

  TEST_CASE("-o /dev/stdout writes to the descriptor: a log appended to, a pipe") {
    temp_dir dir;
    const std::string log = dir.write("ci.log", "the log before\n");
    const std::string run =
        shell_quote(mfsim::test::mfsim_binary()) + " run --rules uc4 -q " + kSample + " -o ";
    const auto appended =
        run_shell("{ " + run + "/dev/stdout >> " + shell_quote(log) + "; echo $?; }");
    CHECK(appended.out == "0\n");
    CHECK(read_file(log).starts_with("the log before\n{"));
    CHECK(contains(read_file(log), "\"action\":\"quarantine\""));
    const std::string piped = dir.path() + "/piped";
    const auto pipe =
        run_shell("{ { " + run + "/dev/fd/1; echo $? > " + shell_quote(piped + ".rc") +
                  "; } | cat > " + shell_quote(piped) + "; }");
    CHECK_MESSAGE(read_file(piped + ".rc") == "0\n", pipe.err);
    CHECK(contains(read_file(piped), "\"action\":\"quarantine\""));
    // Standard error the same; the run's own messages go there too.
    const auto err_log = dir.write("err.log", "{\"the log before\":1}\n");
    const auto to_stderr =
        run_shell("{ " + run + "/dev/stderr 2>> " + shell_quote(err_log) + "; echo $?; }");
    CHECK(to_stderr.out == "0\n");
    CHECK(read_file(err_log).starts_with("{\"the log before\":1}\n{"));
    CHECK_FALSE(contains(read_file(err_log), "did not finish"));
    // A descriptor that is not open for writing fails before the run, as a missing folder.
    const auto closed = run_mfsim({"run", "--rules", "uc4", "-o", "/dev/fd/987", kSample});
    CHECK(closed.exit_code == 2);
    CHECK_MESSAGE(
        contains(closed.err, "mfsim run: -o: cannot write /dev/fd/987: Bad file descriptor"),
        closed.err);
    CHECK_FALSE(contains(closed.err, "messages read"));
  }

  TEST_CASE("a command line that does not parse leaves a --junit or --report of another kind") {
    temp_dir dir;
    // `--junit` given the expectations, `--expect` forgotten.
    const std::string expect = dir.write("expect.jsonl", "{\"id\":\"m\",\"action\":\"deliver\"}\n");
    const auto c = run_mfsim({"check", "--rules", "uc4", "--junit", expect, kSample});
    CHECK(c.exit_code == 2);
    CHECK(read_file(expect) == "{\"id\":\"m\",\"action\":\"deliver\"}\n");
    // `--report` given the proposed rule set, `--rules` forgotten.
    const std::string proposed = dir.write("proposed.yaml", "rules: []\n");
    const auto d = run_mfsim({"diff", "--base", "uc4", "--report", proposed, kSample});
    CHECK(d.exit_code == 2);
    CHECK(read_file(proposed) == "rules: []\n");
    // The last run's page and verdict are still replaced.
    const std::string junit = dir.write("check.xml", "<?xml version=\"1.0\"?>\n<testsuites/>\n");
    CHECK(run_mfsim({"check", "--rules", "uc4", "--junit", junit, kSample}).exit_code == 2);
    CHECK(contains(read_file(junit), "not-run"));
  }
}
