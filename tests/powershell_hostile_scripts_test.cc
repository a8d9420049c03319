// Rule scripts written to hurt the importer: what they ask for ends in bounded time and memory,
// with one clear error at the operator's line and column (docs/reliability.md, "Limits").
#include <doctest/doctest.h>

#include <string>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::only_error;

}  // namespace

TEST_SUITE("powershell hostile scripts") {
  TEST_CASE("a huge pattern quoted in an error is cut, the error still at the operator") {
    // 200,000 parentheses that do not compile: the message quotes 120 bytes of them, not all.
    const std::string error =
        only_error("$p = '(' * 100000 + 'a' + ')' * 99999\n$x = 'a' -match $p\n");
    CHECK(error.starts_with("2:10 -match: the pattern '((((("));
    CHECK(error.find("(((...' is not a regular expression") != std::string::npos);
    CHECK(error.size() < 400);
    const std::string format = only_error("$f = '{9}' * 100000\n$x = $f -f 'a'\n");
    CHECK(format.starts_with("2:9 -f: the format '{9}{9}"));
    CHECK(format.size() < 400);
  }

  TEST_CASE("a pattern that backtracks over many texts stops at the regex budget") {
    // 20,000 texts of 16 letters, each search within Boost's own bound, took 35 s.
    CHECK(only_error("$l = ('aaaaaaaaaaaaaaaa,' * 20000) -split ','\n"
                     "$x = $l -match '(a|aa)+b'\n") ==
          "2:9 -match: the script's regular expressions read more than 256 MiB of text (the "
          "PowerShell regex budget; a pattern that backtracks, over many or long texts)");
  }

  TEST_CASE("a long value quoted in an error is cut between characters") {
    // 30 two-byte letters cut at 37 bytes kept half of the 19th: the message was no UTF-8.
    const std::string error = only_error("$x = ('\u00e9' * 30) - 1\n");
    std::string kept = "'";
    for (int k = 0; k < 18; ++k) kept += "\u00e9";
    CHECK(error.find(kept + "...'") != std::string::npos);
  }
}
