// office_binary_protection(): one opening of the compound file, then the encryption marker
// of the document stream it holds.
#include "engine/mail/office_binary_protection.h"

#include "engine/mail/compound_file.h"
#include "engine/mail/excel_binary_text.h"
#include "engine/mail/office_documents.h"
#include "engine/mail/office_package_encryption.h"
#include "engine/mail/powerpoint_binary_text.h"
#include "engine/mail/word_binary_text.h"

namespace mfsim::mail {
namespace {

constexpr std::size_t kMaxEncryptionInfo = 64 * 1024;

std::optional<std::string> default_password_workbook(const compound_file& file,
                                                     std::size_t max_bytes,
                                                     key_derivations& derivations) {
  const auto info = file.root_stream("EncryptionInfo", kMaxEncryptionInfo);
  const auto package = file.root_stream("EncryptedPackage", file.size());
  if (!info || !package) return std::nullopt;
  auto plain = office_package::decrypt(*info, *package, office97::kExcelDefaultPassword, max_bytes,
                                       derivations);
  if (!plain) return std::nullopt;
  zip_archive zip(*plain);
  if (package_type(zip) != content_type::spreadsheet) return std::nullopt;
  return plain;
}

}  // namespace

std::optional<std::string> default_password_workbook(std::string_view bytes, std::size_t max_bytes,
                                                     key_derivations& derivations) {
  const compound_file file(bytes);
  if (!file.opened()) return std::nullopt;
  return default_password_workbook(file, max_bytes, derivations);
}

office97::protection office_binary_protection(std::string_view bytes,
                                              key_derivations& derivations) {
  using office97::protection;
  const compound_file file(bytes);
  if (!file.opened()) return protection::none;
  if (file.root_stream("EncryptedPackage", 0)) {
    return default_password_workbook(file, file.size(), derivations) ? protection::default_password
                                                                     : protection::password;
  }
  // Word keeps its encryption flag in the FIB's first 32 bytes.
  if (const auto word = file.root_stream("WordDocument", 32))
    return word_is_encrypted(*word) ? protection::password : protection::none;
  if (const auto workbook = file.root_stream("Workbook", file.size()))
    return workbook_protection(*workbook);
  if (file.root_stream("PowerPoint Document", 0)) return presentation_protection(file);
  return protection::none;
}

}  // namespace mfsim::mail
