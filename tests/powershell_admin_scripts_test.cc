// Constructs of the public scripts admins write to create transport rules and anti-spam
// policies (docs/decisions.md 790 on): each case failed to load before its fix.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::names_of;
using mfsim::test::only_error;

using names = std::vector<std::string>;

}  // namespace

TEST_SUITE("powershell admin scripts") {
  TEST_CASE("a static member of a .NET class is a value known only when the script runs") {
    // A certificate for Connect-ExchangeOnline and an escaped URL for Invoke-RestMethod change
    // no rule; the script's rules load.
    CHECK(names_of("$cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::"
                   "new(\n    'c.pfx',\n    [string]$null)\n"
                   "Connect-ExchangeOnline -Certificate $cert -AppId x -Organization o\n"
                   "$u = 'https://x/?d={0}' -f [uri]::EscapeDataString('a b')\n"
                   "$ok = [Net.HttpStatusCode]::OK\n"
                   "New-TransportRule 'Signed' -SetSCL 6\n") == names{"Signed"});
    // Where a rule needs one, the error says so at the rule's parameter.
    const std::string error = only_error(
        "$d = [System.Net.Dns]::GetHostName()\n"
        "New-TransportRule R -SenderDomainIs $d -SetSCL 6\n");
    CHECK(error.find("2:37 ") == 0);
    CHECK(error.find("[System.Net.Dns]::GetHostName(...)") != std::string::npos);
    CHECK(error.find("known only when the script runs") != std::string::npos);
    // The arguments are still read: one not closed is an error at the call.
    CHECK(only_error("$x = [uri]::EscapeDataString('a'\n").find("in [uri]::EscapeDataString( )") !=
          std::string::npos);
    // `[Type]::` with no member is a syntax error at the type.
    CHECK(only_error("$x = [uri]::\n").find("1:6 expected a member name after [uri]::") == 0);
  }

  TEST_CASE("a .NET setting of the session changes no rule") {
    const auto r = import(
        "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12\n"
        "New-TransportRule 'After TLS' -SetSCL 6\n");
    INFO(lines_of(r.errors));
    CHECK(r.errors.empty());
    CHECK(mfsim::test::rule_names(r.set) == names{"After TLS"});
  }

  TEST_CASE("@( ) whose first line the tenant gives takes the items on the next lines too") {
    // The exclusions of a preset rule, read from the tenant, with one group added.
    const std::string error = only_error(
        "$group = 'Promotions-OptIn'\n"
        "$rule = Get-EOPProtectionPolicyRule -Identity 'Strict Preset Security Policy'\n"
        "$except = @(\n"
        "    $rule.ExceptIfSentToMemberOf | ForEach-Object { [string] $_ }\n"
        "    $group\n"
        ") | Where-Object { $_ } | Sort-Object -Unique\n"
        "New-TransportRule R -ExceptIfSentToMemberOf $except -SetSCL 6\n");
    // The list is read to its ')'; what the tenant holds is the one thing mfsim cannot know.
    CHECK(error.find("7:45 ") == 0);
    CHECK(error.find("known only when the script runs") != std::string::npos);
    // The second item is still read as an item, not run as a statement.
    CHECK(names_of("$l = @(\n    (Get-Date).Year\n    'x'\n)\nNew-TransportRule "
                   "\"R$($l.Count)\" -SetSCL 6\n") == names{"R2"});
  }

  TEST_CASE("$a = $b = value assigns both") {
    CHECK(names_of("$first = $second = 'Warn'\nNew-TransportRule \"$first-$second\" -SetSCL 6\n") ==
          names{"Warn-Warn"});
    CHECK(names_of("$a = $b = $c = 'x'\nNew-TransportRule \"$a$b$c\" -SetSCL 6\n") == names{"xxx"});
    // The inner assignment takes a pipeline as any assignment does.
    CHECK(names_of("$a = $b = 'b', 'a' | Sort-Object\nNew-TransportRule \"$a|$b\" -SetSCL 6\n") ==
          names{"a b|a b"});
  }

  TEST_CASE(".Substring() cuts a text as .NET does") {
    CHECK(names_of("$appId = 'e66fa949-5dad-4067'\n"
                   "New-TransportRule \"Restrict App $($appId.Substring(0, 8))\" -SetSCL 6\n") ==
          names{"Restrict App e66fa949"});
    CHECK(names_of("New-TransportRule ('[EXT] x'.Substring(6)) -SetSCL 6\n") == names{"x"});
    // Past the end: ArgumentOutOfRangeException, where PowerShell stops.
    const std::string past = only_error("$n = 'abc'.Substring(2, 5)\n");
    CHECK(past.find("1:6 .Substring(2, 5): the text 'abc' is 3 character(s) long") == 0);
    // Counted in UTF-16 units: a character past U+FFFF is two, and is not cut apart.
    CHECK(names_of("New-TransportRule ('\xF0\x9F\x93\xA7mail'.Substring(2)) -SetSCL 6\n") ==
          names{"mail"});
    CHECK(
        only_error("$n = '\xF0\x9F\x93\xA7mail'.Substring(1)\n").find("inside a character past") !=
        std::string::npos);
    CHECK(only_error("$n = 'abc'.Substring('x')\n").find("'x' is not a whole number") !=
          std::string::npos);
  }

  TEST_CASE("a List's .ToArray() is its items") {
    CHECK(names_of("$parts = New-Object System.Collections.Generic.List[String]\n"
                   "$parts.Add('a')\n$parts.Add('b')\n"
                   "$words = $parts.ToArray()\n"
                   "New-TransportRule \"R$($words.Count)\" -SubjectContainsWords $words "
                   "-SetSCL 6\n") == names{"R2"});
  }
}

TEST_SUITE("powershell admin scripts") {
  TEST_CASE("after an error in an if, a comment before its else adds no error of its own") {
    // `} # End If` then `Else` on the next line: the else belongs to the if that failed.
    const std::string script =
        "If (!($Rule))\n{\n    New-TransportRule -Name R -SetSCL 6\n} # End If\n"
        "Else <# the update #>\n{\n    Set-TransportRule -Identity R -SetSCL 5\n} # End Else\n"
        "New-TransportRule -Name After -SetSCL 6\n";
    const auto r = import(script);
    INFO(lines_of(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors.front().where.line == 1);
  }
}

TEST_SUITE("powershell admin scripts") {
  TEST_CASE("a pipeline inside $( ) of a double-quoted string is its output") {
    // A report of what the script removed, written to a file: no rule depends on it.
    CHECK(
        names_of("$items = Get-TenantAllowBlockListSpoofItems\n"
                 "@\"\nRemoved:\n$($items | Format-Table -AutoSize | Out-String)\n\"@ | "
                 "Out-File report.txt\n"
                 "New-TransportRule \"Sorted $(('b', 'a' | Sort-Object) -join '')\" -SetSCL 6\n") ==
        names{"Sorted ab"});
    // Where the value reaches a rule, the error is at the rule, not at the '$('.
    const std::string error = only_error(
        "$d = Get-AcceptedDomain\nNew-TransportRule \"R $($d | Select-Object -First 1)\" "
        "-SetSCL 6\n");
    CHECK(error.find("2:19 ") == 0);
    // Something else after the value is named where it is.
    CHECK(only_error("$x = \"a $(1 2)\"\n").find("1:13 unexpected '2' inside $( )") == 0);
  }
}

TEST_SUITE("powershell admin scripts") {
  TEST_CASE("using namespace, module and assembly change no rule") {
    // An Azure Function's run.ps1 starts with `using namespace System.Net`.
    CHECK(names_of("using namespace System.Net\nusing module ExchangeOnlineManagement\n"
                   "using assembly .\\x.dll\nNew-TransportRule 'After using' -SetSCL 6\n") ==
          names{"After using"});
    CHECK(only_error("using something\n").find("1:1 expected namespace, module or assembly") == 0);
  }

  TEST_CASE(
      "Push-OutputBinding is Azure Functions' and changes no rule, with a warning saying so") {
    // An Azure Function answers its HTTP trigger after creating the rule (decision 862).
    const auto r = import(
        "New-TransportRule 'From a function' -SetSCL 6\n"
        "Push-OutputBinding -Name Response -Value ([HttpResponseContext]@{\n"
        "    StatusCode = [HttpStatusCode]::OK\n    Body = 'done'\n})\n");
    INFO(lines_of(r.errors));
    CHECK(r.errors.empty());
    CHECK(mfsim::test::rule_names(r.set) == names{"From a function"});
    const auto& warnings = r.set.imported.warnings;
    REQUIRE(warnings.size() == 1);
    CHECK(lines_of(warnings).front().find("2:1 Push-OutputBinding is Azure Functions' cmdlet") ==
          0);
    CHECK(warnings[0].message.find("output bindings") != std::string::npos);
    CHECK(warnings[0].message.find("it has no effect on the rule set") != std::string::npos);
    CHECK(r.set.imported.skipped_commands == 1);
  }
}
