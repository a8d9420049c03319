// Case-insensitive text as Exchange's word and pattern conditions compare it: ASCII letters
// lower-cased and other letters replaced by their Unicode simple case folding ("É" -> "é",
// "Ж" -> "ж", "Σ" and "ς" -> "σ"), so that a rule word written in one case matches text in
// another, whatever the script (decision 350).
//
// Folding never changes the byte length of the text: the 34 foldings whose UTF-8 form has
// another length (the Kelvin sign, long s, capital sharp s, ...) are not applied, so an offset
// found in folded text is the same offset in the text as sent. Bytes that are not well-formed
// UTF-8 are kept as they are.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim {

// Appends `text` to `out`, folded. Allocates only when `out` must grow.
void append_case_folded(std::string_view text, std::string& out);

// Folds the `size` bytes at `data` where they lie (a fixed buffer).
void fold_case_in_place(char* data, std::size_t size) noexcept;

[[nodiscard]] std::string case_folded_copy(std::string_view text);

// Whether `text` holds one of the two characters whose simple case folding is ASCII but which
// folding here leaves, the byte length changing: the Kelvin sign (k) and long s (s). A regular
// expression, which compares by character, folds them (decision 853).
[[nodiscard]] bool folds_into_ascii(std::string_view text) noexcept;

// Whether any byte is 0x80 or above: text with none folds as ASCII alone.
[[nodiscard]] bool has_non_ascii(std::string_view text) noexcept;

}  // namespace mfsim
