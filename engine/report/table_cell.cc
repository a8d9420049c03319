// Table cells: terminal-safe characters, counted as code points, elided in the middle.
#include "engine/report/table_cell.h"

#include <vector>

namespace mfsim::report {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

// Length of the valid UTF-8 sequence at `s[i]`, or 0 when it is not one.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    n = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    n = 4;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

bool is_control(std::string_view ch) {
  const auto c0 = static_cast<unsigned char>(ch[0]);
  if (ch.size() == 1) return c0 < 0x20 || c0 == 0x7F;
  // U+0080..U+009F, the C1 controls (CSI among them), are C2 80..C2 9F in UTF-8.
  return ch.size() == 2 && c0 == 0xC2 && static_cast<unsigned char>(ch[1]) < 0xA0;
}

// The characters of `text`, each a safe code point.
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i);
    const std::string_view ch = n == 0 ? std::string_view() : text.substr(i, n);
    out.push_back(n == 0 || is_control(ch) ? std::string_view("?") : ch);
    i += n == 0 ? 1 : n;
  }
  return out;
}

void append_range(std::string& out, const std::vector<std::string_view>& chars, std::size_t from,
                  std::size_t to) {
  for (std::size_t i = from; i < to; ++i) out += chars[i];
}

// `head` characters, the ellipsis, then the last `tail` characters.
std::string cut(const std::vector<std::string_view>& chars, std::size_t head, std::size_t tail) {
  std::string out;
  append_range(out, chars, 0, head);
  out += kEllipsis;
  append_range(out, chars, chars.size() - tail, chars.size());
  return out;
}

std::string elided(const std::vector<std::string_view>& chars, std::size_t width, elide how) {
  if (width == 0) return {};
  if (width == 1) return std::string(kEllipsis);
  if (how == elide::directory) {
    std::size_t name = 0;  // characters after the last '/'
    while (name < chars.size() && chars[chars.size() - 1 - name] != "/") ++name;
    // Folders first: "corpus/sa…/02-uce.eml" keeps the whole file name and its "/".
    if (name < chars.size() && name + 2 <= width) return cut(chars, width - name - 2, name + 1);
    if (name < chars.size() && name <= width) {  // the file name alone, padded
      std::string out;
      append_range(out, chars, chars.size() - name, chars.size());
      return out.append(width - name, ' ');
    }
  }
  const std::size_t keep = width - 1;
  // The end says more (a file's extension and #N, an address's last group): it gets the odd one.
  return cut(chars, keep / 2, keep - keep / 2);
}

}  // namespace

std::string terminal_safe(std::string_view text) {
  std::string out;
  for (const std::string_view ch : characters(text)) out += ch;
  return out;
}

std::string fit_cell(std::string_view text, std::size_t width, elide how) {
  const std::vector<std::string_view> chars = characters(text);
  if (chars.size() > width) return elided(chars, width, how);
  std::string out;
  append_range(out, chars, 0, chars.size());
  out.append(width - chars.size(), ' ');
  return out;
}

}  // namespace mfsim::report
