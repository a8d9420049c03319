// Arithmetic as configuration scripts use it on values they know: `$priority - 1`, `$i * 10`,
// `$n / 2`, `$n % 3` on whole numbers (64-bit; what does not fit is an error), the same with a
// Double (`1.5 * 2`, `7 / 2`, `1e8 * 1e8`: the result a Double, written as .NET writes it;
// decision 864), and `'=' * 40` / `@('x') * 3` repetition (about_Arithmetic_Operators). A
// repetition is charged in the value budget before it is built.
#include <fmt/format.h>

#include <charconv>
#include <climits>
#include <cmath>
#include <limits>

#include "engine/rules/dotnet_string_methods.h"
#include "engine/rules/powershell_numeric_literals.h"
#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
namespace {

// The Double `text` writes in decimal, with a point or an exponent ('1.5', '2e3'); nullopt for
// anything else ('Infinity', 'NaN' and hexadecimal included, which mfsim does not convert).
std::optional<double> real_in(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string_view::npos)
    return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double d = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return d;
}

// The smallest whole number that .NET writes in E notation as a Double (1E+15) but in full as
// an Int64.
constexpr long long kWrittenApart = 1'000'000'000'000'000;

}  // namespace

std::string negative_zero_refused(std::string_view what) {
  return fmt::format(
      "{} is the Double negative zero, written -0 in PowerShell 7 and 0 in "
      "Windows PowerShell 5.1 (decision 921)",
      what);
}

std::optional<param_value> number_operand(const param_value& v, const param_value* other) {
  if (v.type == value_type::number) return v;
  // $null is 0 to arithmetic: 5 - $null is 5, $null - 1 is -1 (decision 978).
  if (v.type == value_type::null) return param_value{value_type::number, "0", false, {}, v.where};
  // A boolean is the Int32 1 or 0: $true + 1 and 1 + $true are 2 (decision 1169).
  if (v.type == value_type::boolean)
    return param_value{value_type::number, v.flag ? "1" : "0", false, {}, v.where};
  if (v.type != value_type::text) return std::nullopt;
  // Parser.ScanNumber, which PowerShell's binder converts a text operand with: white space
  // around dropped, nothing 0, and a numeric literal the number of its own type ('1.5' a Double,
  // '0x10' 16, '1kb' 1024, '5L' an Int64).
  const std::string trimmed_text = trimmed(v.text, {}, trim_end::both);  // String.Trim()
  std::string_view text = trimmed_text;
  if (text.empty()) return param_value{value_type::number, "0", false, {}, v.where};
  if (const std::optional<long long> n = whole_number_in(text))
    return param_value{value_type::number, std::to_string(*n), false, {}, v.where};
  if (const std::optional<double> d = real_in(text)) {
    const std::optional<std::string> written = double_text(*d);
    if (!written) return std::nullopt;
    param_value real{value_type::number, *written, false, {}, v.where};
    real.is_double = true;
    return real;
  }
  const bool negative = text.front() == '-';
  const std::string_view unsigned_text = text.substr(negative || text.front() == '+' ? 1 : 0);
  if (const std::optional<numeric_literal> literal = numeric_literal_of(unsigned_text);
      literal && literal->refused.empty() && !(negative && literal->is_double)) {
    param_value number{value_type::number,
                       (negative && literal->value != "0" ? "-" : "") + literal->value,
                       false,
                       {},
                       v.where};
    number.is_double = literal->is_double;
    mark_int64(number, literal->is_int64);
    return number;
  }
  // The scan refused it ('1,000', '#10'): LanguagePrimitives converts it to the other
  // operand's number type, an Int32 where that is no number (Binders.cs, ConvertStringToNumber;
  // decision 1116), as the casts [double], [int] and [long] do.
  if (other != nullptr && other->type == value_type::number && other->is_double)
    return double_cast_of(v);
  const bool wide = other != nullptr && is_int64_number(*other);
  const std::optional<long long> whole = int_cast_of(v, wide ? 64 : 32);
  if (!whole || (!wide && (*whole < INT32_MIN || *whole > INT32_MAX))) return std::nullopt;
  param_value converted{value_type::number, std::to_string(*whole), false, {}, v.where};
  mark_int64(converted, wide);
  return converted;
}

std::optional<param_value> double_cast_of(const param_value& v) {
  std::optional<double> d;
  if (v.type == value_type::boolean) {
    d = v.flag ? 1 : 0;
  } else if (v.type == value_type::null) {
    d = 0;
  } else if (v.type == value_type::number || v.type == value_type::text) {
    std::string_view text = v.text;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    // [double]'' is 0, white space alone Double.Parse's error (decision 1118).
    d = v.text.empty() ? std::optional<double>(0) : real_in(text);
    if (!d) d = invariant_number_in(text);  // [double]'1,000' (decision 1066)
  }
  const std::optional<std::string> text = d ? double_text(*d) : std::nullopt;
  if (!text) return std::nullopt;
  param_value out{value_type::number, *text, false, {}, v.where};
  out.is_double = true;
  return out;
}

param_value parser::compute(char op, const param_value& x, const param_value& y,
                            std::size_t offset) {
  const auto written = [&] { return fmt::format("{} {} {}", x.text, op, y.text); };
  const std::optional<long long> a = x.is_double ? std::nullopt : whole_number_in(x.text);
  const std::optional<long long> b = y.is_double ? std::nullopt : whole_number_in(y.text);
  long long whole = 0;
  if (a && b && (op != '/' || (*b != 0 && *a % *b == 0))) {
    bool fits = true;
    if (op == '+') {
      fits = !__builtin_add_overflow(*a, *b, &whole);
    } else if (op == '-') {
      fits = !__builtin_sub_overflow(*a, *b, &whole);
    } else if (op == '*') {
      fits = !__builtin_mul_overflow(*a, *b, &whole);
    } else if (*b == 0) {
      fail(offset, fmt::format("{}: division by zero", written()));
    } else if (*a == std::numeric_limits<long long>::min() && *b == -1) {
      fits = false;
    } else {
      whole = op == '%' ? *a % *b : *a / *b;
    }
    if (!fits) fail(offset, fmt::format("{} is out of range", written()));
    // PowerShell widens Int32 arithmetic past an Int32 to a Double (512MB * 512MB), Int64
    // arithmetic stays an Int64; mfsim keeps no such type, and from 1E+15 on the two write
    // the number apart (1E+15 or 1000000000000000), so such a result is refused (decision 920).
    if (whole <= -kWrittenApart || whole >= kWrittenApart) {
      fail(offset, fmt::format("{} is {}, a number an Int64 and a Double write apart (PowerShell "
                               "makes a Double of Int32 arithmetic past an Int32, and keeps an "
                               "Int64); mfsim does not keep which",
                               written(), whole));
    }
    param_value out{value_type::number, std::to_string(whole), false, {}, at(offset)};
    const bool int64 = is_int64_number(x) || is_int64_number(y);
    // Int64 arithmetic stays one; Int32 arithmetic past an Int32 is a Double, which writes a
    // whole number below kWrittenApart alike but is another hash table key (decision 1151).
    if (!int64 && (whole < INT32_MIN || whole > INT32_MAX)) out.is_double = true;
    mark_int64(out, int64);
    return out;
  }
  // A Double on either side, or a quotient that is not whole (7 / 2 is 3.5): the result is a
  // Double (about_Arithmetic_Operators, "Type conversion to accommodate result"). A Decimal
  // (1.50d) is neither, and stays refused (decision 800).
  const auto real = [](const param_value& v, const std::optional<long long>& n) {
    return n             ? std::optional<double>(static_cast<double>(*n))
           : v.is_double ? real_in(v.text)
                         : std::nullopt;
  };
  const std::optional<double> c = real(x, a);
  const std::optional<double> d = real(y, b);
  if (!c || !d) {
    fail(offset, fmt::format("{}: mfsim computes with whole numbers and Doubles, not with a "
                             "Decimal (a number written with the suffix d)",
                             written()));
  }
  if ((op == '/' || op == '%') && *d == 0) {
    fail(offset, fmt::format("{}: division by zero", written()));
  }
  const double result = op == '+'   ? *c + *d
                        : op == '-' ? *c - *d
                        : op == '*' ? *c * *d
                        : op == '/' ? *c / *d
                                    : std::fmod(*c, *d);
  if (!std::isfinite(result))
    fail(offset, fmt::format("{} is past what a Double holds", written()));
  if (result == 0 && std::signbit(result)) fail(offset, negative_zero_refused(written()));
  const std::optional<std::string> text = double_text(result);
  if (!text) {
    // The value is exact (1E15 + 1): what differs is its text, not the number (decision 980).
    fail(offset, fmt::format("{} is the Double {}, of more than 15 significant digits, which "
                             "Windows PowerShell 5.1 writes rounded to 15 and PowerShell 7 in "
                             "full (decision 764)",
                             written(), result));
  }
  param_value out{value_type::number, *text, false, {}, at(offset)};
  out.is_double = true;
  return out;
}

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
  // $null times anything is $null, whatever the right operand (PowerShell's binder for `*`;
  // decision 978); $null - 1, $null / 2 and $null % 2 compute with 0.
  if (op == '*' && left.kind == ps_kind::plain && left.value.type == value_type::null)
    return plain({value_type::null, "", false, {}, at(offset)});
  // `'=' * 40` and `'5' * 3` repeat the text or array: the left operand's type decides, and the
  // count is an [int], a real one rounded half to even ('a' * 2.5 is 'aa'; decision 865).
  if (op == '*' && left.kind == ps_kind::plain && right.kind == ps_kind::plain &&
      (left.value.type == value_type::text || left.value.type == value_type::list)) {
    const std::optional<param_value> count = number_operand(right.value, nullptr);
    const std::optional<long long> y = count ? int_cast_of(*count, 32) : std::nullopt;
    if (!y || *y < 0) {
      fail(offset, fmt::format("{} * {}: a text or an array is repeated a whole number of times, "
                               "0 or more",
                               to_text_brief(left), to_text_brief(right)));
    }
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
  // A number on the left is multiplied, never repeated: 1.5 * 2 is 3 (decision 800).
  const std::optional<param_value> x =
      left.kind == ps_kind::plain ? number_operand(left.value, &right.value) : std::nullopt;
  const std::optional<param_value> y =
      right.kind == ps_kind::plain ? number_operand(right.value, &left.value) : std::nullopt;
  if (!x || !y) {
    fail(offset, fmt::format("{} {} {}: mfsim reads {} on numbers{}", to_text_brief(left), op,
                             to_text_brief(right), op, op == '*' ? " and repeats texts" : ""));
  }
  return plain(compute(op, *x, *y, offset));
}

}  // namespace mfsim::rules::ps
