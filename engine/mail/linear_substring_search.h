// Where a text holds another, in time linear in both (Knuth-Morris-Pratt): what the body walk
// compares a TNEF stream's words with the body text by (decision 1008), and what the PowerShell
// importer's .Replace(), .Contains() and .IndexOf() search a script's texts with (decision 1214).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace mfsim::mail {

// Finds one part in texts. std::string::find compares the part again at every place the text
// holds its first byte, which two runs of one letter a few megabytes long make minutes; this
// reads each byte of the text once, after a table the size of the part.
class substring_finder {
 public:
  explicit substring_finder(std::string_view part);

  // The first place at or after `from` where `text` holds the part (`from` itself for an empty
  // part), or npos. Successive calls each from the end of the last occurrence found read each
  // byte once in all.
  [[nodiscard]] std::size_t find_in(std::string_view text, std::size_t from = 0) const;

 private:
  std::string_view part_;
  // longest_[i]: the longest proper prefix of part[0..i] that is also its suffix.
  std::vector<std::uint32_t> longest_;
};

// Whether `text` holds `part` (an empty `part` is in every text).
[[nodiscard]] bool contains_text(std::string_view text, std::string_view part);

}  // namespace mfsim::mail
