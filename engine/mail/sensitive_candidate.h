// Where a sensitive information type may start: a word of the text (a letter or digit not
// preceded by one), and, for the number types, the run of digit groups there read once for every
// pattern of the type that looks at it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "engine/ascii.h"

namespace mfsim::mail::sensitive {

// A word starts at `i` when no letter or digit comes before it, and ends at `i` when none is
// there.
[[nodiscard]] inline bool starts_word(std::string_view text, std::size_t i) {
  return i == 0 || !ascii_is_alnum(text[i - 1]);
}
[[nodiscard]] inline bool ends_word(std::string_view text, std::size_t i) {
  return i >= text.size() || !ascii_is_alnum(text[i]);
}

// A run of digit groups joined by single spaces or hyphens, bounded by what is not a letter or
// digit: "4111 1111 1111 1111", "078-05-1120", "021000021".
struct digit_token {
  std::size_t start = 0, end = 0;
  std::array<char, 20> digits{};
  std::size_t count = 0;                 // digits, at most 19 kept
  std::array<std::uint8_t, 8> groups{};  // group lengths, at most 8 kept
  std::size_t group_count = 0;
  bool spaces = false, hyphens = false;
  bool usable = true;  // within the sizes above, and not glued to a letter

  [[nodiscard]] std::string_view number() const { return {digits.data(), count}; }
  [[nodiscard]] bool unformatted() const { return group_count == 1; }
  // Groups of exactly these lengths, one kind of separator throughout.
  [[nodiscard]] bool grouped_as(std::initializer_list<int> lengths, bool allow_space,
                                bool allow_hyphen) const;
};

// Reads the token that starts at `i` (a digit not preceded by a letter or digit).
[[nodiscard]] digit_token read_digit_token(std::string_view text, std::size_t i);

// One place a type may start. The patterns of the type look at it in turn; the scan resumes
// after the furthest any of them read as one number (a number that is not an instance is not
// read again from its middle).
class candidate {
 public:
  candidate(std::string_view text, std::size_t start) : text_(text), start_(start) {}

  [[nodiscard]] std::string_view text() const { return text_; }
  [[nodiscard]] std::size_t start() const { return start_; }
  // The digit groups at the start when usable and of `min_count` to `max_count` digits, or nullptr.
  const digit_token* digits(std::size_t min_count, std::size_t max_count);
  void read_to(std::size_t end) {
    if (end > resume_) resume_ = end;
  }
  [[nodiscard]] std::size_t resume() const { return resume_; }

 private:
  std::string_view text_;
  std::size_t start_;
  // The digit groups at the start (read once), or nullptr when it is not a digit.
  const digit_token* read_digits();

  std::size_t resume_ = 0;
  std::optional<digit_token> digits_;
  bool digits_read_ = false;
};

}  // namespace mfsim::mail::sensitive
