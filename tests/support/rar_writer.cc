// RAR 4 and RAR 5 archives of stored files for the tests (rar_writer.h).
#include "tests/support/rar_writer.h"

#include <zlib.h>

#include <cstdint>

#include "tests/support/le_bytes.h"

namespace mfsim::test {
namespace {

std::uint32_t crc32_of(const std::string& bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

// RAR 4: a block is HEAD_CRC (the CRC32's low 16 bits over the rest of the header), then
// HEAD_TYPE, HEAD_FLAGS, HEAD_SIZE and the fields of its type.
std::string rar4_block(std::uint32_t type, std::uint32_t flags, const std::string& fields) {
  const std::string rest = le_bytes(type, 1) + le_bytes(flags, 2) +
                           le_bytes(static_cast<std::uint32_t>(7 + fields.size()), 2) + fields;
  return le_bytes(crc32_of(rest) & 0xFFFF, 2) + rest;
}

// RAR 5's variable-length integer: 7 bits a byte, the high bit on all but the last.
std::string vint(std::uint64_t value) {
  std::string out;
  do {
    auto byte = static_cast<unsigned char>(value & 0x7F);
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out += static_cast<char>(byte);
  } while (value != 0);
  return out;
}

// RAR 5: a header is its CRC32 over the size and the data, the size of the data, the data.
std::string rar5_header(const std::string& data) {
  const std::string sized = vint(data.size()) + data;
  return le_bytes(crc32_of(sized), 4) + sized;
}

}  // namespace

std::string rar4_of(const std::vector<rar_file>& files, bool headers_encrypted) {
  constexpr std::uint32_t kLongBlock = 0x8000;
  std::string out("Rar!\x1A\x07\x00", 7);
  out += rar4_block(0x73, headers_encrypted ? 0x0080 : 0, std::string(6, '\0'));
  if (headers_encrypted) return out;
  for (const rar_file& f : files) {
    const auto size = static_cast<std::uint32_t>(f.data.size());
    const std::string fields =
        le_bytes(size, 4) + le_bytes(size, 4) + le_bytes(0, 1) +   // packed, unpacked, MS-DOS
        le_bytes(crc32_of(f.data), 4) + le_bytes(0x5C210000, 4) +  // data CRC, 2026-01-01
        le_bytes(20, 1) + le_bytes(0x30, 1) +                      // version 2.0, stored
        le_bytes(static_cast<std::uint32_t>(f.name.size()), 2) + le_bytes(0x20, 4) + f.name;
    out += rar4_block(0x74, kLongBlock | (f.encrypted ? 0x0004 : 0), fields) + f.data;
  }
  return out + rar4_block(0x7B, 0x4000, "");
}

std::string rar5_of(const std::vector<rar_file>& files, bool headers_encrypted) {
  std::string out("Rar!\x1A\x07\x01\x00", 8);
  if (headers_encrypted) {  // version 0, no check value, 2^15 rounds, a salt
    return out + rar5_header(vint(4) + vint(0) + vint(0) + vint(0) + le_bytes(15, 1) +
                             std::string(16, 's'));
  }
  out += rar5_header(vint(1) + vint(0) + vint(0));  // the main header: no flags
  for (const rar_file& f : files) {
    // A file encryption record: version 0, no flags, 2^15 rounds, salt and IV.
    const std::string record =
        f.encrypted ? vint(0) + vint(0) + le_bytes(15, 1) + std::string(32, 'k') : "";
    const std::string extra = f.encrypted ? vint(record.size() + 1) + vint(1) + record : "";
    const std::uint64_t header_flags = 0x0002 | (extra.empty() ? 0 : 0x0001);
    std::string data = vint(2) + vint(header_flags);
    if (!extra.empty()) data += vint(extra.size());
    data += vint(f.data.size());
    data += vint(0x0004) + vint(f.data.size()) + vint(0x20) +    // CRC present, size, attributes
            le_bytes(crc32_of(f.data), 4) + vint(0) + vint(0) +  // stored, Windows
            vint(f.name.size()) + f.name + extra;
    out += rar5_header(data) + f.data;
  }
  return out + rar5_header(vint(5) + vint(0) + vint(0));
}

}  // namespace mfsim::test
