// The bitwise operators -band, -bor, -bxor, -bnot, -shl and -shr (about_Arithmetic_Operators),
// their precedence (about_Operator_Precedence) and values only the running script knows
// (decision 860).
#include <doctest/doctest.h>

#include <string>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

// The name of the rule named "$(expression)".
std::string value_of(const std::string& expression, const std::string& prelude = "") {
  const auto names = names_of(prelude + "New-TransportRule -Name \"$(" + expression +
                              ")\" -SubjectContainsWords 'a' -SetSCL 5\n");
  return names.empty() ? std::string() : names.front();
}

}  // namespace

TEST_SUITE("powershell bitwise operators") {
  TEST_CASE("the documentation's examples give its results") {
    CHECK(value_of("10 -band 3") == "2");
    CHECK(value_of("10 -bor 3") == "11");
    CHECK(value_of("10 -bxor 3") == "9");
    CHECK(value_of("-bNot 10") == "-11");
    CHECK(value_of("102 -shl 2") == "408");
    CHECK(value_of("102 -shr 1") == "51");
    CHECK(value_of("5 -bor 0x03") == "7");
    CHECK(value_of("21 -shr 31") == "0");
    CHECK(value_of("-1 -shr 1") == "-1");
    CHECK(value_of("2147483647 -shr 1") == "1073741823");
    CHECK(value_of("-2147483648 -shr 1") == "-1073741824");
  }

  TEST_CASE("operators are any case, and texts and $null are converted") {
    CHECK(value_of("12 -BAND 10") == "8");
    CHECK(value_of("'12' -band 10") == "8");
    CHECK(value_of("$null -bor 4") == "4");
    CHECK(value_of("$f -bor 2", "$f = 1\n") == "3");
  }

  TEST_CASE("precedence: arithmetic, then comparisons and shifts, then -band, then -and") {
    CHECK(value_of("1 + 2 -band 6") == "2");      // (1 + 2) -band 6
    CHECK(value_of("1 -bor 2 -band 6") == "2");   // left to right: (1 -bor 2) -band 6
    CHECK(value_of("1 -shl 2 -eq 4") == "True");  // one level, left to right
    CHECK(value_of("4 -eq 4 -bor 2") == "3");     // True -bor 2: PowerShell converts True to 1
    CHECK(value_of("1 -band 1 -and 0") == "False");
    CHECK(value_of("-bnot 1 -band 3") == "2");  // (-bnot 1) -band 3
    CHECK(value_of("-bnot -bnot 5") == "5");
  }

  TEST_CASE("a shift whose result depends on Int32 or Int64 is refused with both results") {
    const std::string error = only_error("$x = 1 -shl 40\n");
    CHECK_MESSAGE(error.find("1 -shl 40 is 256 when 1 is an Int32") != std::string::npos, error);
    CHECK_MESSAGE(error.find("1099511627776 when it is an Int64") != std::string::npos, error);
    CHECK(value_of("21 -shr 64") == "21");         // both 5 and 6 bits of 64 are 0
    CHECK(value_of("4294967296 -shr 32") == "1");  // past an Int32: an Int64
  }

  TEST_CASE("a bitwise operator on what is no integer is an error there") {
    CHECK(only_error("$x = 'abc' -band 1\n")
              .starts_with("1:12 'abc' -band '1': the bitwise operators work on integers only"));
    CHECK(only_error("$x = 1.5 -bor 1\n").find("work on integers only") != std::string::npos);
    CHECK(only_error("$x = -bnot 'x'\n").starts_with("1:6 -bnot 'x': the bitwise operators"));
  }

  TEST_CASE("flags from an enum are known only when the script runs") {
    // [X]::A is .NET's (decision 790): the result is unknown until a rule needs it.
    CHECK(names_of("$f = [IO.FileAttributes]::Hidden -bor [IO.FileAttributes]::ReadOnly\n"
                   "New-TransportRule -Name 'r' -SubjectContainsWords 'a' -SetSCL 5\n") ==
          std::vector<std::string>{"r"});
    const std::string error = only_error(
        "$f = [IO.FileAttributes]::Hidden -bor 1\n"
        "New-TransportRule -Name \"r$f\" -SubjectContainsWords 'a' -SetSCL 5\n");
    CHECK_MESSAGE(error.find("[IO.FileAttributes]::Hidden -bor '1'") != std::string::npos, error);
    CHECK_MESSAGE(error.find("only when the script runs") != std::string::npos, error);
  }
}
