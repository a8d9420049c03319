// PowerShell's numeric literals (about_Numeric_Literals): `0x10`, `1kb`, `5L`, `2d`, `1.5`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mfsim::rules::ps {

struct numeric_literal {
  std::string value;       // as PowerShell writes the number: decimal digits, or a fraction
  std::string refused;     // why mfsim does not read it; empty when `value` is the number
  bool is_double = false;  // a real literal without the Decimal suffix: a Double
  bool is_int64 = false;   // a whole literal with the suffix l (5L), an Int64 (decision 1115)
};

// .NET's Double.ToString() of the finite `d`: its shortest round-trip digits, fixed-point for a
// decimal exponent from -5 to 14, else E notation (1E-05, 1E+15); nullopt past 15 significant
// digits, where Windows PowerShell 5.1 (15 digits) and PowerShell 7 (the shortest round-trip)
// write it apart, for a subnormal value (decision 801) and for negative zero (decision 921).
[[nodiscard]] std::optional<std::string> double_text(double d);

// The number `word` (a sign aside) writes, when all of it is one numeric literal; nullopt for
// a word that is none, such as `1st`.
[[nodiscard]] std::optional<numeric_literal> numeric_literal_of(std::string_view word);

}  // namespace mfsim::rules::ps
