// AttachmentIsPasswordProtected: whether an attachment's bytes are a file whose content is
// locked by a password, so that Exchange cannot inspect it.
#pragma once

#include <string_view>

#include "engine/mail/key_derivations.h"

namespace mfsim::mail {

// True for a ZIP archive with an encrypted entry (general-purpose flag bit 0, in the central
// directory or, without one, the first local header), a PDF with an /Encrypt dictionary that
// the empty password does not open, and an Office Open XML document saved with a password (an OLE
// compound file holding the EncryptedPackage stream) unless it is a workbook that Excel's default
// password opens. That password's key is derived within the message's `derivations`: a package
// past them is not opened and stays locked (decision 1000). Reads at most the bytes given;
// never throws.
[[nodiscard]] bool is_password_protected(std::string_view bytes,
                                         key_derivations& derivations) noexcept;

// The same for a file on its own, with the budget of a whole message.
[[nodiscard]] bool is_password_protected(std::string_view bytes) noexcept;

}  // namespace mfsim::mail
