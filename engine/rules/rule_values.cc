// The values of transport-rule parameters that have a grammar of their own: sizes, dates and
// enhanced status codes, as New-TransportRule documents them.
#include "engine/rules/rule_values.h"

#include <fmt/format.h>

#include <charconv>
#include <climits>
#include <cstdio>
#include <string>

#include "engine/ascii.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/rules/param_readers.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

// Parses a ByteQuantifiedSize: "1048576", "10 KB", "1.5 MB", "2 GB", or the way Exchange
// prints one, "10 MB (10,485,760 bytes)". Units are binary (1 KB = 1024 bytes).
std::optional<std::int64_t> parse_size(std::string_view text) {
  text = ascii_trim_blanks(text);
  if (const auto open = text.find('('); open != std::string_view::npos) {
    // Exchange's own spelling: the exact byte count is in the parentheses, "(10,485,760 bytes)".
    const auto close = text.find(" bytes)", open);
    if (close == std::string_view::npos) return std::nullopt;
    std::string digits;
    for (const char c : text.substr(open + 1, close - open - 1)) {
      if (c >= '0' && c <= '9')
        digits += c;
      else if (c != ',')
        return std::nullopt;
    }
    std::int64_t bytes = 0;
    const auto [stop, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bytes);
    if (digits.empty() || ec != std::errc() || stop != digits.data() + digits.size()) {
      return std::nullopt;
    }
    return bytes;
  }
  std::size_t digits_end = 0;
  while (digits_end < text.size() &&
         ((text[digits_end] >= '0' && text[digits_end] <= '9') || text[digits_end] == '.')) {
    ++digits_end;
  }
  if (digits_end == 0) return std::nullopt;
  double number = 0;
  try {
    std::size_t used = 0;
    number = std::stod(std::string(text.substr(0, digits_end)), &used);
    if (used != digits_end) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = ascii_upper_copy(ascii_trim_blanks(text.substr(digits_end)));
  double scale = 0;
  if (unit.empty() || unit == "B" || unit == "BYTES")
    scale = 1;
  else if (unit == "KB")
    scale = 1024.0;
  else if (unit == "MB")
    scale = 1024.0 * 1024;
  else if (unit == "GB")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "TB")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else
    return std::nullopt;
  const double bytes = number * scale;
  if (bytes < 0 || bytes > 9.0e15 ||
      (scale == 1 && number != static_cast<double>(static_cast<std::int64_t>(number)))) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(bytes);
}

namespace {

// Reads the digits at the front of `text` into `value` (consuming them); false when none.
bool take_number(std::string_view& text, int& value) {
  const auto [stop, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || stop == text.data()) return false;
  text.remove_prefix(static_cast<std::size_t>(stop - text.data()));
  return true;
}

bool take(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

// "M/d/yyyy", then optionally a time: "h:mm AM", "h:mm:ss AM" (12-hour, as Get-TransportRule
// writes en-US dates and New-TransportRule's example "09/01/2018 5:00 PM"), or "H:mm",
// "H:mm:ss" (24-hour). UTC.
std::optional<std::int64_t> parse_us_date_time(std::string_view text) {
  int month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (!take_number(text, month) || !take(text, '/') || !take_number(text, day) ||
      !take(text, '/') || !take_number(text, year)) {
    return std::nullopt;
  }
  if (!text.empty()) {
    if (!take(text, ' ') || !take_number(text, hour) || !take(text, ':') ||
        !take_number(text, minute)) {
      return std::nullopt;
    }
    if (take(text, ':') && !take_number(text, second)) return std::nullopt;
    if (!text.empty()) {
      const std::string half = ascii_upper_copy(text);
      if (half != " AM" && half != " PM") return std::nullopt;
      if (hour < 1 || hour > 12) return std::nullopt;
      hour = hour % 12 + (half == " PM" ? 12 : 0);
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return mail::parse_iso8601(
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, month, day, hour, minute, second));
}

}  // namespace

// A DateTime as Exchange writes or takes one: ISO 8601 ("2026-03-01", "2026-03-01T08:00:00Z";
// no zone means UTC), the en-US forms of parse_us_date_time, or "/Date(ms)/"
// (ConvertTo-Json in PowerShell 5).
std::optional<std::int64_t> parse_date_time(std::string_view text) {
  text = ascii_trim_blanks(text);
  if (auto iso = mail::parse_iso8601(text)) return iso;
  if (text.substr(0, 6) == "/Date(" && text.size() > 8 && text.substr(text.size() - 2) == ")/") {
    const std::string_view inner = text.substr(6, text.size() - 8);
    std::int64_t ms = 0;
    const auto [stop, ec] = std::from_chars(inner.data(), inner.data() + inner.size(), ms);
    // The years the ISO form takes (1900 to 9999, UTC), so that what import writes loads again;
    // checked before the arithmetic, which would overflow at INT64_MIN.
    constexpr std::int64_t kFirstMs = mail::kFirstDateSecond * 1000;
    constexpr std::int64_t kLastMs = mail::kLastDateSecond * 1000 + 999;
    if (ec == std::errc() &&
        (stop == inner.data() + inner.size() || *stop == '+' || *stop == '-') && ms >= kFirstMs &&
        ms <= kLastMs) {
      return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    }
    return std::nullopt;
  }
  return parse_us_date_time(text);
}

// RejectMessageEnhancedStatusCode: 5.7.1, or 5.7.900 to 5.7.999 (what Exchange accepts).
bool is_reject_status_code(std::string_view code) {
  if (code == "5.7.1") return true;
  if (code.size() != 7 || code.substr(0, 4) != "5.7.") return false;
  int n = 0;
  const auto [stop, ec] = std::from_chars(code.data() + 4, code.data() + 7, n);
  return ec == std::errc() && stop == code.data() + 7 && n >= 900 && n <= 999;
}

named_words split_named_words(std::string_view text) {
  const auto colon = text.find(':');
  named_words out{text.substr(0, colon), {}};
  std::string_view rest =
      colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view word = rest.substr(0, comma);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (!word.empty()) out.words.emplace_back(word);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return out;
}

}  // namespace mfsim::rules
