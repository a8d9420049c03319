// A pattern that is only text, found without a regular expression.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mfsim::rules::ps {

// The text a pattern matches when the pattern is only ASCII characters that stand for
// themselves, escaped punctuation and groups around them (`,`, `\.`, `(1)(:)`): every match is
// that text, in any direction. nullopt for any other pattern, or an empty one.
[[nodiscard]] std::optional<std::string> literal_text(std::string_view pattern);

}  // namespace mfsim::rules::ps
