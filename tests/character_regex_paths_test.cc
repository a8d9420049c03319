// A pattern and a text of ASCII alone are searched byte by byte, anything past ASCII character by
// character (decision 851): the two searches must give the same matches wherever both can run.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unicode/uchar.h>

#include <boost/regex/pattern_except.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/powershell_regex.h"
#include "engine/utf8.h"

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
    "a",         "A",     "k",      "K",      "s",         "_",          " ",
    "\\s",       "\\S",   "\\w",    "\\W",    "\\d",       "\\D",        "\\b",
    "\\B",       ".",     "[a-z]",  "[A-z]",  "[^\\s\\d]", "[\\S\\s]",   "[\\w-]",
    "[^a]",      "\\t",   "\\x1C",  "\\x1F",  "\\v",       "\\f",        "^",
    "$",         "(a|K)", "(\\w+)", "[_\\W]", "\\1",       "(?i)k",      "(?-i)a",
    "[^\\S\\n]", "\\r",   "\\n",    "\\Z",    "\\z",       "(?m)$",      "[\\x00-\\x1F]",
    "[Z-a]",     "[0-_]", "[^A-z]", "[K-k]",  "[\\[-`]",   "(?-i:[A-z])"};
constexpr std::string_view kQuantifiers[] = {"", "", "", "*", "+", "?", "{2}", "*?", "+?"};
constexpr char kTextCharacters[] = "aAkKsS_ 0 1\t\n\r\x0B\x0C\x1C\x1D\x1F\x7F-.[`zZ";

// A character's lower case as .NET's invariant IgnoreCase compares it (decisions 966, 1018).
UChar32 lower_case(UChar32 c) { return c == 0x130 ? c : u_tolower(c); }

// `c` as a pattern writes it: \uXXXX.
std::string escaped(UChar32 c) { return fmt::format("\\u{:04X}", static_cast<unsigned>(c)); }

std::string utf8(UChar32 c) {
  std::string out;
  mfsim::append_utf8_code_point(static_cast<std::uint32_t>(c), out);
  return out;
}

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
        continue;  // refused (a \1 before its group)
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

  TEST_CASE("a range under ignored case holds a character whose lower case one of its own has") {
    // .NET's RegexCharClass adds to a range the case equivalents of each character in it
    // (decision 1056): a text's character matches where it or its lower case is one of the
    // range's characters' lower cases. Checked against that rule over letters of several
    // scripts, signs between the cases and the characters that case apart (Kelvin, İ, ı, ſ).
    std::vector<UChar32> characters;
    for (UChar32 c = 0x20; c < 0x250; ++c) characters.push_back(c);
    for (UChar32 c = 0x370; c < 0x460; ++c) characters.push_back(c);
    for (const UChar32 c : {0x1E9E, 0x2126, 0x212A, 0x212B, 0x2C65, 0xA7AB, 0xFF21, 0xFF41})
      characters.push_back(c);
    std::mt19937 random(1056);
    const auto pick = [&] {
      return characters[std::uniform_int_distribution<std::size_t>(0,
                                                                   characters.size() - 1)(random)];
    };
    int held = 0;
    for (int round = 0; round < 120; ++round) {
      UChar32 first = pick();
      UChar32 last = pick();
      if (first > last) std::swap(first, last);
      const std::string range = escaped(first) + "-" + escaped(last);
      const dotnet_regex any_case("^[" + range + "]$", false);
      const dotnet_regex negated("^[^" + range + "]$", false);
      const dotnet_regex as_written("^[" + range + "]$", true);
      for (const UChar32 c : characters) {
        bool expected = false;
        for (UChar32 r = first; r <= last && !expected; ++r)
          expected = r == c || lower_case(r) == lower_case(c);
        INFO("range ", range, " character ", escaped(c));
        regex_match found;
        const std::string text = utf8(c);
        CHECK(any_case.regex().search(text, found) == expected);
        CHECK(negated.regex().search(text, found) == !expected);
        CHECK(as_written.regex().search(text, found) == (c >= first && c <= last));
        held += expected ? 1 : 0;
      }
    }
    CHECK(held > 1000);
  }

  TEST_CASE("a pattern whose \\b written out for the joiners passes 1 MiB is refused") {
    // Each \b is some hundred characters written out for the search by character (decision
    // 1057): 12,000 of them, 24 KB as written, made a pattern of 1.1 MB, which Boost compiled
    // with no bound, '\b' * 200000 in 11 s and 520 MB (decision 1097).
    std::string boundaries;
    for (int k = 0; k < 12000; ++k) boundaries += "\\b";
    CHECK_THROWS_AS(dotnet_regex(boundaries, false), boost::regex_error);
    CHECK_NOTHROW(dotnet_regex(boundaries.substr(0, 2000), false));
  }

  TEST_CASE("\\b and \\B read alike over a text past ASCII with and without a joiner") {
    // The search by character uses Boost's \b where the text holds no U+200C or U+200D and
    // the one written out for them where it does (decision 1096).
    const dotnet_regex word("\\bpay\\b", false);
    CHECK(found_in(word, "caf\xC3\xA9 pay now") == "6+3 ");
    CHECK(found_in(word, "caf\xC3\xA9 pay\xE2\x80\x8D now") == "none");
    CHECK(found_in(word, "caf\xC3\xA9 pay\xE2\x80\x8D pay") == "13+3 ");
    const dotnet_regex inside("a\\B", false);
    CHECK(found_in(inside, "\xC3\xA9 a") == "none");
    CHECK(found_in(inside, "\xC3\xA9 a\xE2\x80\x8C") == "3+1 ");
    CHECK(found_in(dotnet_regex(" \\B", false), "\xC3\xA9 ") == "2+1 ");
    CHECK(found_in(dotnet_regex("\\B", false), "") == "0+0 ");
  }
}

namespace {

// Every match's offset and length, as -replace and -split find them.
std::string all_matches(const dotnet_regex& re, std::string_view text) {
  mfsim::rules::ps::regex_budget budget{0, 1'000'000};
  std::string spans;
  re.regex().for_each_match(text, budget, [&](const regex_match& found) {
    spans += std::to_string(found.position()) + "+" + std::to_string(found.length()) + " ";
    return true;
  });
  return spans;
}

}  // namespace

TEST_SUITE("character regex paths") {
  TEST_CASE(
      "over a text with a joiner, \\b finds what it finds written out, tried where it may start") {
    // The pattern written for the joiners is tried only where the same pattern with Boost's
    // \b may start a match (decision 1113); its twin with .NET's boundary written in the
    // pattern itself is searched at every place, as Boost searches it.
    constexpr std::string_view kBoundary =
        "(?=(?<=[\\w\\u200C\\u200D])(?![\\w\\u200C\\u200D])|"
        "(?<![\\w\\u200C\\u200D])(?=[\\w\\u200C\\u200D]))";
    constexpr std::string_view kParts[] = {"\\b",  "\\b", "a",  "b", "\xC3\xA9",
                                           "\\w",  "\\W", ".",  " ", "(a|\xC3\xA9)",
                                           "[^a]", "\\B", "\\d"};
    constexpr std::string_view kTextParts[] = {
        "a", "b", " ", "\xC3\xA9", "\xE2\x80\x8C", "\xE2\x80\x8D", "-", "1"};
    constexpr std::string_view kRepeats[] = {"", "", "", "*", "+", "?", "{2}"};
    std::mt19937 random(1113);
    const auto pick = [&](std::size_t n) {
      return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    int compared = 0;
    int matched = 0;
    for (int round = 0; round < 3000; ++round) {
      std::string pattern;
      std::string twin;
      for (std::size_t k = 1 + pick(4); k > 0; --k) {
        const std::string_view part = kParts[pick(std::size(kParts))];
        const std::string_view repeat = kRepeats[pick(std::size(kRepeats))];
        pattern += std::string(part) + std::string(repeat);
        twin += (part == "\\b" ? std::string(kBoundary) : std::string(part)) + std::string(repeat);
      }
      const bool case_sensitive = round % 2 == 0;
      const dotnet_regex re(pattern, case_sensitive);
      const dotnet_regex written(twin, case_sensitive);
      for (int t = 0; t < 6; ++t) {
        std::string text = "\xE2\x80\x8D";
        for (std::size_t k = pick(10); k > 0; --k) {
          const std::size_t at = pick(text.size() + 1);
          const std::size_t where = text.find_first_of("ab -1\xC3\xE2", at);
          text.insert(where == std::string::npos ? text.size() : where,
                      kTextParts[pick(std::size(kTextParts))]);
        }
        INFO("pattern ", pattern, " text '", text, "'");
        const std::string expected = all_matches(written, text);
        CHECK(all_matches(re, text) == expected);
        CHECK(found_in(re, text) == found_in(written, text));
        ++compared;
        matched += expected.empty() ? 0 : 1;
      }
    }
    CHECK(matched > compared / 4);
  }

  TEST_CASE("over a text with a joiner, \\b is tried only where the pattern may start") {
    // Decision 1113: a search of `\bzzz\b` reads each character of a text with no z about once;
    // trying the written-out \b at every place read 212,008 characters here.
    std::string text;
    for (int k = 0; k < 2000; ++k) text += "caf\xC3\xA9 pay ";
    text += "\xE2\x80\x8D";
    const dotnet_regex re("\\bzzz\\b", false);
    mfsim::rules::ps::regex_budget budget{0, 1'000'000};
    re.regex().for_each_match(text, budget, [](const regex_match&) { return true; });
    CHECK(budget.used < text.size());
    // Where most places may start a match, Boost's own search takes the rest: the same matches.
    std::string dense;
    for (int k = 0; k < 300; ++k) dense += k % 7 == 0 ? "ab\xE2\x80\x8D " : "ab ba ";
    const dotnet_regex pair("\\b[ab]b\\b", false);
    const dotnet_regex pair_written(
        "(?=(?<=[\\w\\u200C\\u200D])(?![\\w\\u200C\\u200D])|(?<![\\w\\u200C\\u200D])"
        "(?=[\\w\\u200C\\u200D]))[ab]b"
        "(?=(?<=[\\w\\u200C\\u200D])(?![\\w\\u200C\\u200D])|(?<![\\w\\u200C\\u200D])"
        "(?=[\\w\\u200C\\u200D]))",
        false);
    const std::string expected = all_matches(pair_written, dense);
    CHECK(expected.size() > 1000);
    CHECK(all_matches(pair, dense) == expected);
  }
}
