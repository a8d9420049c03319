// What the [int] cast makes of a value (decision 478): PowerShell converts a boolean, $null and
// any text that reads as a number, where mfsim read only decimal whole numbers.
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "engine/rules/dotnet_string_methods.h"
#include "engine/rules/powershell_value.h"

namespace mfsim::rules::ps {
namespace {

// '0x10', '#10', '&h10': the hexadecimal number .NET's integer type converters read
// (BaseNumberConverter, which Windows PowerShell 5.1 converts a text with; decision 1102): no
// sign, and the digits as the bits of the `bits`-bit type, so that [int]'0xFFFFFFFF' is -1 and
// [byte]'0xFF' 255; nullopt past the type (decision 1118).
std::optional<long long> hexadecimal(std::string_view text, int bits) {
  if (text.starts_with('#')) {
    text.remove_prefix(1);
  } else if (text.size() >= 2 && (text[0] == '&' || text[0] == '0') &&
             (text[1] == (text[0] == '&' ? 'h' : 'x') || text[1] == (text[0] == '&' ? 'H' : 'X'))) {
    text.remove_prefix(2);
  } else {
    return std::nullopt;
  }
  if (text.empty() || !std::isxdigit(static_cast<unsigned char>(text.front())))
    return std::nullopt;  // no sign after the prefix
  unsigned long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n, 16);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (bits < 64 && (n >> bits) != 0) return std::nullopt;
  if (bits == 32) return static_cast<std::int32_t>(static_cast<std::uint32_t>(n));
  return static_cast<long long>(n);  // an Int64's bits; a Byte has no sign
}

}  // namespace

std::optional<double> invariant_number_in(std::string_view text) {
  // NumberStyles.Float: white space around, a leading sign, a decimal point, an exponent; and
  // AllowThousands: a ',' anywhere after the first digit and before the point (.NET's
  // Number.ParseNumber), so '1,000', '1,0,0' and '1,' read, ',5' and '1.0,5' do not.
  const auto white = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!text.empty() && white(text.front())) text.remove_prefix(1);
  while (!text.empty() && white(text.back())) text.remove_suffix(1);
  std::string plain;
  std::size_t k = 0;
  if (k < text.size() && (text[k] == '+' || text[k] == '-')) plain += text[k++] == '-' ? "-" : "";
  bool digits = false, point = false;
  for (; k < text.size(); ++k) {
    const char c = text[k];
    if (is_digit(c)) {
      digits = true;
      plain += c;
    } else if (c == '.' && !point) {
      point = true;
      plain += c;
    } else if (c != ',' || !digits || point) {
      break;
    }
  }
  if (!digits) return std::nullopt;
  if (k < text.size() && (text[k] == 'e' || text[k] == 'E')) {  // an exponent: e, a sign, digits
    std::size_t e = k + 1;
    if (e < text.size() && (text[e] == '+' || text[e] == '-')) ++e;
    if (e == text.size()) return std::nullopt;
    for (std::size_t m = e; m < text.size(); ++m) {
      if (!is_digit(text[m])) return std::nullopt;
    }
    plain += text.substr(k);
    k = text.size();
  }
  if (k != text.size()) return std::nullopt;
  double d = 0;
  const auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), d);
  if (ec != std::errc{} || end != plain.data() + plain.size() || !std::isfinite(d)) {
    return std::nullopt;
  }
  return d;
}

std::optional<long long> rounded_to_whole(double d) {
  const double whole = std::nearbyint(d);  // the default rounding mode: to nearest, ties to even
  // Past what a 64-bit number holds, PowerShell fails too.
  if (whole < -9.2e18 || whole > 9.2e18) return std::nullopt;
  return static_cast<long long>(whole);
}

std::optional<long long> int_cast_of(const param_value& v, int bits) {
  if (v.type == value_type::boolean) return v.flag ? 1 : 0;
  if (v.type == value_type::null) return 0;
  if (v.type != value_type::text && v.type != value_type::number) return std::nullopt;
  // Only '' is 0: the type converter trims white space and then parses, which fails on
  // nothing, and so does the fallback through a Double (decision 1118).
  if (v.text.empty()) return 0;
  // The type converter trims what String.Trim() does, Char.IsWhiteSpace's characters, a no-break
  // space (U+00A0) among them (decision 1170).
  const std::string text = trimmed(v.text, {}, trim_end::both);
  if (const auto n = whole_number_in(text)) return n;
  if (const auto n = hexadecimal(text, bits)) return n;
  // '3.5', '1e3', '1,000': what Int32.Parse refuses converts through a Double (Windows
  // PowerShell 5.1's ConvertStringToInteger; decision 1066), rounded half to even. Double.Parse
  // is given the text as written, and trims only its own white space (tab to CR, space).
  const std::optional<double> d = invariant_number_in(v.text);
  return d ? rounded_to_whole(*d) : std::nullopt;
}

}  // namespace mfsim::rules::ps
