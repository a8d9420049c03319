// Spotting patterns that can backtrack catastrophically: a repeated group that itself holds an
// unbounded repetition, as in `(\w+\s?)*` or `(.*)*` (lint finding MF013).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace mfsim::lint {

// The offset of the first group in `pattern` (Perl syntax, as Boost.Regex reads it) that is
// repeated without bound (`*`, `+`, `{n,}`) and holds an unbounded repetition itself; nullopt
// when there is none. Atomic groups `(?>...)` and possessive quantifiers (`*+`) do not
// backtrack and are not reported. A heuristic: overlapping alternatives (`(a|a)*`) are missed.
[[nodiscard]] std::optional<std::size_t> nested_quantifier(std::string_view pattern) noexcept;

}  // namespace mfsim::lint
