// office_binary_protection(): one opening of the compound file, then the encryption marker
// of the document stream it holds.
#include "engine/mail/office_binary_protection.h"

#include "engine/mail/compound_file.h"
#include "engine/mail/excel_binary_text.h"
#include "engine/mail/powerpoint_binary_text.h"
#include "engine/mail/word_binary_text.h"

namespace mfsim::mail {

office97::protection office_binary_protection(std::string_view bytes) {
  using office97::protection;
  const compound_file file(bytes);
  if (!file.opened()) return protection::none;
  if (file.root_stream("EncryptedPackage", 0)) return protection::password;
  // Word keeps its encryption flag in the FIB's first 32 bytes.
  if (const auto word = file.root_stream("WordDocument", 32))
    return word_is_encrypted(*word) ? protection::password : protection::none;
  if (const auto workbook = file.root_stream("Workbook", file.size()))
    return workbook_protection(*workbook);
  if (file.root_stream("PowerPoint Document", 0)) return presentation_protection(file);
  return protection::none;
}

}  // namespace mfsim::mail
