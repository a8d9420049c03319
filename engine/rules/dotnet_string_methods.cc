#include "engine/rules/dotnet_string_methods.h"

#include <algorithm>
#include <cstdint>

#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

// Past U+10FFFF: what a byte that starts no character is read as, equal to no character.
constexpr char32_t kNotACharacter = 0x110000;

}  // namespace

char32_t character_at(std::string_view text, std::size_t at, std::size_t& length) {
  const auto byte = static_cast<unsigned char>(text[at]);
  std::uint32_t code = byte;
  length = byte < 0x80 ? 1 : utf8_sequence_length(text, at, &code);
  if (length == 0) {
    length = 1;
    return kNotACharacter + byte;
  }
  return code;
}

bool is_dotnet_white_space(char32_t code) noexcept {
  return (code >= 0x09 && code <= 0x0D) || code == 0x20 || code == 0x85 || code == 0xA0 ||
         code == 0x1680 || (code >= 0x2000 && code <= 0x200A) || code == 0x2028 || code == 0x2029 ||
         code == 0x202F || code == 0x205F || code == 0x3000;
}

std::u32string code_points(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t at = 0, length = 0; at < text.size(); at += length)
    out.push_back(character_at(text, at, length));
  return out;
}

std::string trimmed(std::string_view text, std::u32string_view chars, trim_end which) {
  const auto trims = [&](char32_t code) {
    return chars.empty() ? is_dotnet_white_space(code) : chars.find(code) != chars.npos;
  };
  // [first, last): the bytes kept, from the first character not trimmed to the end of the
  // last one not trimmed.
  std::size_t first = text.size(), last = 0;
  for (std::size_t at = 0, length = 0; at < text.size(); at += length) {
    if (trims(character_at(text, at, length))) continue;
    first = std::min(first, at);
    last = at + length;
  }
  if (first == text.size()) return {};  // every character trimmed
  if (which == trim_end::end) first = 0;
  if (which == trim_end::start) last = text.size();
  return std::string(text.substr(first, last - first));
}

std::vector<std::string> split_at(std::string_view text, char32_t separator) {
  std::vector<std::string> pieces;
  std::size_t piece = 0;  // where the current piece starts
  for (std::size_t at = 0, length = 0; at < text.size(); at += length) {
    if (character_at(text, at, length) != separator) continue;
    pieces.emplace_back(text.substr(piece, at - piece));
    piece = at + length;
  }
  pieces.emplace_back(text.substr(piece));
  return pieces;
}

}  // namespace mfsim::rules::ps
