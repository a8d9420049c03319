// Compressed RTF ([MS-OXRTFCP]).
#include "engine/mail/compressed_rtf.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "engine/little_endian.h"

namespace mfsim::mail {

std::string decompress_rtf(std::string_view in, std::size_t max_bytes) {
  // The dictionary's initial contents ([MS-OXRTFCP] 2.1.2.1).
  static constexpr std::string_view kPrebuf =
      "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
      "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
      "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
  static_assert(kPrebuf.size() == 207);
  if (in.size() < 16) return {};
  const std::uint32_t raw_size = read_le32(in, 4);
  const std::uint32_t kind = read_le32(in, 8);
  const std::size_t limit = std::min<std::size_t>(raw_size, max_bytes);
  if (kind == 0x414C454D) return std::string(in.substr(16, limit));  // "MELA": stored as is
  if (kind != 0x75465A4C) return {};                                 // not "LZFu"
  std::array<char, 4096> dict{};
  std::copy(kPrebuf.begin(), kPrebuf.end(), dict.begin());
  std::size_t write = kPrebuf.size();
  std::string out;
  std::size_t pos = 16;
  while (pos < in.size() && out.size() < limit) {
    const auto control = static_cast<unsigned char>(in[pos++]);
    for (int bit = 0; bit < 8 && pos < in.size() && out.size() < limit; ++bit) {
      if ((control & (1u << bit)) == 0) {
        out += in[pos];
        dict[write++ % dict.size()] = in[pos++];
        continue;
      }
      if (pos + 1 >= in.size()) return out;
      const unsigned ref = (static_cast<unsigned>(static_cast<unsigned char>(in[pos])) << 8) |
                           static_cast<unsigned char>(in[pos + 1]);
      pos += 2;
      const unsigned offset = ref >> 4;
      const unsigned length = (ref & 0x0F) + 2;
      if (offset == write % dict.size()) return out;  // the end marker
      for (unsigned k = 0; k < length && out.size() < limit; ++k) {
        const char c = dict[(offset + k) % dict.size()];
        out += c;
        dict[write++ % dict.size()] = c;
      }
    }
  }
  return out;
}

}  // namespace mfsim::mail
