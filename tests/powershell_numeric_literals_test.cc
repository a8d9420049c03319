// Numeric literals (about_Numeric_Literals) and -split's options, count and .Split('') as
// about_Split and String.Split give them (decisions 764 to 768, 800, 801).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell numeric literals and split") {
  TEST_CASE("hexadecimal, multiplier and type suffixes are the numbers PowerShell reads") {
    CHECK(names_of("New-TransportRule -Name (\"$(0x10) $(1kb) $(2MB) $(1gb) $(5L) $(7d) $(-0x1F) "
                   "$(1.50d)\") -SetSCL 5\n"
                   "New-TransportRule -Name (\"$(1tb) $(1pb)\") -SetSCL 5\n"
                   "New-TransportRule -Name (('a' * 1kb).Length) -SetSCL 5\n") ==
          std::vector<std::string>{"16 1024 2097152 1073741824 5 7 -31 1.50",
                                   "1099511627776 1125899906842624", "1024"});
  }

  TEST_CASE("a real number is a Double, written as .NET writes it") {
    CHECK(names_of("$x = 2\n"
                   "if ($x -gt 1.5) { New-TransportRule -Name gt -SetSCL 5 }\n"
                   "if ($x -lt 2.5e-1) { New-TransportRule -Name wrong -SetSCL 5 }\n"
                   "New-TransportRule -Name (\"$(1.10) $(2.5e-3) $(1.5e-7)\") -SetSCL 5\n") ==
          std::vector<std::string>{"gt", "1.1 0.0025 1.5E-07"});
    // A whole Double is a Double: 1e8 * 1e8 is 1E+16, never the Int64 10000000000000000.
    CHECK(names_of("New-TransportRule -Name (\"$(1e8) $(1e8 * 1e8) $(1e15) $(1e14) $(1.5kb) "
                   "$(-2.5e20)\") -SetSCL 5\n") ==
          std::vector<std::string>{"100000000 1E+16 1E+15 100000000000000 1536 -2.5E+20"});
    CHECK(only_error("$x = 1u\n").find("type suffix 'u'") != std::string::npos);
    CHECK(only_error("$x = (1st)\n").find("'1st' is not a number") != std::string::npos);
  }

  TEST_CASE("-split takes its options, and an empty pattern's negative count is known") {
    // about_Split: SimpleMatch reads the pattern as text; IgnoreCase even under -csplit.
    CHECK(names_of("New-TransportRule -Name (('a.b.c' -split '.', -2, 'SimpleMatch') -join '|') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name (('aXbxc' -csplit 'x', 0, 'SimpleMatch,IgnoreCase') "
                   "-join '|') -SetSCL 5\n"
                   "New-TransportRule -Name ((\"a`nb\" -split '^b', 0, 'Multiline') -join '|') "
                   "-SetSCL 5\n"
                   "New-TransportRule -Name (('abc' -split '', -2) -join '|') -SetSCL 5\n") ==
          std::vector<std::string>{"a.b|c", "a|b|c", "a\n|", "abc|"});
    CHECK(only_error("$x = 'a' -split 'a', 0, 'SimpleMatch,Multiline'\n")
              .find("SimpleMatch goes with no other option than IgnoreCase") != std::string::npos);
    CHECK(only_error("$x = 'a' -split 'a', 0, 'Fast'\n").find("none of the options") !=
          std::string::npos);
  }

  TEST_CASE(".Split('') gives the text whole when it has no white space") {
    // Split(char[]) with no characters cuts at white space (Windows PowerShell 5.1),
    // Split(string) with an empty one not at all (PowerShell 7): the same for 'a,b'.
    CHECK(names_of("New-TransportRule -Name ('a,b'.Split('') -join '|') -SetSCL 5\n") ==
          std::vector<std::string>{"a,b"});
    CHECK(only_error("New-TransportRule -Name ('a b'.Split('') -join '|') -SetSCL 5\n")
              .find("Windows PowerShell 5.1") != std::string::npos);
  }

  TEST_CASE("a Double is computed with as a Double, a Decimal refused") {
    // about_Arithmetic_Operators: the result is a Double where an operand is one, or where a
    // quotient of whole numbers is not whole (decision 864).
    CHECK(names_of("$x = 1.5\n$x++\n$y = 1\n$y -= 0.25\n"
                   "New-TransportRule -Name (\"$(1.5 + 1) $(1.5 * 2) $(7 / 2) $(1 + '0.5') $x $y "
                   "$(-$x) $(5.5 % 2) $(2 - 0.5 * 3)\") -SetSCL 5\n") ==
          std::vector<std::string>{"2.5 3 3.5 1.5 2.5 0.75 -2.5 1.5 0.5"});
    // 6 / 3 stays a whole number, and 3.0 * 1e8 * 1e8 a Double.
    CHECK(names_of("New-TransportRule -Name (\"$(6 / 3) $(3.0 * 1e8 * 1e8)\") -SetSCL 5\n") ==
          std::vector<std::string>{"2 3E+16"});
    CHECK(only_error("$x = 1.50d + 1\n").find("not with a Decimal") != std::string::npos);
    CHECK(only_error("$x = 0.1 + 0.2\n").find("more than 15 significant digits") !=
          std::string::npos);
    CHECK(only_error("$x = 1.5 / 0\n").find("1.5 / 0: division by zero") != std::string::npos);
    CHECK(only_error("$x = 1e308 * 10\n").find("past what a Double holds") != std::string::npos);
    CHECK(names_of("New-TransportRule -Name (('a' * 2) + 1.5) -SetSCL 5\n") ==
          std::vector<std::string>{"aa1.5"});
  }

  TEST_CASE("a text is repeated an [int] number of times, a real count rounded half to even") {
    CHECK(names_of("New-TransportRule -Name (\"$('a' * 1.5)|$('a' * 2.5)|$('a' * 3.5)|"
                   "$('a' * '2')\") -SetSCL 5\n") == std::vector<std::string>{"aa|aa|aaaa|aa"});
    CHECK(only_error("$x = 'a' * -1\n").find("a whole number of times, 0 or more") !=
          std::string::npos);
  }

  TEST_CASE("[double] converts as PowerShell does") {
    CHECK(
        names_of("New-TransportRule -Name (\"$([double]'2.5') $([double]3 * 1e15) $([double]$true) "
                 "$([double]' 1e3 ') $([int][double]'2.5')\") -SetSCL 5\n") ==
        std::vector<std::string>{"2.5 3E+15 1 1000 2"});
    CHECK(only_error("$x = [double]'abc'\n").find("[double] cannot convert 'abc'") !=
          std::string::npos);
    // An integer parameter asks for the whole number (decision 864).
    CHECK(
        only_error("$s = 10 / 2.0\nNew-TransportRule -Name r -SubjectContainsWords a -SetSCL $s\n")
            .find("expected an integer from -1 to 9, found the Double 5, which mfsim does not "
                  "convert") != std::string::npos);
  }

  TEST_CASE("a whole result that an Int64 and a Double write apart is refused") {
    // about_Arithmetic_Operators: Int32 arithmetic past an Int32 gives a Double (512MB * 512MB),
    // so 1000000 * 1000000000 is 1E+15 where an Int64 gives 1000000000000000 (decision 920).
    CHECK(only_error("$x = 1000000 * 1000000000\n").find("an Int64 and a Double write apart") !=
          std::string::npos);
    CHECK(only_error("$x = 2147483647 * 2147483647\n").find("write apart") != std::string::npos);
    CHECK(only_error("$x = 2147483648\n$y = $x * 1000000\n").find("write apart") !=
          std::string::npos);
    // Below 1E+15 both write the same digits.
    CHECK(names_of("New-TransportRule -Name (\"$(2147483647 + 1) $(999999999999999 + 0)\") "
                   "-SetSCL 5\n") == std::vector<std::string>{"2147483648 999999999999999"});
  }

  TEST_CASE("a Double negative zero is refused: PowerShell 7 writes -0, Windows PowerShell 0") {
    CHECK(only_error("$x = 0 * -1.5\n").find("-0 in PowerShell 7") != std::string::npos);
    CHECK(only_error("$x = -0.0\n").find("-0 in PowerShell 7") != std::string::npos);
    CHECK(only_error("$x = 0.0\n$y = -$x\n").find("-0 in PowerShell 7") != std::string::npos);
    CHECK(only_error("$x = [double]'-0'\n").find("[double] cannot convert '-0'") !=
          std::string::npos);
    CHECK(names_of("New-TransportRule -Name (\"$(-0) $(0.0) $(0 * 1.5) $(-1.5 + 1.5)\") "
                   "-SetSCL 5\n") == std::vector<std::string>{"0 0 0 0"});
  }

  TEST_CASE("a decimal integer literal is the number: 007 is 7, -0 is 0") {
    CHECK(names_of("$n = 01\nNew-TransportRule -Name (\"Rule $n $(007) $(-007) $(-0) $(-00)\") "
                   "-SetSCL 5\n") == std::vector<std::string>{"Rule 1 7 -7 0 0"});
    CHECK(only_error("$x = 99999999999999999999\n").find("past 64 bits") != std::string::npos);
  }

  TEST_CASE("[int] and [byte] refuse a number past their range, as PowerShell does") {
    CHECK(only_error("$x = [int]3000000000\n").find("[int] cannot convert '3000000000'") !=
          std::string::npos);
    CHECK(only_error("$x = [int]'3e9'\n").find("[int] cannot convert") != std::string::npos);
    CHECK(only_error("$x = [byte]256\n").find("[byte] cannot convert") != std::string::npos);
    CHECK(only_error("$x = [byte]-1\n").find("[byte] cannot convert") != std::string::npos);
    CHECK(names_of("New-TransportRule -Name (\"$([int]-2147483648) $([byte]255.4) "
                   "$([long]3000000000)\") -SetSCL 5\n") ==
          std::vector<std::string>{"-2147483648 255 3000000000"});
  }

  TEST_CASE("a Double below 0.0001 is in E notation, a Decimal as .NET holds it") {
    // "General format specifier": fixed only where the exponent is above -5.
    CHECK(names_of("New-TransportRule -Name (\"$(0.0001) $(0.00001) $(1.5e-5) $(01.50d)\") "
                   "-SetSCL 5\n") == std::vector<std::string>{"0.0001 1E-05 1.5E-05 1.50"});
    CHECK(only_error("$x = 1.00000000000000000000000000001d\n").find("more than 28 digits") !=
          std::string::npos);
    CHECK(only_error("$x = 5e-324\n").find("write apart") != std::string::npos);
  }
}
