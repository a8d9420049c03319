// Parsing, classification and printing of IPv4/IPv6 addresses.
#include "engine/net/ip_address.h"

#include <cstdio>

#include "engine/ascii.h"

namespace mfsim::net {
namespace {

constexpr std::array<std::uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool parse_v4(std::string_view text, std::uint32_t& out) noexcept {
  std::uint32_t value = 0;
  int octets = 0;
  std::size_t i = 0;
  while (octets < 4) {
    if (i >= text.size()) return false;
    std::uint32_t octet = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      octet = octet * 10 + static_cast<std::uint32_t>(text[i] - '0');
      if (++digits > 3 || octet > 255) return false;
      ++i;
    }
    if (digits == 0 || (digits > 1 && text[i - digits] == '0')) return false;  // no leading zeros
    value = (value << 8) | octet;
    ++octets;
    if (octets < 4) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
  }
  if (i != text.size()) return false;
  out = value;
  return true;
}

// RFC 4291 text form: up to 8 groups, one "::", optional dotted IPv4 tail.
bool parse_v6(std::string_view text, std::array<std::uint8_t, 16>& out) noexcept {
  std::array<std::uint16_t, 8> groups{};
  int count = 0;
  int gap_at = -1;
  std::size_t i = 0;
  if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
    gap_at = 0;
    i = 2;
  } else if (!text.empty() && text[0] == ':') {
    return false;
  }
  while (i < text.size()) {
    if (count >= 8) return false;
    // An IPv4 tail takes the last two groups.
    std::size_t end = text.find_first_of(':', i);
    std::string_view piece =
        text.substr(i, end == std::string_view::npos ? text.size() - i : end - i);
    if (end == std::string_view::npos && piece.find('.') != std::string_view::npos) {
      std::uint32_t v4 = 0;
      if (count > 6 || !parse_v4(piece, v4)) return false;
      groups[count++] = static_cast<std::uint16_t>(v4 >> 16);
      groups[count++] = static_cast<std::uint16_t>(v4 & 0xffff);
      i = text.size();
      break;
    }
    if (piece.empty() || piece.size() > 4) return false;
    std::uint32_t group = 0;
    for (char c : piece) {
      int h = ascii_hex_value(c);
      if (h < 0) return false;
      group = (group << 4) | static_cast<std::uint32_t>(h);
    }
    groups[count++] = static_cast<std::uint16_t>(group);
    i += piece.size();
    if (i == text.size()) break;
    ++i;  // the ':'
    if (i < text.size() && text[i] == ':') {
      if (gap_at >= 0) return false;
      gap_at = count;
      ++i;
    } else if (i == text.size()) {
      return false;  // trailing single ':'
    }
  }
  if (gap_at < 0 && count != 8) return false;
  if (gap_at >= 0 && count > 7) return false;
  std::array<std::uint16_t, 8> full{};
  if (gap_at < 0) {
    full = groups;
  } else {
    int tail = count - gap_at;
    for (int k = 0; k < gap_at; ++k) full[k] = groups[k];
    for (int k = 0; k < tail; ++k) full[8 - tail + k] = groups[gap_at + k];
  }
  for (int k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<std::uint8_t>(full[k] >> 8);
    out[2 * k + 1] = static_cast<std::uint8_t>(full[k] & 0xff);
  }
  return true;
}

}  // namespace

std::optional<ip_address> ip_address::parse(std::string_view text) noexcept {
  if (text.empty() || text.size() > 45) return std::nullopt;
  if (text.find(':') == std::string_view::npos) {
    std::uint32_t v4 = 0;
    if (!parse_v4(text, v4)) return std::nullopt;
    return from_v4(v4);
  }
  std::array<std::uint8_t, 16> bytes{};
  if (!parse_v6(text, bytes)) return std::nullopt;
  return from_bytes(bytes);
}

ip_address ip_address::from_v4(std::uint32_t v4) noexcept {
  ip_address a;
  for (std::size_t k = 0; k < kV4MappedPrefix.size(); ++k) a.bytes_[k] = kV4MappedPrefix[k];
  a.bytes_[12] = static_cast<std::uint8_t>(v4 >> 24);
  a.bytes_[13] = static_cast<std::uint8_t>(v4 >> 16);
  a.bytes_[14] = static_cast<std::uint8_t>(v4 >> 8);
  a.bytes_[15] = static_cast<std::uint8_t>(v4);
  return a;
}

ip_address ip_address::from_bytes(const std::array<std::uint8_t, 16>& bytes) noexcept {
  ip_address a;
  a.bytes_ = bytes;
  return a;
}

bool ip_address::is_v4() const noexcept {
  for (std::size_t k = 0; k < kV4MappedPrefix.size(); ++k) {
    if (bytes_[k] != kV4MappedPrefix[k]) return false;
  }
  return true;
}

bool ip_address::is_private() const noexcept {
  if (is_v4()) {
    const std::uint8_t a = bytes_[12], b = bytes_[13];
    return a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168);
  }
  return (bytes_[0] & 0xfe) == 0xfc;
}

bool ip_address::is_loopback_or_link_local() const noexcept {
  if (is_v4()) {
    const std::uint8_t a = bytes_[12], b = bytes_[13];
    return a == 127 || (a == 169 && b == 254);
  }
  bool all_zero_but_last = true;
  for (int k = 0; k < 15; ++k) all_zero_but_last = all_zero_but_last && bytes_[k] == 0;
  if (all_zero_but_last && bytes_[15] == 1) return true;   // ::1
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;  // fe80::/10
}

std::string ip_address::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

void ip_address::append_to(std::string& out) const {
  char buf[64];
  if (is_v4()) {  // digit by digit into one buffer: snprintf cost more than the rest of a record
    std::size_t n = 0;
    for (int k = 12; k < 16; ++k) {
      if (k != 12) buf[n++] = '.';
      const unsigned byte = bytes_[k];
      if (byte >= 100) buf[n++] = static_cast<char>('0' + byte / 100);
      if (byte >= 10) buf[n++] = static_cast<char>('0' + byte / 10 % 10);
      buf[n++] = static_cast<char>('0' + byte % 10);
    }
    out.append(buf, n);
    return;
  }
  std::array<unsigned, 8> g{};
  for (int k = 0; k < 8; ++k) g[k] = (unsigned{bytes_[2 * k]} << 8) | bytes_[2 * k + 1];
  // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on ties.
  int best_at = -1, best_len = 1;
  for (int k = 0; k < 8;) {
    if (g[k] != 0) {
      ++k;
      continue;
    }
    int run = 0;
    while (k + run < 8 && g[k + run] == 0) ++run;
    if (run > best_len) {
      best_at = k;
      best_len = run;
    }
    k += run;
  }
  const std::size_t start = out.size();
  for (int k = 0; k < 8; ++k) {
    if (k == best_at) {
      out += "::";
      k += best_len - 1;
      continue;
    }
    if (out.size() > start && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[k]);
    out += buf;
  }
}

int v4_prefix_to_128(int v4_prefix) noexcept { return 96 + v4_prefix; }

}  // namespace mfsim::net
