// Byte offsets to file:line:col, for every loader that reads text it did not parse itself.
#include "engine/rules/text_positions.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace mfsim::rules {

position_map text_positions(std::string_view text, const std::string& file_name) {
  const bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
  auto starts = std::make_shared<std::vector<std::size_t>>();
  starts->push_back(bom ? 3 : 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts->push_back(i + 1);
  }
  // Columns count characters, so the map keeps the bytes' continuation flags.
  auto continuation = std::make_shared<std::vector<bool>>(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    (*continuation)[i] = (static_cast<unsigned char>(text[i]) & 0xC0u) == 0x80u;
  }
  return [starts, continuation, file_name](std::size_t offset) {
    const auto it = std::upper_bound(starts->begin(), starts->end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - starts->begin());
    const std::size_t begin = line == 0 ? 0 : (*starts)[line - 1];
    std::size_t col = 1;
    for (std::size_t i = begin; i < offset && i < continuation->size(); ++i) {
      if (!(*continuation)[i]) ++col;
    }
    return source_span{file_name, static_cast<int>(std::max<std::size_t>(line, 1)),
                       static_cast<int>(col)};
  };
}

}  // namespace mfsim::rules
