// Text out of markup: character references, XML parts of Office and OpenDocument files, RTF.
// Each is one linear pass over its input with no recursion, so hostile input costs its size.
#include "engine/mail/markup_text.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdint>
#include <utility>

#include "engine/ascii.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

// Appends one character with the rendering rule for white space: any run is one space.
void put(char c, std::string& out) {
  if (is_space(c)) {
    if (!out.empty() && out.back() != ' ') out += ' ';
  } else {
    out += c;
  }
}

void put_all(std::string_view text, std::string& out) {
  for (const char c : text) put(c, out);
}

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
  while (end < tag.size() && !is_space(tag[end]) && tag[end] != '/') ++end;
  tag = tag.substr(0, end);
  const auto colon = tag.rfind(':');
  return colon == std::string_view::npos ? tag : tag.substr(colon + 1);
}

std::string xml_attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !is_space(tag[at - 1])) continue;
    std::size_t i = at + name.size();
    while (i < tag.size() && is_space(tag[i])) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && is_space(tag[i])) ++i;
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
        put_all(decoded, out);
        i += used;
        continue;
      }
    }
    if (c != '<') {
      put(c, out);
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
      put_all(inside, out);
    } else if (open == 1 && !inside.empty() && inside.front() != '?' && inside.front() != '!' &&
               separates_words(xml_local_name(inside))) {
      put(' ', out);
    }
    i = end == std::string_view::npos ? xml.size() : end + close.size();
  }
  return within(out, max_bytes);
}

namespace {

// Destinations whose group holds no document text.
bool skips_group(std::string_view word) {
  static constexpr std::string_view words[] = {"fonttbl",
                                               "colortbl",
                                               "stylesheet",
                                               "info",
                                               "pict",
                                               "object",
                                               "themedata",
                                               "datastore",
                                               "latentstyles",
                                               "listtable",
                                               "listoverridetable",
                                               "rsidtbl",
                                               "generator",
                                               "xmlnstbl",
                                               "filetbl"};
  for (const auto w : words) {
    if (word == w) return true;
  }
  return false;
}

bool separates_rtf_words(std::string_view word) {
  return word == "par" || word == "line" || word == "tab" || word == "cell" || word == "row" ||
         word == "sect" || word == "page" || word == "pard";
}

}  // namespace

bool append_rtf_text(std::string_view rtf, std::string& out, std::size_t max_bytes) {
  int depth = 0;
  int skip_from = INT_MAX;   // text is dropped while depth >= skip_from
  std::size_t fallback = 0;  // characters after \uN that stand in for it (\uc1: one)
  for (std::size_t i = 0; i < rtf.size();) {
    if (full(out, max_bytes)) return false;
    const bool skipping = depth >= skip_from;
    const char c = rtf[i];
    if (c == '{' || c == '}') {
      if (c == '{') {
        ++depth;
        if (rtf.substr(i + 1, 2) == "\\*" && !skipping) skip_from = depth;
      } else {
        if (depth == skip_from) skip_from = INT_MAX;
        if (depth > 0) --depth;
      }
      fallback = 0;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {  // line ends in RTF source are not text
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= rtf.size()) {
      if (fallback > 0) {
        --fallback;
      } else if (!skipping) {
        put(c, out);
      }
      ++i;
      continue;
    }
    const char next = rtf[i + 1];
    if (next == '\'') {  // \'hh: a byte of the document's code page, read as Latin-1
      unsigned byte = 0;
      const char* from = rtf.data() + std::min(i + 2, rtf.size());
      const char* to = rtf.data() + std::min(i + 4, rtf.size());
      const auto [stop, ec] = std::from_chars(from, to, byte, 16);
      if (ec == std::errc() && stop == to && !skipping) {
        if (fallback > 0) {
          --fallback;
        } else {
          append_utf8_code_point(byte, out);
        }
      }
      i = static_cast<std::size_t>(to - rtf.data());
      continue;
    }
    if (!ascii_is_alpha(next)) {  // a control symbol: \\ \{ \} stand for themselves, \~ is a space
      if (!skipping && (next == '\\' || next == '{' || next == '}')) put(next, out);
      if (!skipping && next == '~') put(' ', out);
      i += 2;
      continue;
    }
    std::size_t end = i + 1;
    while (end < rtf.size() && ascii_is_alpha(rtf[end]) && end - i < 32) ++end;
    const std::string_view word = rtf.substr(i + 1, end - i - 1);
    std::size_t digits_end = end;
    if (digits_end < rtf.size() && rtf[digits_end] == '-') ++digits_end;
    while (digits_end < rtf.size() && rtf[digits_end] >= '0' && rtf[digits_end] <= '9' &&
           digits_end - end < 11) {
      ++digits_end;
    }
    int parameter = 0;
    std::from_chars(rtf.data() + end, rtf.data() + digits_end, parameter);
    i = digits_end;
    if (i < rtf.size() && rtf[i] == ' ') ++i;  // the delimiter belongs to the control word
    if (skipping) continue;
    if (skips_group(word)) {
      skip_from = depth;
    } else if (separates_rtf_words(word)) {
      put(' ', out);
    } else if (word == "u") {
      const auto code = static_cast<std::uint32_t>(parameter < 0 ? parameter + 65536 : parameter);
      if (code > 0 && code <= 0xFFFF && (code < 0xD800 || code > 0xDFFF)) {
        append_utf8_code_point(code, out);
      }
      fallback = 1;
    }
  }
  return within(out, max_bytes);
}

}  // namespace mfsim::mail
