// An attachment part's bytes as the attachment conditions read them, and their size where it is
// known without decoding.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mimetic {
class MimeEntity;
}  // namespace mimetic

namespace mfsim::mail {

// Whether a Content-Transfer-Encoding mechanism (as transfer_encoding_mechanism() gives it)
// is one of uuencode's.
[[nodiscard]] bool is_uuencode_mechanism(std::string_view mechanism);

// An attachment's bytes: its Content-Transfer-Encoding undone, uuencode's too for the
// `x-uuencode` and `x-uue` encodings [MS-OXCMAIL] section 2.2.3.4.1.5 lists (and `uuencode`),
// whose first file is the content; a body that holds none is the content as sent
// (decision 875).
[[nodiscard]] std::string attachment_bytes(const mimetic::MimeEntity& part);

// The size of attachment_bytes(part) where it is known without decoding: not for the
// uuencode mechanisms, nor quoted-printable.
[[nodiscard]] std::optional<std::size_t> attachment_size(const mimetic::MimeEntity& part);

}  // namespace mfsim::mail
