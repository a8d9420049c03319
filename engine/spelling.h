// The name a user probably meant: for every "unknown key", "unknown option" and "not assigned"
// message that can say "did you mean ...?".
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mfsim {

// Levenshtein distance, ASCII letters compared without case.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate the user probably meant: equal but for case, else within two edits (words of
// four characters or more); nullopt when none is close.
[[nodiscard]] std::optional<std::string_view> closest(std::string_view word,
                                                      std::span<const std::string_view> candidates);

// " (did you mean 'PREFIXcandidate'?)" or an empty string.
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       std::span<const std::string_view> candidates,
                                       std::string_view prefix = "");

}  // namespace mfsim
