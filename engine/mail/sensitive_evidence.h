// The evidence one text holds for one type's patterns: where each keyword list and date
// function finds something, found on first need and kept for the rest of the scan.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "engine/mail/sensitive_entities.h"

namespace mfsim::mail::sensitive {

// Where each keyword of a list starts in `text`, in order: a keyword starts where no letter or
// digit precedes it and, when it ends in a letter or digit, ends a word.
[[nodiscard]] std::vector<std::size_t> keyword_positions(
    std::string_view text, std::span<const std::string_view> keywords);
// Where the numeric dates of one kind start (not for `keywords`).
[[nodiscard]] std::vector<std::size_t> date_positions(std::string_view text, evidence_kind kind);
// Where a number's pattern finds an instance, at the words of `text`.
[[nodiscard]] std::vector<std::size_t> pattern_positions(std::string_view text, id_function id);

class evidence {
 public:
  explicit evidence(std::string_view text) : text_(text) {}

  // Whether `what` is found within 300 characters (every entity's patternsProximity) of the
  // instance [start, end).
  bool near(const evidence_ref& what, std::size_t start, std::size_t end);
  // Whether the pattern's evidence holds around [start, end).
  bool holds(const pattern& p, std::size_t start, std::size_t end);

 private:
  const std::vector<std::size_t>& positions(const evidence_ref& what);

  std::string_view text_;
  struct found {
    evidence_kind kind;
    const std::string_view* keywords;  // the list's address, for `keywords`
    id_function pattern;               // for `pattern`
    std::vector<std::size_t> at;
  };
  std::vector<found> found_;
};

}  // namespace mfsim::mail::sensitive
