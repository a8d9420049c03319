// Reading the digit groups a number type looks at (sensitive_candidate.h).
#include "engine/mail/sensitive_candidate.h"

#include "engine/ascii.h"

namespace mfsim::mail::sensitive {
namespace {

constexpr bool is_separator(char c) noexcept { return c == ' ' || c == '-'; }

}  // namespace

bool digit_token::grouped_as(std::initializer_list<int> lengths, bool allow_space,
                             bool allow_hyphen) const {
  if (group_count != lengths.size() || (spaces && hyphens)) return false;
  if ((spaces && !allow_space) || (hyphens && !allow_hyphen)) return false;
  std::size_t k = 0;
  for (const int n : lengths) {
    if (groups[k++] != n) return false;
  }
  return true;
}

digit_token read_digit_token(std::string_view text, std::size_t i) {
  digit_token t;
  t.start = i;
  std::size_t group = 0;
  while (i < text.size()) {
    if (ascii_is_digit(text[i])) {
      if (t.count < 19) t.digits[t.count] = text[i];
      ++t.count;
      ++group;
      ++i;
      continue;
    }
    if (is_separator(text[i]) && i + 1 < text.size() && ascii_is_digit(text[i + 1])) {
      (text[i] == ' ' ? t.spaces : t.hyphens) = true;
      if (t.group_count < t.groups.size())
        t.groups[t.group_count] = static_cast<std::uint8_t>(group);
      ++t.group_count;
      group = 0;
      ++i;
      continue;
    }
    break;
  }
  if (t.group_count < t.groups.size()) t.groups[t.group_count] = static_cast<std::uint8_t>(group);
  ++t.group_count;
  t.end = i;
  t.usable = t.count <= 19 && t.group_count <= t.groups.size() &&
             (i >= text.size() || !ascii_is_alpha(text[i]));
  if (t.count > 19) t.count = 19;
  return t;
}

const digit_token* candidate::read_digits() {
  if (!digits_read_) {
    digits_read_ = true;
    if (ascii_is_digit(text_[start_])) {
      digits_ = read_digit_token(text_, start_);
      read_to(digits_->end);
    }
  }
  return digits_ ? &*digits_ : nullptr;
}

const digit_token* candidate::digits(std::size_t min_count, std::size_t max_count) {
  const digit_token* t = read_digits();
  if (t == nullptr || !t->usable || t->count < min_count || t->count > max_count) return nullptr;
  return t;
}

}  // namespace mfsim::mail::sensitive
