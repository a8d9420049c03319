// find_zip_end_record(): a backward search over the archive's last 64 KiB.
#include "engine/mail/zip_format.h"

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

}  // namespace mfsim::mail
