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

// How a workbook is encrypted ([MS-OFFCRYPTO] 2.3): not, with XOR obfuscation (only its
// password verifier is written: the records stay plain), RC4 or RC4 CryptoAPI (the records
// after the FILEPASS are encrypted as [MS-XLS] 2.2.10 says), with `password`.
struct excel_encryption {
  enum class method { none, xor_obfuscation, rc4, rc4_cryptoapi };
  method cipher = method::none;
  std::string password;
};

// An Excel 97-2003 workbook ([MS-XLS] BIFF8): a BOF, a FILEPASS when encrypted, a BoundSheet8,
// the shared strings `strings` in an SST whose records hold at most `record_size` bytes (the
// rest in CONTINUE records, a string's characters split between them behind a new flags byte),
// a LABEL cell for each of `labels`, and an EOF.
[[nodiscard]] std::string excel_97(const std::vector<office_text>& strings,
                                   const std::vector<office_text>& labels = {},
                                   std::size_t record_size = 8224,
                                   const excel_encryption& encryption = {});

// A PowerPoint 97-2003 presentation ([MS-PPT]): a DocumentContainer holding a slide list with
// a TextCharsAtom (wide) or TextBytesAtom for each of `texts`, a persist directory and the
// user edit that names it, and the Current User stream. With a `password`, the presentation is
// marked encrypted (the CurrentUserAtom's token, an EncryptedSummary stream) and holds the
// CryptSession10Container of RC4 CryptoAPI with that password; its records stay plain.
[[nodiscard]] std::string powerpoint_97(const std::vector<office_text>& texts,
                                        const std::string& password = {});

}  // namespace mfsim::test
