// PowerShell's numeric literals (about_Numeric_Literals): `0x10`, `1kb`, `5L`, `2d`, `1.5`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mfsim::rules::ps {

struct numeric_literal {
  std::string value;    // as PowerShell writes the number: decimal digits, or a fraction
  std::string refused;  // why mfsim does not read it; empty when `value` is the number
};

// The number `word` (a sign aside) writes, when all of it is one numeric literal; nullopt for
// a word that is none, such as `1st`.
[[nodiscard]] std::optional<numeric_literal> numeric_literal_of(std::string_view word);

}  // namespace mfsim::rules::ps
