// Whether an Office document stored as a compound file ([MS-CFB]) is locked by a password:
// Word, Excel and PowerPoint 97-2003 encryption ([MS-OFFCRYPTO] 2.3), or an Office 2007 and
// later document saved with a password, which Office stores as a compound file holding an
// `EncryptedPackage` stream ([MS-OFFCRYPTO] 2.3.4.4). For AttachmentIsPasswordProtected
// (decision 187).
#pragma once

#include <string_view>

#include "engine/mail/office_binary_encryption.h"

namespace mfsim::mail {

// How the compound file `bytes` is locked. Excel's and PowerPoint's default passwords are
// tried (office_binary_encryption.h); an Office 2007 and later package's is not.
[[nodiscard]] office97::protection office_binary_protection(std::string_view bytes);

}  // namespace mfsim::mail
