// Whether an Office document stored as a compound file ([MS-CFB]) is locked by a password:
// Word, Excel and PowerPoint 97-2003 encryption ([MS-OFFCRYPTO] 2.3), or an Office 2007 and
// later document saved with a password, which Office stores as a compound file holding an
// `EncryptedPackage` stream ([MS-OFFCRYPTO] 2.3.4.4). For AttachmentIsPasswordProtected
// (decision 187).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/mail/key_derivations.h"
#include "engine/mail/office_binary_encryption.h"

namespace mfsim::mail {

// How the compound file `bytes` is locked. Excel's and PowerPoint's default passwords are
// tried (office_binary_encryption.h), and Excel's on an Office 2007 and later package, whose
// key is derived within the message's `derivations` (a package past them stays locked).
[[nodiscard]] office97::protection office_binary_protection(std::string_view bytes,
                                                            key_derivations& derivations);

// The package of an Office 2007 and later workbook in the compound file `bytes`, encrypted with
// Excel's default password (office_package_encryption.h), which Excel opens without a prompt;
// nullopt for any other file, for another password, for a package that is no workbook (Word
// and PowerPoint would ask for the password), one larger than `max_bytes`, or one whose key
// does not fit what is left of `derivations`.
[[nodiscard]] std::optional<std::string> default_password_workbook(std::string_view bytes,
                                                                   std::size_t max_bytes,
                                                                   key_derivations& derivations);

}  // namespace mfsim::mail
