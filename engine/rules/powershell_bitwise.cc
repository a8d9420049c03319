// PowerShell's bitwise operators (about_Arithmetic_Operators, "Bitwise operators"): -band, -bor
// and -bxor, evaluated after the comparisons and before -and / -or (about_Operator_Precedence);
// -shl and -shr, which the language groups with the comparisons; -bnot, a unary operator beside
// -not. They work on integers only. A value only the running script knows (an enum member such
// as [X509KeyStorageFlags]::Exportable, decision 790) makes the result one too (decision 860).
#include <fmt/format.h>

#include <cstdint>
#include <limits>

#include "engine/ascii.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

// The integer a bitwise operator reads from `v`: a whole number, a text writing one (PowerShell
// converts it), $null as 0, $true as 1 and $false as 0; nullopt for anything else (a real
// number, a list, a hash table).
std::optional<long long> bitwise_operand(const ps_value& v) {
  if (v.kind != ps_kind::plain) return std::nullopt;
  if (v.value.type == value_type::null) return 0;
  if (v.value.type == value_type::boolean) return v.value.flag ? 1 : 0;
  if (v.value.type != value_type::number && v.value.type != value_type::text) return std::nullopt;
  return whole_number_in(v.value.text);
}

bool fits_int32(long long n) {
  return n >= std::numeric_limits<std::int32_t>::min() &&
         n <= std::numeric_limits<std::int32_t>::max();
}

// x -shl n / x -shr n as .NET shifts a `bits`-bit integer: the count's low 5 or 6 bits, a left
// shift dropping what passes the top, a right shift copying the sign bit.
long long shifted(long long x, long long n, bool left, int bits) {
  if (bits == 32) {
    const auto count = static_cast<unsigned>(n & 31);
    const auto narrow = static_cast<std::int32_t>(x);
    return left ? static_cast<std::int32_t>(static_cast<std::uint32_t>(narrow) << count)
                : narrow >> count;
  }
  const auto count = static_cast<unsigned>(n & 63);
  return left ? static_cast<long long>(static_cast<unsigned long long>(x) << count) : x >> count;
}

}  // namespace

bool is_bitwise_operator(std::string_view word) noexcept {
  return ascii_iequals(word, "band") || ascii_iequals(word, "bor") || ascii_iequals(word, "bxor");
}

ps_value parser::bitwise() {
  ps_value left = comparison();
  while (true) {
    skip_inline_space();
    const std::size_t op = i_;
    const std::string_view name = at_operator("band")   ? "band"
                                  : at_operator("bor")  ? "bor"
                                  : at_operator("bxor") ? "bxor"
                                                        : "";
    if (name.empty()) return left;
    i_ += 1 + name.size();
    skip_line_breaks();
    left = bitwise_operation(name, std::move(left), comparison(), op);
  }
}

ps_value parser::bitwise_operation(std::string_view name, ps_value left, ps_value right,
                                   std::size_t op) {
  if (unknown_or_query(left) || unknown_or_query(right)) {
    return unknown_value(fmt::format("{} -{} {}", to_text_brief(left), name, to_text_brief(right)),
                         at(op));
  }
  const std::optional<long long> x = bitwise_operand(left);
  const std::optional<long long> y = bitwise_operand(right);
  if (!x || !y) {
    fail(op, fmt::format("{} -{} {}: the bitwise operators work on integers only "
                         "(about_Arithmetic_Operators)",
                         to_text_brief(left), name, to_text_brief(right)));
  }
  long long result = 0;
  if (name == "band") {
    result = *x & *y;
  } else if (name == "bor") {
    result = *x | *y;
  } else if (name == "bxor") {
    result = *x ^ *y;
  } else {
    // -shl / -shr: an Int32 shifts by the count's low 5 bits and wraps at 32 bits, an Int64 by
    // its low 6 bits. mfsim keeps no such type, so a number an Int32 holds is shifted both ways
    // and the result refused where the two differ (1 -shl 40, 1 -shl 31).
    const bool to_left = name == "shl";
    result = shifted(*x, *y, to_left, 64);
    if (fits_int32(*x) && shifted(*x, *y, to_left, 32) != result) {
      fail(op, fmt::format("{} -{} {} is {} when {} is an Int32 (a literal such as {}) and {} when "
                           "it is an Int64 ({}L); mfsim does not keep which, so write the shift "
                           "whose result both share",
                           *x, name, *y, shifted(*x, *y, to_left, 32), *x, *x, result, *x));
    }
  }
  return plain({value_type::number, std::to_string(result), false, {}, at(op)});
}

ps_value parser::bitwise_not(std::size_t start) {
  const nesting_guard guard(*this, start, "-bnot");
  i_ += 5;  // -bnot
  skip_inline_space();
  ps_value operand = unary();  // right to left: -bnot -bnot 5 is 5
  if (unknown_or_query(operand)) {
    return unknown_value(fmt::format("-bnot {}", to_text_brief(operand)), at(start));
  }
  const std::optional<long long> x = bitwise_operand(operand);
  if (!x) {
    fail(start, fmt::format("-bnot {}: the bitwise operators work on integers only "
                            "(about_Arithmetic_Operators)",
                            to_text_brief(operand)));
  }
  // The complement of an Int32 and of an Int64 holding the same value are the same number.
  return plain({value_type::number, std::to_string(~*x), false, {}, at(start)});
}

}  // namespace mfsim::rules::ps
