// Text in UTF-16 decoded strictly to UTF-8: a file cut inside a character, or holding half a
// surrogate pair, is refused with where it happened, not read with a character dropped or
// replaced. Rule files, directories, mailbox states, expectations files and manifests read
// Windows' UTF-16 through it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mfsim {

// Where and why UTF-16 text could not be decoded: `line` and `column` (from 1, the column in
// characters) of the character that could not be.
struct utf16_failure {
  std::string reason;
  int line = 1;
  int column = 1;
};

// Decodes UTF-16 code units (`bytes`, after any byte order mark) to UTF-8. nullopt, with
// `failure`, when `bytes` ends in the middle of a code unit or holds an unpaired surrogate.
// `first_byte`: where `bytes` start in the file (the mark's size), so that a byte named in
// `failure` is the file's.
[[nodiscard]] std::optional<std::string> decode_utf16(std::string_view bytes, bool little_endian,
                                                      utf16_failure& failure,
                                                      std::size_t first_byte = 0);

// The text of the file `path` as UTF-8: `bytes` decoded when they start as UTF-16 (a byte order
// mark, or a zero byte beside the first character: utf16_start_of), as they are otherwise
// without a UTF-8 byte order mark. Throws load_error at the line and column where UTF-16
// cannot be decoded (decision 681).
[[nodiscard]] std::string utf8_file_text(std::string bytes, const std::string& path);

}  // namespace mfsim
