// Reading one MIME part parsed by mimetic: shared by the body walk (mime_body.cc) and the
// search for attached messages (attached_messages.cc).
#pragma once

#include <string>

namespace mimetic {
class MimeEntity;
}

namespace mfsim::mail {

// The body bytes of a leaf part, transfer-decoded (base64, quoted-printable; others as is).
[[nodiscard]] std::string decoded_body(const mimetic::MimeEntity& part);

// The attachment's file name: Content-Disposition filename, else Content-Type name (RFC 2047
// and RFC 2231 forms decoded); empty when it has none.
[[nodiscard]] std::string attachment_name(const mimetic::MimeEntity& part);

}  // namespace mfsim::mail
