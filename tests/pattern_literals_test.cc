// The rule index's prefilter (decisions.md 296): the literal runs read from a pattern are in
// every text the pattern matches, and a pattern the reader does not fully understand gives none.
#include "engine/compile/pattern_literals.h"

#include <doctest/doctest.h>

#include <boost/regex/pattern_except.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/ascii.h"
#include "engine/compile/exchange_pattern.h"

namespace {

using mfsim::compile_detail::required_literals;
using runs = std::vector<std::string>;

}  // namespace

TEST_SUITE("pattern_literals") {
  TEST_CASE("runs of plain characters are read, lower-cased, up to what is not literal") {
    CHECK(required_literals("Invoice") == runs{"invoice"});
    CHECK(required_literals("zq12[0-9]+ invoice") == runs{"zq12", " invoice"});
    CHECK(required_literals("^re: urgent$") == runs{"re: urgent"});
    CHECK(required_literals("pay.now") == runs{"pay", "now"});
    CHECK(required_literals("spf=(fail|softfail)") == runs{"spf="});
    CHECK(required_literals("\\bpay\\b") == runs{"pay"});
    CHECK(required_literals("a\\.b\\-c") == runs{"a.b-c"});
    CHECK(required_literals("@.*\\.ru$") == runs{"@", ".ru"});
  }

  TEST_CASE("an optional character leaves its run; a repeated one ends it") {
    CHECK(required_literals("colou?r") == runs{"colo", "r"});
    CHECK(required_literals("ab*c") == runs{"a", "c"});
    CHECK(required_literals("ab{0,2}c") == runs{"a", "c"});
    CHECK(required_literals("ab+c") == runs{"ab", "c"});
    CHECK(required_literals("ab{2}c") == runs{"ab", "c"});
    CHECK(required_literals("ab+?c") == runs{"ab", "c"});
    CHECK(required_literals("(x)?abc") == runs{"abc"});
    CHECK(required_literals("[ab]*xyz") == runs{"xyz"});
  }

  TEST_CASE("what the reader does not fully understand gives no runs") {
    for (const char* p :
         {"a|b", "abc|def", "(?i)abc", "(?x) a b c", "(?=abc)abc", "\\x41bc", "\\Qa.b\\E", "abc\\1",
          "(*UTF)abc", "abc)", "abc(", "[abc", "a{x}", "*abc", "(?<x>a)\\<x>", "abc\\"}) {
      CAPTURE(p);
      CHECK(required_literals(p).empty());
    }
  }

  TEST_CASE("classes and groups are skipped whole, whatever they hold") {
    CHECK(required_literals("[]|)(]abc") == runs{"abc"});
    CHECK(required_literals("[[:alpha:]|]abc") == runs{"abc"});
    CHECK(required_literals("(a|(b|c)\\))def") == runs{"def"});
    CHECK(required_literals("(?:ab|cd)efg") == runs{"efg"});
  }

  // Random patterns from pieces that exercise quantifiers, classes, groups and escapes: every
  // text a pattern matches (compiled as the conditions compile it, as .NET reads it) contains
  // each of its runs.
  TEST_CASE("every text a pattern matches contains its runs") {
    const std::vector<std::string> pieces = {
        "a",     "b",     "c",      "ab",    "Ba",  "x",   " ",   "-", "\\.", ".",
        "[abc]", "[^a]",  "(ab|c)", "(?:a)", "\\d", "\\w", "\\b", "^", "?",   "*",
        "+",     "{0,1}", "{1,2}",  "+?",    "\\s", "\\<", "\\>", "<"};
    std::mt19937 rng(20261202);
    const auto pick = [&](std::size_t n) {
      return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    int checked = 0;
    for (int round = 0; round < 3000; ++round) {
      std::string pattern;
      const std::size_t length = 1 + pick(6);
      for (std::size_t k = 0; k < length; ++k) pattern += pieces[pick(pieces.size())];
      mfsim::rules::ps::character_regex re;
      try {
        re = mfsim::compile_detail::compile_exchange_pattern(pattern);
      } catch (const boost::regex_error&) {
        continue;
      }
      const runs literals = required_literals(pattern);
      for (int t = 0; t < 40; ++t) {
        std::string text;
        const std::size_t text_length = pick(8);
        for (std::size_t k = 0; k < text_length; ++k) text += "abcABx -.1_<>"[pick(13)];
        mfsim::rules::ps::regex_match found;
        if (!re.search(text, found)) continue;
        const std::string lowered = mfsim::ascii_lower_copy(text);
        for (const auto& literal : literals) {
          CAPTURE(pattern);
          CAPTURE(text);
          CHECK(lowered.find(literal) != std::string::npos);
          ++checked;
        }
      }
    }
    CHECK(checked > 1000);
  }
}
