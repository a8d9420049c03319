// The text of a Word 97-2003 document (.doc, [MS-DOC]), for the attachment content conditions
// (decision 375): the characters its piece table lists, in the order of the document.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

class compound_file;

// Appends the text of the Word 97-2003 document whose `WordDocument` stream is `word`, in the
// compound file `file` (which holds its table stream), to `out` as rendered text
// (rendered_text.h): each piece 8-bit (Windows-1252) or UTF-16, paragraph, line, cell and page
// marks a space, field instructions left out (their results read), other control characters
// dropped. Stops once `out` holds `max_bytes` (cut there). Returns false, `out` as
// it was, when the file is no readable Word document: an older version, an encrypted one, or
// one whose tables are damaged.
bool append_word_binary_text(const compound_file& file, std::string_view word, std::string& out,
                             std::size_t max_bytes);

// Whether the Word document whose `WordDocument` stream is `word` is encrypted (FibBase's
// fEncrypted: RC4, RC4 CryptoAPI or XOR obfuscation, [MS-DOC] 2.5.2). Word has no default
// password: an encrypted document always needs one.
[[nodiscard]] bool word_is_encrypted(std::string_view word);

}  // namespace mfsim::mail
