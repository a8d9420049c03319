// The first character of an export (export_syntax.h).
#include "engine/rules/export_syntax.h"

#include <cstddef>

#include "engine/utf8_bom.h"

namespace mfsim::rules::exports {
namespace {

std::string_view after_space(std::string_view text) {
  text = without_utf8_bom(text);
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

}  // namespace

bool starts_json(std::string_view text) noexcept {
  text = after_space(text);
  return !text.empty() && (text.front() == '[' || text.front() == '{');
}

bool starts_xml(std::string_view text) noexcept {
  text = after_space(text);
  return !text.empty() && text.front() == '<';
}

}  // namespace mfsim::rules::exports
