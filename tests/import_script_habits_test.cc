// Tests of scripts as administrators write them (decisions 385-387): aliases and the starts of
// parameter names, the cmdlets of the whole Exchange reference and of the machine running the
// script, values piped to output cmdlets, $PSCmdlet.ShouldProcess, Set-QuarantinePermissions,
// and what a command mfsim does not apply may be given.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/ascii.h"
#include "engine/rules/load_any.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/powershell_cmdlet_catalog.h"

namespace {

using mfsim::diagnostic;
using mfsim::is_warning;
using mfsim::load_error;
using namespace mfsim::rules;

// "line:col message" of each error a script's load reports; empty when it loads.
std::vector<std::string> errors_of(const std::string& script) {
  try {
    (void)load_rule_set_powershell(script, "t.ps1");
  } catch (const load_error& e) {
    std::vector<std::string> out;
    for (const diagnostic& d : e.diagnostics()) {
      if (is_warning(d)) continue;
      out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.col) + " " +
                    d.message);
    }
    return out;
  }
  return {};
}

const quarantine_policy* policy_named(const rule_set& set, std::string_view name) {
  for (const auto& p : set.quarantine_policies) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("import_script_habits") {
  TEST_CASE("the start of one parameter name binds to it; aliases of common parameters too") {
    const auto set = load_rule_set_powershell(
        "New-TransportRule A -SubjectContains urgent -SetSCL 6 -EA Stop -WA SilentlyContinue "
        "-OV out -vb:$false\n"
        "New-TransportRule B -SubjectContainsWords x -SetSCL 9 -Prio 0\n"
        "$p = @{ Name = 'C'; SubjectContainsWo = 'y'; SetSC = 5 }\nNew-TransportRule @p\n",
        "t.ps1");
    REQUIRE(set.transport_rules.size() == 3);
    CHECK(set.transport_rules[0].name == "B");  // -Prio 0 put it first
    CHECK(set.transport_rules[1].name == "A");
    CHECK(set.transport_rules[1].actions.set_scl == 6);
    REQUIRE(set.transport_rules[1].conditions.size() == 1);
    CHECK(set.transport_rules[1].conditions[0].kind == condition_kind::subject_contains_words);
    CHECK(set.transport_rules[2].actions.set_scl == 5);
  }

  TEST_CASE("a start several parameter names share is an error listing them") {
    const auto errors = errors_of("New-TransportRule A -Subj x -SetSCL 6\n");
    REQUIRE(errors.size() == 1);
    CHECK(
        errors[0].starts_with("1:21 New-TransportRule: -Subj could be any of "
                              "-SubjectContainsWords, -SubjectMatchesPatterns, "
                              "-SubjectOrBodyContainsWords, -SubjectOrBodyMatchesPatterns"));
    // Only the cmdlet's own parameters count: Enable-TransportRule has one starting with "Mo".
    CHECK(errors_of("New-TransportRule A -SubjectContainsWords x -SetSCL 6\n"
                    "Enable-TransportRule A -Mo Audit\n")
              .empty());
    CHECK(errors_of("New-TransportRule A -SubjectContainsWords x -SetSCL 6 -Mo Audit\n").size() ==
          1);
  }

  TEST_CASE("a -WhatIf written as its alias changes nothing") {
    const auto set = load_rule_set_powershell(
        "New-TransportRule A -SubjectContainsWords x -SetSCL 6\n"
        "New-TransportRule B -SubjectContainsWords x -SetSCL 6 -wi\n",
        "t.ps1");
    CHECK(set.transport_rules.size() == 1);
  }

  TEST_CASE("cmdlets of the Exchange reference are known: queries ignored, changes skipped") {
    const auto set = load_rule_set_powershell(
        "Set-ArcConfig -Identity Default -ArcTrustedSealers area1.example\n"
        "Validate-OutboundConnector -Identity X -Recipients a@b.example\n"
        "Export-TransportRuleCollection | Out-Null\n"
        "New-TransportRule A -SubjectContainsWords x -SetSCL 6\n",
        "t.ps1");
    CHECK(set.transport_rules.size() == 1);
    CHECK(set.imported.skipped_commands == 1);
    CHECK(set.imported.ignored_commands == 3);
    REQUIRE(set.imported.warnings.size() == 1);
    CHECK(set.imported.warnings[0].message ==
          "Set-ArcConfig changes ArcConfig, outside mail-flow simulation; the command is skipped");
    // A misspelt cmdlet is in no list: still an error.
    const auto errors = errors_of("New-TranportRule A -SetSCL 6\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("unknown cmdlet 'New-TranportRule'") != std::string::npos);
  }

  TEST_CASE("the reference's names are sorted without case, as the lookup needs") {
    const auto names = mfsim::rules::powershell::exchange_reference_cmdlets();
    CHECK(names.size() > 1000);
    const auto lower = [](std::string_view s) { return mfsim::ascii_lower_copy(s); };
    for (std::size_t k = 1; k < names.size(); ++k) {
      INFO(names[k - 1], " then ", names[k]);
      CHECK(lower(names[k - 1]) < lower(names[k]));
    }
  }

  TEST_CASE("aliases read as their cmdlets; values piped to output cmdlets are shown, not read") {
    const auto set = load_rule_set_powershell(
        "$domains = 'a.example', 'b.example'\n"
        "$domains | Format-Table\n"
        "$domains | select Length | ft -AutoSize\n"
        "New-TransportRule A -SenderDomainIs $domains -SetSCL 6 | fl\n"
        "Get-TransportRule | select Name, Priority | sort Priority | ft\n"
        "sleep 1\ncls\necho done\n",
        "t.ps1");
    REQUIRE(set.transport_rules.size() == 1);
    CHECK(set.imported.ignored_commands == 11);
    CHECK(errors_of("$x = 'a'\n$x | Remove-TransportRule\n").size() == 1);
  }

  TEST_CASE("commands mfsim does not apply may be given values only the run knows") {
    const auto set = load_rule_set_powershell(
        "$admin = Read-Host 'Admin UPN'\n"
        "Connect-ExchangeOnline -UserPrincipalName $admin\n"
        "$cred = New-Object System.Management.Automation.PSCredential -ArgumentList $admin, "
        "(ConvertTo-SecureString $env:PW -AsPlainText -Force)\n"
        "New-SafeLinksRule -Name S -RecipientDomainIs (Get-AcceptedDomain).Name\n"
        "New-TransportRule A -SubjectContainsWords x -SetSCL 6\n",
        "t.ps1");
    CHECK(set.transport_rules.size() == 1);
    // Where the organisation changes, the value is still needed.
    const auto errors = errors_of(
        "$admin = Read-Host 'x'\nNew-TransportRule A -SentTo $admin "
        "-SetSCL 6\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("the value of $admin (assigned the output of Read-Host at line 1) is "
                         "known only when the script runs") != std::string::npos);
    CHECK(errors[0].find("give --define admin=VALUE") != std::string::npos);
  }

  TEST_CASE("$PSCmdlet.ShouldProcess is true; a prompt in a condition stays an error") {
    const auto set = load_rule_set_powershell(
        "[CmdletBinding(SupportsShouldProcess)]\nparam()\n"
        "if ($PSCmdlet.ShouldProcess('tenant', 'create rule')) {\n"
        "  New-TransportRule A -SubjectContainsWords x -SetSCL 6\n}\n",
        "t.ps1");
    CHECK(set.transport_rules.size() == 1);
    const auto errors = errors_of(
        "if ($Host.UI.PromptForChoice('t', 'q', @('&Yes', '&No'), 0) -eq 0) {\n"
        "  New-TransportRule A -SubjectContainsWords x -SetSCL 6\n}\n");
    CHECK(errors.size() == 1);
  }

  TEST_CASE("Set-QuarantinePermissions sets and clears bits of the object a variable holds") {
    const auto set = load_rule_set_powershell(
        "$p = New-QuarantinePermissions -PermissionToRelease $true -PermissionToPreview $true\n"
        "Set-QuarantinePermissions -QuarantinePermissionsObject $p -PermissionToRelease $false "
        "-PermissionToRequestRelease $true\n"
        "New-QuarantinePolicy -Name Asked -EndUserQuarantinePermissions $p\n",
        "t.ps1");
    const quarantine_policy* asked = policy_named(set, "Asked");
    REQUIRE(asked != nullptr);
    CHECK(asked->permissions == 8 + 2);  // request release and preview; release cleared
    CHECK(errors_of("Set-QuarantinePermissions -QuarantinePermissionsObject $none "
                    "-PermissionToRelease $true\n")
              .size() == 1);
    CHECK(errors_of("$p = 99999999999\nSet-QuarantinePermissions -QuarantinePermissionsObject $p "
                    "-PermissionToRelease $true\n")
              .size() == 1);
  }

  TEST_CASE("lists and hash tables built with New-Object, .Add() and $h.Key = ... are read") {
    const auto set = load_rule_set_powershell(
        "$ranges = New-Object -TypeName 'System.Collections.Generic.List[string]'\n"
        "$ranges.Add('203.0.113.0/24')\n"
        "[void]$ranges.Add('198.51.100.0/24')\n"
        "$null = $ranges.Add('192.0.2.0/24')\n"
        "$more = New-Object System.Collections.ArrayList\n"
        "$more.Add('192.0.2.9') | Out-Null\n"
        "$rule = New-Object -TypeName System.Collections.Hashtable\n"
        "$rule.Name = 'Bypass gateway'\n"
        "$rule.SetSCL = '-1'\n"
        "$rule.SenderIPRanges = $ranges\n"
        "$rule.Add('Comments', 'kept')\n"
        "New-TransportRule @rule\n"
        "$other = @{}\n$other.Name = 'Second'\n$other.SenderIpRanges = $more\n"
        "$other.SetSCL = 6\nNew-TransportRule @other\n",
        "t.ps1");
    REQUIRE(set.transport_rules.size() == 2);
    const auto& first = set.transport_rules[0];
    CHECK(first.name == "Bypass gateway");
    CHECK(first.actions.set_scl == -1);
    REQUIRE(first.conditions.size() == 1);
    CHECK(first.conditions[0].values ==
          std::vector<std::string>{"203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"});
    REQUIRE(set.transport_rules[1].conditions.size() == 1);
    CHECK(set.transport_rules[1].conditions[0].values == std::vector<std::string>{"192.0.2.9"});
    // A key added twice, and a property set on what is not a hash table, are errors.
    CHECK(errors_of("$h = @{ Name = 'a' }\n$h.Add('name', 'b')\n").size() == 1);
    CHECK(errors_of("$s = 'text'\n$s.Name = 'b'\n").size() == 1);
  }

  TEST_CASE("a construct mfsim does not read inside a block makes the whole statement unread") {
    const std::string script =
        "if ($true) {\n"
        "  trap { Write-Host a }\n"
        "  New-TransportRule Inside -SubjectContainsWords x -SetSCL 6\n"
        "}\n"
        "New-TransportRule After -SubjectContainsWords x -SetSCL 6\n";
    const auto errors = errors_of(script);
    // The trap alone: the if is passed over whole, so no stray '}' (and no statement of the
    // block read as if outside it) follows.
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].starts_with("2:3 trap blocks are not read"));
  }
}
