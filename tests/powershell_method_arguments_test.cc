// The argument list of method calls, .Method(...) and [IO.File]::Method(...) read by one reader
// (engine/rules/powershell_method_arguments.cc): each argument a whole expression, the commas
// between them separating arguments, not making arrays.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell method arguments") {
  TEST_CASE("a method's argument is a whole expression: operators, -f and -join included") {
    // The PowerShell Language Specification's argument-expression is a logical expression:
    // `$h.Add('Name', 'Block ' + $d)` adds the joined text, where only 'Block ' was read.
    CHECK(names_of("$d = 'contoso.com'\n"
                   "$h = @{}\n"
                   "$h.Add('Name', 'Block ' + $d)\n"
                   "$h.Add('SetSCL', 2 * 3 - 1)\n"
                   "New-TransportRule @h\n"
                   "$l = [System.Collections.Generic.List[string]]::new()\n"
                   "$l.Add(('a', 'b') -join '+')\n"
                   "$l.Add('{0}-{1}' -f ('x', 'y'))\n"
                   "New-TransportRule -Name ($l -join '|') -SetSCL 5\n") ==
          std::vector<std::string>{"Block contoso.com", "a+b|x-y"});
  }

  TEST_CASE("a comma separates arguments, and makes an array again inside brackets") {
    CHECK(names_of("$h = @{}\n"
                   "$h.Add('Name', @('a', 'b')[1])\n"
                   "$h.Add('SetSCL', (4, 5)[1])\n"
                   "New-TransportRule @h\n") == std::vector<std::string>{"b"});
    CHECK(only_error("$h = @{}\n$h.Add('k', 1, 2)\n").starts_with("2:1 "));
  }

  TEST_CASE("a static call's arguments are read by the same rule") {
    // [IO.File]::WriteAllText(path, text) with an operator in an argument, as about_Methods
    // writes arguments; an unclosed list is one error at the call.
    CHECK(names_of("[System.IO.File]::WriteAllText('C:\\r.txt', 'a' + 'b')\n"
                   "New-TransportRule -Name 'After' -SetSCL 5\n") ==
          std::vector<std::string>{"After"});
    CHECK(only_error("[IO.File]::WriteAllText('C:\\r.txt', 'a' 'b')\n") ==
          "1:41 unexpected ''' in [IO.File]::WriteAllText( )");
    // A ')' missing at the end of the file reads as such, not "unexpected the end of the file".
    CHECK(only_error("$x = [IO.File]::ReadAllText('a'") ==
          "1:32 unexpected end of the file in [IO.File]::ReadAllText( )");
  }
}
