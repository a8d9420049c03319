// What the [int] cast makes of a value (decision 478): PowerShell converts a boolean, $null and
// any text that reads as a number, where mfsim read only decimal whole numbers.
#include <charconv>
#include <cmath>

#include "engine/rules/powershell_value.h"

namespace mfsim::rules::ps {
namespace {

bool is_white(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view without_white(std::string_view text) {
  while (!text.empty() && is_white(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_white(text.back())) text.remove_suffix(1);
  return text;
}

// '0x10', '-0x10': the hexadecimal literal's value.
std::optional<long long> hexadecimal(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return std::nullopt;
  text.remove_prefix(2);
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n, 16);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return negative ? -n : n;
}

// '3.5', '1e3', '+7': a number with a fraction or an exponent, rounded half to even as
// Math.Round rounds.
std::optional<long long> rounded(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double d = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(d)) {
    return std::nullopt;
  }
  const double whole = std::nearbyint(d);  // the default rounding mode: to nearest, ties to even
  // Past what a 64-bit number holds, PowerShell fails too.
  if (whole < -9.2e18 || whole > 9.2e18) return std::nullopt;
  return static_cast<long long>(whole);
}

}  // namespace

std::optional<long long> int_cast_of(const param_value& v) {
  if (v.type == value_type::boolean) return v.flag ? 1 : 0;
  if (v.type == value_type::null) return 0;
  if (v.type != value_type::text && v.type != value_type::number) return std::nullopt;
  const std::string_view text = without_white(v.text);
  if (text.empty()) return 0;
  if (const auto n = whole_number_in(text)) return n;
  if (const auto n = hexadecimal(text)) return n;
  return rounded(text);
}

}  // namespace mfsim::rules::ps
