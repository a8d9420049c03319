// The shapes the number patterns share (sensitive_patterns.cc and
// sensitive_national_patterns.cc): fixed layouts such as "ddd.ddd.ddd-dd", unbroken runs of
// digits, two-digit date parts.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

#include "engine/mail/sensitive_candidate.h"

namespace mfsim::mail::sensitive {

[[nodiscard]] constexpr int digit(char c) noexcept { return c - '0'; }

// Letters at `i` and `i + 1`, lower-cased; false when either is not an ASCII letter.
bool two_letters(std::string_view text, std::size_t i, char& a, char& b);
// The end of the run of letters and digits at `i`.
[[nodiscard]] std::size_t alnum_end(std::string_view text, std::size_t i);

// What a fixed layout read at a candidate holds. A layout's places: 'd' a digit, 'a' a letter,
// 'c' a letter or digit (a check character), anything else itself.
struct layout_read {
  std::size_t end = 0;  // 0: the layout is not there
  std::array<char, 20> digits{}, letters{};
  std::size_t digit_count = 0, letter_count = 0;
  char check = '\0';

  [[nodiscard]] std::string_view number() const { return {digits.data(), digit_count}; }
  [[nodiscard]] std::string_view alpha() const { return {letters.data(), letter_count}; }
};
// The first of the layouts found at the candidate, ending a word (or ending in punctuation).
[[nodiscard]] layout_read first_layout(const candidate& c,
                                       std::initializer_list<std::string_view> layouts);

// Whether two digits at `at` read as a number within [low, high].
[[nodiscard]] bool two_digits_within(std::string_view d, std::size_t at, int low, int high);
// DDMMYY at `at`: a day of 1-31 (or, with `day_offset`, that much more) and a month of 1-12.
[[nodiscard]] bool day_month(std::string_view d, std::size_t at, int day_offset = 0);

// A number of `min` to `max` digits written unbroken, or nullptr; and where it ends, or 0.
[[nodiscard]] const digit_token* unbroken(candidate& c, std::size_t min, std::size_t max);
[[nodiscard]] std::size_t unbroken_end(candidate& c, std::size_t min, std::size_t max);

// Three digits, an optional space, three digits, an optional space, and the rest (Australia's
// Tax File Number and the Dutch BSN: 8 or 9 digits in all).
[[nodiscard]] bool three_three_rest(const digit_token& t);

}  // namespace mfsim::mail::sensitive
