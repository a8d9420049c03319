// The text of a PowerPoint 97-2003 presentation (.ppt, [MS-PPT]), for the attachment content
// conditions (decision 377): the characters of its text atoms, as the slides of a .pptx are
// read (decision 250).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/office_binary_encryption.h"

namespace mfsim::mail {

class compound_file;

// Appends the text of the `PowerPoint Document` stream `document` to `out` as rendered text:
// every TextCharsAtom (UTF-16) and TextBytesAtom (8-bit) in the order of the stream, a space
// between them and for their paragraph and line breaks. Stops once `out` holds `max_bytes`
// (cut between characters). Returns false, `out` as it was, when the stream does not start
// with a record container (no PowerPoint document).
bool append_slides_text(std::string_view document, std::string& out, std::size_t max_bytes);

// The storage of an OLE object a presentation embeds: a compound file; `cut` when it held more
// than the bytes left to read.
struct presentation_object {
  std::string storage;
  bool cut = false;
};

// The OLE objects embedded in the `PowerPoint Document` stream `document` (ExOleObjStg atoms,
// zlib-compressed or not): at most `max_objects`, `max_bytes` of them in all; a cut one is the
// last.
[[nodiscard]] std::vector<presentation_object> presentation_objects(std::string_view document,
                                                                    std::size_t max_objects,
                                                                    std::size_t max_bytes);

// How the presentation in `file` is locked ([MS-PPT] 2.3.7): encrypted when its CurrentUser
// atom says so, with PowerPoint's default password when that opens the CryptSession10Container
// the last edit's persist directory names.
[[nodiscard]] office97::protection presentation_protection(const compound_file& file);

}  // namespace mfsim::mail
