// PowerPoint records ([MS-PPT] 2.3.1 RecordHeader): a container's children follow its header,
// an atom's data is its length; TextCharsAtom 2.9.12 and TextBytesAtom 2.9.13 hold text.
#include "engine/mail/powerpoint_binary_text.h"

#include "engine/little_endian.h"
#include "engine/mail/rendered_text.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

constexpr std::uint32_t kContainer = 0xF;  // recVer of a container record
constexpr std::uint32_t kTextChars = 0x0FA0;
constexpr std::uint32_t kTextBytes = 0x0FA8;
constexpr std::size_t kHeaderSize = 8;

}  // namespace

bool append_slides_text(std::string_view document, std::string& out, std::size_t max_bytes) {
  if (document.size() < kHeaderSize || (read_le16(document, 0) & 0xF) != kContainer) return false;
  // One pass over the records: a container's header is passed and its children read in turn,
  // so nesting costs no recursion.
  for (std::size_t at = 0; at + kHeaderSize <= document.size() && out.size() < max_bytes;) {
    const std::uint32_t version = read_le16(document, at) & 0xF;
    const std::uint32_t type = read_le16(document, at + 2);
    const std::uint32_t length = read_le32(document, at + 4);
    at += kHeaderSize;
    if (version == kContainer) continue;
    if (length > document.size() - at) break;  // cut short: what came before is read
    if (type == kTextChars || type == kTextBytes) {
      // TextBytesAtom holds UTF-16's low bytes (Latin-1); \r ends a paragraph, \v a line.
      append_rendered(' ', out);
      append_rendered_units(document.substr(at, length), type == kTextChars, out, max_bytes);
    }
    at += length;
  }
  cut_utf8_to(out, max_bytes);
  return true;
}

}  // namespace mfsim::mail
