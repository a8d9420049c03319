// End-to-end tests of mfsim as a CI gate before a rule-set change: the mistakes a busy mail
// administrator makes with --define, the expectations file, the corpus and the shards, and what
// each command then says and exits with.
#include <doctest/doctest.h>

#include <string>

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
}
