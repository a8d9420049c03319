// Byte offsets to file:line:col, for every loader that reads text it did not parse itself.
#include "engine/rules/text_positions.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/utf8_bom.h"

namespace mfsim::rules {
namespace {

// One bit per byte marks the bytes of one kind (the first byte of a character, a line feed),
// and each 64-byte word keeps how many came before it: the marks before any offset cost one
// look-up and a popcount, however long its line (a one-line ConvertTo-Json -Compress export has
// every value on line 1), and where the n-th mark is costs a binary search. A quarter of the
// text's size whatever it holds: a vector of line starts took 8 bytes a line, 16 while it grew,
// so a 1 GiB mailbox state of line feeds asked for 16 GiB (decision 1086).
class byte_marks {
 public:
  template <typename Marked>
  byte_marks(std::string_view text, Marked marked)
      : bits_(text.size() / 64 + 1), before_(text.size() / 64 + 1), size_(text.size()) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (marked(static_cast<unsigned char>(text[i])))
        bits_[i / 64] |= std::uint64_t{1} << (i % 64);
    }
    std::size_t count = 0;
    for (std::size_t w = 0; w < bits_.size(); ++w) {
      before_[w] = count;
      count += static_cast<std::size_t>(std::popcount(bits_[w]));
    }
  }

  // Marked bytes in [0, offset); bytes past the end count nothing.
  [[nodiscard]] std::size_t count(std::size_t offset) const noexcept {
    offset = std::min(offset, size_);
    const std::size_t w = offset / 64;
    const std::uint64_t below = (std::uint64_t{1} << (offset % 64)) - 1;
    return before_[w] + static_cast<std::size_t>(std::popcount(bits_[w] & below));
  }

  // The offset of the n-th marked byte, n from 1 to count(size).
  [[nodiscard]] std::size_t offset_of(std::size_t n) const noexcept {
    // The last word with fewer than n marks before it holds the n-th.
    const std::size_t w =
        static_cast<std::size_t>(std::lower_bound(before_.begin(), before_.end(), n) -
                                 before_.begin()) -
        1;
    std::uint64_t word = bits_[w];
    for (std::size_t k = n - before_[w]; k > 1; --k) word &= word - 1;
    return 64 * w + static_cast<std::size_t>(std::countr_zero(word));
  }

 private:
  std::vector<std::uint64_t> bits_;  // bit b of word w: byte 64w+b is marked
  std::vector<std::size_t> before_;  // marks in the words before word w
  std::size_t size_ = 0;             // bytes of text
};

}  // namespace

position_map text_positions(std::string_view text, const std::string& file_name) {
  // Columns count characters: the bytes that are not UTF-8 continuation bytes.
  auto characters = std::make_shared<const byte_marks>(
      text, [](unsigned char c) { return (c & 0xC0u) != 0x80u; });
  auto line_feeds =
      std::make_shared<const byte_marks>(text, [](unsigned char c) { return c == '\n'; });
  const std::size_t bom = utf8_bom_length(text);
  return [characters, line_feeds, bom, file_name](std::size_t offset) {
    const std::size_t feeds = line_feeds->count(offset);
    // Line 1 starts after the byte order mark (it takes no column), a later line after its feed.
    const std::size_t begin =
        feeds > 0 ? line_feeds->offset_of(feeds) + 1 : (offset < bom ? 0 : bom);
    const std::size_t col = 1 + characters->count(offset) - characters->count(begin);
    return source_span{file_name, static_cast<int>(feeds + 1), static_cast<int>(col)};
  };
}

}  // namespace mfsim::rules
