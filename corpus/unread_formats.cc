// Signatures of the formats mfsim does not read (unread_formats.h).
#include "corpus/unread_formats.h"

#include <array>

namespace mfsim::corpus {
namespace {

struct signature {
  std::size_t offset;
  std::string_view magic;
  std::string_view error;
};

using namespace std::string_view_literals;

// Each magic as its format's specification writes it: POSIX ustar (pax, GNU tar write it too),
// 7-Zip, the xz file format, bzip2's stream and block headers, zstd's frame, RAR 1.5-5, and
// MMDF's four ^A message separator.
constexpr std::array<signature, 8> kSignatures = {{
    {257, "ustar"sv, "a tar archive: not read; unpack it first"sv},
    {0, "7z\xBC\xAF\x27\x1C"sv, "a 7z archive: not read; unpack it first"sv},
    {0,
     "\xFD"
     "7zXZ\x00"sv,
     "xz-compressed: not read; decompress it first (unxz)"sv},
    {0, "\x28\xB5\x2F\xFD"sv, "zstd-compressed: not read; decompress it first (unzstd)"sv},
    {0, "Rar!\x1A\x07"sv, "a RAR archive: not read; unpack it first"sv},
    {0, "\x01\x01\x01\x01\n"sv,
     "an MMDF mailbox (messages between ^A^A^A^A lines): not read; convert it to mbox first"sv},
    {0, "\x01\x01\x01\x01\r\n"sv,
     "an MMDF mailbox (messages between ^A^A^A^A lines): not read; convert it to mbox first"sv},
    {0, "BZh"sv, "bzip2-compressed: not read; decompress it first (bunzip2)"sv},
}};

// "BZh", a block size '1'-'9', then a block's magic (pi) or the end of stream's (sqrt pi).
bool is_bzip2(std::string_view data) noexcept {
  if (data.size() < 10 || data[3] < '1' || data[3] > '9') return false;
  const std::string_view block = data.substr(4, 6);
  return block == "\x31\x41\x59\x26\x53\x59"sv || block == "\x17\x72\x45\x38\x50\x90"sv;
}

}  // namespace

std::string_view unread_format_error(std::string_view data) noexcept {
  for (const signature& s : kSignatures) {
    if (data.size() < s.offset + s.magic.size()) continue;
    if (data.substr(s.offset, s.magic.size()) != s.magic) continue;
    if (s.magic == "BZh"sv && !is_bzip2(data)) continue;
    return s.error;
  }
  return {};
}

}  // namespace mfsim::corpus
