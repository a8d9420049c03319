// Word 97-2003 documents for the tests (word_writer.h). Offsets: [MS-DOC] 2.5.1-2.5.6 (the
// FIB), 2.9.38 (Clx), 2.9.177 (Pcd).
#include "tests/support/word_writer.h"

#include "tests/support/le_bytes.h"
#include "tests/support/msg_writer.h"

namespace mfsim::test {
namespace {

std::string le32(std::uint32_t value) { return le_bytes(value, 4); }

}  // namespace

std::string word_97(const std::vector<word_piece>& pieces, std::uint16_t flags,
                    const std::string& stream_name) {
  // FibBase (32 bytes), csw 14 and fibRgW, cslw 22 and fibRgLw, cbRgFcLcb 93: the pairs start.
  constexpr std::size_t kPairs = 32 + 2 + 14 * 2 + 2 + 22 * 4 + 2;
  constexpr std::size_t kClxPair = 33;  // fcClx, lcbClx
  std::string word(1024, '\0');
  put_le(word, 0, 0xA5EC, 2);  // wIdent
  put_le(word, 2, 0x00C1, 2);  // nFib: Word 97
  put_le(word, 0x0A, flags, 2);
  put_le(word, 32, 14, 2);
  put_le(word, 32 + 2 + 14 * 2, 22, 2);
  put_le(word, kPairs - 2, 93, 2);
  std::string cps = le32(0);
  std::string pcds;
  std::uint32_t cp = 0;
  for (const word_piece& p : pieces) {
    const auto at = static_cast<std::uint32_t>(word.size());
    word += p.bytes;
    cp += static_cast<std::uint32_t>(p.eight_bit ? p.bytes.size() : p.bytes.size() / 2);
    cps += le32(cp);
    // An 8-bit piece's fc is twice its offset, with fCompressed set.
    pcds += std::string(2, '\0') + le32(p.eight_bit ? (at * 2) | 0x40000000u : at) +
            std::string(2, '\0');
  }
  const std::string plc = cps + pcds;
  const std::string clx = std::string("\x01\x02\x00\xAA\xBB", 5) + '\x02' +
                          le32(static_cast<std::uint32_t>(plc.size())) + plc;
  put_le(word, kPairs + kClxPair * 8, 0, 4);  // fcClx: the start of 1Table
  put_le(word, kPairs + kClxPair * 8 + 4, static_cast<std::uint32_t>(clx.size()), 4);
  return write_compound_file({{stream_name, false, word, {}}, {"1Table", false, clx, {}}});
}

}  // namespace mfsim::test
