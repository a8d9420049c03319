// AttachmentIsPasswordProtected: whether an attachment's bytes are a file whose content is
// locked by a password, so that Exchange cannot inspect it.
#pragma once

#include <string_view>

namespace mfsim::mail {

// True for a ZIP archive with an encrypted entry (general-purpose flag bit 0, in the central
// directory or, without one, the first local header), a PDF with an /Encrypt dictionary that
// the empty password does not open, and an Office Open XML document saved with a password (an OLE
// compound file holding the EncryptedPackage stream). Reads at most the bytes given; never throws.
[[nodiscard]] bool is_password_protected(std::string_view bytes) noexcept;

}  // namespace mfsim::mail
