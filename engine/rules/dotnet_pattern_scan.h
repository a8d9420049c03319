// Where a .NET pattern's constructs end and which groups it declares, as the rewrites for Boost
// (engine/rules/powershell_regex.h) read it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ascii.h"

namespace mfsim::rules::ps {

// A group name's first character, and each of its others.
[[nodiscard]] inline bool is_name_start(char c) { return ascii_is_alpha(c) || c == '_'; }
[[nodiscard]] inline bool is_name_char(char c) { return is_name_start(c) || ascii_is_digit(c); }

// Where the character class opened at `open` ends (its `]`): a `]` first in it, what a
// backslash escapes and a `[:name:]` inside are its own.
[[nodiscard]] std::size_t class_end(std::string_view pattern, std::size_t open);

// Where the group number or name that a condition `(?(` at `open` may test ends (its `)`), as
// .NET's RegexParser reads one: digits, or a name, then `)`; for digits not closed by `)`,
// which .NET and Boost refuse alike, their last digit. npos where the condition is an
// expression, which .NET tests as a look-ahead ("Alternation constructs", (?(expression)yes|no)),
// as it does a name no group has.
[[nodiscard]] std::size_t condition_reference_end(std::string_view pattern, std::size_t open);

// The capturing groups in the order their `(` is written, each with its name (empty when it
// has none). Escapes, classes, comments, what x ignores and verbs hold none.
[[nodiscard]] std::vector<std::string> capturing_groups(std::string_view pattern,
                                                        const std::vector<bool>& ignored);

}  // namespace mfsim::rules::ps
