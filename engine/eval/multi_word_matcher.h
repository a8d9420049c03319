// Many words over one header in one pass: an Aho-Corasick automaton with whole-word checks.
//
// Every *ContainsWords condition on the same header shares one automaton, so scanning a value
// costs one pass whatever the number of rules and words; each condition then tests its words'
// bits. The literals that *MatchesPatterns rules need (the rule index's prefilter) ride in the
// same automaton as substrings. Built once at compile time; immutable and thread-safe afterwards.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mfsim::eval {

// How an entry matches: as a whole word (Exchange's *ContainsWords), or anywhere (a literal a
// pattern needs).
enum class match_kind : std::uint8_t { whole_word, substring };

class multi_word_matcher {
 public:
  // Adds a word (matched ASCII-case-insensitively) and returns its id; the same word and kind
  // twice gets the same id. Call before finish().
  std::uint32_t add(std::string_view word, match_kind kind = match_kind::whole_word);
  // Builds the automaton; no add() afterwards.
  void finish();

  [[nodiscard]] std::size_t word_count() const noexcept { return words_.size(); }
  // 64-bit blocks needed for a bit per word.
  [[nodiscard]] std::size_t block_count() const noexcept { return (words_.size() + 63) / 64; }

  // Sets bit `id` in `found` (block_count() blocks) for every word that occurs in `lowered`
  // (already case-folded) as a whole word (mailflow-model.md section 5), and for every
  // substring entry that occurs anywhere. Never allocates.
  void scan(std::string_view lowered, std::uint64_t* found) const noexcept;

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct output {
    std::uint32_t word;
    std::uint32_t next;  // the next word ending here (via suffix links), or kNone
  };

  std::vector<std::string> words_;  // lower-cased
  std::vector<match_kind> kinds_;   // per word
  // While adding: the id of each (kind, word), so that 30,000 words add in linear time.
  std::unordered_map<std::string, std::uint32_t> ids_;
  // Trie under construction: per state, its children as (byte, state) pairs.
  std::vector<std::vector<std::pair<unsigned char, std::uint32_t>>> children_;
  // Per state: the words ending exactly here (a word and a literal may share their text).
  std::vector<std::vector<std::uint32_t>> terminal_words_;
  // The automaton: bytes map to classes (bytes no word uses share one), then a dense table.
  std::array<std::uint8_t, 256> byte_class_{};
  std::uint32_t class_count_ = 1;
  std::vector<std::uint32_t> next_;          // state * class_count_ + class -> state
  std::vector<std::uint32_t> first_output_;  // per state, index into outputs_, or kNone
  std::vector<output> outputs_;
};

}  // namespace mfsim::eval
