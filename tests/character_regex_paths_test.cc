// A pattern and a text of ASCII alone are searched byte by byte, anything past ASCII character by
// character (decision 851): the two searches must give the same matches wherever both can run.
#include <doctest/doctest.h>

#include <boost/regex.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/powershell_regex.h"

namespace {

using mfsim::rules::ps::dotnet_regex;
using mfsim::rules::ps::line_anchors;
using mfsim::rules::ps::regex_match;

// What a search found: each group's byte offset and length, or "none".
std::string found_in(const dotnet_regex& re, std::string_view text) {
  regex_match found;
  if (!re.regex().search(text, found)) return "none";
  std::string spans;
  for (std::size_t g = 0; g < found.size(); ++g) {
    const int group = static_cast<int>(g);
    spans += found.matched(group) ? std::to_string(found.position(group)) + "+" +
                                        std::to_string(found.length(group)) + " "
                                  : "- ";
  }
  return spans;
}

// Pieces of patterns that an ASCII pattern may hold: the classes .NET and ICU read apart (the
// separators U+001C-U+001F, the vertical tab, `_`), ranges read without case, anchors,
// boundaries, groups and a back-reference.
constexpr std::string_view kAtoms[] = {
    "a",         "A",     "k",      "K",      "s",         "_",        " ",
    "\\s",       "\\S",   "\\w",    "\\W",    "\\d",       "\\D",      "\\b",
    "\\B",       ".",     "[a-z]",  "[A-z]",  "[^\\s\\d]", "[\\S\\s]", "[\\w-]",
    "[^a]",      "\\t",   "\\x1C",  "\\x1F",  "\\v",       "\\f",      "^",
    "$",         "(a|K)", "(\\w+)", "[_\\W]", "\\1",       "(?i)k",    "(?-i)a",
    "[^\\S\\n]", "\\r",   "\\n",    "\\Z",    "\\z",       "(?m)$",    "[\\x00-\\x1F]"};
constexpr std::string_view kQuantifiers[] = {"", "", "", "*", "+", "?", "{2}", "*?", "+?"};
constexpr char kTextCharacters[] = "aAkKsS_ 0 1\t\n\r\x0B\x0C\x1C\x1D\x1F\x7F-.";

}  // namespace

TEST_SUITE("character regex paths") {
  TEST_CASE("an ASCII pattern on an ASCII text finds the same by byte as by character") {
    // The same pattern with an alternative that never matches but holds an é is searched by
    // character whatever the text; the groups are numbered alike.
    std::mt19937 random(41);
    const auto pick = [&](std::size_t n) {
      return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    int compared = 0;
    int matched = 0;
    for (int round = 0; round < 6000; ++round) {
      std::string pattern;
      for (std::size_t k = 1 + pick(5); k > 0; --k) {
        pattern += kAtoms[pick(std::size(kAtoms))];
        pattern += kQuantifiers[pick(std::size(kQuantifiers))];
      }
      const bool case_sensitive = round % 2 == 0;
      const line_anchors anchors =
          round % 4 < 2 ? line_anchors::text_ends : line_anchors::every_line;
      std::optional<dotnet_regex> bytes;
      try {
        bytes.emplace(pattern, case_sensitive, anchors);
      } catch (const boost::regex_error&) {
        continue;  // refused (a \1 before its group, a quantifier after an anchor)
      }
      const dotnet_regex characters("(?:" + pattern + ")|\xC3\xA9(?!)", case_sensitive, anchors);
      for (int t = 0; t < 8; ++t) {
        std::string text;
        for (std::size_t k = pick(12); k > 0; --k)
          text += kTextCharacters[pick(sizeof kTextCharacters - 1)];
        REQUIRE_FALSE(bytes->regex().reads_by_character(text));
        REQUIRE(characters.regex().reads_by_character(text));
        const std::string by_byte = found_in(*bytes, text);
        INFO("pattern ", pattern, (case_sensitive ? " (case)" : " (no case)"), " text '", text,
             "'");
        CHECK(found_in(characters, text) == by_byte);
        ++compared;
        matched += by_byte != "none" ? 1 : 0;
      }
    }
    CHECK(compared > 20000);  // most patterns compiled
    CHECK(matched > compared / 10);
    CHECK(matched < compared * 9 / 10);
  }
}
