// Tests of the PowerShell language gaps that public admin scripts hit (decisions 1136-1141): the
// tenant's built-in policies exist for Get-X, a variable or member alone is output, a query kept
// in a variable piped on, begin / process / end blocks, a query kept in a variable under -and,
// an unknown value in @{Add=...} of a skipped cmdlet, and the reserved '<'.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::branch_taken;
using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::names_of;
using mfsim::test::only_error;
using mfsim::test::rule_named;

}  // namespace

TEST_SUITE("powershell gaps from public admin scripts") {
  TEST_CASE("the tenant's default and built-in policies exist for Get-X, others do not") {
    CHECK(branch_taken("$p = Get-HostedContentFilterPolicy -Identity Default\n", "$p") == "yes");
    CHECK(branch_taken("", "Get-MalwareFilterPolicy Default") == "yes");
    CHECK(branch_taken("", "Get-HostedConnectionFilterPolicy -Identity 'default'") == "yes");
    CHECK(branch_taken("", "Get-HostedOutboundSpamFilterPolicy Default") == "yes");
    CHECK(branch_taken("", "Get-AntiPhishPolicy 'Office365 AntiPhish Default'") == "yes");
    CHECK(branch_taken("", "Get-QuarantinePolicy -Identity AdminOnlyAccessPolicy") == "yes");
    CHECK(branch_taken("", "Get-QuarantinePolicy DefaultFullAccessWithNotificationPolicy") ==
          "yes");
    CHECK(branch_taken("", "$null -eq (Get-QuarantinePolicy DefaultFullAccessPolicy)") == "no");
    // A custom policy, a name the other cmdlets' default has, a filtered query: none.
    CHECK(branch_taken("", "Get-HostedContentFilterPolicy -Identity Strict") == "no");
    CHECK(branch_taken("", "Get-TransportRule Default") == "no");
    CHECK(branch_taken("", "Get-AntiPhishPolicy Default") == "no");
    CHECK(branch_taken("",
                       "Get-HostedContentFilterPolicy | Where-Object { $_.Name -eq 'Default' }") ==
          "no");
  }

  TEST_CASE("a variable, a member or a parenthesized value alone is output to the host") {
    const auto r = import(
        "$a = @('x')\n$a\n$a.Count\n(Get-TransportRule x).WhenChanged\n$(1 + 1)\n"
        "New-TransportRule x -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "x").name == "x");
    // A literal alone is still an error: more often a slip than output meant.
    CHECK(only_error("42\n").find("a value alone is not a statement") != std::string::npos);
  }

  TEST_CASE("a tenant query kept in a variable piped on runs for no object") {
    const auto r = import(
        "$r = Get-Recipient -ResultSize Unlimited\n"
        "$r | Where-Object { $_.Name -ne 'a' } | Select-Object Name\n"
        "$r | ForEach-Object { New-TransportRule $_.Name -SetSCL 9 }\n"
        "New-TransportRule x -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(names_of("$r = Get-Recipient\n$r | ForEach-Object { New-TransportRule $_.Name "
                   "-SetSCL 9 }\nNew-TransportRule x -SetSCL 5\n") ==
          std::vector<std::string>{"x"});
    CHECK(has(r.warnings, 2, 1, "the pipeline runs for no object"));
  }

  TEST_CASE("+= on a tenant query's result makes a value known only when the script runs") {
    CHECK(names_of("$ft = Get-MalwareFilterPolicy -Identity Default | select -Expand FileTypes\n"
                   "$ft += 'dgz', 'mde'\nSet-MalwareFilterPolicy -Identity Default -FileTypes $ft\n"
                   "New-TransportRule x -SetSCL 5\n") == std::vector<std::string>{"x"});
    CHECK(only_error("$w = Get-TransportRule | select -Expand Name\n$w += 'UCE'\n"
                     "New-TransportRule x -SubjectContainsWords $w -SetSCL 5\n")
              .find("$w (assigned (Get-TransportRule | ...) at line 1)") != std::string::npos);
  }

  TEST_CASE("a function's begin, process and end blocks run in order, process once") {
    const auto r = import(
        "function f {\n  param([string[]]$Ip)\n  begin { $l = @() }\n  process { $l += $Ip }\n"
        "  end { New-TransportRule x -SenderIpRanges $l -SetSCL -1 }\n}\n"
        "f -Ip 1.2.3.4, 5.6.7.8\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "x").conditions.at(0).values ==
          std::vector<std::string>{"1.2.3.4", "5.6.7.8"});
    CHECK(only_error("function f {\n  end { $l = 1 }\n  begin { $l = 2 }\n}\nf\n")
              .starts_with("3:3 begin { } after a later block of the function f"));
    // Outside a function's body they are still not read.
    CHECK(only_error("begin { $l = 1 }\n").find("begin / process / end blocks are not read") !=
          std::string::npos);
  }

  TEST_CASE("a tenant query kept in a variable is decided under -and and -or") {
    const std::string setup =
        "$existing = Get-TransportRule -Identity 'Old' -ErrorAction SilentlyContinue\n"
        "$Force = $false\n$on = $true\n";
    CHECK(branch_taken(setup, "$existing -and $Force") == "no");
    CHECK(branch_taken(setup, "$existing -or $on") == "yes");
    CHECK(branch_taken("$p = Get-MalwareFilterPolicy Default\n$on = $true\n", "$p -and $on") ==
          "yes");
  }

  TEST_CASE("a value only the run knows in @{Add=...} is judged as the command's other values") {
    CHECK(names_of("Set-IRMConfiguration -LicensingLocation @{add=$licenseUrl}\n"
                   "New-TransportRule x -SetSCL 5\n") == std::vector<std::string>{"x"});
    const std::string error = only_error(
        "New-TransportRule x -SentTo a@contoso.com -SetSCL 5\n"
        "Set-TransportRule x -SentTo @{Add=$more}\n");
    CHECK(error.find("$more") != std::string::npos);
    CHECK(error.find("must be plain values") == std::string::npos);
  }

  TEST_CASE("'<' in a command's argument is refused where it is, as PowerShell reserves it") {
    CHECK(only_error("New-TransportRule -Name <name_of_the_rule> -SetSCL 5\n")
              .starts_with("1:25 '<' is reserved in PowerShell"));
    CHECK(only_error("New-TransportRule -Name x -SetSCL 5 -Comments <a b>\n")
              .starts_with("1:47 '<' is reserved"));
    CHECK(only_error("New-TransportRule -Name x -SetSCL 5 -Comments a<b\n")
              .starts_with("1:48 '<' is reserved"));
    // A parameter's name wrapped onto the next line leaves a lone '-' at the line's end.
    CHECK(only_error("New-TransportRule -Name x -SetSCL 5 - \nStopRuleProcessing $true\n")
              .starts_with("1:37 a lone '-' ends the line"));
    CHECK(names_of("New-TransportRule -Name x -SetSCL 5 -Comments a-b\n") ==
          std::vector<std::string>{"x"});
  }

  TEST_CASE("an unassigned variable's message names the line that writes it, where one does") {
    const std::string lost_dollar = only_error(
        "function F { $defaultPolicy = 1 }\n"
        "defaultPolicy = Get-HostedContentFilterPolicy -Identity Default\n"
        "if ($defaultPolicy) { New-TransportRule x -SetSCL 5 }\n");
    CHECK(lost_dollar.starts_with("3:5 "));
    CHECK(lost_dollar.find("line 2 writes 'defaultPolicy = ...' without its '$'") !=
          std::string::npos);
    const std::string other_scope = only_error(
        "function A { $q = 'Mine' }\n"
        "function B { Set-HostedContentFilterPolicy -Identity Default -SpamQuarantineTag $q }\n"
        "A\nB\n");
    CHECK(other_scope.find("$q (not assigned in this script; line 1 assigns it, but not before "
                           "this point in this scope") != std::string::npos);
    // A name written nowhere else keeps the plain message.
    CHECK(only_error("New-TransportRule -Name $tenantName -SetSCL 6\n")
              .find("$tenantName (not assigned in this script)") != std::string::npos);
  }
}
