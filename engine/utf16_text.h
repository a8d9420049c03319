// Text in UTF-16 decoded strictly to UTF-8: a file cut inside a character, or holding half a
// surrogate pair, is refused with where it happened, not read with a character dropped or
// replaced. Rule files, directories, mailbox states, expectations files and manifests read
// Windows' UTF-16 through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace mfsim {

// Where and why UTF-16 text could not be decoded: `line` and `column` (from 1, the column in
// characters) of the character that could not be.
struct utf16_failure {
  std::string reason;
  int line = 1;
  int column = 1;
};

// UTF-16 decoded a block at a time as a file is read, into the one buffer that holds its text:
// a character cut between two blocks is finished by the next (decision 1125). Fails as
// decode_utf16 does, at the same places.
class utf16_decoder {
 public:
  // `first_byte`: where the code units start in the file (after a byte order mark).
  // `drop_second_mark`: a first character U+FEFF (a second mark, the file converted twice) is
  // not appended, so that no one erases it from the whole text after (decision 1179); a
  // failure on line 1 still counts it as a column.
  explicit utf16_decoder(bool little_endian, std::size_t first_byte = 0,
                         bool drop_second_mark = false) noexcept
      : little_endian_(little_endian), next_byte_(first_byte), drop_mark_(drop_second_mark) {}

  // Appends to `out` (all the text decoded so far) the characters `bytes` finish; false, with
  // `failure`, at an unpaired surrogate.
  [[nodiscard]] bool feed(std::string_view bytes, std::string& out, utf16_failure& failure);
  // False, with `failure`, when the bytes fed end inside a character.
  [[nodiscard]] bool finish(const std::string& out, utf16_failure& failure) const;

 private:
  bool take(std::uint32_t unit, std::string& out, utf16_failure& failure);

  void place_failure(const std::string& out, utf16_failure& failure) const;

  bool little_endian_;
  std::size_t next_byte_;             // the file's byte where the next code unit starts
  bool drop_mark_;                    // a first U+FEFF is dropped
  bool first_ = true;                 // no character decoded yet
  int mark_dropped_ = 0;              // 1 once it was
  std::optional<unsigned char> odd_;  // the first byte of a code unit cut by the block's end
  std::uint32_t high_ = 0;            // a high surrogate waiting for its low one
  std::size_t high_byte_ = 0;         // where that surrogate is in the file
};

// Decodes UTF-16 code units (`bytes`, after any byte order mark) to UTF-8. nullopt, with
// `failure`, when `bytes` ends in the middle of a code unit or holds an unpaired surrogate.
// `first_byte`: where `bytes` start in the file (the mark's size), so that a byte named in
// `failure` is the file's. `drop_second_mark`: as utf16_decoder's.
[[nodiscard]] std::optional<std::string> decode_utf16(std::string_view bytes, bool little_endian,
                                                      utf16_failure& failure,
                                                      std::size_t first_byte = 0,
                                                      bool drop_second_mark = false);

// The error of the file `path` whose UTF-16 fails to decode, at the failure's line and column.
[[nodiscard]] load_error utf16_error(const utf16_failure& failure, const std::string& path);

// The text of the file `path` as UTF-8: `bytes` decoded when they start as UTF-16 (a byte order
// mark, or a zero byte beside the first character: utf16_start_of), as they are otherwise
// without a UTF-8 byte order mark. Throws load_error at the line and column where UTF-16
// cannot be decoded (decision 681).
[[nodiscard]] std::string utf8_file_text(std::string bytes, const std::string& path);

}  // namespace mfsim
