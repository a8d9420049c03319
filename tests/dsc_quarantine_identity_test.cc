// A Microsoft365DSC quarantine policy's Identity, TENANT\NAME, names the policy NAME: all that
// follows the tenant (engine/rules/powershell_dsc_map.cc, decisions 542 and 563).
#include <doctest/doctest.h>

#include <string>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::import;
using mfsim::test::lines_of;

// A configuration with one EXOQuarantinePolicy whose Identity is `identity` (as PowerShell
// source: a backslash written once).
std::string quarantine_policy(const std::string& identity) {
  return "Configuration Example\n{\n    Import-DscResource -ModuleName Microsoft365DSC\n"
         "    node localhost\n    {\n"
         "        EXOQuarantinePolicy 'Q'\n        {\n"
         "            EndUserQuarantinePermissionsValue = 87;\n"
         "            Identity = \"" +
         identity + "\";\n            Ensure = \"Present\"\n        }\n    }\n}\n";
}

}  // namespace

TEST_SUITE("dsc quarantine identity") {
  TEST_CASE("a policy name with a backslash keeps it after the tenant") {
    const auto r = import(quarantine_policy("contoso.onmicrosoft.com\\Legal\\Review"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.quarantine_policies.size() == 1);
    CHECK(r.set.quarantine_policies[0].name == "Legal\\Review");
  }

  TEST_CASE("a backslash with nothing after it leaves the identity as the name") {
    const auto r = import(quarantine_policy("Review\\"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.quarantine_policies.size() == 1);
    CHECK(r.set.quarantine_policies[0].name == "Review\\");
  }
}
