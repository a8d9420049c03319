// Finding the end of the header block with memchr, the way scan_headers() splits lines.
#include "engine/mail/header_extent.h"

#include <cstring>

namespace mfsim::mail {
namespace {

bool is_line_break(char c) noexcept { return c == '\r' || c == '\n'; }

// Where the line at `pos` ends: the offset of its first line break (CR or LF), or npos when
// none is in `text`.
std::size_t break_at(std::string_view text, std::size_t pos) noexcept {
  const char* base = text.data();
  const std::size_t left = text.size() - pos;
  const auto* lf = static_cast<const char*>(std::memchr(base + pos, '\n', left));
  const std::size_t lf_pos = lf != nullptr ? static_cast<std::size_t>(lf - base) : text.size();
  const auto* cr = static_cast<const char*>(std::memchr(base + pos, '\r', lf_pos - pos));
  if (cr != nullptr) return static_cast<std::size_t>(cr - base);
  return lf != nullptr ? lf_pos : std::string_view::npos;
}

// Just past the line break at `at` (CR, LF or CRLF); npos when a CR ends `text` (it may be half
// of a CRLF).
std::size_t after_break(std::string_view text, std::size_t at) noexcept {
  if (text[at] == '\n') return at + 1;
  if (at + 1 >= text.size()) return std::string_view::npos;
  return text[at + 1] == '\n' ? at + 2 : at + 1;
}

// An mbox envelope line, as scan_headers() tells it from a "From :" field; decided only when
// its line break is in `text`.
bool is_envelope_line(std::string_view text, std::size_t pos) noexcept {
  if (text.substr(pos, 5) != "From ") return false;
  std::size_t i = pos + 4;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  return i < text.size() && text[i] != ':';
}

}  // namespace

std::size_t header_block_extent(std::string_view prefix, std::size_t max_header_bytes) noexcept {
  std::size_t pos = prefix.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  if (is_envelope_line(prefix, pos)) {
    const std::size_t at = break_at(prefix, pos);
    if (at == std::string_view::npos) return 0;
    pos = after_break(prefix, at);
    if (pos == std::string_view::npos) return 0;
  }
  const std::size_t header_start = pos;
  while (pos < prefix.size()) {
    if (pos - header_start > max_header_bytes) return 0;
    if (is_line_break(prefix[pos])) {  // the empty line: the header block ends here
      const std::size_t end = after_break(prefix, pos);
      return end == std::string_view::npos || end - header_start > max_header_bytes ? 0 : end;
    }
    const std::size_t at = break_at(prefix, pos);
    if (at == std::string_view::npos) return 0;
    pos = after_break(prefix, at);
    if (pos == std::string_view::npos) return 0;
  }
  return 0;
}

}  // namespace mfsim::mail
