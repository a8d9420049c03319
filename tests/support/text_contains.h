// contains(): whether an output holds a piece of text, the question most end-to-end checks ask.
#pragma once

#include <string_view>

namespace mfsim::test {

[[nodiscard]] inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace mfsim::test
