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

// Columns count characters: the bytes that are not UTF-8 continuation bytes. One bit per byte
// marks them, and each 64-byte word keeps how many came before it, so the characters before any
// offset cost one look-up and a popcount, however long its line (a one-line ConvertTo-Json
// -Compress export has every value on line 1).
struct character_index {
  std::vector<std::uint64_t> starts;  // bit b of word w: byte 64w+b starts a character
  std::vector<std::size_t> before;    // characters in the words before word w
  std::size_t size = 0;               // bytes of text

  explicit character_index(std::string_view text)
      : starts(text.size() / 64 + 1), before(text.size() / 64 + 1), size(text.size()) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) {
        starts[i / 64] |= std::uint64_t{1} << (i % 64);
      }
    }
    std::size_t count = 0;
    for (std::size_t w = 0; w < starts.size(); ++w) {
      before[w] = count;
      count += static_cast<std::size_t>(std::popcount(starts[w]));
    }
  }

  // Characters that start in [0, offset); bytes past the end count nothing.
  [[nodiscard]] std::size_t count(std::size_t offset) const noexcept {
    offset = std::min(offset, size);
    const std::size_t w = offset / 64;
    const std::uint64_t below = (std::uint64_t{1} << (offset % 64)) - 1;
    return before[w] + static_cast<std::size_t>(std::popcount(starts[w] & below));
  }
};

}  // namespace

position_map text_positions(std::string_view text, const std::string& file_name) {
  auto starts = std::make_shared<std::vector<std::size_t>>();
  starts->push_back(utf8_bom_length(text));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts->push_back(i + 1);
  }
  auto characters = std::make_shared<const character_index>(text);
  return [starts, characters, file_name](std::size_t offset) {
    const auto it = std::upper_bound(starts->begin(), starts->end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - starts->begin());
    const std::size_t begin = line == 0 ? 0 : (*starts)[line - 1];
    const std::size_t col = 1 + characters->count(offset) - characters->count(begin);
    return source_span{file_name, static_cast<int>(std::max<std::size_t>(line, 1)),
                       static_cast<int>(col)};
  };
}

}  // namespace mfsim::rules
