// contains_text(): Knuth-Morris-Pratt over bytes.
#include "engine/mail/linear_substring_search.h"

#include <cstdint>
#include <vector>

namespace mfsim::mail {

bool contains_text(std::string_view text, std::string_view part) {
  if (part.empty()) return true;
  if (part.size() > text.size()) return false;
  // longest[i]: the longest proper prefix of part[0..i] that is also its suffix.
  std::vector<std::uint32_t> longest(part.size(), 0);
  for (std::size_t i = 1, k = 0; i < part.size(); ++i) {
    while (k > 0 && part[i] != part[k]) k = longest[k - 1];
    if (part[i] == part[k]) ++k;
    longest[i] = static_cast<std::uint32_t>(k);
  }
  for (std::size_t i = 0, k = 0; i < text.size(); ++i) {
    while (k > 0 && text[i] != part[k]) k = longest[k - 1];
    if (text[i] == part[k]) ++k;
    if (k == part.size()) return true;
  }
  return false;
}

}  // namespace mfsim::mail
