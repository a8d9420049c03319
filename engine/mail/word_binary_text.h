// The text of a Word 97-2003 document (.doc, [MS-DOC]), for the attachment content conditions
// (decision 375): the characters its piece table lists, in the order of the document.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

// Appends the text of the Word 97-2003 document in the compound file `bytes` to `out` as
// rendered text (rendered_text.h): each piece 8-bit (Windows-1252) or UTF-16, paragraph, line,
// cell and page marks a space, field instructions left out (their results read), other control
// characters dropped. Stops once `out` holds `max_bytes` (cut there). Returns false, `out` as
// it was, when the file is no readable Word document: another Office file (Excel, PowerPoint,
// Visio), an encrypted one, or one whose tables are damaged.
bool append_word_binary_text(std::string_view bytes, std::string& out, std::size_t max_bytes);

}  // namespace mfsim::mail
