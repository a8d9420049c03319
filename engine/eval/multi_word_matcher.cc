// Aho-Corasick construction (breadth-first failure links) and whole-word scanning.
#include "engine/eval/multi_word_matcher.h"

#include <algorithm>
#include <deque>

#include "engine/case_fold.h"
#include "engine/eval/word_matcher.h"

namespace mfsim::eval {

std::uint32_t multi_word_matcher::add(std::string_view word, match_kind kind) {
  std::string lowered = case_folded_copy(word);
  const auto id = static_cast<std::uint32_t>(words_.size());
  std::string key = (kind == match_kind::whole_word ? "w" : "s") + lowered;
  const auto [existing, added] = ids_.try_emplace(std::move(key), id);
  if (!added) return existing->second;
  words_.push_back(std::move(lowered));
  kinds_.push_back(kind);
  return id;
}

void multi_word_matcher::finish() {
  ids_ = {};
  // Byte classes: one per byte that occurs in some word, one shared by all others.
  byte_class_.fill(0);
  class_count_ = 1;
  for (const auto& w : words_) {
    for (const char c : w) {
      auto& cls = byte_class_[static_cast<unsigned char>(c)];
      if (cls == 0) cls = static_cast<std::uint8_t>(class_count_++);
    }
  }
  // The trie.
  children_.assign(1, {});
  terminal_words_.assign(1, {});
  for (std::uint32_t id = 0; id < words_.size(); ++id) {
    std::uint32_t state = 0;
    for (const char ch : words_[id]) {
      const auto c = static_cast<unsigned char>(ch);
      auto& kids = children_[state];
      const auto it =
          std::find_if(kids.begin(), kids.end(), [&](const auto& k) { return k.first == c; });
      if (it != kids.end()) {
        state = it->second;
        continue;
      }
      const auto child = static_cast<std::uint32_t>(children_.size());
      children_[state].emplace_back(c, child);
      children_.emplace_back();
      terminal_words_.emplace_back();
      state = child;
    }
    if (!words_[id].empty()) terminal_words_[state].push_back(id);
  }
  // Breadth-first: failure links become full transitions, outputs chain along suffix links.
  const std::size_t states = children_.size();
  next_.assign(states * class_count_, 0);
  first_output_.assign(states, kNone);
  outputs_.clear();
  std::vector<std::uint32_t> fail(states, 0);
  std::deque<std::uint32_t> queue;
  for (const auto& [c, child] : children_[0]) {
    next_[byte_class_[c]] = child;
    queue.push_back(child);
  }
  const auto add_outputs = [&](std::uint32_t state) {
    first_output_[state] = first_output_[fail[state]];
    for (const std::uint32_t word : terminal_words_[state]) {
      outputs_.push_back({word, first_output_[state]});
      first_output_[state] = static_cast<std::uint32_t>(outputs_.size() - 1);
    }
  };
  for (const auto s : queue) add_outputs(s);
  while (!queue.empty()) {
    const std::uint32_t state = queue.front();
    queue.pop_front();
    // Missing transitions follow the failure link's.
    for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
      next_[state * class_count_ + cls] = next_[fail[state] * class_count_ + cls];
    }
    for (const auto& [c, child] : children_[state]) {
      fail[child] = next_[fail[state] * class_count_ + byte_class_[c]];
      next_[state * class_count_ + byte_class_[c]] = child;
      add_outputs(child);
      queue.push_back(child);
    }
  }
  children_.clear();
  children_.shrink_to_fit();
  terminal_words_ = {};
}

void multi_word_matcher::scan(std::string_view lowered, std::uint64_t* found) const noexcept {
  std::uint32_t state = 0;
  const std::size_t n = lowered.size();
  for (std::size_t i = 0; i < n; ++i) {
    state = next_[state * class_count_ + byte_class_[static_cast<unsigned char>(lowered[i])]];
    for (std::uint32_t o = first_output_[state]; o != kNone; o = outputs_[o].next) {
      const std::uint32_t word = outputs_[o].word;
      if (kinds_[word] == match_kind::substring) {
        found[word / 64] |= std::uint64_t{1} << (word % 64);
        continue;
      }
      const std::size_t start = i + 1 - words_[word].size();
      const bool starts_clean =
          start == 0 || !is_word_byte(static_cast<unsigned char>(lowered[start - 1]));
      const bool ends_clean =
          i + 1 == n || !is_word_byte(static_cast<unsigned char>(lowered[i + 1]));
      if (starts_clean && ends_clean) found[word / 64] |= std::uint64_t{1} << (word % 64);
    }
  }
}

}  // namespace mfsim::eval
