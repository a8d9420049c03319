// IPv4 and IPv6 addresses as one 128-bit value (IPv4 held as ::ffff:a.b.c.d).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::net {

class ip_address {
 public:
  ip_address() = default;

  // Parses dotted IPv4 or RFC 4291 IPv6 text (with "::", and an embedded IPv4 tail).
  // No surrounding spaces, brackets or zone ids. Never throws.
  [[nodiscard]] static std::optional<ip_address> parse(std::string_view text) noexcept;
  [[nodiscard]] static ip_address from_v4(std::uint32_t v4) noexcept;
  [[nodiscard]] static ip_address from_bytes(const std::array<std::uint8_t, 16>& bytes) noexcept;

  [[nodiscard]] bool is_v4() const noexcept;
  [[nodiscard]] const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }
  // 10/8, 172.16/12, 192.168/16, fc00::/7: private networks (RFC 1918, RFC 4193).
  [[nodiscard]] bool is_private() const noexcept;
  // 127/8, ::1, 169.254/16, fe80::/10. Not the unspecified address (0.0.0.0, ::): the contract
  // skips Received hops that are private, loopback or link-local only (decision 388).
  [[nodiscard]] bool is_loopback_or_link_local() const noexcept;

  // Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as "::").
  [[nodiscard]] std::string to_string() const;
  // The same text, appended to `out`.
  void append_to(std::string& out) const;

  auto operator<=>(const ip_address&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

// Number of prefix bits in the 128-bit form: a /24 IPv4 prefix is 96 + 24.
[[nodiscard]] int v4_prefix_to_128(int v4_prefix) noexcept;

}  // namespace mfsim::net
