// Tests of real rule sets loading (issue 14, the importer side): commands that define no rules,
// cmdlets outside mail-flow simulation, what a script written for a tenant assumes, policies
// checked whether or not a rule scopes them, wildcards in address parameters, JSON keys in any
// case and the read-only properties of exports, and the round trip of every import fixture
// through YAML with the same outcomes.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "engine/escape.h"
#include "engine/rules/load_any.h"
#include "engine/rules/load_json_export.h"
#include "engine/rules/load_powershell.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

namespace {

using mfsim::diag_code;
using mfsim::diagnostic;
using mfsim::is_warning;
using mfsim::load_error;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;
using namespace mfsim::rules;

const std::string kData = mfsim::test::source_dir() + "/tests/testdata/import/";

// "line:col message" of each diagnostic, to compare in one CHECK.
std::vector<std::string> described(const std::vector<diagnostic>& list) {
  std::vector<std::string> out;
  for (const auto& d : list) {
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.col) + " " +
                  (is_warning(d) ? "warning " : "error ") + d.message);
  }
  return out;
}

std::vector<std::string> errors_of_script(const std::string& script) {
  try {
    (void)load_rule_set_powershell(script, "t.ps1");
  } catch (const load_error& e) {
    return described(e.diagnostics());
  }
  return {};
}

std::vector<std::string> errors_of_json(const std::string& text) {
  try {
    (void)load_rule_set_json_export(text, "t.json");
  } catch (const load_error& e) {
    return described(e.diagnostics());
  }
  return {};
}

bool has_text(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

}  // namespace

TEST_SUITE("import_commands") {
  TEST_CASE("output, session and query cmdlets are ignored and counted, pipelines included") {
    const auto set = load_rule_set_powershell(
        "Set-ExecutionPolicy RemoteSigned -Scope CurrentUser\nInstall-Module "
        "ExchangeOnlineManagement\nClear-Host\nGet-Mailbox -ResultSize Unlimited\n"
        "Get-TransportRule | Format-List Name\nNew-TransportRule x -SetSCL 5 | Out-Null\n"
        "Start-Sleep -Seconds 2\nStart-Transcript -Path log.txt\nStop-Transcript\n",
        "t.ps1");
    REQUIRE(set.transport_rules.size() == 1);
    CHECK(set.transport_rules[0].actions.set_scl == 5);
    // 8 commands alone, Format-List and Out-Null after a pipeline.
    CHECK(set.imported.ignored_commands == 10);
    CHECK(set.imported.skipped_commands == 0);
    CHECK(set.imported.warnings.empty());
  }

  TEST_CASE(
      "Exchange cmdlets outside mail-flow simulation are skipped with a warning naming each") {
    const auto set = load_rule_set_powershell(
        "Set-RemoteDomain Default -AutoForwardEnabled $false\n"
        "New-InboundConnector -Name 'From Area 1' -ConnectorType Partner\n"
        "Get-Mailbox | Set-Mailbox -AuditEnabled $true\nNew-TransportRule x -SetSCL 5\n",
        "t.ps1");
    CHECK(set.transport_rules.size() == 1);
    CHECK(set.imported.skipped_commands == 3);
    CHECK(described(set.imported.warnings) ==
          std::vector<std::string>{
              "1:1 warning Set-RemoteDomain changes remote domains, outside mail-flow "
              "simulation; the command is skipped",
              "2:1 warning New-InboundConnector changes connectors, outside mail-flow simulation; "
              "the command is skipped",
              "3:15 warning Set-Mailbox changes mailboxes, outside mail-flow simulation; the "
              "command is skipped"});
  }

  TEST_CASE("--strict makes every import warning an error") {
    temp_dir dir;
    const std::string file = dir.write("t.ps1",
                                       "Set-DkimSigningConfig contoso.com -Enabled $true\n"
                                       "New-TransportRule x -SetSCL 5 -Priority 3\n");
    CHECK_NOTHROW((void)load_rule_file(file));
    import_options strict;
    strict.strict = true;
    try {
      (void)load_rule_file(file, strict);
      FAIL("expected a load error");
    } catch (const load_error& e) {
      const auto lines = described(e.diagnostics());
      REQUIRE(lines.size() == 2);
      CHECK(lines[0] ==
            "1:1 error Set-DkimSigningConfig changes DKIM signing, outside mail-flow "
            "simulation; the command is skipped (--strict)");
      CHECK(lines[1].find("2:41 error -Priority 3 in transport rule 'x': past the rules") == 0);
    }
  }

  TEST_CASE("a -Priority past the rules created so far puts the rule last, with a warning") {
    const auto set = load_rule_set_powershell(
        "New-TransportRule a -SetSCL 1\nNew-TransportRule b -SetSCL 2 -Priority 9\n"
        "New-TransportRule c -SetSCL 3 -Priority 0\nSet-TransportRule a -Priority 5\n",
        "t.ps1");
    REQUIRE(set.transport_rules.size() == 3);
    CHECK(set.transport_rules[0].name == "c");
    CHECK(set.transport_rules[1].name == "b");
    CHECK(set.transport_rules[2].name == "a");
    CHECK(described(set.imported.warnings) ==
          std::vector<std::string>{
              "2:41 warning -Priority 9 in transport rule 'b': past the rules created so far (the "
              "script was written for a tenant that has more); the rule is placed last, at "
              "priority 1",
              "4:31 warning -Priority 5 in transport rule 'a': past the rules created so far (the "
              "script was written for a tenant that has more); the rule is placed last, at "
              "priority 2"});
  }

  TEST_CASE("changing or removing what the script never created is skipped with a warning") {
    const auto set = load_rule_set_powershell(
        "Set-TransportRule 'Legacy' -SetSCL 4\nDisable-TransportRule Legacy\n"
        "Remove-TransportRule Legacy -Confirm:$false\n"
        "Set-HostedContentFilterPolicy Strict -BulkThreshold 4\n"
        "Remove-HostedContentFilterRule Strict\nSet-QuarantinePolicy Mine -ESNEnabled $true\n"
        "New-TransportRule x -SetSCL 5\n",
        "t.ps1");
    CHECK(set.transport_rules.size() == 1);
    const auto lines = described(set.imported.warnings);
    REQUIRE(lines.size() == 6);
    CHECK(lines[0] ==
          "1:19 warning Set-TransportRule: no transport rule named 'Legacy' is created earlier "
          "in this script (mfsim starts from an organisation without them); the command is "
          "skipped");
    CHECK(lines[3].find("4:31 warning Set-HostedContentFilterPolicy: no anti-spam policy named "
                        "'Strict'") == 0);
    CHECK(lines[5].find("6:22 warning Set-QuarantinePolicy: no quarantine policy named 'Mine'") ==
          0);
  }

  TEST_CASE(
      "Remove-HostedContentFilterPolicy and Remove-QuarantinePolicy remove what was created") {
    const auto set = load_rule_set_powershell(
        "New-QuarantinePolicy Temp -EndUserQuarantinePermissionsValue 7\n"
        "Remove-QuarantinePolicy Temp\n"
        "New-HostedContentFilterPolicy Strict -BulkThreshold 4\n"
        "New-HostedContentFilterRule Strict -HostedContentFilterPolicy Strict "
        "-RecipientDomainIs contoso.com\n"
        "Remove-HostedContentFilterPolicy Strict\nNew-TransportRule x -SetSCL 5\n",
        "t.ps1");
    CHECK(set.quarantine_policies.empty());
    CHECK(set.scoped_antispam.empty());
    CHECK(described(set.imported.warnings) ==
          std::vector<std::string>{
              "5:1 warning Remove-HostedContentFilterPolicy: the anti-spam rule 'Strict' still "
              "names 'Strict'; Exchange keeps it, applying no policy, and mfsim leaves it out"});
    CHECK(errors_of_script("Remove-HostedContentFilterPolicy Default\n"
                           "Remove-QuarantinePolicy AdminOnlyAccessPolicy\n") ==
          std::vector<std::string>{
              "1:34 error Remove-HostedContentFilterPolicy: the Default anti-spam policy cannot "
              "be removed",
              "2:25 error Remove-QuarantinePolicy: 'AdminOnlyAccessPolicy' is built in and cannot "
              "be removed"});
  }

  TEST_CASE("a notification frequency on a custom quarantine policy is ignored with a warning") {
    // Only the global settings' frequency counts (decision 1129); the policy itself still loads.
    const auto set = load_rule_set_powershell(
        "New-QuarantinePolicy Notify -EndUserQuarantinePermissionsValue 27 -ESNEnabled $true "
        "-EndUserSpamNotificationFrequency 04:00:00\n"
        "Set-QuarantinePolicy Notify -EndUserSpamNotificationFrequency 7.00:00:00\n"
        "New-TransportRule q -SetSCL 9\n",
        "t.ps1");
    REQUIRE(set.quarantine_policies.size() == 1);
    CHECK(set.notify_frequency == notification_frequency::daily);
    const auto lines = described(set.imported.warnings);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].find("1:85 warning -EndUserSpamNotificationFrequency in quarantine policy "
                        "'Notify' changes nothing: quarantine notifications go out at the "
                        "frequency of the global settings; ignored") == 0);
    CHECK(lines[1].find("2:29 warning -EndUserSpamNotificationFrequency in quarantine policy "
                        "'Notify'") == 0);
    const auto global = load_rule_set_powershell(
        "Set-QuarantinePolicy DefaultGlobalTag -EndUserSpamNotificationFrequency 04:00:00\n",
        "t.ps1");
    CHECK(global.notify_frequency == notification_frequency::every_4_hours);
    // The value is still one of the three the references list.
    CHECK(errors_of_script("New-QuarantinePolicy Notify -EndUserSpamNotificationFrequency "
                           "12:00:00\n") ==
          std::vector<std::string>{
              "1:63 error -EndUserSpamNotificationFrequency in quarantine policy 'Notify': "
              "expected 04:00:00 (4 hours), 1.00:00:00 (1 day) or 7.00:00:00 (7 days), found "
              "'12:00:00'"});
  }

  TEST_CASE("a query feeding a cmdlet that changes something is an error") {
    CHECK(errors_of_script("Get-Mailbox | New-TransportRule x -SetSCL 5\n") ==
          std::vector<std::string>{
              "1:15 error Get-Mailbox | New-TransportRule: what Get-Mailbox returns depends on "
              "the tenant; mfsim reads pipelines only as Get-X 'name' | Set-X ... (the Get "
              "naming one rule or policy)"});
  }
}

TEST_SUITE("import_policy_checks") {
  TEST_CASE("a policy no rule scopes is still checked, as Exchange checks the cmdlet") {
    CHECK(errors_of_script(
              "New-HostedContentFilterPolicy -Name X -BulkThreshold 42 -SpamAction Foo\n") ==
          std::vector<std::string>{
              "1:54 error -BulkThreshold in anti-spam policy 'X': expected an integer from 1 to "
              "9, found '42'",
              "1:69 error -SpamAction in anti-spam policy 'X': expected one of MoveToJmf, "
              "AddXHeader, ModifySubject, Redirect, Delete, Quarantine, NoAction, found 'Foo'"});
  }

  TEST_CASE("a quarantine tag naming no policy is an error, scoped or not") {
    CHECK(errors_of_script("New-HostedContentFilterPolicy -Name X -SpamAction Quarantine "
                           "-SpamQuarantineTag NoAccess\n") ==
          std::vector<std::string>{
              "1:81 error unknown quarantine policy 'NoAccess' in SpamQuarantineTag of the "
              "anti-spam policy 'X'; known policies: AdminOnlyAccessPolicy, "
              "DefaultFullAccessPolicy, DefaultFullAccessWithNotificationPolicy, "
              "NotificationEnabledPolicy"});
    // A policy created later in the script is known.
    CHECK(errors_of_script("New-HostedContentFilterPolicy -Name X -SpamAction Quarantine "
                           "-SpamQuarantineTag Mine\nNew-QuarantinePolicy Mine\n")
              .empty());
    // The rule is disabled: the policy applies to nobody but is checked.
    CHECK(has_text(errors_of_script("New-HostedContentFilterPolicy X -PhishQuarantineTag "
                                    "AdminOnlyAccesPolicy\nNew-HostedContentFilterRule X "
                                    "-HostedContentFilterPolicy X -SentTo a@contoso.com "
                                    "-Enabled $false\n"),
                   "(did you mean 'AdminOnlyAccessPolicy'?)"));
  }

  TEST_CASE("wildcards in address parameters are errors that name the pattern parameter") {
    const auto lines = errors_of_script(
        "New-TransportRule x -From 'abuse@*' -ExceptIfSentTo '*@contoso.com' -SetSCL 5\n"
        "New-TransportRule y -SetSCL 5 -RedirectMessageTo 'sec*@contoso.com'\n"
        "New-HostedContentFilterPolicy P\n"
        "New-HostedContentFilterRule P -HostedContentFilterPolicy P -SentTo 'ceo@*'\n");
    CHECK(lines ==
          std::vector<std::string>{
              "1:27 error -From in transport rule 'x': 'abuse@*' has a wildcard, but -From takes "
              "whole addresses, so it would never match; to match a pattern use "
              "-FromAddressMatchesPatterns (a regular expression, such as '^abuse@')",
              "1:53 error -ExceptIfSentTo in transport rule 'x': '*@contoso.com' has a wildcard, "
              "but -ExceptIfSentTo takes whole addresses, so it would never match; to match a "
              "pattern use -ExceptIfRecipientAddressMatchesPatterns (a regular expression, such "
              "as '^abuse@')",
              "2:50 error -RedirectMessageTo in transport rule 'y': 'sec*@contoso.com' has a "
              "wildcard, but -RedirectMessageTo takes whole addresses, so it would never match",
              "4:1 error anti-spam rule 'P' scopes no recipient: give -RecipientDomainIs, "
              "-SentTo or -SentToMemberOf",
              "4:68 error -SentTo in anti-spam rule 'P': 'ceo@*' has a wildcard, but -SentTo "
              "takes whole addresses, so it would never match"});
  }

  TEST_CASE("wildcards in domain parameters and sender lists are errors") {
    const auto lines = errors_of_script(
        "New-TransportRule x -SenderDomainIs '*.fabrikam.example' -SetSCL 5\n"
        "Set-HostedContentFilterPolicy Default -BlockedSenderDomains '*.spam.example' "
        "-AllowedSenders '*@partner.example'\n");
    CHECK(lines ==
          std::vector<std::string>{
              "1:37 error -SenderDomainIs in transport rule 'x': expected a domain such as "
              "contoso.com, found '*.fabrikam.example' (no wildcards: a domain matches its "
              "subdomains too)",
              "2:61 error -BlockedSenderDomains in the Default anti-spam policy: expected a "
              "domain such as contoso.com, found '*.spam.example' (no wildcards: each entry is a "
              "whole address or domain)",
              "2:94 error -AllowedSenders in the Default anti-spam policy: expected an email "
              "address such as user@contoso.com, found '*@partner.example' (no wildcards: each "
              "entry is a whole address or domain)"});
  }

  TEST_CASE("Export-Csv files are refused with the export that works") {
    temp_dir dir;
    const auto error_of = [&](const std::string& name, const std::string& text) {
      try {
        (void)load_rule_file(dir.write(name, text));
      } catch (const load_error& e) {
        return described(e.diagnostics()).front();
      }
      return std::string("loaded");
    };
    for (const char* csv : {"Name,Priority,State,SetSCL\n\"X\",0,Enabled,5\n",
                            "\"RunspaceId\",\"Name\",\"State\"\n\"a\",\"X\",\"Enabled\"\n",
                            "#TYPE Deserialized.Microsoft.Exchange.Rule\n\"Name\";\"State\"\n"
                            "\"X\";\"Enabled\"\n"}) {
      CAPTURE(csv);
      CHECK(error_of("rules.csv", csv)
                .starts_with("1:1 error this is Export-Csv output, which mfsim does not read"));
    }
    // Export-Clixml files are read (import_clixml_test.cc): an empty object is just not a rule.
    CHECK(error_of("rules.xml", "<Objs Version=\"1.1.0.1\"><Obj RefId=\"0\"/></Objs>\n")
              .starts_with("1:25 error object #1: cannot tell what it is"));
    // A script is not taken for one, even one whose first comment starts "#TYPE".
    CHECK(error_of("rules.ps1", "New-TransportRule X -SetSCL 5\n") == "loaded");
    CHECK(error_of("rules.ps1", "#TYPE of rules: spam\nNew-TransportRule X -SetSCL 5\n") ==
          "loaded");
  }

  TEST_CASE("a file that defines nothing that takes effect is a warning") {
    temp_dir dir;
    const std::string file = dir.write("q.ps1", "Connect-ExchangeOnline\nGet-TransportRule\n");
    const auto set = load_rule_file(file);
    REQUIRE(set.imported.warnings.size() == 1);
    CHECK(set.imported.warnings[0].where.line == 0);
    CHECK(set.imported.warnings[0].message.find("defines nothing that takes effect") !=
          std::string::npos);
  }
}

TEST_SUITE("import_json_metadata") {
  TEST_CASE("keys are compared without case everywhere, name included") {
    const auto set = load_rule_set_json_export(
        R"([{"name": "a", "PRIORITY": 0, "state": "Disabled", "setscl": 5},
            {"NAME": "b", "Priority": 1, "SenderDomainIs": ["contoso.com"], "prependsubject": "x"}])",
        "t.json");
    REQUIRE(set.transport_rules.size() == 2);
    CHECK(set.transport_rules[0].name == "a");
    CHECK(set.transport_rules[0].state == rule_state::disabled);
    CHECK(set.transport_rules[1].name == "b");
    CHECK(errors_of_json(R"({"Name": "a", "name": "b", "SetSCL": 5})") ==
          std::vector<std::string>{"1:15 error object #1: property 'name' is given twice"});
  }

  TEST_CASE("read-only properties and REST annotations are metadata; retired ones warn") {
    const auto set = load_rule_set_json_export(
        R"({"@odata.context": "https://outlook.office365.com/adminapi/beta/x/$metadata",
            "value": [{"Name": "Default", "IsDefault": true, "SpamAction": "Quarantine",
                       "BulkThreshold@data.type": "System.Int32", "BulkThreshold": 5,
                       "CreatedBy": "admin", "LastModifiedBy": "admin", "Size": 12,
                       "RegexSize": 0, "OrganizationalUnitRoot": "contoso.onmicrosoft.com",
                       "RecommendedPolicyType": "Custom", "ZapEnabled": true}]})",
        "t.json");
    CHECK(set.antispam.bulk_threshold == 5);
    CHECK(described(set.imported.warnings) ==
          std::vector<std::string>{
              "6:59 warning 'ZapEnabled' of anti-spam policy #1 'Default' is retired and has "
              "no effect (SpamZapEnabled and PhishZapEnabled replace it)"});
  }

  TEST_CASE("a transport rule export's ZapEnabled is unknown, not retired") {
    // Only anti-spam policies had ZapEnabled (decision 1251).
    const auto errors = errors_of_json(R"({"Name": "a", "SetSCL": 5, "ZapEnabled": true})");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("unknown property 'ZapEnabled'") != std::string::npos);
  }
}

TEST_SUITE("import_yaml_quoting") {
  TEST_CASE("every spelling a YAML 1.1 or 1.2 reader takes as non-text is quoted") {
    for (const char* text : {"true",
                             "True",
                             "TRUE",
                             "false",
                             "yes",
                             "Yes",
                             "NO",
                             "on",
                             "Off",
                             "y",
                             "N",
                             "null",
                             "Null",
                             "~",
                             "",
                             "0x1F",
                             "0o17",
                             "0b101",
                             "017",
                             "1e3",
                             "1E+3",
                             "-1.5",
                             "+12",
                             ".5",
                             "1_000",
                             "1:30",
                             ".inf",
                             "-.Inf",
                             ".NaN",
                             "2024-01-31",
                             "2024-1-5",
                             "2001-12-14t21:59:43.10-05:00",
                             "2001-12-14 21:59:43.10"}) {
      CAPTURE(text);
      CHECK(mfsim::yaml_scalar(text).front() == '\'');
    }
    for (const char* text : {"trueish", "X-MS-Exchange-Organization-BypassClutter", "1.2.3.4",
                             "104.30.32.0/24", "2024-01", "v1.0", "ontario"}) {
      CAPTURE(text);
      CHECK(mfsim::yaml_scalar(text) == text);
    }
  }
}

TEST_SUITE("e2e: import round trip") {
  // Files that import only with the policies they name: read together.
  const std::vector<std::vector<std::string>> groups = {
      {"uc4.xml", "uc4-antispam.json", "uc4-quarantine.json"},
      {"uc4-utf8.xml", "uc4-antispam.json", "uc4-quarantine.json"},
      {"uc4.json", "uc4-antispam.json", "uc4-quarantine.json"},
      {"fidelity.xml", "fidelity-antispam.json"},
      {"fidelity.json", "fidelity-antispam.json"},
      {"exports/get-transportrule-full.json", "exports/get-hostedcontentfilterpolicy-rest.json"},
  };
  const std::string kDir = "tests/testdata/import/";

  std::string outcomes(const std::string& rules) {
    const auto r = run_mfsim({"run", "--rules", rules, "--format", "jsonl", "-q", "--now",
                              "2025-01-01T00:00:00Z", "tests/testdata/fidelity", "corpus/samples"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r.out;
  }

  // Imports `files` to YAML; true and the same outcomes from both when the import succeeds.
  bool round_trips(const std::vector<std::string>& files) {
    std::string joined;
    std::vector<std::string> args = {"import", "-q"};
    for (const auto& f : files) {
      joined += (joined.empty() ? "" : ",") + kDir + f;
      args.push_back(kDir + f);
    }
    CAPTURE(joined);
    temp_dir dir;
    const std::string yaml = dir.path() + "/out.yaml";
    args.push_back("-o");
    args.push_back(yaml);
    if (run_mfsim(args).exit_code != 0) return false;
    const std::string direct = outcomes(joined);
    CHECK(!direct.empty());
    CHECK(outcomes(yaml) == direct);
    return true;
  }

  // Every import fixture of the repository (.ps1, .xml, .json under tests/testdata/import),
  // alone, or with its policies when it needs them.
  TEST_CASE("every import fixture written as YAML gives the same outcomes byte for byte") {
    std::set<std::string> in_groups;
    for (const auto& g : groups) {
      CHECK(round_trips(g));
      in_groups.insert(g.begin(), g.end());
    }
    std::size_t alone = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kData)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".ps1" && ext != ".xml" && ext != ".json")) {
        continue;
      }
      const std::string relative = std::filesystem::relative(entry.path(), kData).string();
      if (in_groups.count(relative) != 0) continue;
      CAPTURE(relative);
      const bool imported = round_trips({relative});
      if (imported) ++alone;
      // Fixtures written for this collection must import; others may be error fixtures.
      if (relative.rfind("tenant-scripts/", 0) == 0 || relative.rfind("exports/", 0) == 0) {
        CHECK(imported);
      }
    }
    CHECK(alone >= 8);
  }

  TEST_CASE("header values true and false survive the round trip as texts") {
    temp_dir dir;
    const std::string yaml = dir.path() + "/clutter.yaml";
    const auto r =
        run_mfsim({"import", "tests/testdata/import/tenant-scripts/bypass-clutter-and-focused.ps1",
                   "-o", yaml});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const std::string text = read_file(yaml);
    CHECK(text.find("SetHeaderValue: 'true'") != std::string::npos);
    CHECK(text.find("SetHeaderValue: 'True'") != std::string::npos);
    CHECK(text.find("HeaderContainsWords: ['true', 'false', 'yes', 'on', 'null', '~', '0x1F', "
                    "'1e3', '.inf']") != std::string::npos);
  }

  TEST_CASE("the import summary counts ignored and skipped commands; --max-errors caps errors") {
    const auto r =
        run_mfsim({"import", "tests/testdata/import/tenant-scripts/connectors-and-rules.ps1", "-o",
                   "/dev/null"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.err.find("connectors-and-rules.ps1:7:1: warning: New-InboundConnector changes "
                     "connectors, outside mail-flow simulation; the command is skipped "
                     "[unknown_key]") != std::string::npos);
    CHECK(r.err.find("6 command(s) ignored (output, session and read-only cmdlets), 3 skipped "
                     "(outside mail-flow simulation), 3 warning(s)") != std::string::npos);
    const auto strict = run_mfsim({"run", "--strict", "--rules",
                                   "tests/testdata/import/tenant-scripts/connectors-and-rules.ps1",
                                   "corpus/samples"});
    CHECK(strict.exit_code == 2);
    temp_dir dir;
    std::string many;
    for (int k = 0; k < 30; ++k) many += "New-TransportRule r" + std::to_string(k) + " -SetSLC 5\n";
    const std::string bad = dir.write("many.ps1", many);
    const auto capped = run_mfsim({"lint", "--rules", bad});
    CHECK(capped.exit_code == 2);
    CHECK(mfsim::test::lines_of(capped.err).size() == 21);
    CHECK(capped.err.find("... and 10 more (--max-errors 0 shows all)") != std::string::npos);
    const auto all = run_mfsim({"lint", "--max-errors", "0", "--rules", bad});
    CHECK(mfsim::test::lines_of(all.err).size() == 30);
  }
}
