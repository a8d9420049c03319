// A UTF-8 text read one character at a time, as Boost.Regex's ICU searches (boost::u32regex)
// read it: the regular expressions of PowerShell's operators and of the transport rules match
// characters, as .NET's do, not the bytes of their UTF-8 form (decision 851).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "engine/rules/powershell_regex_budget.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {

// Mail is adversarial: a byte that starts no well-formed UTF-8 sequence is one character,
// U+FFFD, as .NET's UTF-8 decoder reads it, never an error; the text keeps the byte (decision
// 852). Forward and backward steps agree: a well-formed sequence holds no lead byte after its
// first, so stepping back to the nearest lead byte finds the sequence stepping forward found.
class code_point_iterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = std::int32_t;  // ICU's UChar32, Boost's u32regex character
  using difference_type = std::ptrdiff_t;
  using pointer = const value_type*;
  using reference = value_type;

  static constexpr value_type kReplacement = 0xFFFD;

  code_point_iterator() = default;
  // At byte `at` of `text` (a character's start); each character read counts against `budget`
  // when one is given (decision 608).
  code_point_iterator(std::string_view text, std::size_t at, regex_budget* budget = nullptr)
      : text_(text), at_(at), budget_(budget) {}

  // The byte offset in the text.
  [[nodiscard]] std::size_t offset() const noexcept { return at_; }

  value_type operator*() const {
    if (budget_ != nullptr && ++budget_->used > budget_->limit) throw regex_budget_exhausted{};
    const auto b = static_cast<unsigned char>(text_[at_]);
    if (b < 0x80) return b;
    std::uint32_t code = 0;
    return utf8_sequence_length(text_, at_, &code) != 0 ? static_cast<value_type>(code)
                                                        : kReplacement;
  }
  code_point_iterator& operator++() {
    const std::size_t length =
        static_cast<unsigned char>(text_[at_]) < 0x80 ? 1 : utf8_sequence_length(text_, at_);
    at_ += length == 0 ? 1 : length;
    return *this;
  }
  code_point_iterator operator++(int) {
    code_point_iterator was = *this;
    ++*this;
    return was;
  }
  code_point_iterator& operator--() {
    std::size_t start = at_ - 1;
    while (start > 0 && at_ - start < 4 &&
           (static_cast<unsigned char>(text_[start]) & 0xC0) == 0x80)
      --start;
    at_ = utf8_sequence_length(text_, start) == at_ - start ? start : at_ - 1;
    return *this;
  }
  code_point_iterator operator--(int) {
    code_point_iterator was = *this;
    --*this;
    return was;
  }
  friend bool operator==(const code_point_iterator& a, const code_point_iterator& b) noexcept {
    return a.at_ == b.at_;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  regex_budget* budget_ = nullptr;
};

}  // namespace mfsim::rules::ps
