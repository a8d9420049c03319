// Forms found in public admins' material that Exchange and PowerShell accept and mfsim stopped
// on (docs/decisions.md 1235-1240): resources a Microsoft365DSC export holds that mfsim skips,
// `?` as a pipeline stage after a query, ForEach-Object inside an if mfsim cannot decide, a
// retired parameter named in a script, Start-DscConfiguration, and script functions called in
// such an if.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::only_error;
using mfsim::test::rule_named;

// A configuration holding `resources` and one anti-spam policy mfsim simulates after them.
std::string configuration(const std::string& resources) {
  return "Configuration Tenant\n{\n    Import-DscResource -ModuleName Microsoft365DSC\n"
         "    Node localhost\n    {\n" +
         resources +
         "        EXOHostedContentFilterPolicy \"Default\"\n        {\n"
         "            Identity = \"Default\";\n            BulkThreshold = 4;\n"
         "            Ensure = \"Present\";\n        }\n    }\n}\n";
}

// `script` loads, warns at line:5 with `fragment` (the undecided if, skipped) and creates the
// rule "Tag" that kTagRule, its last line, makes.
void skips_and_loads(const std::string& script, int line, const std::string& fragment) {
  const auto r = import(script);
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
  CHECK(has(r.warnings, line, 5, fragment));
  CHECK(rule_named(r.set, "Tag").name == "Tag");
}

// configuration(`resources`) loads without error and keeps the policy after them.
mfsim::test::script_outcome loads(const std::string& resources) {
  auto r = import(configuration(resources));
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
  CHECK(r.set.antispam.bulk_threshold == 4);
  return r;
}

const std::string kTagRule =
    "New-TransportRule -Name \"Tag\" -SubjectContainsWords \"x\" -SetSCL 5\n";

}  // namespace

TEST_SUITE("wild45 admin scripts") {
  TEST_CASE("a skipped DSC resource with embedded instances loads") {
    const auto r = loads(
        "        SCLabelPolicy \"Labels\"\n        {\n"
        "            AdvancedSettings = @(\n"
        "                MSFT_SCLabelSetting{\n                    Key = \"mandatory\"\n"
        "                    Value = \"false\"\n                }\n"
        "                MSFT_SCLabelSetting { Key = \"x\"; Value = '}' }\n"
        "            );\n            Name = \"Labels\";\n        }\n");
    CHECK(has(r.warnings, 6, 9, "SCLabelPolicy resources configure nothing of mail-flow"));
  }

  TEST_CASE("a skipped DSC resource ends where PowerShell's typographic quotes say") {
    // PowerShell reads a text in typographic quotes whole ('}' and all, about_Quoting_Rules):
    // the transport rule is inside SCLabelPolicy L's Name, not a resource (decision 1252).
    const auto r = loads(
        "        SCLabelPolicy \"L\"\n        {\n            Name = \u2018}\n"
        "        EXOTransportRule \"Evil\"\n        {\n            Name = \"Evil\";\n"
        "            SubjectContainsWords = @(\"invoice\");\n            DeleteMessage = $true;\n"
        "        }\n        SCLabelPolicy \"Y\" { Title = \u2019\n        }\n");
    CHECK(r.set.transport_rules.empty());
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

  TEST_CASE("? after a query's pipe is Where-Object") {
    const auto r = import(
        "Get-Mailbox | Get-MailboxRegionalConfiguration | ? {$_.TimeZone -eq $null} | "
        "Set-MailboxRegionalConfiguration -Language 1033\n"
        "Get-Mailbox -ResultSize unlimited |\n  ? { $_.Alias -like 'a*' } | Set-Mailbox -Type "
        "Shared\n"
        "New-TransportRule -Name \"Tag\" -SubjectContainsWords \"x\" -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(has(r.warnings, 1, 1, "Where-Object"));
    CHECK(rule_named(r.set, "Tag").name == "Tag");
  }

  TEST_CASE("ForEach-Object over a block of output only leaves an undecided if skippable") {
    const std::string script =
        "$needed = @('Transport Rules', 'Organization Configuration')\n"
        "$held = (Get-ManagementRoleAssignment -GetEffectiveUsers).Role\n"
        "$missing = $needed | Where-Object { $_ -notin $held }\n"
        "if ($missing) {\n"
        "    Write-Host \"roles missing\"\n"
        "    $missing | ForEach-Object { Write-Host \"  $_\" }\n"
        "    $missing | % { Write-Warning $_ }\n"
        "    exit\n"
        "}\n"
        "New-TransportRule -Name \"Tag\" -SubjectContainsWords \"x\" -SetSCL 5\n";
    const auto r = import(script);
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(has(r.warnings, 4, 5, "(only Write-Host, ForEach-Object, Write-Warning, exit)"));
    CHECK(rule_named(r.set, "Tag").name == "Tag");
  }

  TEST_CASE("ForEach-Object in an undecided if still keeps the error where it could act") {
    // A block that creates a rule, and a member name (% Add), may change mail flow or a
    // variable: mfsim cannot choose the branch.
    const std::string head = "$v = Read-Host 'go?'\nif ($v) {\n    @('a') | ";
    for (const std::string stage : {"ForEach-Object { New-TransportRule -Name $_ -SetSCL 5 }",
                                    "% Add 'x'", "foreach { Write-Host $_ }"}) {
      CAPTURE(stage);
      const auto r = import(head + stage + "\n}\n");
      CHECK(has(r.errors, 2, 5, "cannot choose a branch"));
    }
  }

  TEST_CASE("an undecided if that only calls functions that connect is skipped") {
    const auto r = import(
        "function connect-mfa {\n    [CmdletBinding()]\n    param([string]$Upn = 'a')\n"
        "    <# connects #>\n    Import-Module ExchangeOnlineManagement\n"
        "    if (-not $Upn) { return }\n    Connect-ExchangeOnline -UserPrincipalName $Upn\n}\n"
        "function connect-basic { $script:cred = Get-Credential; connect-mfa }\n"
        "$mfa = Read-Host 'MFA? y/n'\n"
        "if ($mfa -eq 'y') { connect-mfa -Upn 'x' } else { connect-basic }\n"
        "New-TransportRule -Name \"Tag\" -SubjectContainsWords \"x\" -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(has(r.warnings, 11, 5,
              "(only connect-mfa, Import-Module, Connect-ExchangeOnline, connect-basic, "
              "Get-Credential), so mfsim skips it"));
    for (const auto& w : r.warnings)
      CHECK(w.message.find("would end the run") == std::string::npos);
    CHECK(rule_named(r.set, "Tag").name == "Tag");
  }

  TEST_CASE("an undecided if calling a function that changes mail flow keeps the error") {
    for (const std::string body :
         {"New-TransportRule -Name 'R' -SetSCL 5", "again", "foreach ($x in 1) { Write-Host }"}) {
      CAPTURE(body);
      const auto r = import("function again { " + body +
                            " }\n$v = Read-Host 'go?'\n"
                            "if ($v) { again }\n");
      CHECK(has(r.errors, 3, 5, "cannot choose a branch"));
    }
  }

  TEST_CASE("a function's parameter defaults are judged with its body in an undecided if") {
    // PowerShell evaluates a default when the call binds no argument (about_Functions): one that
    // creates a rule changes mail flow, in param( ) or after the function's name.
    for (const std::string head :
         {"function f { param([string]$a = 'x', $x = (New-TransportRule -Name 'R' -SetSCL 5)) ",
          "function f($x = $(New-TransportRule -Name 'R' -SetSCL 5)) { ",
          "function f { param(<# , #> [ValidateScript({ New-TransportRule -Name $_ })]$x) ",
          "function f { param\n  New-TransportRule -Name 'R' -SetSCL 5 -Comments ('c')\n  "}) {
      CAPTURE(head);
      const auto r = import(head + "Write-Host }\n$v = Read-Host 'go?'\nif ($v) { f }\n");
      const auto line = 3 + static_cast<int>(std::count(head.begin(), head.end(), '\n'));
      CHECK(has(r.errors, line, 5, "cannot choose a branch"));
    }
  }

  TEST_CASE("defaults and attributes that only compute leave a function call skippable") {
    skips_and_loads(
        "function f {\n  [CmdletBinding(SupportsShouldProcess = $true)]\n"
        "  param([Parameter(Mandatory = $false)][string]$a = 'x, y', [int]$n = (1 + 2),\n"
        "        [ValidateSet('a', 'b')]$c = \"$($a)\", $d)\n  Write-Host $a $n\n}\n"
        "$v = Read-Host 'go?'\nif ($v) { f }\n" +
            kTagRule,
        8, "(only f, Write-Host), so mfsim skips it");
  }

  TEST_CASE("functions that call each other twice per level are judged once each") {
    // Judging each call anew took 2^40 scans of f0's body: the load never ended.
    std::string script = "function f0 { Write-Host 'x' }\n";
    for (int n = 1; n <= 40; ++n) {
      script += "function f" + std::to_string(n) + " { f" + std::to_string(n - 1) + "; f" +
                std::to_string(n - 1) + " }\n";
    }
    skips_and_loads(script + "$v = Read-Host 'go?'\nif ($v) { f40 }\n" + kTagRule, 43,
                    "(only f40, f39, f38");
  }

  TEST_CASE("judging function bodies counts against the unrolling budget") {
    // A loop of 100 passes over an undecided if that calls a function of a megabyte: each pass
    // judges the body again, 100 MiB read in all, past kMaxRereadBytes (64 MiB).
    const std::string body = "Write-Host '" + std::string(std::size_t{1} << 20, 'a') + "'";
    const auto r = import("function big { " + body +
                          " }\nforeach ($i in 1..100) {\n  $v = Read-Host 'go?'\n"
                          "  if ($v) { big }\n}\n");
    REQUIRE_FALSE(r.errors.empty());
    CHECK(r.errors.front().message.find("cannot choose a branch") != std::string::npos);
  }

  TEST_CASE("a retired parameter in a script names what replaced it") {
    CHECK(only_error("New-HostedContentFilterPolicy -Name \"P\" -ZapEnabled $true\n") ==
          "1:41 New-HostedContentFilterPolicy has no parameter -ZapEnabled (retired: "
          "SpamZapEnabled and PhishZapEnabled replace it)");
  }

  TEST_CASE("a parameter retired from anti-spam policies is only unknown elsewhere") {
    // ZapEnabled and FalsePositiveAdditionalRecipients were HostedContentFilterPolicy's: no
    // transport rule, quarantine policy or anti-spam rule ever had them (decision 1251).
    const std::string rule =
        only_error("New-TransportRule -Name \"R\" -SetSCL 5 -ZapEnabled $true\n");
    CHECK(rule.starts_with("1:39 New-TransportRule has no parameter -ZapEnabled"));
    CHECK(rule.find("retired") == std::string::npos);
    CHECK(only_error("New-QuarantinePolicy -Name \"Q\" -FalsePositiveAdditionalRecipients a@b.c\n")
              .find("retired") == std::string::npos);
  }
}
