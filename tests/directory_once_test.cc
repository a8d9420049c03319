// The --directory files are read once per process, whoever needs them first (a rule set, the
// other side of a diff, the mailbox state's identities), and a directory that does not load is
// named as what failed.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::run_shell;
using mfsim::test::temp_dir;

}  // namespace

TEST_SUITE("e2e: directory read once") {
  TEST_CASE("diff with --mailbox-state reads a --directory FIFO once for all three") {
    temp_dir dir;
    // A FIFO gives its text to one reader: a second read of the directory would wait for a
    // writer that never comes, and `timeout` would end the command with 124.
    const std::string fifo = dir.path() + "/directory.yaml";
    REQUIRE(run_shell("mkfifo '" + fifo + "'").exit_code == 0);
    const std::string mail =
        dir.write("m.eml",
                  "From: offers@example.net\r\nTo: a.lee@contoso.com\r\nSubject: hello\r\n"
                  "Message-ID: <x@example.net>\r\n\r\nbody\r\n");
    const auto r = run_shell(
        "( cat tests/testdata/mailbox_export/directory.yaml > '" + fifo + "' & ) ; timeout 30 '" +
        mfsim::test::mfsim_binary() + "' diff --base eop-default --rules eop-strict --directory '" +
        fifo + "' --mailbox-state tests/testdata/mailbox_export/junk_ps7.json '" + mail + "'");
    // A writer still waiting (mfsim never opened the FIFO) is let go: opening it for reading
    // and writing does not wait.
    (void)run_shell("exec 3<> '" + fifo + "'; exec 3>&-");
    CHECK_MESSAGE(r.exit_code != 124, "the directory was read more than once");
    // 1: eop-strict changes the message's anti-spam policy, as it does with a directory file.
    CHECK_MESSAGE(r.exit_code == 1, r.err);
    CHECK(contains(r.out, "1 message, 1 changed"));
  }

  TEST_CASE("a diff whose --directory does not load says so, not that --base does not") {
    temp_dir dir;
    const std::string bad =
        dir.write("dir.csv", "\"Name\",\"PrimarySmtpAddress\"\n\"ann\",\"x\"\n");
    const std::string report = dir.path() + "/report.html";
    const auto r = run_mfsim({"diff", "--base", "uc4", "--rules", "uc4", "--directory", bad,
                              "--report", report, "corpus/samples/01-uce-from-egress.eml"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, bad + ":2:"), r.err);
    const std::string page = read_file(report);
    CHECK_MESSAGE(contains(page, "did not run: the --directory files do not load"), page);
    CHECK_FALSE(contains(page, "--base rule set"));
  }
}
