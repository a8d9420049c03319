// The generator's small helpers: weighted picks, IP text and ranges, base64, dates.
//
// Written apart from engine/net and engine/mail on purpose: the oracle must not share the
// engine's parsing, or a bug there would hide in both.
#include <arpa/inet.h>

#include <cstring>

#include "corpus/generator/generator_internal.h"

namespace mfsim::corpus::gen {

std::size_t pick_weighted(rng& r, const std::uint64_t* weights, std::size_t n) noexcept {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += weights[i];
  std::uint64_t x = r.below(total);
  for (std::size_t i = 0; i < n; ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return n - 1;
}

// ---- IP addresses -----------------------------------------------------------------------------

std::optional<ip_value> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[64];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  unsigned char raw[16];
  ip_value ip;
  if (::inet_pton(AF_INET, buffer, raw) == 1) {
    for (int i = 0; i < 4; ++i) ip.value = (ip.value << 8) | raw[i];
    return ip;
  }
  if (::inet_pton(AF_INET6, buffer, raw) == 1) {
    ip.v6 = true;
    for (int i = 0; i < 16; ++i) ip.value = (ip.value << 8) | raw[i];
    return ip;
  }
  return std::nullopt;
}

namespace {

void groups_of(const ip_value& ip, unsigned (&groups)[8]) {
  for (int i = 0; i < 8; ++i)
    groups[i] = static_cast<unsigned>((ip.value >> (16 * (7 - i))) & 0xffff);
}

void append_hex(std::string& out, unsigned value, int min_digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  char digits[8];
  int n = 0;
  do {
    digits[n++] = kHex[value & 0xf];
    value >>= 4;
  } while (value != 0 || n < min_digits);
  while (n > 0) out += digits[--n];
}

}  // namespace

std::string format_ip(const ip_value& ip) {
  std::string out;
  if (!ip.v6) {
    const auto v = static_cast<std::uint32_t>(ip.value);
    for (int shift = 24; shift >= 0; shift -= 8) {
      out += std::to_string((v >> shift) & 0xff);
      if (shift) out += '.';
    }
    return out;
  }
  unsigned g[8];
  groups_of(ip, g);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best = -1;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (i > 0 && i != best + best_len) out += ':';
    append_hex(out, g[i], 1);
  }
  return out;
}

std::string format_ip_full(const ip_value& ip) {
  if (!ip.v6) return format_ip(ip);
  unsigned g[8];
  groups_of(ip, g);
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i) out += ':';
    append_hex(out, g[i], 4);
  }
  return out;
}

std::optional<ip_range> parse_range(std::string_view entry) {
  while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
  while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
  if (const auto slash = entry.find('/'); slash != std::string_view::npos) {
    const auto base = parse_ip(entry.substr(0, slash));
    const std::string_view len_text = entry.substr(slash + 1);
    if (!base || len_text.empty() || len_text.size() > 3) return std::nullopt;
    int len = 0;
    for (char c : len_text) {
      if (c < '0' || c > '9') return std::nullopt;
      len = len * 10 + (c - '0');
    }
    const int bits = base->v6 ? 128 : 32;
    if (len > bits) return std::nullopt;
    const int host_bits = bits - len;
    const u128 host_mask = host_bits == 128 ? ~u128{0} : ((u128{1} << host_bits) - 1);
    ip_range r{*base, *base};
    r.lo.value &= ~host_mask;
    r.hi.value = r.lo.value | host_mask;
    if (!base->v6) r.hi.value &= 0xffffffffu;
    return r;
  }
  if (const auto dash = entry.find('-'); dash != std::string_view::npos) {
    const auto lo = parse_ip(entry.substr(0, dash));
    const auto hi = parse_ip(entry.substr(dash + 1));
    if (!lo || !hi || lo->v6 != hi->v6 || hi->value < lo->value) return std::nullopt;
    return ip_range{*lo, *hi};
  }
  const auto one = parse_ip(entry);
  if (!one) return std::nullopt;
  return ip_range{*one, *one};
}

// ---- text -------------------------------------------------------------------------------------

void append_base64(std::string& out, std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto v = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return;
  unsigned v = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
  if (rest == 2) v |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
  out += kAlphabet[(v >> 18) & 63];
  out += kAlphabet[(v >> 12) & 63];
  out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
  out += '=';
}

namespace {

// Howard Hinnant's civil_from_days: days since 1970-01-01 to year, month (1-12), day (1-31).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void append_2(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

}  // namespace

std::string iso8601_utc(std::int64_t epoch) {
  const std::int64_t days = floor_div(epoch, 86400);
  const auto secs = static_cast<unsigned>(epoch - days * 86400);
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  std::string out = std::to_string(y) + "-";
  append_2(out, m);
  out += '-';
  append_2(out, d);
  out += 'T';
  append_2(out, secs / 3600);
  out += ':';
  append_2(out, secs / 60 % 60);
  out += ':';
  append_2(out, secs % 60);
  out += 'Z';
  return out;
}

void append_rfc5322_date(std::string& out, std::int64_t epoch, int offset_minutes,
                         bool fold_before_time) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t local = epoch + std::int64_t{offset_minutes} * 60;
  const std::int64_t days = floor_div(local, 86400);
  const auto secs = static_cast<unsigned>(local - days * 86400);
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  out += kDays[static_cast<std::size_t>(((days % 7) + 7) % 7)];
  out += ", ";
  out += std::to_string(d);
  out += ' ';
  out += kMonths[m - 1];
  out += ' ';
  out += std::to_string(y);
  out += fold_before_time ? "\n " : " ";
  append_2(out, secs / 3600);
  out += ':';
  append_2(out, secs / 60 % 60);
  out += ':';
  append_2(out, secs % 60);
  out += ' ';
  const int abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  out += offset_minutes < 0 ? '-' : '+';
  append_2(out, static_cast<unsigned>(abs_offset / 60));
  append_2(out, static_cast<unsigned>(abs_offset % 60));
}

}  // namespace mfsim::corpus::gen
