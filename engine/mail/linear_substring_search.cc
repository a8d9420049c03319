// substring_finder: Knuth-Morris-Pratt over bytes.
#include "engine/mail/linear_substring_search.h"

namespace mfsim::mail {

substring_finder::substring_finder(std::string_view part) : part_(part), longest_(part.size(), 0) {
  for (std::size_t i = 1, k = 0; i < part.size(); ++i) {
    while (k > 0 && part[i] != part[k]) k = longest_[k - 1];
    if (part[i] == part[k]) ++k;
    longest_[i] = static_cast<std::uint32_t>(k);
  }
}

std::size_t substring_finder::find_in(std::string_view text, std::size_t from) const {
  if (from > text.size() || part_.size() > text.size() - from) return std::string_view::npos;
  if (part_.empty()) return from;
  for (std::size_t i = from, k = 0; i < text.size(); ++i) {
    while (k > 0 && text[i] != part_[k]) k = longest_[k - 1];
    if (text[i] == part_[k]) ++k;
    if (k == part_.size()) return i + 1 - k;
  }
  return std::string_view::npos;
}

bool contains_text(std::string_view text, std::string_view part) {
  return substring_finder(part).find_in(text) != std::string_view::npos;
}

}  // namespace mfsim::mail
