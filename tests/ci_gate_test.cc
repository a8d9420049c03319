// End-to-end tests of mfsim as a CI gate before a rule-set change: the mistakes a busy mail
// administrator makes with --define, the expectations file, the corpus and the shards, and what
// each command then says and exits with.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/process.h"

using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A deployment script with parameters, as a pipeline passes them with --define.
constexpr const char* kParameterisedScript =
    "param(\n"
    "    [string]$TenantDomain = 'contoso.com',\n"
    "    [int]$RetentionDays = 15\n"
    ")\n"
    "Set-HostedContentFilterPolicy -Identity Default -SpamAction Quarantine "
    "-QuarantineRetentionPeriod $RetentionDays\n";

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
}
