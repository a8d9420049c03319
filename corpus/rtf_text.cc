// Compressed RTF and RTF text.
#include "corpus/rtf_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "engine/ascii.h"
#include "engine/little_endian.h"
#include "engine/utf8.h"

namespace mfsim::corpus {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Destinations whose group holds no body text.
bool is_skipped_destination(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kSkipped = {
      "fonttbl", "colortbl", "stylesheet", "info",    "pict",      "object",
      "header",  "footer",   "listtable",  "rsidtbl", "themedata", "latentstyles"};
  return std::find(kSkipped.begin(), kSkipped.end(), word) != kSkipped.end();
}

}  // namespace

std::string decompress_rtf(std::string_view in, std::size_t max_bytes) {
  // The dictionary's initial contents ([MS-OXRTFCP] 2.1.2.1).
  static constexpr std::string_view kPrebuf =
      "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
      "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
      "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
  static_assert(kPrebuf.size() == 207);
  if (in.size() < 16) return {};
  const std::uint32_t raw_size = read_le32(in, 4);
  const std::uint32_t kind = read_le32(in, 8);
  const std::size_t limit = std::min<std::size_t>(raw_size, max_bytes);
  if (kind == 0x414C454D) return std::string(in.substr(16, limit));  // "MELA": stored as is
  if (kind != 0x75465A4C) return {};                                 // not "LZFu"
  std::array<char, 4096> dict{};
  std::copy(kPrebuf.begin(), kPrebuf.end(), dict.begin());
  std::size_t write = kPrebuf.size();
  std::string out;
  std::size_t pos = 16;
  while (pos < in.size() && out.size() < limit) {
    const auto control = static_cast<unsigned char>(in[pos++]);
    for (int bit = 0; bit < 8 && pos < in.size() && out.size() < limit; ++bit) {
      if ((control & (1u << bit)) == 0) {
        out += in[pos];
        dict[write++ % dict.size()] = in[pos++];
        continue;
      }
      if (pos + 1 >= in.size()) return out;
      const unsigned ref = (static_cast<unsigned>(static_cast<unsigned char>(in[pos])) << 8) |
                           static_cast<unsigned char>(in[pos + 1]);
      pos += 2;
      const unsigned offset = ref >> 4;
      const unsigned length = (ref & 0x0F) + 2;
      if (offset == write % dict.size()) return out;  // the end marker
      for (unsigned k = 0; k < length && out.size() < limit; ++k) {
        const char c = dict[(offset + k) % dict.size()];
        out += c;
        dict[write++ % dict.size()] = c;
      }
    }
  }
  return out;
}

std::string rtf_to_text(std::string_view rtf) {
  constexpr std::size_t kMaxDepth = 256;
  std::string out;
  std::vector<bool> skipping{false};  // per open group: is its text skipped
  bool group_start = false;           // just after '{': the next control word names it
  std::size_t i = 0;
  const auto skipped = [&] { return skipping.back(); };
  while (i < rtf.size()) {
    const char c = rtf[i];
    if (c == '{') {
      if (skipping.size() < kMaxDepth) skipping.push_back(skipped());
      group_start = true;
      ++i;
      continue;
    }
    if (c == '}') {
      if (skipping.size() > 1) skipping.pop_back();
      group_start = false;
      ++i;
      continue;
    }
    if (c == '\\' && i + 1 < rtf.size()) {
      const char next = rtf[i + 1];
      if (ascii_is_alpha(next)) {
        std::size_t end = i + 1;
        while (end < rtf.size() && ascii_is_alpha(rtf[end])) ++end;
        const std::string_view word = rtf.substr(i + 1, end - i - 1);
        std::size_t param_start = end;
        if (end < rtf.size() && rtf[end] == '-') ++end;
        while (end < rtf.size() && ascii_is_digit(rtf[end])) ++end;
        long param = 0;
        for (std::size_t k = param_start; k < end; ++k) {
          if (ascii_is_digit(rtf[k]) && param < 1000000) param = param * 10 + (rtf[k] - '0');
        }
        if (param_start < end && rtf[param_start] == '-') param = -param;
        if (end < rtf.size() && rtf[end] == ' ') ++end;  // the delimiting space is part of it
        i = end;
        if (group_start && is_skipped_destination(word)) skipping.back() = true;
        group_start = false;
        if (skipped()) continue;
        if (word == "par" || word == "line")
          out += '\n';
        else if (word == "tab")
          out += '\t';
        else if (word == "u") {
          const long code = param < 0 ? param + 65536 : param;  // \uN is a signed 16-bit value
          const bool valid = code >= 0 && code <= 0xFFFF && (code < 0xD800 || code > 0xDFFF);
          append_utf8_code_point(valid ? static_cast<std::uint32_t>(code) : 0xFFFD, out);
          if (i < rtf.size() && rtf[i] != '\\' && rtf[i] != '{' && rtf[i] != '}')
            ++i;  // the fallback
        }
        continue;
      }
      if (next == '*' && group_start) skipping.back() = true;  // {\* ...}: an optional destination
      group_start = false;
      if (next == '\'' && i + 3 < rtf.size() && hex_value(rtf[i + 2]) >= 0 &&
          hex_value(rtf[i + 3]) >= 0) {
        if (!skipped())
          out += static_cast<char>(hex_value(rtf[i + 2]) * 16 + hex_value(rtf[i + 3]));
        i += 4;
        continue;
      }
      if (!skipped() && (next == '\\' || next == '{' || next == '}')) out += next;
      i += 2;
      continue;
    }
    group_start = false;
    if (c != '\r' && c != '\n' && !skipped()) out += c;
    ++i;
  }
  return out;
}

}  // namespace mfsim::corpus
