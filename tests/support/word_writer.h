// Writing Word 97-2003 documents ([MS-DOC]) for the tests and the fuzzing seeds: a File
// Information Block and a piece table in a compound file (msg_writer.h), so that the .doc
// reader is tested on a fresh clone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mfsim::test {

// One run of a document's text: 8-bit (Windows-1252) or UTF-16LE bytes.
struct word_piece {
  std::string bytes;
  bool eight_bit = true;
};

// A Word 97-2003 document of `pieces`, in order: a FIB whose fcClx/lcbClx point at a Clx in
// 1Table (a Prc before its piece table), each piece's bytes after the FIB in `stream_name`.
// `flags` is FibBase's word at 0x0A (0x0200: the table is 1Table; 0x0100: encrypted).
[[nodiscard]] std::string word_97(const std::vector<word_piece>& pieces,
                                  std::uint16_t flags = 0x0200,
                                  const std::string& stream_name = "WordDocument");

}  // namespace mfsim::test
