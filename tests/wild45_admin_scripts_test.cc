// Microsoft365DSC configurations as public exports and Microsoft365DSC's own integration
// configurations write them (docs/decisions.md 1235 and 1239): resources mfsim skips are not
// read, and Start-DscConfiguration is ignored.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::only_error;

// A configuration holding `resources` and one anti-spam policy mfsim simulates after them.
std::string configuration(const std::string& resources) {
  return "Configuration Tenant\n{\n    Import-DscResource -ModuleName Microsoft365DSC\n"
         "    Node localhost\n    {\n" +
         resources +
         "        EXOHostedContentFilterPolicy \"Default\"\n        {\n"
         "            Identity = \"Default\";\n            BulkThreshold = 4;\n"
         "            Ensure = \"Present\";\n        }\n    }\n}\n";
}

}  // namespace

TEST_SUITE("wild45 admin scripts") {
  TEST_CASE("a skipped DSC resource with embedded instances loads") {
    const auto r = import(configuration(
        "        SCLabelPolicy \"Labels\"\n        {\n"
        "            AdvancedSettings = @(\n"
        "                MSFT_SCLabelSetting{\n                    Key = \"mandatory\"\n"
        "                    Value = \"false\"\n                }\n"
        "                MSFT_SCLabelSetting { Key = \"x\"; Value = '}' }\n"
        "            );\n            Name = \"Labels\";\n        }\n"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(has(r.warnings, 6, 9, "SCLabelPolicy resources configure nothing of mail-flow"));
    CHECK(r.set.antispam.bulk_threshold == 4);
  }

  TEST_CASE("a skipped DSC resource's values are not evaluated") {
    const auto r = import(configuration(
        "        EXOMailboxAutoReplyConfiguration \"Reply\"\n        {\n"
        "            ExternalMessage = (New-Guid).ToString();\n"
        "            Identity = \"AdeleV@$TenantId\";\n        }\n"
        "        EXOMailboxAutoReplyConfiguration \"Other\" { Identity = $undefined.Method() }\n"));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    int warned = 0;
    for (const auto& w : r.warnings)
      warned += w.message.find("EXOMailboxAutoReplyConfiguration resources") != std::string::npos;
    CHECK(warned == 1);  // once per type
  }

  TEST_CASE("an unclosed skipped DSC resource is an error at its brace") {
    CHECK(only_error("Configuration T\n{\n    Node localhost\n    {\n"
                     "        SCLabelPolicy \"L\"\n        {\n            Name = \"L\"\n") ==
          "6:9 the resource SCLabelPolicy's '{' is not closed by '}'");
  }

  TEST_CASE("a simulated DSC resource is still read in full") {
    const auto r = import(
        configuration("        EXOTransportRule \"R\"\n        {\n            Name = \"R\";\n"
                      "            SubjectContainsWords = @(MSFT_Word { Value = \"a\" });\n"
                      "            SetSCL = 5;\n        }\n"));
    CHECK(has(r.errors, 9, 38, "MSFT_Word inside ( ) or @( )"));
  }

  TEST_CASE("Start-DscConfiguration after the configuration is ignored") {
    const auto r = import(configuration("") +
                          "$data = @{ AllNodes = @(@{ NodeName = 'localhost' }) }\n"
                          "try {\n    Tenant -ConfigurationData $data\n"
                          "    Start-DscConfiguration Tenant -Wait -Force -Verbose -ErrorAction "
                          "Stop\n} catch { throw $_ }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(r.set.antispam.bulk_threshold == 4);
  }
}
