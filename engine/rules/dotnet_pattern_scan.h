// Where a .NET pattern's constructs end and which groups it declares, as the rewrites for Boost
// (engine/rules/powershell_regex.h) read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ascii.h"

namespace mfsim::rules::ps {

// Whether .NET reads `code` as a word character where a name or a boundary is read
// (RegexCharClass.IsBoundaryWordChar): one of \w's categories (L, Mn, Nd, Pc), or the
// zero-width non-joiner or joiner (decisions 951, 1057).
[[nodiscard]] bool is_boundary_word_character(std::uint32_t code);

// Where the group name written from `from` ends: a run of word characters, as .NET reads a
// name in `(?<name>`, `\k<name>` and `(?(name)` (RegexParser.ScanCapname), any script's
// (decision 1174). `from` where none starts there, and where an ASCII digit does (a number).
[[nodiscard]] std::size_t name_end(std::string_view pattern, std::size_t from);

// Where the character class opened at `open` ends (its `]`): a `]` first in it, what a
// backslash escapes and a `[:name:]` inside are its own.
[[nodiscard]] std::size_t class_end(std::string_view pattern, std::size_t open);

// Where the group number or name that a condition `(?(` at `open` may test ends (its `)`), as
// .NET's RegexParser reads one: digits, or a name, then `)`; for digits not closed by `)`,
// which .NET and Boost refuse alike, their last digit. npos where the condition is an
// expression, which .NET tests as a look-ahead ("Alternation constructs", (?(expression)yes|no)),
// as it does a name no group has.
[[nodiscard]] std::size_t condition_reference_end(std::string_view pattern, std::size_t open);

// Where the construct at `at` that holds no group ends (its last character): what x ignores
// (`ignored`, by position), an escape, a class or a `(?#...)` comment; npos where none starts
// at `at`.
[[nodiscard]] std::size_t groupless_construct_end(std::string_view pattern, std::size_t at,
                                                  const std::vector<bool>& ignored);

// What a quantifier allows: at least `least` repeats and at most `most` (kManyRepeats for no
// bound).
inline constexpr std::size_t kManyRepeats = static_cast<std::size_t>(-1);
struct quantifier_repeats {
  std::size_t least;
  std::size_t most;
};

// The quantifier that follows at `from` (`*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}`), past what x
// ignores (`ignored`, by position) and `(?#...)` comments, as .NET's RegexParser reads one after
// any unit (ScanBlank, then IsTrueQuantifier); nullopt where none follows.
[[nodiscard]] std::optional<quantifier_repeats> quantifier_after(std::string_view pattern,
                                                                 std::size_t from,
                                                                 const std::vector<bool>& ignored);

// A capturing group as written: where its `(` is, and its name: empty when it has none, the
// digits of `(?<2>` for a group named by a number, which .NET numbers so (decision 1225).
struct written_group {
  std::size_t at;
  std::string name;
};

// The capturing groups in the order their `(` is written. Escapes, classes, comments, what x
// ignores and verbs hold none.
[[nodiscard]] std::vector<written_group> capturing_groups(std::string_view pattern,
                                                          const std::vector<bool>& ignored);

}  // namespace mfsim::rules::ps
