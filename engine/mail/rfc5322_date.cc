// Date parsing for Received:/Date: headers and --now, and the ISO 8601 output form.
#include "engine/mail/rfc5322_date.h"

#include <array>
#include <cstdio>

#include "engine/ascii.h"

namespace mfsim::mail {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct cursor {
  std::string_view s;
  std::size_t i = 0;

  void skip_space_and_comments() noexcept {
    while (i < s.size()) {
      const char c = s[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
        ++i;
      } else if (c == '(') {
        int depth = 0;
        for (; i < s.size(); ++i) {
          if (s[i] == '(') ++depth;
          if (s[i] == ')' && --depth == 0) {
            ++i;
            break;
          }
        }
      } else {
        break;
      }
    }
  }
  bool number(int max_digits, int& out, int& digits) noexcept {
    out = 0;
    digits = 0;
    while (i < s.size() && digits < max_digits && ascii_is_digit(s[i])) {
      out = out * 10 + (s[i++] - '0');
      ++digits;
    }
    return digits > 0;
  }
  std::string_view word() noexcept {
    const std::size_t start = i;
    while (i < s.size() && ascii_is_alpha(s[i])) ++i;
    return s.substr(start, i - start);
  }
  bool eat(char c) noexcept {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
};

int month_number(std::string_view name) noexcept {
  static constexpr std::array<std::string_view, 12> months = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  for (std::size_t k = 0; k < months.size(); ++k) {
    if (ascii_iequals(name.substr(0, 3), months[k])) return static_cast<int>(k) + 1;
  }
  return 0;
}

// Offset in minutes east of UTC for the RFC 5322 obsolete zone names; 0 for unknown ones.
int named_zone_minutes(std::string_view zone) noexcept {
  struct named {
    std::string_view name;
    int minutes;
  };
  static constexpr std::array<named, 11> zones = {{{"UT", 0},
                                                   {"UTC", 0},
                                                   {"GMT", 0},
                                                   {"EST", -300},
                                                   {"EDT", -240},
                                                   {"CST", -360},
                                                   {"CDT", -300},
                                                   {"MST", -420},
                                                   {"MDT", -360},
                                                   {"PST", -480},
                                                   {"PDT", -420}}};
  for (const auto& z : zones) {
    if (ascii_iequals(zone, z.name)) return z.minutes;
  }
  return 0;
}

bool valid_date(int year, int month, int day, int hour, int minute, int second) noexcept {
  static constexpr std::array<int, 12> days = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return year >= 1900 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days[static_cast<std::size_t>(month - 1)] && (month != 2 || day <= 28 || leap) &&
         hour <= 23 && minute <= 59 && second <= 60;
}

std::int64_t to_seconds(int year, int month, int day, int hour, int minute, int second,
                        int zone_minutes) noexcept {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second - zone_minutes * 60;
}

// Appends `value` in decimal, zero-padded to `width` digits (value < 10^width).
void append_digits(std::string& out, unsigned value, int width) {
  char digits[10];
  for (int k = width - 1; k >= 0; --k) {
    digits[k] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<std::size_t>(width));
}

}  // namespace

std::optional<std::int64_t> parse_rfc5322_date(std::string_view text) noexcept {
  cursor c{text};
  c.skip_space_and_comments();
  // Optional day name.
  const std::size_t before_day = c.i;
  if (!c.word().empty()) {
    c.skip_space_and_comments();
  } else {
    c.i = before_day;
  }
  int day = 0, digits = 0;
  if (!c.number(2, day, digits)) return std::nullopt;
  c.skip_space_and_comments();
  c.eat('-');  // "27-Mar-2025" appears in old mail
  const int month = month_number(c.word());
  if (month == 0) return std::nullopt;
  c.eat('-');
  c.skip_space_and_comments();
  int year = 0;
  if (!c.number(4, year, digits)) return std::nullopt;
  if (digits == 2) year += year < 50 ? 2000 : 1900;  // RFC 5322 4.3
  if (digits == 3) year += 1900;
  c.skip_space_and_comments();
  int hour = 0, minute = 0, second = 0;
  if (!c.number(2, hour, digits) || !c.eat(':') || !c.number(2, minute, digits))
    return std::nullopt;
  if (c.eat(':') && !c.number(2, second, digits)) return std::nullopt;
  c.skip_space_and_comments();
  int zone_minutes = 0;
  if (c.i < c.s.size() && (c.s[c.i] == '+' || c.s[c.i] == '-')) {
    const bool negative = c.s[c.i++] == '-';
    int hhmm = 0;
    if (!c.number(4, hhmm, digits) || digits != 4 || hhmm % 100 > 59) return std::nullopt;
    zone_minutes = (hhmm / 100) * 60 + hhmm % 100;
    if (negative) zone_minutes = -zone_minutes;
  } else {
    zone_minutes = named_zone_minutes(c.word());
  }
  if (!valid_date(year, month, day, hour, minute, second)) return std::nullopt;
  return to_seconds(year, month, day, hour, minute, second, zone_minutes);
}

namespace {

// Reads exactly `count` digits at `i` into `out`; false (and `i` unmoved) when they are not there.
bool read_digits(std::string_view s, std::size_t& i, int count, int& out) noexcept {
  if (s.size() - i < static_cast<std::size_t>(count)) return false;
  int value = 0;
  for (int k = 0; k < count; ++k) {
    if (!ascii_is_digit(s[i + k])) return false;
    value = value * 10 + (s[i + k] - '0');
  }
  out = value;
  i += count;
  return true;
}

bool skip(std::string_view s, std::size_t& i, char c) noexcept {
  if (i >= s.size() || s[i] != c) return false;
  ++i;
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view s) noexcept {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (s.size() > 40) return std::nullopt;  // longer than any date (decision 341)
  std::size_t i = 0;
  if (!read_digits(s, i, 4, year)) return std::nullopt;
  // The extended format separates the fields (2024-03-20T09:41:11), the basic one does not
  // (20240320T094111); ISO 8601 allows either, each throughout.
  const bool extended = skip(s, i, '-');
  if (!read_digits(s, i, 2, month) || (extended && !skip(s, i, '-')) ||
      !read_digits(s, i, 2, day)) {
    return std::nullopt;
  }
  int zone_minutes = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
    ++i;
    if (!read_digits(s, i, 2, hour) || (extended && !skip(s, i, ':')) ||
        !read_digits(s, i, 2, minute)) {
      return std::nullopt;
    }
    if (extended ? skip(s, i, ':') : (i < s.size() && ascii_is_digit(s[i]))) {
      if (!read_digits(s, i, 2, second)) return std::nullopt;
    }
    if (skip(s, i, '.') || skip(s, i, ',')) {  // fractional seconds are dropped
      const std::size_t first = i;
      while (i < s.size() && ascii_is_digit(s[i])) ++i;
      if (i == first) return std::nullopt;
    }
    if (skip(s, i, 'Z') || skip(s, i, 'z')) {
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      const int sign = s[i++] == '-' ? -1 : 1;
      int zh = 0, zm = 0;
      if (!read_digits(s, i, 2, zh)) return std::nullopt;
      // +hh alone, +hh:mm or +hhmm.
      if (skip(s, i, ':') ? !read_digits(s, i, 2, zm)
                          : (i < s.size() && !read_digits(s, i, 2, zm))) {
        return std::nullopt;
      }
      if (zh > 23 || zm > 59) return std::nullopt;
      zone_minutes = sign * (zh * 60 + zm);
    }
    if (i != s.size()) return std::nullopt;
  }
  if (!valid_date(year, month, day, hour, minute, second)) return std::nullopt;
  return to_seconds(year, month, day, hour, minute, second, zone_minutes);
}

void append_iso8601_utc(std::string& out, std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  // Inverse of days_from_civil.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  // Digit by digit, the month, day and time into one buffer appended at once: snprintf's
  // format parsing, or a string grown a character at a time, cost more than the rest of a
  // record.
  if (y >= 0 && y <= 9999) {
    append_digits(out, static_cast<unsigned>(y), 4);
  } else {  // as %04lld writes it: the sign counts in the width
    if (y < 0) out += '-';
    const std::string digits = std::to_string(y < 0 ? -y : y);
    const std::size_t width = y < 0 ? 3 : 4;
    if (digits.size() < width) out.append(width - digits.size(), '0');
    out += digits;
  }
  char text[] = "-MM-DDThh:mm:ssZ";
  const auto put = [&text](std::size_t at, unsigned value) {
    text[at] = static_cast<char>('0' + value / 10);
    text[at + 1] = static_cast<char>('0' + value % 10);
  };
  put(1, m);
  put(4, d);
  put(7, static_cast<unsigned>(rest / 3600));
  put(10, static_cast<unsigned>(rest / 60 % 60));
  put(13, static_cast<unsigned>(rest % 60));
  out.append(text, sizeof text - 1);
}

std::string format_iso8601_utc(std::int64_t seconds) {
  std::string out;
  append_iso8601_utc(out, seconds);
  return out;
}

}  // namespace mfsim::mail
