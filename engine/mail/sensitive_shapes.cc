// The shapes the number patterns share (sensitive_shapes.h).
#include "engine/mail/sensitive_shapes.h"

#include "engine/ascii.h"

namespace mfsim::mail::sensitive {
namespace {

// Whether `c` fills a layout's place `want`.
bool fits_place(char c, char want) {
  switch (want) {
    case 'd': return ascii_is_digit(c);
    case 'a': return ascii_is_alpha(c);
    case 'c': return ascii_is_alnum(c);
    default: return c == want;
  }
}

// Reads `layout` at `i`; it must end a word unless it ends in punctuation.
layout_read read_layout(std::string_view text, std::size_t i, std::string_view layout) {
  layout_read r;
  if (i + layout.size() > text.size()) return r;
  for (const char want : layout) {
    const char c = text[i++];
    if (!fits_place(c, want)) return r;
    if (want == 'd' && r.digit_count < r.digits.size()) r.digits[r.digit_count++] = c;
    if (want == 'a' && r.letter_count < r.letters.size()) r.letters[r.letter_count++] = c;
    if (want == 'c') r.check = c;
  }
  if (ends_word(text, i) || !ascii_is_alnum(layout.back())) r.end = i;
  return r;
}

// Whether the text at `i` fits the layout's first `n` places (a cheap look before reading it).
bool starts_as(std::string_view text, std::size_t i, std::string_view layout, std::size_t n) {
  if (i + layout.size() > text.size()) return false;
  for (std::size_t k = 0; k < n && k < layout.size(); ++k) {
    if (!fits_place(text[i + k], layout[k])) return false;
  }
  return true;
}

}  // namespace

bool two_letters(std::string_view text, std::size_t i, char& a, char& b) {
  if (i + 1 >= text.size() || !ascii_is_alpha(text[i]) || !ascii_is_alpha(text[i + 1])) {
    return false;
  }
  a = ascii_lower(text[i]);
  b = ascii_lower(text[i + 1]);
  return true;
}

std::size_t alnum_end(std::string_view text, std::size_t i) {
  while (i < text.size() && ascii_is_alnum(text[i])) ++i;
  return i;
}

layout_read first_layout(const candidate& c, std::initializer_list<std::string_view> layouts) {
  for (const auto layout : layouts) {
    if (!starts_as(c.text(), c.start(), layout, 4)) continue;
    auto r = read_layout(c.text(), c.start(), layout);
    if (r.end != 0) return r;
  }
  return {};
}

bool two_digits_within(std::string_view d, std::size_t at, int low, int high) {
  const int value = digit(d[at]) * 10 + digit(d[at + 1]);
  return value >= low && value <= high;
}

bool day_month(std::string_view d, std::size_t at, int day_offset) {
  return (two_digits_within(d, at, 1, 31) ||
          (day_offset > 0 && two_digits_within(d, at, 1 + day_offset, 31 + day_offset))) &&
         two_digits_within(d, at + 2, 1, 12);
}

const digit_token* unbroken(candidate& c, std::size_t min, std::size_t max) {
  const digit_token* t = c.digits(min, max);
  return t != nullptr && t->unformatted() ? t : nullptr;
}

std::size_t unbroken_end(candidate& c, std::size_t min, std::size_t max) {
  const digit_token* t = unbroken(c, min, max);
  return t != nullptr ? t->end : 0;
}

bool three_three_rest(const digit_token& t) {
  if (t.hyphens) return false;
  const int rest = static_cast<int>(t.count) - 6;
  return t.unformatted() || t.grouped_as({3, 3, rest}, true, false) ||
         t.grouped_as({3, 3 + rest}, true, false) || t.grouped_as({6, rest}, true, false);
}

}  // namespace mfsim::mail::sensitive
