// The value of a character of base64's alphabet (RFC 4648 section 4), shared by the readers
// that decode base64 themselves: RFC 2047's B encoding and `uuencode -m`'s lines.
#pragma once

namespace mfsim::mail {

// 0 to 63 for `A`-`Z`, `a`-`z`, `0`-`9`, `+` and `/`; -1 for any other character (`=` too).
[[nodiscard]] constexpr int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace mfsim::mail
