// The text of a PDF attachment, for the attachment content conditions (decision 376): the
// strings its pages' content streams show, through each font's ToUnicode map or encoding, in
// page order, with a space where the pen jumps between them as a reader sees words apart.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/mail/pdf_document.h"

namespace mfsim::mail {

// Appends the text of the PDF file `bytes` to `out` as rendered text (rendered_text.h), up to
// `max_bytes` of `out` (cut there, between characters). Reading stops where `limits` is
// reached, and `limits.exceeded` says which bound it was. Returns false, `out` as it was, when
// the file's text cannot be read: it is encrypted, or no page tree is found in it.
bool append_pdf_text(std::string_view bytes, std::string& out, std::size_t max_bytes,
                     pdf::budget& limits);

}  // namespace mfsim::mail
