// Numeric literals as about_Numeric_Literals defines them: decimal and hexadecimal integers, a
// type suffix, a multiplier, real numbers (decision 764).
#include "engine/rules/powershell_numeric_literals.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "engine/ascii.h"

namespace mfsim::rules::ps {
namespace {

// The power of 1024 a multiplier suffix stands for: kb 1 ... pb 5; 0 for none.
int multiplier_power(std::string_view suffix) {
  constexpr std::string_view kMultipliers[] = {"kb", "mb", "gb", "tb", "pb"};
  for (int k = 0; k < 5; ++k) {
    if (ascii_iequals(suffix, kMultipliers[k])) return k + 1;
  }
  return 0;
}

numeric_literal refused(std::string reason) { return {{}, std::move(reason)}; }

}  // namespace

std::optional<std::string> double_text(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  // -0.0 is "-0" in PowerShell 7 (.NET Core 3.0 and later) and "0" in Windows PowerShell 5.1.
  if (d == 0) return std::signbit(d) ? std::nullopt : std::optional<std::string>("0");
  if (std::fabs(d) < std::numeric_limits<double>::min()) return std::nullopt;  // subnormal
  char buffer[64];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::scientific);
  if (ec != std::errc{}) return std::nullopt;
  const std::string_view written(buffer, static_cast<std::size_t>(end - buffer));
  const std::size_t e = written.find('e');
  std::string_view mantissa = written.substr(0, e);
  const bool negative = mantissa.front() == '-';
  if (negative) mantissa.remove_prefix(1);
  std::string digits;
  for (const char c : mantissa) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::from_chars(written.data() + e + 1 + (written[e + 1] == '+' ? 1 : 0),
                  written.data() + written.size(), exponent);
  if (digits.size() > 15) return std::nullopt;
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 15) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    return out + fmt::format("E{}{:02}", exponent < 0 ? '-' : '+', std::abs(exponent));
  }
  if (exponent < 0)
    return out + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  const auto point = static_cast<std::size_t>(exponent) + 1;
  if (point >= digits.size()) return out + digits + std::string(point - digits.size(), '0');
  return out + digits.substr(0, point) + "." + digits.substr(point);
}

std::optional<numeric_literal> numeric_literal_of(std::string_view word) {
  std::size_t at = 0;
  const bool hex = word.size() > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X') &&
                   ascii_hex_value(word[2]) >= 0;
  bool real = false;
  if (hex) {
    at = 2;
    while (at < word.size() && ascii_hex_value(word[at]) >= 0) ++at;
  } else {
    while (at < word.size() && ascii_is_digit(word[at])) ++at;
    if (at == 0) return std::nullopt;
    if (at + 1 < word.size() && word[at] == '.' && ascii_is_digit(word[at + 1])) {
      real = true;
      for (++at; at < word.size() && ascii_is_digit(word[at]);) ++at;
    }
    if (at < word.size() && (word[at] == 'e' || word[at] == 'E')) {
      std::size_t digits = at + 1;
      if (digits < word.size() && (word[digits] == '+' || word[digits] == '-')) ++digits;
      if (digits < word.size() && ascii_is_digit(word[digits])) {
        real = true;
        for (at = digits; at < word.size() && ascii_is_digit(word[at]);) ++at;
      }
    }
  }
  const std::string_view number = word.substr(0, at);
  std::string_view suffix = word.substr(at);
  const int power = suffix.size() >= 2 ? multiplier_power(suffix.substr(suffix.size() - 2)) : 0;
  if (power != 0) suffix.remove_suffix(2);
  const std::string type = ascii_lower_copy(suffix);
  if (!type.empty() && type != "l" && type != "d") {
    if (type == "y" || type == "uy" || type == "s" || type == "us" || type == "u" || type == "ul" ||
        type == "n") {
      return refused(
          fmt::format("the type suffix '{}' (about_Numeric_Literals; PowerShell 6.2 "
                      "and later only) is not read",
                      suffix));
    }
    return std::nullopt;  // `1st`, `7days`: a word, not a number
  }
  if (type == "d" && hex) return std::nullopt;  // 0x1d is a hexadecimal number, read above
  if (real) {
    if (type == "l") return refused("a real number with the long suffix 'l' is no integer");
    if (type == "d") {
      // A Decimal keeps the digits written after the point (1.50d is 1.50).
      if (power != 0 || number.find_first_of("eE") != std::string_view::npos) {
        return refused("a Decimal with an exponent or a multiplier is not read");
      }
      // .NET's Decimal holds 28 digits after the point and 29 in all, rounding the rest
      // away, and writes no leading zero but the one before the point (decision 801).
      std::string_view digits = number;
      while (digits.size() > 1 && digits.front() == '0' && digits[1] != '.')
        digits.remove_prefix(1);
      const std::size_t point = digits.find('.');
      const std::size_t significant = digits.size() - 1 - (digits.front() == '0' ? 1 : 0);
      if (digits.size() - point - 1 > 28 || significant > 28) {
        return refused("a Decimal of more than 28 digits, which .NET rounds, is not read");
      }
      return numeric_literal{std::string(digits), {}};
    }
    double d = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), d);
    if (ec != std::errc{} || end != number.data() + number.size()) {
      return refused("a real number past what a Double holds is not read");
    }
    d = std::ldexp(d, 10 * power);
    if (!std::isfinite(d)) return refused("a real number past what a Double holds is not read");
    if (std::fabs(d) < std::numeric_limits<double>::min() && d != 0) {
      // Subnormal: its shortest round-trip digits (5E-324) are fewer than the 15 Windows
      // PowerShell 5.1 writes (4.94065645841247E-324), decision 801.
      return refused(
          "a Double below 2.2250738585072E-308, which Windows PowerShell 5.1 and "
          "PowerShell 7 write apart, is not read");
    }
    auto text = double_text(d);
    if (!text) {
      return refused(
          "a Double of more than 15 significant digits, which Windows PowerShell "
          "5.1 and PowerShell 7 write apart, is not read");
    }
    return numeric_literal{std::move(*text), {}, true};
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(number.data() + (hex ? 2 : 0),
                                         number.data() + number.size(), value, hex ? 16 : 10);
  if (ec != std::errc{} || end != number.data() + number.size()) {
    return refused("an integer past 64 bits is not read");
  }
  if (hex && (value >> 31) != 0 && (value >> 32) == 0) {
    return refused(
        "a hexadecimal number from 0x80000000 to 0xFFFFFFFF (an Int32's sign bit set) "
        "is not read");
  }
  for (int k = 0; k < power; ++k) {
    if (value > (std::uint64_t{1} << 53)) return refused("an integer past 64 bits is not read");
    value *= 1024;
  }
  if (value > static_cast<std::uint64_t>(INT64_MAX)) {
    return refused("an integer past what an Int64 holds is not read");
  }
  return numeric_literal{std::to_string(value), {}, false, type == "l"};
}

}  // namespace mfsim::rules::ps
