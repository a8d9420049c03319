// The name a user probably meant (engine/spelling.h).
#include "engine/spelling.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "engine/ascii.h"

namespace mfsim {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string_view> closest(std::string_view word,
                                        std::span<const std::string_view> candidates) {
  for (const auto candidate : candidates) {
    if (ascii_iequals(word, candidate)) return candidate;
  }
  if (word.size() < 4) return std::nullopt;  // two edits turn any short word into another
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (const auto candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates,
                         std::string_view prefix) {
  const auto guess = closest(word, candidates);
  return guess ? fmt::format(" (did you mean '{}{}'?)", prefix, *guess) : std::string();
}

}  // namespace mfsim
