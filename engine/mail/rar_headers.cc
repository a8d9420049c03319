// rar_is_encrypted(): RAR 4's blocks (RARLAB's technote.txt for RAR 2.x-4.x: HEAD_CRC,
// HEAD_TYPE, HEAD_FLAGS, HEAD_SIZE, then ADD_SIZE when flag 0x8000 is set) and RAR 5's headers
// (RARLAB's "RAR 5.0 archive format": CRC32, a variable-length header size, type, flags, then
// the extra area and data sizes the flags announce).
#include "engine/mail/rar_headers.h"

#include <cstddef>
#include <cstdint>
#include <optional>

#include "engine/little_endian.h"

namespace mfsim::mail {
namespace {

constexpr std::string_view kRar4("Rar!\x1A\x07\x00", 7);
constexpr std::string_view kRar5("Rar!\x1A\x07\x01\x00", 8);
constexpr std::size_t kMaxHeaders = 65536;  // more blocks than this: treated as damaged

bool rar4_is_encrypted(std::string_view b) {
  constexpr std::uint32_t kMain = 0x73;
  constexpr std::uint32_t kFile = 0x74;
  constexpr std::uint32_t kEnd = 0x7B;
  constexpr std::uint32_t kHeadersEncrypted = 0x0080;  // main header: MHD_PASSWORD
  constexpr std::uint32_t kFileEncrypted = 0x0004;     // file header: LHD_PASSWORD
  constexpr std::uint32_t kLongBlock = 0x8000;         // ADD_SIZE follows HEAD_SIZE
  std::size_t at = kRar4.size();
  for (std::size_t blocks = 0; blocks < kMaxHeaders && at + 7 <= b.size(); ++blocks) {
    const std::uint32_t type = static_cast<unsigned char>(b[at + 2]);
    const std::uint32_t flags = read_le16(b, at + 3);
    const std::uint64_t size = read_le16(b, at + 5);
    if (type == kMain && (flags & kHeadersEncrypted) != 0) return true;
    if (type == kFile && (flags & kFileEncrypted) != 0) return true;
    if (type == kEnd || size < 7) return false;
    std::uint64_t add = 0;
    if ((flags & kLongBlock) != 0) {
      if (at + 11 > b.size()) return false;
      add = read_le32(b, at + 7);
    }
    if (size + add > b.size() - at) return false;
    at += size + add;
  }
  return false;
}

// A RAR 5 variable-length integer: 7 bits a byte, least significant first, the high bit set
// on every byte but the last; at most 10 bytes.
std::optional<std::uint64_t> vint(std::string_view b, std::size_t& at) {
  std::uint64_t value = 0;
  for (unsigned shift = 0; shift < 70 && at < b.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(b[at++]);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

// Whether a RAR 5 file header's extra area holds a file encryption record (type 1).
bool extra_area_encrypted(std::string_view extra) {
  std::size_t at = 0;
  while (at < extra.size()) {
    const std::size_t start = at;
    const auto size = vint(extra, at);
    if (!size || *size > extra.size() - at) return false;
    const std::size_t end = at + static_cast<std::size_t>(*size);
    const auto type = vint(extra, at);
    if (!type || at > end) return false;
    if (*type == 1) return true;
    at = end;
    if (at == start) return false;
  }
  return false;
}

bool rar5_is_encrypted(std::string_view b) {
  constexpr std::uint64_t kFile = 2;
  constexpr std::uint64_t kEncryption = 4;  // the archive encryption header: headers encrypted
  constexpr std::uint64_t kEnd = 5;
  constexpr std::uint64_t kHasExtra = 0x0001;
  constexpr std::uint64_t kHasData = 0x0002;
  std::size_t at = kRar5.size();
  for (std::size_t headers = 0; headers < kMaxHeaders && at + 4 < b.size(); ++headers) {
    std::size_t field = at + 4;  // after the header's CRC32
    const auto size = vint(b, field);
    if (!size || *size > b.size() - field) return false;
    const std::string_view header = b.substr(field, static_cast<std::size_t>(*size));
    std::size_t in = 0;
    const auto type = vint(header, in);
    const auto flags = vint(header, in);
    if (!type || !flags) return false;
    if (*type == kEncryption) return true;
    if (*type == kEnd) return false;
    std::uint64_t extra = 0;
    std::uint64_t data = 0;
    if ((*flags & kHasExtra) != 0) {
      const auto value = vint(header, in);
      if (!value || *value > header.size()) return false;
      extra = *value;
    }
    if ((*flags & kHasData) != 0) {
      const auto value = vint(header, in);
      if (!value) return false;
      data = *value;
    }
    if (*type == kFile && extra > 0 &&
        extra_area_encrypted(header.substr(header.size() - static_cast<std::size_t>(extra)))) {
      return true;
    }
    const std::size_t next = field + header.size();
    if (data > b.size() - next) return false;
    at = next + static_cast<std::size_t>(data);
  }
  return false;
}

}  // namespace

bool rar_is_encrypted(std::string_view bytes) noexcept {
  if (bytes.substr(0, kRar5.size()) == kRar5) return rar5_is_encrypted(bytes);
  if (bytes.substr(0, kRar4.size()) == kRar4) return rar4_is_encrypted(bytes);
  return false;
}

}  // namespace mfsim::mail
