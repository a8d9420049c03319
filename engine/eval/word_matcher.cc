// Whole-word matching over lower-cased header text.
#include "engine/eval/word_matcher.h"

#include "engine/case_fold.h"

namespace mfsim::eval {

word_matcher::word_matcher(const std::vector<std::string>& words) {
  words_.reserve(words.size());
  for (const auto& w : words) {
    words_.push_back(case_folded_copy(w));
  }
}

namespace {

// A match is whole when the bytes just before and after it are the text's edge or not word
// bytes, whatever the word's own first and last characters are (mailflow-model.md section 5).
bool is_whole_word(std::string_view text, std::size_t at, std::size_t length) noexcept {
  if (at > 0 && is_word_byte(static_cast<unsigned char>(text[at - 1]))) return false;
  const std::size_t end = at + length;
  return end >= text.size() || !is_word_byte(static_cast<unsigned char>(text[end]));
}

}  // namespace

bool word_matcher::matches(std::string_view lowered, word_match* where) const noexcept {
  for (std::size_t w = 0; w < words_.size(); ++w) {
    const std::string_view word = words_[w];
    if (word.empty()) continue;
    for (std::size_t at = lowered.find(word); at != std::string_view::npos;
         at = lowered.find(word, at + 1)) {
      if (is_whole_word(lowered, at, word.size())) {
        if (where != nullptr) *where = {w, at};
        return true;
      }
    }
  }
  return false;
}

}  // namespace mfsim::eval
