// The flow scan before yaml-cpp (decision 630): a quote or bracket inside plain or block text
// hides nothing from the count, so a flow list yaml-cpp's scanner would read whole is refused
// before it reads it, and text with quotes and brackets counts nothing.
#include <doctest/doctest.h>

#include <string>

#include "engine/rules/yaml_document.h"
#include "engine/rules/yaml_flow_budget.h"
#include "tests/support/load_problems.h"

namespace {

using mfsim::rules::yaml::flow_entries_past;

// `before`, then a flow mapping holding a list of `items` one-letter values, then `after`.
std::string around_flood(std::string_view before, std::size_t items, std::string_view after) {
  std::string text(before);
  text += "{m: [a";
  for (std::size_t k = 1; k < items; ++k) text += ",a";
  text += "]}";
  text += after;
  return text;
}

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("a quote inside plain or block text does not hide a flow list from the flow scan") {
    // Where the scan refuses is where it refuses the same text with letters for its quotes.
    for (const auto& [before, after] : std::initializer_list<std::pair<std::string, std::string>>{
             {"c: rock 'n\nd: ", "\ne: rock 'n\n"},
             {"c: say \"hi\nd: ", "\ne: say \"hi\n"},
             {"c: |\n  'x\nd: ", "\ne: |\n  x'\n"},
             {"{c: rock 'n, d: ", ", e: rock 'n}\n"},
             {"c: a\n  'b\nd: ", "\ne: a\n  b'\n"},
         }) {
      CAPTURE(before);
      const std::string text = around_flood(before, 4, after);
      std::string lettered = text;
      for (char& c : lettered) c = c == '\'' || c == '"' ? 'q' : c;
      REQUIRE(flow_entries_past(lettered, 4).has_value());
      CHECK(flow_entries_past(text, 4) == flow_entries_past(lettered, 4));
    }
  }

  TEST_CASE("a flow collection after a document marker, an anchor or a tag is counted") {
    CHECK(flow_entries_past("--- [a, a, a]\n", 2) == std::size_t{9});
    CHECK(flow_entries_past("a: x\n--- [a, a, a]\n", 2) == std::size_t{14});
    CHECK(flow_entries_past("- &x [a, a, a]\n", 2) == std::size_t{10});
    CHECK(flow_entries_past("a: !!seq [a, a, a]\n", 2) == std::size_t{14});
    // A flow key at the start of a line after a plain value.
    CHECK(flow_entries_past("a: x\n[b, b, b]: y\n", 2) == std::size_t{10});
  }

  TEST_CASE("quotes and brackets in plain and block text count nothing") {
    CHECK(flow_entries_past("Name: O'Brien, a[1, 2, 3\nb: 'c,d'", 0) == std::nullopt);
    CHECK(flow_entries_past("a: rock 'n [roll, x, y\nb: it is \"so, [so\n", 0) == std::nullopt);
    CHECK(flow_entries_past("a: |\n  see [1, 2, 3\n  it's {x, y}\nb: c\n", 0) == std::nullopt);
    CHECK(flow_entries_past("a: x # [y, z\nb: ['p, q', \"r, s\"]\n", 2) == std::nullopt);
  }

  TEST_CASE("the flood past a million values behind a quote in text is refused before parsing") {
    // Before decision 630 the scan skipped from `rock 'n` to the next quote, and yaml-cpp read
    // the list: 550 MB and 10 s for two million values, 4 GB for fifteen million.
    const std::string text =
        around_flood("{mfsim: 1, c: rock 'n, d: ", 1'000'001, ", e: rock 'n}\n");
    const auto problems = mfsim::test::load_problems(
        [&] { (void)mfsim::rules::yaml::load_document(text, "big.yaml", "a rule-set file"); });
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().find("flow lists and mappings ([...], {...}) hold more than 1000000 "
                                "values") != std::string::npos);
  }
}
