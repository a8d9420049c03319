// What mfsim reads of the ZIP format itself, in one place for every reader: whether bytes are
// a ZIP archive (attachment sniffing, ZIP files in the corpus), where its end of central
// directory record is (the encryption check in password_protected), and how many entries it
// states (libzip's entry bound in zip_archive).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mfsim::mail {

// A local file header first, or the end record of an empty archive.
[[nodiscard]] constexpr bool looks_like_zip(std::string_view bytes) noexcept {
  const std::string_view head = bytes.substr(0, 4);
  return head == std::string_view("PK\x03\x04", 4) || head == std::string_view("PK\x05\x06", 4);
}

// The record without its comment ([APPNOTE.TXT] 4.3.16): signature, disk numbers, entry counts,
// the central directory's size and offset, and the comment's length.
inline constexpr std::size_t kZipEndRecordBytes = 22;

// The offset of the end of central directory record: the last signature with room for the whole
// record after it, no further from the end than the record and its longest comment (65,535
// bytes). nullopt when there is none.
[[nodiscard]] std::optional<std::size_t> find_zip_end_record(std::string_view bytes) noexcept;

// The entry count the end record states (its ZIP64 record's when the classic one says 0xFFFF),
// or 0 when there is no end record.
[[nodiscard]] std::uint64_t stated_zip_entries(std::string_view bytes) noexcept;

}  // namespace mfsim::mail
