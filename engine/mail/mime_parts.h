// Reading one MIME part parsed by mimetic: shared by the body walk (mime_body.cc) and the
// search for attached messages (attached_messages.cc).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mimetic {
class MimeEntity;
struct Header;
}  // namespace mimetic

namespace mfsim::mail {

// `raw` decoded from Content-Transfer-Encoding `mechanism` (base64, quoted-printable, any case,
// its first token read: comments, blanks, quotes and a `;` around it ignored; other mechanisms
// as is).
[[nodiscard]] std::string decode_transfer_encoding(std::string_view raw,
                                                   std::string_view mechanism);

// The size decode_transfer_encoding(raw, mechanism) returns, where it is known without
// decoding: for base64 and for the mechanisms left as is; nullopt for quoted-printable.
[[nodiscard]] std::optional<std::size_t> decoded_size(std::string_view raw,
                                                      std::string_view mechanism);

// The body bytes of a leaf part, transfer-decoded (base64, quoted-printable; others as is).
[[nodiscard]] std::string decoded_body(const mimetic::MimeEntity& part);

// The part's media type, "type/subtype" lower-cased (always one '/'; "/" without a Content-Type):
// without the RFC 5322 comments mimetic keeps in it (`text/html (x)` is its subtype `html (x)`)
// and the blanks around each half (decision 710).
[[nodiscard]] std::string media_type(const mimetic::MimeEntity& part);

// The text of the header's first field named `name` (any case), unfolded as mimetic keeps it;
// empty when it has none.
[[nodiscard]] std::string first_field_value(const mimetic::Header& h, std::string_view name);

// The attachment's file name: Content-Disposition filename, else Content-Type name (RFC 2047
// and RFC 2231 forms decoded); empty when it has none.
[[nodiscard]] std::string attachment_name(const mimetic::MimeEntity& part);

}  // namespace mfsim::mail
