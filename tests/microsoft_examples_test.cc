// The examples of Microsoft's own documentation (the Exchange cmdlet reference, Microsoft365DSC's
// resource examples, the Defender and Exchange Online mail-flow pages) as an admin copies them:
// each case failed before its fix (docs/decisions.md 540 on).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/lint/lint.h"
#include "tests/support/process.h"
#include "tests/support/script_import.h"

namespace {

using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::names_of;
using mfsim::test::only_error;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

using names = std::vector<std::string>;

// Microsoft365DSC's EXOEOPProtectionPolicyRule example (the Strict preset for everyone but one
// domain) as a configuration, with `more` resources after it.
std::string strict_rule_configuration(const std::string& more) {
  return "Configuration Example\n{\n    Import-DscResource -ModuleName Microsoft365DSC\n"
         "    node localhost\n    {\n"
         "        EXOEOPProtectionPolicyRule \"EXOEOPProtectionPolicyRule-Strict Preset Security "
         "Policy\"\n        {\n"
         "            Ensure                    = \"Present\";\n"
         "            ExceptIfRecipientDomainIs = @(\"sandrodev.onmicrosoft.com\");\n"
         "            Identity                  = \"Strict Preset Security Policy\";\n"
         "            Name                      = \"Strict Preset Security Policy\";\n"
         "            Priority                  = 0;\n"
         "            State                     = \"Enabled\";\n        }\n" +
         more + "    }\n}\n";
}

}  // namespace

TEST_SUITE("microsoft examples") {
  TEST_CASE("Export-TransportRuleCollection's example writes the file and changes nothing") {
    // Export-TransportRuleCollection, example 1, before the script goes on to create a rule.
    CHECK(names_of("$file = Export-TransportRuleCollection\n"
                   "[System.IO.File]::WriteAllBytes('C:\\My Docs\\Rules.xml', $file.FileData)\n"
                   "New-TransportRule 'Junk offers' -SubjectContainsWords offer -SetSCL 6\n") ==
          names{"Junk offers"});
    // The short class name, and the other writing methods; a void method gives no value.
    CHECK(names_of("[IO.File]::WriteAllText(\"backup.txt\", 'a' + 'b')\n"
                   "$r = [io.file]::AppendAllLines('log.txt', @('x', 'y'))\n"
                   "New-TransportRule \"R$r\" -SetSCL 5\n") == names{"R"});
  }

  TEST_CASE("what [System.IO.File] reads is known only when the script runs") {
    const std::string error = only_error(
        "$data = [System.IO.File]::ReadAllBytes('C:\\x.xml')\n"
        "New-TransportRule X -SubjectContainsWords $data -SetSCL 9\n");
    CHECK(error.find("2:43") == 0);
    CHECK(error.find("known only when the script runs") != std::string::npos);
    // Other classes' static members, and [IO.File]'s other methods, act on the machine that
    // runs the script (decision 790): no rule changes.
    CHECK(names_of("[Console]::WriteLine('x')\n[IO.File]::Delete('x')\n"
                   "New-TransportRule 'After' -SetSCL 6\n") == names{"After"});
  }

  TEST_CASE(
      "Import-TransportRuleCollection is refused: the rules come from a file mfsim is given") {
    // Import-TransportRuleCollection, example 1: it replaces every transport rule with the
    // file's, so the script's own rules are not what Exchange would hold.
    const std::string error = only_error(
        "New-TransportRule 'Old' -SubjectContainsWords a -SetSCL 9\n"
        "Import-TransportRuleCollection -FileData "
        "([System.IO.File]::ReadAllBytes('C:\\TransportRules\\ExportedRules.xml'))\n");
    CHECK(error.find("2:1 ") == 0);
    CHECK(error.find("replaces every transport rule") != std::string::npos);
    CHECK(error.find("mfsim import ExportedRules.xml") != std::string::npos);
    const auto r = import(
        "$data = Get-Content rules.xml -Encoding Byte -ReadCount 0\n"
        "Import-TransportRuleCollection -FileData $data -Confirm:$false\n");
    CHECK(has(r.errors, 2, 1, "replaces every transport rule"));
    CHECK_MESSAGE(r.warnings.empty(), lines_of(r.warnings));
  }

  TEST_CASE("a DSC quarantine policy's Identity names the tenant, then the policy") {
    // Microsoft365DSC's EXOQuarantinePolicy example: Identity = "$TenantId\IntegrationPolicy";
    // an export writes the built-in policies the same way.
    const auto r = import(
        "Configuration Example\n{\n    Import-DscResource -ModuleName Microsoft365DSC\n"
        "    node localhost\n    {\n"
        "        EXOQuarantinePolicy 'ConfigureQuarantinePolicy'\n        {\n"
        "            EndUserQuarantinePermissionsValue = 87;\n"
        "            ESNEnabled = $True;\n"
        "            Identity = \"contoso.onmicrosoft.com\\IntegrationPolicy\";\n"
        "            Ensure = \"Present\"\n        }\n"
        "        EXOQuarantinePolicy 'Builtin'\n        {\n"
        "            EndUserQuarantinePermissionsValue = 23;\n"
        "            Identity = \"contoso.onmicrosoft.com\\DefaultFullAccessPolicy\";\n"
        "            Ensure = \"Present\"\n        }\n"
        "        EXOHostedContentFilterPolicy 'Default'\n        {\n"
        "            Identity = \"Default\"\n            SpamAction = \"Quarantine\"\n"
        "            SpamQuarantineTag = \"IntegrationPolicy\"\n"
        "            Ensure = \"Present\"\n        }\n"
        "    }\n}\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.quarantine_policies.size() == 1);  // the built-in one is not created again
    CHECK(r.set.quarantine_policies[0].name == "IntegrationPolicy");
    CHECK(r.set.quarantine_policies[0].permissions == 87);
    CHECK(r.set.antispam.spam.quarantine_tag == "IntegrationPolicy");
  }

  TEST_CASE("@( ) around a Get- query is the query: how many objects only the tenant knows") {
    // The conditions-and-exceptions page's HasClassification example.
    const std::string error = only_error(
        "New-TransportRule \"Rule Name\" -HasClassification @(Get-MessageClassification "
        "\"Company Internal\").Identity -PrependSubject \"CompanyInternal\"\n");
    CHECK(error.find("1:50 ") == 0);
    CHECK(error.find("known only when the script runs") != std::string::npos);
    // @(Get-Mailbox).Count was 1, silently: a count only the tenant knows.
    CHECK(only_error("$n = @(Get-Mailbox).Count\nNew-TransportRule \"R $n\" -SetSCL 5\n")
              .find("known only when the script runs") != std::string::npos);
    // A loop over @(Get-AcceptedDomain) runs for no object, as over (Get-AcceptedDomain).
    const auto r = import(
        "foreach ($d in @(Get-AcceptedDomain)) { New-TransportRule \"R $d\" -SetSCL 5 }\n"
        "New-TransportRule After -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(has(r.warnings, 1, 16, "the loop runs for no object"));
    // An array of known values, or of a query and more, is still an array.
    CHECK(names_of("foreach ($d in @('a', 'b')) { New-TransportRule \"R $d\" -SetSCL 5 }\n") ==
          names{"R a", "R b"});
  }

  TEST_CASE("explain shows both halves of New-TransportRule's ethical wall, and no false offset") {
    // New-TransportRule, example 1, against a directory where Sam is in Sales, Bea in Brokerage.
    const temp_dir dir;
    const std::string rules = dir.write(
        "wall.ps1",
        "New-TransportRule \"Ethical Wall - Sales and Brokerage Departments\" -BetweenMemberOf1 "
        "\"Sales Department\" -BetweenMemberOf2 \"Brokerage Department\" -ExceptIfFrom "
        "\"Tony Smith\",\"Pilar Ackerman\" -ExceptIfSubjectContainsWords \"Press Release\","
        "\"Corporate Communication\" -RejectMessageReasonText \"Messages sent between the Sales "
        "and Brokerage departments are strictly prohibited.\"\n");
    const std::string directory = dir.write(
        "dir.yaml",
        "mfsim_directory: 1\nrecipients:\n"
        "  - {Name: tony, DisplayName: Tony Smith, PrimarySmtpAddress: tony@contoso.com}\n"
        "  - {Name: pilar, DisplayName: Pilar Ackerman, PrimarySmtpAddress: pilar@contoso.com}\n"
        "  - {Name: sam, PrimarySmtpAddress: sam@contoso.com}\n"
        "  - {Name: bea, PrimarySmtpAddress: bea@contoso.com}\n"
        "groups:\n  - {Name: Sales Department, Members: [sam, tony]}\n"
        "  - {Name: Brokerage Department, Members: [bea]}\n");
    const std::string message = dir.write(
        "m.eml", "From: sam@contoso.com\nTo: bea@contoso.com\nSubject: Quarterly numbers\n\nhi\n");
    const auto text = run_mfsim(
        {"explain", "--rules", rules, "--directory", directory, "--format", "text", message});
    REQUIRE_MESSAGE(text.exit_code == 0, text.err);
    CHECK(text.out.find("[\"Sales Department\"] BetweenMemberOf2 [\"Brokerage Department\"]: "
                        "true") != std::string::npos);
    CHECK(text.out.find("matched \"bea@contoso.com\":\n            \"sam@contoso.com\"") !=
          std::string::npos);
    CHECK(text.out.find("at offset") == std::string::npos);
    CHECK(text.out.find("Outcome: reject") != std::string::npos);
    const auto json = run_mfsim(
        {"explain", "--rules", rules, "--directory", directory, "--format", "json", message});
    REQUIRE_MESSAGE(json.exit_code == 0, json.err);
    CHECK(json.out.find("\"second_parameter\":\"BetweenMemberOf2\"") != std::string::npos);
    CHECK(json.out.find("\"second_values\":[\"Brokerage Department\"]") != std::string::npos);
  }

  TEST_CASE("Remove-Rule, as Remove-HostedContentFilterRule's example writes it, names the two") {
    const std::string error = only_error(
        "New-HostedContentFilterPolicy -Name \"Contoso Spam Filter Policy\"\n"
        "New-HostedContentFilterRule -Name \"Contoso Recipients\" -HostedContentFilterPolicy "
        "\"Contoso Spam Filter Policy\" -RecipientDomainIs contoso.com\n"
        "Remove-Rule \"Contoso Recipients\"\n");
    CHECK(error.find("3:1 ") == 0);
    CHECK(error.find("(did you mean 'Remove-TransportRule' or "
                     "'Remove-HostedContentFilterRule'?)") != std::string::npos);
    // A slip away from one name still gets that one only.
    CHECK(only_error("Remove-TransportRul X\n").find("(did you mean 'Remove-TransportRule'?)") !=
          std::string::npos);
  }

  TEST_CASE("lint warns of a spam bypass on the sender's domain alone, as Defender's page does") {
    // "Create sender allowlists": never a bypass on the sender domain alone; with the
    // Authentication-Results check the page gives, no finding.
    const auto ids = [](const std::string& script) {
      const auto r = import(script);
      REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
      std::vector<std::string> out;
      for (const auto& f : mfsim::lint::lint_rule_set(r.set)) out.push_back(f.id);
      return out;
    };
    CHECK(ids("New-TransportRule X -SenderDomainIs contoso.com -SetSCL -1\n") == names{"MF017"});
    CHECK(ids("New-TransportRule X -From a@contoso.com -FromAddressMatchesPatterns 'b@' "
              "-SetSCL -1\n") == names{"MF017"});
    CHECK(ids("New-TransportRule \"Allow contoso.com\" -SenderDomainIs contoso.com "
              "-HeaderContainsMessageHeader Authentication-Results -HeaderContainsWords "
              "\"dmarc=pass\",\"dmarc=bestguesspass\" -SetSCL -1 -SetHeaderName X-ETR "
              "-SetHeaderValue \"Bypass spam filtering for authenticated sender 'contoso.com'\"\n")
              .empty());
    CHECK(ids("New-TransportRule X -SenderDomainIs contoso.com -SetSCL 9\n").empty());
    CHECK(ids("New-TransportRule X -SenderDomainIs contoso.com -SetSCL -1 -Enabled $false\n") ==
          names{"MF012"});
  }

  TEST_CASE("a preset security policy's rule without conditions applies to every recipient") {
    // Microsoft365DSC's EXOEOPProtectionPolicyRule example: the Strict preset for everyone but
    // one domain (Set-EOPProtectionPolicyRule, example 2: no conditions, no restriction).
    const std::string strict_policy =
        "        EXOHostedContentFilterPolicy 'Strict'\n        {\n"
        "            Identity = \"Strict Preset Security Policy1658310385614\"\n"
        "            SpamAction = \"Quarantine\"\n            Ensure = \"Present\"\n        }\n";
    const auto r = import(strict_rule_configuration(strict_policy));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.scoped_antispam.size() == 1);
    const auto& strict = r.set.scoped_antispam[0];
    CHECK(strict.recipient_domain_is.empty());
    CHECK(strict.except_recipient_domain_is == names{"sandrodev.onmicrosoft.com"});
    // The YAML written reads back: a preset's policy needs no recipient condition.
    const std::string written =
        "mfsim: 1\nname: t\nantispam_policies:\n"
        "  - Name: Strict Preset Security Policy1658310385614\n"
        "    ExceptIfRecipientDomainIs: [sandrodev.onmicrosoft.com]\n"
        "    SpamAction: Quarantine\n";
    const temp_dir dir;
    const auto lint = run_mfsim({"lint", "--rules", dir.write("p.yaml", written)});
    CHECK_MESSAGE(lint.exit_code == 0, std::string(lint.out + lint.err));
    // A custom policy still needs one.
    CHECK(only_error("New-HostedContentFilterPolicy -Name X -SpamAction Quarantine\n"
                     "New-HostedContentFilterRule -Name X -HostedContentFilterPolicy X "
                     "-ExceptIfRecipientDomainIs a.com\n")
              .find("scopes no recipient") != std::string::npos);
  }

  TEST_CASE("a preset's rule alone gets the preset's fixed anti-spam settings") {
    // Microsoft365DSC's EXOEOPProtectionPolicyRule example, as it stands: the rule, no policy.
    const auto r = import(strict_rule_configuration(""));
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.scoped_antispam.size() == 1);
    const auto& strict = r.set.scoped_antispam[0];
    CHECK(strict.name == "Strict Preset Security Policy");
    CHECK(strict.except_recipient_domain_is == names{"sandrodev.onmicrosoft.com"});
    // The Strict column of Microsoft's recommended settings (the eop-strict preset).
    CHECK(strict.spam.action == mfsim::rules::spam_action::quarantine);
    CHECK(strict.spam.quarantine_tag == "DefaultFullAccessWithNotificationPolicy");
    CHECK(strict.bulk_threshold == 5);
    // A custom policy's rule still needs its policy.
    CHECK(only_error("New-HostedContentFilterRule -Name R -HostedContentFilterPolicy Missing "
                     "-RecipientDomainIs a.com\n")
              .find("no anti-spam policy named 'Missing'") != std::string::npos);
  }

  TEST_CASE("a script's EOPProtectionPolicyRule cmdlets say where mfsim reads the presets from") {
    // Preset security policies, "in Exchange Online PowerShell": turning Strict on.
    const auto r = import(
        "Enable-EOPProtectionPolicyRule -Identity \"Strict Preset Security "
        "Policy\"\nNew-TransportRule X -SubjectContainsWords a -SetSCL 9\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(has(r.set.imported.warnings, 1, 1,
              "Enable-EOPProtectionPolicyRule: mfsim simulates the anti-spam "
              "part of the Standard and Strict preset security policies from "
              "an export of their rules"));
    CHECK(r.set.imported.skipped_commands == 1);
  }
}
