// Writing Excel and PowerPoint 97-2003 files for the tests and the fuzzing seeds: their record
// streams in a compound file (msg_writer.h), so that the .xls and .ppt readers are tested on a
// fresh clone.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mfsim::test {

// A string of a workbook or a text atom: 8-bit (Latin-1) bytes, or UTF-16LE ones when `wide`.
struct office_text {
  std::string bytes;
  bool wide = false;
};

// An Excel 97-2003 workbook ([MS-XLS] BIFF8): a BOF, a FILEPASS when `encrypted`, the shared
// strings `strings` in an SST whose records hold at most `record_size` bytes (the rest in
// CONTINUE records, a string's characters split between them behind a new flags byte), a
// LABEL cell for each of `labels`, and an EOF.
[[nodiscard]] std::string excel_97(const std::vector<office_text>& strings,
                                   const std::vector<office_text>& labels = {},
                                   std::size_t record_size = 8224, bool encrypted = false);

// A PowerPoint 97-2003 presentation ([MS-PPT]): a DocumentContainer holding a slide list with
// a TextCharsAtom (wide) or TextBytesAtom for each of `texts`; with `encrypted`, the file also
// holds an EncryptedSummary stream.
[[nodiscard]] std::string powerpoint_97(const std::vector<office_text>& texts,
                                        bool encrypted = false);

}  // namespace mfsim::test
