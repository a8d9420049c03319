// Finding the end of the header block, the way scan_headers() splits lines.
#include "engine/mail/header_extent.h"

#include "engine/mail/byte_search.h"
#include "engine/utf8_bom.h"

namespace mfsim::mail {
namespace {

bool is_line_break(char c) noexcept { return c == '\r' || c == '\n'; }

// Where the line at `pos` ends: the offset of its first line break (CR or LF), or npos when
// none is in `text`.
std::size_t break_at(std::string_view text, std::size_t pos) noexcept {
  const char* end = text.data() + text.size();
  const char* found = find_line_break(text.data() + pos, end);
  return found != end ? static_cast<std::size_t>(found - text.data()) : std::string_view::npos;
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
  std::size_t pos = utf8_bom_length(prefix);
  if (is_envelope_line(prefix, pos)) {
    const std::size_t at = break_at(prefix, pos);
    if (at == std::string_view::npos) return 0;
    pos = after_break(prefix, at);
    if (pos == std::string_view::npos) return 0;
  }
  const std::size_t header_start = pos;
  if (pos >= prefix.size()) return 0;
  std::size_t empty_line = pos;  // where the line break of the empty line starts
  if (!is_line_break(prefix[pos])) {
    // Past max_header_bytes (and the two bytes of a break) the block is too long whatever
    // follows: no need to look further.
    const std::size_t room = prefix.size() - header_start;
    const std::size_t searched = max_header_bytes < room - 1 ? max_header_bytes + 2 : room;
    const char* end = prefix.data() + header_start + searched;
    const char* found = find_empty_line_widest(prefix.data() + pos, end);
    if (found == end) return 0;
    empty_line = static_cast<std::size_t>(found - prefix.data());
  }
  const std::size_t end = after_break(prefix, empty_line);
  return end == std::string_view::npos || end - header_start > max_header_bytes ? 0 : end;
}

}  // namespace mfsim::mail
