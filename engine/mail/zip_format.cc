// The end of central directory record: found by a backward search over the archive's last
// 64 KiB, and the entry count it states.
#include "engine/mail/zip_format.h"

#include "engine/little_endian.h"

namespace mfsim::mail {

std::optional<std::size_t> find_zip_end_record(std::string_view bytes) noexcept {
  constexpr std::size_t kLongestComment = 0xFFFF;
  if (bytes.size() < kZipEndRecordBytes) return std::nullopt;
  const std::size_t lowest = bytes.size() > kZipEndRecordBytes + kLongestComment
                                 ? bytes.size() - kZipEndRecordBytes - kLongestComment
                                 : 0;
  for (std::size_t at = bytes.size() - kZipEndRecordBytes + 1; at-- > lowest;) {
    if (bytes.compare(at, 4, std::string_view("PK\x05\x06", 4)) == 0) return at;
  }
  return std::nullopt;
}

std::uint64_t stated_zip_entries(std::string_view bytes) noexcept {
  const std::optional<std::size_t> end = find_zip_end_record(bytes);
  if (!end) return 0;
  const std::size_t at = *end;
  const std::uint64_t count = read_le(bytes, at + 10, 2);
  if (count != 0xFFFF || at < 20 || bytes.compare(at - 20, 4, "PK\x06\x07") != 0) return count;
  const std::uint64_t zip64 = read_le(bytes, at - 20 + 8, 8);  // the ZIP64 record
  if (zip64 > bytes.size() || bytes.size() - zip64 < 56 ||
      bytes.compare(static_cast<std::size_t>(zip64), 4, "PK\x06\x06") != 0) {
    return count;
  }
  return read_le(bytes, static_cast<std::size_t>(zip64) + 32, 8);
}

}  // namespace mfsim::mail
