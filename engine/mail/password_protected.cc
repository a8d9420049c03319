// is_password_protected(): the encryption markers of ZIP, RAR, PDF and Office files, read in
// place, and of 7z archives through libarchive; a PDF's encryption opened with the empty
// password, an Office file's with the application's default password (decisions 187, 379).
#include "engine/mail/password_protected.h"

#include <cstdint>

#include "engine/little_endian.h"
#include "engine/mail/office_binary_protection.h"
#include "engine/mail/packed_archive.h"
#include "engine/mail/pdf_document.h"
#include "engine/mail/rar_headers.h"
#include "engine/mail/zip_format.h"

namespace mfsim::mail {
namespace {

constexpr std::uint32_t kEncrypted = 1;     // general-purpose bit 0
constexpr std::size_t kMaxEntries = 65535;  // what a ZIP without ZIP64 can list

// The central directory, found from its end record: whether an entry is encrypted; nullopt-like
// -1 when there is none.
int central_directory_encrypted(std::string_view b) {
  const std::optional<std::size_t> end = find_zip_end_record(b);
  if (!end) return -1;
  const std::size_t entries = read_le16(b, *end + 10);
  std::size_t at = read_le32(b, *end + 16);
  for (std::size_t k = 0; k < entries && k < kMaxEntries; ++k) {
    if (at > b.size() || b.size() - at < 46 ||
        b.substr(at, 4) != std::string_view("PK\x01\x02", 4)) {
      return -1;
    }
    if (read_le16(b, at + 8) & kEncrypted) return 1;
    at += 46 + read_le16(b, at + 28) + read_le16(b, at + 30) + read_le16(b, at + 32);
  }
  return 0;
}

bool zip_encrypted(std::string_view b) {
  const int central = central_directory_encrypted(b);
  if (central >= 0) return central == 1;
  return b.size() >= 30 && (read_le16(b, 6) & kEncrypted) != 0;  // the first local header
}

// A PDF with an /Encrypt marker, unless the empty password opens it: encrypted for its
// permissions only, it opens in any reader and its text is inspected (decisions 187, 376).
bool pdf_needs_password(std::string_view b) {
  if (b.find("/Encrypt") == std::string_view::npos) return false;
  try {
    pdf::budget limits;
    return !pdf::document(b, limits, false).opened_without_password();
  } catch (...) {
    return true;  // out of memory: the marker stands
  }
}

// A 7z archive with an encrypted file, or whose header is encrypted: 7z keeps its headers
// compressed, so libarchive reads them (no file is unpacked to list them).
bool seven_zip_encrypted(std::string_view b) {
  try {
    packed_archive archive(b, packed_format::seven_zip);
    std::string name;
    for (std::size_t k = 0; k < kMaxEntries && !archive.saw_encryption() && archive.next(name);)
      ++k;
    return archive.saw_encryption();
  } catch (...) {
    return false;  // out of memory: nothing encrypted was seen
  }
}

}  // namespace

bool is_password_protected(std::string_view bytes, key_derivations& derivations) noexcept {
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return zip_encrypted(bytes);
  if (bytes.substr(0, 5) == "%PDF-") return pdf_needs_password(bytes);
  if (const auto format = packed_format_of(bytes)) {
    if (*format == packed_format::rar) return rar_is_encrypted(bytes);
    if (*format == packed_format::seven_zip) return seven_zip_encrypted(bytes);
    return false;  // cabinet and bzip2 have no encryption of their own
  }
  constexpr std::string_view kOle("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  if (bytes.substr(0, 8) == kOle) {
    try {
      return office_binary_protection(bytes, derivations) == office97::protection::password;
    } catch (...) {
      return true;  // out of memory opening its encryption: the file stays locked
    }
  }
  return false;
}

bool is_password_protected(std::string_view bytes) noexcept {
  key_derivations own;
  return is_password_protected(bytes, own);
}

}  // namespace mfsim::mail
