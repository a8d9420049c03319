// Tests of idioms of public admin scripts (decisions 1184-1185): [string]::IsNullOrEmpty(...)
// and [string]::IsNullOrWhiteSpace(...) decided on a value the script knows, as .NET decides
// them (a value only the run knows stays one); a query's -Filter { ... } read as its argument.
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

}  // namespace

TEST_SUITE("powershell [string]::IsNullOrEmpty and IsNullOrWhiteSpace") {
  TEST_CASE("a known value is tested as .NET tests its text") {
    CHECK(branch_taken("", "[string]::IsNullOrEmpty($null)") == "yes");
    CHECK(branch_taken("", "[string]::IsNullOrEmpty('')") == "yes");
    CHECK(branch_taken("", "[String]::IsNullOrEmpty(' ')") == "no");
    CHECK(branch_taken("", "[System.String]::IsNullOrWhiteSpace(\" `t\")") == "yes");
    // A no-break space and an ideographic space are white space to .NET too.
    CHECK(branch_taken("", "[string]::IsNullOrWhiteSpace(\"\u00a0\u3000\")") == "yes");
    CHECK(branch_taken("", "[string]::IsNullOrWhiteSpace('[EXTERNAL]')") == "no");
    // Not a text: converted first ($false is "False", an empty array "").
    CHECK(branch_taken("", "[string]::IsNullOrEmpty($false)") == "no");
    CHECK(branch_taken("", "[string]::IsNullOrEmpty(@())") == "yes");
    CHECK(branch_taken("", "-not [string]::IsNullOrEmpty(0)") == "yes");
  }

  TEST_CASE("a script parameter's default decides the branch, as in hardening scripts") {
    CHECK(branch_taken("param([string]$Prefix = '[EXTERNAL]')\n",
                       "-not [string]::IsNullOrWhiteSpace($Prefix)") == "yes");
    CHECK(branch_taken("param([string]$Prefix)\n", "[string]::IsNullOrWhiteSpace($Prefix)") ==
          "yes");
  }

  TEST_CASE("a value only the run knows stays one; a wrong argument count is refused") {
    CHECK(only_error("$n = Read-Host 'Name'\nif ([string]::IsNullOrEmpty($n)) { "
                     "New-TransportRule a -SetSCL 5 }\n")
              .find("[string]::IsNullOrEmpty(...)") != std::string::npos);
    CHECK(only_error("if ([string]::IsNullOrEmpty('a', 'b')) { New-TransportRule a -SetSCL 5 }\n")
              .find("[string]::IsNullOrEmpty() takes one value, found 2") != std::string::npos);
  }
}

TEST_SUITE("powershell [string]::IsNullOrWhiteSpace, hostile review") {
  TEST_CASE("every white space .NET counts, and not a zero-width space") {
    for (const char* space : {"\u0085", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f",
                              "\u205f", "`v`f`r`n"}) {
      CHECK_MESSAGE(
          branch_taken("", std::string("[string]::IsNullOrWhiteSpace(\"") + space + "\")") == "yes",
          space);
    }
    for (const char* other : {"\u200b", "\u180e", "\ufeff", "\u00ad"}) {
      CHECK_MESSAGE(
          branch_taken("", std::string("[string]::IsNullOrWhiteSpace(\"") + other + "\")") == "no",
          other);
    }
  }

  TEST_CASE("a hash table, a number and an array are tested by their text") {
    CHECK(branch_taken("", "[string]::IsNullOrEmpty(@{})") == "no");
    CHECK(branch_taken("", "[string]::IsNullOrWhiteSpace(1.5)") == "no");
    CHECK(branch_taken("", "[string]::IsNullOrEmpty(@('a'))") == "no");
    CHECK(branch_taken("$x = $null\n", "[string]::IsNullOrWhiteSpace($x)") == "yes");
  }
}

TEST_SUITE("powershell -Filter { ... } of a query, hostile review") {
  TEST_CASE("nested braces, braces in strings and a here-string stay inside the filter") {
    CHECK(names_of("Get-Mailbox -Filter { (Name -like '*}*') -and ($a -eq @{b=1}) }\n"
                   "New-TransportRule x -SetSCL 5\n") == std::vector<std::string>{"x"});
    CHECK(names_of("Get-Mailbox -Filter { Name -eq \"}\" }\nNew-TransportRule x -SetSCL 5\n") ==
          std::vector<std::string>{"x"});
    CHECK(names_of("Get-Mailbox -Filter { Name -eq @'\n}\n'@ }\nNew-TransportRule x -SetSCL "
                   "5\n") == std::vector<std::string>{"x"});
  }

  TEST_CASE("an unclosed filter is an error at its brace; a changing cmdlet's block stays one") {
    CHECK(
        only_error("$a = 1\nGet-Mailbox -Filter {Name -eq '}'\n").find("2:21 '{' is not closed") ==
        0);
    CHECK(only_error("New-TransportRule x -SetSCL 5 -Comments { a }\n").find("unexpected '{'") !=
          std::string::npos);
    CHECK(only_error("Set-HostedContentFilterPolicy Default -SpamAction { MoveToJmf }\n")
              .find("unexpected '{'") != std::string::npos);
  }
}

TEST_SUITE("powershell -Filter { ... } of a query") {
  TEST_CASE("a query's filter block is its argument, as a statement and piped on") {
    const auto r = import(
        "Get-Mailbox -ResultSize Unlimited -Filter {RecipientTypeDetails -eq 'UserMailbox'} `\n"
        "  | Set-Mailbox -AuditEnabled $true\n"
        "Get-Recipient -Filter { Name -like 'a*' } -ResultSize 10\n"
        "New-TransportRule x -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(names_of("Get-User -Filter {Department -eq 'IT'}\nNew-TransportRule x -SetSCL 5\n") ==
          std::vector<std::string>{"x"});
    CHECK(has(r.set.imported.warnings, 2, 5, "Set-Mailbox changes mailboxes"));
  }

  TEST_CASE("a block after anything else is still not an argument") {
    // A changing cmdlet, and a query's block with no parameter before it.
    CHECK(only_error("Set-Mailbox x -AuditEnabled {1}\nNew-TransportRule x -SetSCL 5\n")
              .find("unexpected '{'") != std::string::npos);
    CHECK(only_error("Get-Mailbox {1}\nNew-TransportRule x -SetSCL 5\n").find("unexpected '{'") !=
          std::string::npos);
    CHECK(only_error("Get-Mailbox -Filter {Name -eq 'a'\n").find("'{' is not closed by '}'") !=
          std::string::npos);
  }
}
