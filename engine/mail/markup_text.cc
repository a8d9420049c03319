// Text out of markup: character references, XML parts of Office and OpenDocument files.
// Each is one linear pass over its input with no recursion, so hostile input costs its size.
#include "engine/mail/markup_text.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

#include "engine/mail/rendered_text.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

// Cuts `out` back to max_bytes; false when it had to.
bool within(std::string& out, std::size_t max_bytes) {
  if (out.size() <= max_bytes) return true;
  out.resize(max_bytes);
  return false;
}

// Whether `out` is full: then it is cut to max_bytes and the caller stops (input is left).
bool full(std::string& out, std::size_t max_bytes) {
  if (out.size() < max_bytes) return false;
  out.resize(max_bytes);
  return true;
}

// The elements whose end separates words in WordprocessingML (p, br, cr, tab, tc, tr),
// SpreadsheetML's shared strings (si), DrawingML (p, br) and OpenDocument (p, h, line-break,
// tab, table-cell, list-item).
bool separates_words(std::string_view local_name) {
  static constexpr std::string_view names[] = {"p",   "h",  "br",       "cr",         "tab",
                                               "tc",  "tr", "si",       "line-break", "table-cell",
                                               "row", "s",  "list-item"};
  for (const auto n : names) {
    if (local_name == n) return true;
  }
  return false;
}

}  // namespace

std::size_t decode_character_reference(std::string_view text, std::size_t at, std::string& out) {
  static constexpr std::pair<std::string_view, std::string_view> entities[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  // A reference is short: look for its ';' nearby only, so "&&&&..." stays linear.
  const auto near = text.substr(at + 1, 10).find(';');
  if (near == std::string_view::npos) return 0;
  const std::size_t semi = at + 1 + near;
  const std::string_view name = text.substr(at + 1, semi - at - 1);
  for (const auto& [entity, replacement] : entities) {
    if (name == entity) {
      out += replacement;
      return semi - at + 1;
    }
  }
  if (name.size() < 2 || name.front() != '#') return 0;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  std::uint32_t code = 0;
  const auto [stop, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
  if (ec != std::errc() || stop != digits.data() + digits.size() || code == 0 || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  append_utf8_code_point(code, out);
  return semi - at + 1;
}

std::string_view xml_local_name(std::string_view tag) {
  if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
  std::size_t end = 0;
  while (end < tag.size() && !is_rendered_space(tag[end]) && tag[end] != '/') ++end;
  tag = tag.substr(0, end);
  const auto colon = tag.rfind(':');
  return colon == std::string_view::npos ? tag : tag.substr(colon + 1);
}

std::string xml_attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !is_rendered_space(tag[at - 1])) continue;
    std::size_t i = at + name.size();
    while (i < tag.size() && is_rendered_space(tag[i])) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && is_rendered_space(tag[i])) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
    const auto close = tag.find(tag[i], i + 1);
    if (close == std::string_view::npos) return {};
    const std::string_view raw = tag.substr(i + 1, close - i - 1);
    std::string value;
    for (std::size_t k = 0; k < raw.size();) {
      const std::size_t used = raw[k] == '&' ? decode_character_reference(raw, k, value) : 0;
      if (used == 0) value += raw[k++];
      k += used;
    }
    return value;
  }
  return {};
}

bool append_xml_text(std::string_view xml, std::string& out, std::size_t max_bytes) {
  std::string decoded;
  for (std::size_t i = 0; i < xml.size();) {
    if (full(out, max_bytes)) return false;
    const char c = xml[i];
    if (c == '&') {
      decoded.clear();
      if (const std::size_t used = decode_character_reference(xml, i, decoded)) {
        append_rendered(decoded, out);
        i += used;
        continue;
      }
    }
    if (c != '<') {
      append_rendered(c, out);
      ++i;
      continue;
    }
    const std::string_view rest = xml.substr(i);
    std::string_view close = ">";
    std::size_t open = 1;
    if (rest.substr(0, 9) == "<![CDATA[") {
      close = "]]>";
      open = 9;
    } else if (rest.substr(0, 4) == "<!--") {
      close = "-->";
      open = 4;
    }
    const auto end = xml.find(close, i + open);
    const std::size_t stop = end == std::string_view::npos ? xml.size() : end;
    const std::string_view inside = xml.substr(i + open, stop - i - open);
    if (open == 9) {
      append_rendered(inside, out);
    } else if (open == 1 && !inside.empty() && inside.front() != '?' && inside.front() != '!' &&
               separates_words(xml_local_name(inside))) {
      append_rendered(' ', out);
    }
    i = end == std::string_view::npos ? xml.size() : end + close.size();
  }
  return within(out, max_bytes);
}

}  // namespace mfsim::mail
