// The outputs of a CI gate (`run -o`, `--report`, `--junit`) keep the permissions of the file
// they replace (decision 780), fail at once where they cannot be created (781), are written
// through the folder they were opened in (782), never silently over another command's output
// (783), and say the command did not run when its command line does not parse (784).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
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
using mfsim::test::shell_quote;
using mfsim::test::temp_dir;

constexpr const char* kSample = "corpus/samples/01-uce-from-egress.eml";

// The permission bits and group of the file at `path`.
struct permissions {
  mode_t mode = 0;
  gid_t group = 0;
};
permissions permissions_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return {st.st_mode & 07777, st.st_gid};
}

// Gives `path` mode 0640 and, where this user may (root), another group; returns what it set.
permissions restrict_to_a_group(const std::string& path) {
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  if (::geteuid() == 0) REQUIRE(::chown(path.c_str(), static_cast<uid_t>(-1), 4242) == 0);
  return permissions_of(path);
}

// `mfsim run -o OUT -` in `dir`, reading the sample from a FIFO the shell holds open; once the
// run's temporary file for OUT exists (the run opened OUT and waits for its message), runs
// `meanwhile`, then sends the message and closes the FIFO (the run holds no writing end of it,
// so that ends its input). Returns the run's exit status and standard error. (`ls` fails when one
// of its two patterns matches nothing: its output, not its status, says the file is there.)
mfsim::test::command_result run_with_change_meanwhile(const temp_dir& dir, const std::string& out,
                                                      const std::string& meanwhile) {
  const std::string fifo = shell_quote(dir.path() + "/stdin-fifo");
  const std::string err = shell_quote(dir.path() + "/stderr");
  const auto r = run_shell(
      "mkfifo " + fifo + " && exec 3<>" + fifo + "; " + shell_quote(mfsim::test::mfsim_binary()) +
      " run --rules uc4 -o " + shell_quote(out) + " - <" + fifo + " 2>" + err +
      " 3>&- & pid=$!; for i in $(seq 300); do ls -d " + shell_quote(dir.path()) + "/*/*.tmp-* " +
      shell_quote(dir.path()) + "/*.tmp-* 2>/dev/null | grep -q . && break; sleep 0.1; done; " +
      "sleep 0.3; " + meanwhile + "; cat " +
      shell_quote(mfsim::test::source_dir() + "/" + kSample) +
      " >&3; exec 3>&-; wait $pid; echo $?");
  return {std::atoi(r.out.c_str()), "", read_file(dir.path() + "/stderr")};
}

}  // namespace

TEST_SUITE("e2e: gate review 39") {
  TEST_CASE("-o, --report and --junit keep the mode and group of the file they replace") {
    temp_dir dir;
    const std::string out = dir.write("out.jsonl", "{}\n");
    const std::string report = dir.write("report.html", "<p>last</p>\n");
    const permissions kept = restrict_to_a_group(out);
    restrict_to_a_group(report);
    const auto r = run_mfsim({"run", "--rules", "uc4", "-o", out, "--report", report, kSample});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(contains(read_file(out), "\"action\":\"quarantine\""));
    CHECK(permissions_of(out).mode == 0640);
    CHECK(permissions_of(out).group == kept.group);
    CHECK(permissions_of(report).mode == 0640);
    CHECK(permissions_of(report).group == kept.group);
    // The placeholder of a run that fails keeps them too.
    const std::string rules = dir.write("rules.yaml", "rules: [\n");
    CHECK(run_mfsim({"run", "--rules", rules, "-o", out, kSample}).exit_code == 2);
    CHECK(contains(read_file(out), "did not finish"));
    CHECK(permissions_of(out).mode == 0640);
    CHECK(permissions_of(out).group == kept.group);
    // check --junit.
    const std::string expect = dir.write("expect.jsonl", "");
    const std::string junit = dir.write("check.xml", "<testsuites/>\n");
    restrict_to_a_group(junit);
    const auto c = run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--junit", junit,
                              "--allow-unexpected", kSample});
    CHECK(contains(read_file(junit), "<testsuite"));
    CHECK(permissions_of(junit).mode == 0640);
    CHECK(permissions_of(junit).group == kept.group);
    // A new file is made as any: 0666 less the umask, no longer 0640.
    const std::string fresh = dir.path() + "/fresh.jsonl";
    REQUIRE(run_mfsim({"run", "--rules", "uc4", "-o", fresh, kSample}).exit_code == 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    CHECK(permissions_of(fresh).mode == (0666 & ~mask));
  }

  TEST_CASE("an output in a missing or unwritable folder fails at once, with exit 2") {
    temp_dir dir;
    const std::string missing = dir.path() + "/no-such-folder/out.jsonl";
    const auto r = run_mfsim({"run", "--rules", "uc4", "-o", missing, kSample});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "mfsim run: -o: cannot create " + missing), r.err);
    CHECK_MESSAGE(contains(r.err, "No such file or directory"), r.err);
    CHECK_FALSE(contains(r.err, "messages read"));  // refused before the run
    // A file where a folder should be, for each option and command.
    const std::string file = dir.write("a-file", "x\n");
    const std::string under = file + "/out";
    const std::string expect = dir.write("expect.jsonl", "");
    const std::vector<std::vector<std::string>> commands = {
        {"run", "--rules", "uc4", "--report", under, kSample},
        {"check", "--rules", "uc4", "--expect", expect, "--junit", under, kSample},
        {"import", "tests/testdata/import/fidelity.ps1", "-o", under},
    };
    for (const auto& command : commands) {
      const auto c = run_mfsim(command);
      CHECK_MESSAGE(c.exit_code == 2, command[0]);
      CHECK_MESSAGE(contains(c.err, "cannot create " + under), c.err);
      CHECK_MESSAGE(contains(c.err, "Not a directory"), c.err);
    }
    if (::geteuid() == 0) return;  // root writes in a read-only folder
    const std::string out = dir.write("locked/out.jsonl", "{}\n");
    REQUIRE(::chmod((dir.path() + "/locked").c_str(), 0555) == 0);
    const auto locked = run_mfsim({"run", "--rules", "uc4", "-o", out, kSample});
    ::chmod((dir.path() + "/locked").c_str(), 0755);
    CHECK(locked.exit_code == 2);
    CHECK_MESSAGE(contains(locked.err, "Permission denied"), locked.err);
    CHECK(read_file(out) == "{}\n");
  }

  TEST_CASE("an output replaced by another process during the run is left, and the run fails") {
    temp_dir dir;
    const std::string out = dir.write("out.jsonl", "{}\n");
    const auto r =
        run_with_change_meanwhile(dir, out,
                                  "printf 'other\\n' > " + shell_quote(out + ".new") + " && mv " +
                                      shell_quote(out + ".new") + " " + shell_quote(out));
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(contains(r.err, out + " was replaced by another process while this command "
                                        "wrote it"),
                  r.err);
    CHECK(read_file(out) == "other\n");
    // Every record was written, to a file the other process's replaced: the summary says
    // where they are not, not that some were never written.
    CHECK_MESSAGE(contains(r.err, "the output failed, so it does not hold these records"), r.err);
    // No temporary file is left behind.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
      CHECK_FALSE(contains(entry.path().filename().string(), ".tmp-"));
  }

  TEST_CASE("an output replaced meanwhile through a symlink names the link given, and its end") {
    temp_dir dir;
    const std::string out = dir.write("real/out.jsonl", "{}\n");
    const std::string link = dir.path() + "/link.jsonl";
    std::filesystem::create_symlink(out, link);
    const auto r =
        run_with_change_meanwhile(dir, link,
                                  "printf 'other\\n' > " + shell_quote(out + ".new") + " && mv " +
                                      shell_quote(out + ".new") + " " + shell_quote(out));
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(
        contains(r.err, link + " (a link to " + out + ") was replaced by another process"), r.err);
    CHECK(read_file(out) == "other\n");
  }

  TEST_CASE("a folder symlink swapped during the run does not redirect the output") {
    temp_dir dir;
    dir.write("first/keep", "");
    const std::string victim = dir.write("second/out.jsonl", "not mfsim's\n");
    const std::string link = dir.path() + "/current";
    std::filesystem::create_directory_symlink(dir.path() + "/first", link);
    const auto r = run_with_change_meanwhile(
        dir, link + "/out.jsonl",
        "ln -sfn " + shell_quote(dir.path() + "/second") + " " + shell_quote(link + ".new") +
            " && mv -T " + shell_quote(link + ".new") + " " + shell_quote(link));
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(read_file(victim) == "not mfsim's\n");
    CHECK(contains(read_file(dir.path() + "/first/out.jsonl"), "\"action\":\"quarantine\""));
  }

  TEST_CASE("a command line that does not parse leaves --report and --junit saying so") {
    temp_dir dir;
    const std::string report = dir.write("report.html", "<p>last run's report</p>\n");
    const auto r =
        run_mfsim({"run", "--rules", "uc4", "--report", report, "--no-such-option", kSample});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(read_file(report), "id=\"not-run\""), read_file(report));
    CHECK(contains(read_file(report), "its command line does not parse"));
    const std::string junit = dir.write("check.xml", "<testsuites/>\n");
    const auto c = run_mfsim({"check", "--rules", "uc4", "--expect=" + junit + ".none",
                              "--junit=" + junit, "--no-such-option", kSample});
    CHECK(c.exit_code == 2);
    CHECK_MESSAGE(contains(read_file(junit), "not-run"), read_file(junit));
    // An output that may be one of the words is left alone.
    const std::string message =
        dir.write("m.eml", read_file(mfsim::test::source_dir() + "/" + kSample));
    CHECK(run_mfsim({"run", "--rules", "uc4", "--report", message, "--no-such-option", message})
              .exit_code == 2);
    CHECK(read_file(message) == read_file(mfsim::test::source_dir() + "/" + kSample));
  }

  TEST_CASE("a failed run -o leaves no table of the run before") {
    temp_dir dir;
    const std::string table = dir.path() + "/table.txt";
    REQUIRE(
        run_mfsim({"run", "--rules", "uc4", "--format", "table", "-o", table, kSample}).exit_code ==
        0);
    REQUIRE(read_file(table).starts_with("MESSAGE "));
    const std::string rules = dir.write("rules.yaml", "rules: [\n");
    CHECK(
        run_mfsim({"run", "--rules", rules, "--format", "table", "-o", table, kSample}).exit_code ==
        2);
    CHECK_MESSAGE(read_file(table).starts_with("mfsim run started and did not finish: "),
                  read_file(table));
  }
}
