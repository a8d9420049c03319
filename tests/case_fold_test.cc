// Tests of engine/case_fold.h: the case folding every word and pattern condition compares with
// (decision 350).
#include "engine/case_fold.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "engine/utf8.h"

namespace {

using mfsim::append_case_folded;
using mfsim::case_folded_copy;
using mfsim::fold_case_in_place;

TEST_SUITE("case folding") {
  TEST_CASE("ASCII letters are lower-cased, other ASCII kept") {
    CHECK(case_folded_copy("Hello, WORLD_1 [EXT]") == "hello, world_1 [ext]");
  }

  TEST_CASE("letters of other scripts fold to one case") {
    struct row {
      std::string_view text;
      std::string_view folded;
    };
    const row rows[] = {
        {"\xc3\x89t\xc3\xa9", "\xc3\xa9t\xc3\xa9"},  // Été -> été
        {"\xc3\x9c"
         "BER",
         "\xc3\xbc"
         "ber"},                                                                   // ÜBER -> über
        {"\xd0\xa1\xd0\xa7\xd0\x81\xd0\xa2", "\xd1\x81\xd1\x87\xd1\x91\xd1\x82"},  // СЧЁТ
        {"\xce\xa3\xcf\x82", "\xcf\x83\xcf\x83"},                                  // Σς -> σσ
        {"\xc2\xb5", "\xce\xbc"},                  // micro sign -> μ
        {"\xf0\x90\x90\x80", "\xf0\x90\x90\xa8"},  // Deseret, 4 bytes
        {"\xe2\x85\xa0", "\xe2\x85\xb0"},          // Roman numeral Ⅰ
    };
    for (const auto& r : rows) {
      CAPTURE(r.text);
      CHECK(case_folded_copy(r.text) == r.folded);
    }
  }

  TEST_CASE("foldings that would change the byte length are not applied") {
    CHECK(case_folded_copy("\xe2\x84\xaa") == "\xe2\x84\xaa");  // Kelvin sign, not 'k'
    CHECK(case_folded_copy("\xc5\xbf") == "\xc5\xbf");          // long s, not 's'
    CHECK(case_folded_copy("\xe1\xba\x9e") == "\xe1\xba\x9e");  // capital sharp s, not 'ß'
  }

  TEST_CASE("bytes that are not well-formed UTF-8 are kept") {
    const std::string rows[] = {
        "CAF\xc9",         // Latin-1 É: a lead byte without its continuation
        "\xc3",            // cut at the end
        "\xc0\x80 A",      // overlong
        "\xed\xa0\x80 A",  // a surrogate
        "\x80\x80 A",      // continuation bytes alone
    };
    for (const auto& text : rows) {
      CAPTURE(text);
      const std::string folded = case_folded_copy(text);
      REQUIRE(folded.size() == text.size());
      for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        CHECK(folded[i] == (c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c));
      }
    }
  }

  TEST_CASE("appending folds only what is appended; in place folds the same") {
    std::string out = "KEEP ";
    append_case_folded("\xc3\x89T\xc3\x89", out);
    CHECK(out == "KEEP \xc3\xa9t\xc3\xa9");
    std::string buffer = "\xc3\x89T\xc3\x89";
    fold_case_in_place(buffer.data(), buffer.size());
    CHECK(buffer == "\xc3\xa9t\xc3\xa9");
  }

  TEST_CASE("folding keeps every offset: each code point keeps its UTF-8 length") {
    std::string all;
    for (char32_t cp = 0x80; cp < 0x110000; ++cp) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const auto byte = [&](char32_t bits) { all.push_back(static_cast<char>(bits)); };
      if (cp < 0x800) {
        byte(0xc0 | (cp >> 6));
      } else if (cp < 0x10000) {
        byte(0xe0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 0x3f));
      } else {
        byte(0xf0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 0x3f));
        byte(0x80 | ((cp >> 6) & 0x3f));
      }
      byte(0x80 | (cp & 0x3f));
    }
    const std::string folded = case_folded_copy(all);
    REQUIRE(folded.size() == all.size());
    // Each character folded in its own bytes: the text still splits into the same lengths.
    std::size_t characters = 0, kept_length = 0;
    for (std::size_t i = 0; i < all.size(); ++characters) {
      const std::size_t length = mfsim::utf8_sequence_length(all, i);
      REQUIRE(length > 0);
      kept_length += mfsim::utf8_sequence_length(folded, i) == length;
      i += length;
    }
    CHECK(kept_length == characters);
    CHECK(case_folded_copy(folded) == folded);  // folding twice changes nothing
  }
}

}  // namespace
