// ASCII case handling (engine/ascii.h): ascii_iequals compares eight bytes at a time while they
// are equal as written, then a byte at a time, folded; it must say what a byte-at-a-time
// comparison says for every pair, whatever the length and wherever the bytes differ.
#include "engine/ascii.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

namespace {

// The reference: a byte at a time, letters folded, every other byte exact.
bool folded_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; };
    if (lower(static_cast<unsigned char>(a[i])) != lower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// Constant evaluation takes the byte-at-a-time path only.
static_assert(mfsim::ascii_iequals("X-MS-Exchange-Organization-SCL",
                                   "x-ms-exchange-organization-scl"));
static_assert(!mfsim::ascii_iequals("X-MS-Exchange-Organization-SCL",
                                    "X-MS-Exchange-Organization-SCM"));

}  // namespace

TEST_SUITE("ascii") {
  TEST_CASE("names equal but for case, past an equal prefix of whole words, are equal") {
    CHECK(mfsim::ascii_iequals("X-MS-Exchange-Organization-SCL", "X-MS-Exchange-organization-scl"));
    CHECK(mfsim::ascii_iequals("Authentication-Results", "AUTHENTICATION-RESULTS"));
    CHECK_FALSE(
        mfsim::ascii_iequals("X-MS-Exchange-Organization-SCL", "X-MS-Exchange-CrossTenant-Id12"));
    // 0x40 and 0x60 differ by the case bit but are not letters: never equal.
    CHECK_FALSE(mfsim::ascii_iequals("abcdefgh@", "abcdefgh`"));
    CHECK_FALSE(mfsim::ascii_iequals("ABCDEFGH[ijklmnop", "abcdefgh{ijklmnop"));
    CHECK(mfsim::ascii_iequals("", ""));
    CHECK_FALSE(mfsim::ascii_iequals("abcdefgh", "abcdefghi"));
  }

  TEST_CASE("every pair says what a byte at a time says, at every length and place") {
    // Bytes that differ by the case bit as letters and as non-letters, 8-bit bytes and NUL.
    const std::string alphabet = std::string("aAzZmM@`[{-_:") + '\0' + "\x80\xC3\xE3";
    std::mt19937 random(16);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> length(0, 40);
    std::size_t equal = 0;
    for (int round = 0; round < 200000; ++round) {
      std::string a(static_cast<std::size_t>(length(random)), ' ');
      for (char& c : a) c = alphabet[pick(random)];
      std::string b = a;
      // Change a byte or two, anywhere, to its other case or to any byte.
      for (int k = round % 3; k > 0 && !b.empty(); --k) {
        char& c = b[std::uniform_int_distribution<std::size_t>(0, b.size() - 1)(random)];
        c = round % 2 == 0 ? static_cast<char>(c ^ 0x20) : alphabet[pick(random)];
      }
      const bool expected = folded_equal(a, b);
      equal += expected ? 1 : 0;
      REQUIRE_MESSAGE(mfsim::ascii_iequals(a, b) == expected, "a=" << a << " b=" << b);
    }
    CHECK(equal > 1000);  // both outcomes were tried often
    CHECK(equal < 199000);
  }

  TEST_CASE("letters and digits are those of US-ASCII, in every byte") {
    for (int b = 0; b < 256; ++b) {
      const auto c = static_cast<char>(b);
      CHECK(mfsim::ascii_is_alpha(c) == ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')));
      CHECK(mfsim::ascii_is_digit(c) == (b >= '0' && b <= '9'));
    }
  }

  TEST_CASE("hexadecimal digits have their value in either case, every other byte -1") {
    const std::string_view digits = "0123456789abcdef";
    for (int b = 0; b < 256; ++b) {
      const auto c = static_cast<char>(b);
      const auto lower = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
      const auto at = digits.find(lower);
      CHECK(mfsim::ascii_hex_value(c) ==
            (at == std::string_view::npos ? -1 : static_cast<int>(at)));
    }
  }
}
