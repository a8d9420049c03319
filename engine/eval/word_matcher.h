// Exchange's "includes any of these words": whole-word, case-insensitive phrase matching.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::eval {

// A word character for boundary checks: ASCII letter, digit, '_', or any byte >= 0x80
// (mailflow-model.md section 5).
[[nodiscard]] constexpr bool is_word_byte(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

struct word_match {
  std::size_t word = 0;    // index of the word that matched
  std::size_t offset = 0;  // where, in the lower-cased text
};

// A compiled list of words or phrases. Immutable after construction; thread-safe to share.
class word_matcher {
 public:
  word_matcher() = default;
  explicit word_matcher(const std::vector<std::string>& words);

  // True when any word occurs in `lowered` (already case-folded) as a whole word.
  [[nodiscard]] bool matches(std::string_view lowered, word_match* where = nullptr) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return words_.size(); }

 private:
  std::vector<std::string> words_;  // lower-cased
};

}  // namespace mfsim::eval
