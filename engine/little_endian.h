// Little-endian integers read in place from binary formats (ZIP, compound files, PST,
// compressed RTF, UTF-16 text), and written for the key derivations that hash them (PDF and
// Office encryption); and the few big-endian ones (BinHex headers, PDF character codes). The
// caller checks that the bytes are there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mfsim {

// The `width` bytes (at most 8) at `at`, least significant first.
[[nodiscard]] inline std::uint64_t read_le(std::string_view bytes, std::size_t at,
                                           std::size_t width) noexcept {
  std::uint64_t value = 0;
  for (std::size_t k = width; k-- > 0;) {
    value = value << 8 | static_cast<unsigned char>(bytes[at + k]);
  }
  return value;
}

// The `width` bytes (at most 8) at `at`, most significant first.
[[nodiscard]] inline std::uint64_t read_be(std::string_view bytes, std::size_t at,
                                           std::size_t width) noexcept {
  std::uint64_t value = 0;
  for (std::size_t k = 0; k < width; ++k)
    value = value << 8 | static_cast<unsigned char>(bytes[at + k]);
  return value;
}

[[nodiscard]] inline std::uint32_t read_le16(std::string_view bytes, std::size_t at) noexcept {
  return static_cast<std::uint32_t>(read_le(bytes, at, 2));
}

[[nodiscard]] inline std::uint32_t read_le32(std::string_view bytes, std::size_t at) noexcept {
  return static_cast<std::uint32_t>(read_le(bytes, at, 4));
}

// The `width` low bytes (at most 8) of `value`, least significant first.
[[nodiscard]] inline std::string le_bytes(std::uint64_t value, std::size_t width) {
  std::string out(width, '\0');
  for (std::size_t k = 0; k < width; ++k) out[k] = static_cast<char>((value >> (8 * k)) & 0xFF);
  return out;
}

}  // namespace mfsim
