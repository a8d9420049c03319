// find_uuencoded_files(): one pass over the lines, looking for `begin` at a line's start.
#include "engine/mail/uuencoded_files.h"

#include "engine/ascii.h"

namespace mfsim::mail {
namespace {

// The line starting at `at`, without its line end (LF, CRLF); `at` moves to the next line.
std::string_view next_line(std::string_view text, std::size_t& at) {
  const std::size_t end = text.find('\n', at);
  std::string_view line = text.substr(at, end == std::string_view::npos ? text.npos : end - at);
  at = end == std::string_view::npos ? text.size() : end + 1;
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

// A character of the uuencoded alphabet (space to backquote) and the six bits it stands for.
bool is_uu_char(char c) noexcept { return c >= ' ' && c <= '`'; }
unsigned uu_bits(char c) noexcept { return static_cast<unsigned>(c - ' ') & 63u; }

// How many bytes a data line holds, from its first character; -1 for a line that is not one.
// It must hold the characters those bytes need (four for each three); past them at most two
// more (a checksum some encoders add) and any blanks or backquotes, which encoders pad with
// and decoders skip (decision 712). A line after the first may hold fewer: the blanks that
// ended it were stripped in transit, and decoders read them as zero bits. The first must hold
// them all, so that prose after "begin 100 ..." is no file.
int data_line_bytes(std::string_view line, bool first) {
  if (line.empty() || !is_uu_char(line[0])) return -1;
  for (const char c : line) {
    if (!is_uu_char(c)) return -1;
  }
  const auto bytes = static_cast<std::size_t>(uu_bits(line[0]));
  const std::size_t needed = (bytes + 2) / 3 * 4;
  const std::string_view data = line.substr(1);
  if (data.size() < needed && first) return -1;
  if (data.size() > needed) {
    // Some encoders add a character or two (a checksum); blanks past them are padding.
    const std::size_t last = data.find_last_not_of(" `");
    if (last != std::string_view::npos && last >= needed + 2) return -1;
  }
  return static_cast<int>(bytes);
}

// Decodes `bytes` bytes of a data line; characters it lacks are zero bits.
void decode_line(std::string_view line, std::size_t bytes, std::string& out) {
  const auto bits_at = [&](std::size_t i) { return i < line.size() ? uu_bits(line[i]) : 0u; };
  std::size_t written = 0;
  for (std::size_t i = 1; written < bytes; i += 4) {
    const unsigned a = bits_at(i), b = bits_at(i + 1), c = bits_at(i + 2), d = bits_at(i + 3);
    const char group[3] = {static_cast<char>((a << 2) | (b >> 4)),
                           static_cast<char>(((b & 15u) << 4) | (c >> 2)),
                           static_cast<char>(((c & 3u) << 6) | d)};
    for (const char byte : group) {
      if (written++ < bytes) out += byte;
    }
  }
}

// The file name of a `begin MODE NAME` line; empty when the line is not one.
std::string_view begin_line_name(std::string_view line) {
  if (!line.starts_with("begin ")) return {};
  std::size_t at = 6;
  const std::size_t digits_from = at;
  while (at < line.size() && line[at] >= '0' && line[at] <= '7') ++at;
  const std::size_t digits = at - digits_from;
  if (digits < 3 || digits > 4 || at >= line.size() || line[at] != ' ') return {};
  return ascii_trim_whitespace(line.substr(at + 1));
}

}  // namespace

bool find_uuencoded_files(std::string_view text, const uuencode_limits& limits,
                          std::vector<uuencoded_file>& out) {
  std::size_t found = 0;
  for (std::size_t at = 0; at < text.size();) {
    // Only lines that start with "begin " are read closely.
    const std::size_t begin = text.find("begin ", at);
    if (begin == std::string_view::npos) break;
    if (begin > 0 && text[begin - 1] != '\n') {
      at = begin + 1;
      continue;
    }
    at = begin;
    const std::string_view name = begin_line_name(next_line(text, at));
    if (name.empty()) continue;
    // Prose may start a line with "begin 100 ..."; a file's first data line follows its
    // `begin` line at once.
    std::size_t data_at = at;
    const int first = data_line_bytes(next_line(text, data_at), true);
    if (first <= 0) continue;
    if (++found > limits.max_files) return false;
    uuencoded_file file{std::string(name), {}};
    bool within = true;
    while (at < text.size()) {
      const std::size_t line_at = at;
      const std::string_view line = next_line(text, at);
      const int bytes = data_line_bytes(line, false);
      if (bytes < 0) {
        // `end`, or the first line that is not uuencoded, ends the file; `end` is read.
        if (ascii_trim_whitespace(line) != "end") at = line_at;
        break;
      }
      if (file.bytes.size() + static_cast<std::size_t>(bytes) > limits.max_file_bytes) {
        within = false;
        break;
      }
      decode_line(line, static_cast<std::size_t>(bytes), file.bytes);
    }
    out.push_back(std::move(file));
    if (!within) return false;
  }
  return true;
}

}  // namespace mfsim::mail
