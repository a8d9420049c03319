// Arithmetic as configuration scripts use it on values they know: `$priority - 1`, `$i * 10`,
// `$n / 2`, `$n % 3` on whole numbers, and `'=' * 40` / `@('x') * 3` repetition
// (about_Arithmetic_Operators). What does not fit a 64-bit whole number is an error; a
// repetition is charged in the value budget before it is built.
#include <fmt/format.h>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
namespace {

// A number, or a text that is one (PowerShell converts both operands of -, / and %, and the
// right one of *, to numbers).
std::optional<long long> whole_number(const ps_value& v, bool text_too = true) {
  if (v.kind != ps_kind::plain) return std::nullopt;
  if (v.value.type != value_type::number && !(text_too && v.value.type == value_type::text))
    return std::nullopt;
  return whole_number_in(v.value.text);
}

}  // namespace

bool parser::at_arithmetic_operator(std::string_view operators) const noexcept {
  if (operators.find(peek()) == std::string_view::npos || peek() == '\0') return false;
  const char next = peek(1);
  // `-=`, `*=`, `--`, and `-eq` / `-f` (operators named by letters) are something else.
  return next != '=' && !(peek() == '-' && (next == '-' || is_letter(next)));
}

ps_value parser::multiplicative() {
  ps_value left = format();
  while (true) {
    skip_inline_space();
    if (!at_arithmetic_operator("*/%")) return left;
    const char op = peek();
    const std::size_t at_op = i_++;
    skip_line_breaks();
    left = arithmetic(op, std::move(left), format(), at_op);
  }
}

ps_value parser::arithmetic(char op, ps_value left, ps_value right, std::size_t offset) {
  if (is_unknown(left) || is_unknown(right)) {
    return unknown_value(fmt::format("{} {} {}", to_text_brief(left), op, to_text_brief(right)),
                         at(offset));
  }
  // `'=' * 40` and `'5' * 3` repeat the text: the left operand's type decides.
  const std::optional<long long> x = whole_number(left, op != '*');
  const std::optional<long long> y = whole_number(right);
  // A number on the left is multiplied, never repeated: 1.5 * 2 is 3 (decision 800).
  if (op == '*' && !x && y && left.kind == ps_kind::plain &&
      left.value.type != value_type::number && *y >= 0) {
    // A text or an array repeated (about_Arithmetic_Operators).
    const bool list = left.value.type == value_type::list;
    const std::size_t unit =
        list ? left.value.items.size() * (sizeof(param_value) + 16) : to_text(left).size();
    if (unit != 0 && static_cast<unsigned long long>(*y) > kMaxValueBytes / unit)
      charge_bytes(kMaxValueBytes, offset);  // fails
    charge_bytes(unit * static_cast<std::size_t>(*y), offset);
    if (list) {
      param_value repeated{value_type::list, "", false, {}, at(offset)};
      for (long long k = 0; k < *y; ++k) {
        for (const auto& item : left.value.items) repeated.items.push_back(item);
      }
      return plain(std::move(repeated));
    }
    const std::string text = to_text(left);
    std::string repeated;
    for (long long k = 0; k < *y; ++k) repeated += text;
    return plain({value_type::text, std::move(repeated), false, {}, at(offset)});
  }
  if (!x || !y) {
    fail(offset, fmt::format("{} {} {}: mfsim reads {} on whole numbers{}", to_text_brief(left), op,
                             to_text_brief(right), op, op == '*' ? " and repeats texts" : ""));
  }
  long long result = 0;
  bool fits = true;
  if (op == '-') {
    fits = !__builtin_sub_overflow(*x, *y, &result);
  } else if (op == '*') {
    fits = !__builtin_mul_overflow(*x, *y, &result);
  } else if (*y == 0) {
    fail(offset, fmt::format("{} {} 0: division by zero", *x, op));
  } else if (op == '%') {
    result = *x % *y;
  } else if (*x % *y != 0 || (*x == std::numeric_limits<long long>::min() && *y == -1)) {
    // PowerShell's 7 / 2 is the fraction 3.5, which no Exchange parameter mfsim reads takes.
    fail(offset, fmt::format("{} / {} is not a whole number", *x, *y));
  } else {
    result = *x / *y;
  }
  if (!fits) fail(offset, fmt::format("{} {} {} is out of range", *x, op, *y));
  return plain({value_type::number, std::to_string(result), false, {}, at(offset)});
}

}  // namespace mfsim::rules::ps
