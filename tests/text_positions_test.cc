// text_positions: the line:col of every byte offset, checked against counting the text itself.
#include "engine/rules/text_positions.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>

namespace {

// Line and column of `offset` by walking the text: lines after each '\n', columns in characters
// (bytes that are not UTF-8 continuation bytes), a leading byte order mark taking none.
std::pair<int, int> walked(const std::string& text, std::size_t offset) {
  const std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  int line = 1;
  std::size_t begin = offset < bom ? 0 : bom;
  for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      begin = i + 1;
    }
  }
  int col = 1;
  for (std::size_t i = begin; i < std::min(offset, text.size()); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) ++col;
  return {line, col};
}

}  // namespace

TEST_SUITE("text positions") {
  TEST_CASE("every offset's line and column are those counted in the text") {
    std::string lines;  // lines of every length around a 64-byte word, UTF-8 in some
    for (int k = 0; k < 200; ++k)
      lines += std::string(static_cast<std::size_t>(k % 70), k % 3 == 0 ? 'a' : '\xC3') +
               (k % 3 == 1 ? "\xA9" : "") + "\n";
    for (const std::string& text :
         {std::string{}, std::string("\n\n\n"), std::string("\xEF\xBB\xBF") + "ab\ncd",
          std::string("\xEF\xBB\xBF") + "\n", std::string(130, 'x'), lines, lines + "end"}) {
      const auto where = mfsim::rules::text_positions(text, "f");
      for (std::size_t offset = 0; offset <= text.size() + 2; ++offset) {
        CAPTURE(offset);
        const auto span = where(offset);
        CHECK(span.file == "f");
        CHECK(std::pair{span.line, span.col} == walked(text, offset));
      }
    }
  }
}
