// find_uuencoded_files(): one pass over the lines, looking for `begin` at a line's start; the
// data lines of either form are read by one loop, each form saying what its lines hold.
#include "engine/mail/uuencoded_files.h"

#include "engine/ascii.h"
#include "engine/mail/base64_alphabet.h"
#include "engine/mail/six_bit_bytes.h"

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

// uuencode's own lines: a length character, then four characters (space to backquote) for
// each three bytes.
class uu_lines {
 public:
  static constexpr std::string_view kEnd = "end";

  // The line as decoders read it: a tab and the blanks after it are past the characters a
  // line holds (decoders read the characters its length character asks for and skip the rest),
  // so they are cut; blanks alone stay, being zero bits (decision 870).
  static std::string_view data_of(std::string_view line) {
    const std::size_t tab = line.find('\t');
    if (tab != std::string_view::npos && line.find_first_not_of(" \t", tab) == line.npos)
      line = line.substr(0, tab);
    return line;
  }

  // Whether a data line counts only when the file's footer closes it: never, past the rule for
  // a short first line that read_data() applies to every form.
  static bool needs_footer(std::string_view) noexcept { return false; }

  // How many bytes a data line holds, from its first character; -1 for a line that is not one.
  // Past the characters those bytes need (four for each three) it may hold two more (a
  // checksum some encoders add) and any blanks or backquotes, which encoders pad with and
  // decoders skip (decision 712). It may hold fewer: the blanks that ended it were stripped in
  // transit, and decoders read them as zero bits; `complete` says whether it holds them all.
  static int bytes(std::string_view line, bool& complete) {
    if (line.empty()) return -1;
    for (const char c : line) {
      if (!is_uu_char(c)) return -1;
    }
    const auto bytes = static_cast<std::size_t>(uu_bits(line[0]));
    const std::size_t needed = (bytes + 2) / 3 * 4;
    const std::string_view data = line.substr(1);
    complete = data.size() >= needed;
    if (data.size() > needed) {
      const std::size_t last = data.find_last_not_of(" `");
      if (last != std::string_view::npos && last >= needed + 2) return -1;
    }
    return static_cast<int>(bytes);
  }

  // Decodes `bytes` bytes of a data line; characters it lacks are zero bits.
  static void decode(std::string_view line, std::size_t bytes, std::string& out) {
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

 private:
  static bool is_uu_char(char c) noexcept { return c >= ' ' && c <= '`'; }
  static unsigned uu_bits(char c) noexcept { return static_cast<unsigned>(c - ' ') & 63u; }
};

// `uuencode -m`'s lines: base64 (RFC 4648's alphabet), one stream across the lines, padded
// with `=` at its end (decision 751). Decoders ignore the characters outside the alphabet
// (RFC 2045 section 6.8, POSIX uuencode's base64 algorithm): blanks at a line's ends are
// skipped, and a line with blanks between its characters is read too, though then only a file
// that `====` closes is one, so that prose of plain words after a `begin-base64` line is none
// (decision 870).
class base64_lines {
 public:
  static constexpr std::string_view kEnd = "====";

  static std::string_view data_of(std::string_view line) { return trim_blanks(line); }

  // How many bytes a line adds to the stream; -1 for a line that is not base64, or any line
  // after the padding that ended the stream. `complete`: it holds whole groups of four, as
  // encoders write each line.
  int bytes(std::string_view line, bool& complete) const {
    if (padded_) return -1;
    std::size_t characters = 0, padding = 0;
    for (const char c : line) {
      if (is_blank(c)) continue;
      if (c == '=') {
        ++padding;
      } else if (padding > 0 || base64_value(c) < 0) {
        return -1;
      } else {
        ++characters;
      }
    }
    if (characters == 0 || padding > 2) return -1;
    complete = (characters + padding) % 4 == 0;
    return static_cast<int>((bytes_.waiting_bits() + 6 * characters) / 8);
  }

  void decode(std::string_view line, std::size_t, std::string& out) {
    for (const char c : line) {
      if (is_blank(c)) continue;
      const int bits = base64_value(c);
      if (bits < 0) {
        padded_ = true;  // the `=` padding: the stream ends here
        break;
      }
      char byte = 0;
      if (bytes_.add(static_cast<unsigned>(bits), byte)) out += byte;
    }
  }

  // A line with blanks between its characters ("then turn left" is base64 that way).
  static bool needs_footer(std::string_view data) noexcept {
    return data.find_first_of(" \t") != std::string_view::npos;
  }

 private:
  static bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
  static std::string_view trim_blanks(std::string_view line) {
    const std::size_t from = line.find_first_not_of(" \t");
    if (from == std::string_view::npos) return {};
    return line.substr(from, line.find_last_not_of(" \t") + 1 - from);
  }

  six_bit_bytes bytes_;
  bool padded_ = false;
};

// The file name after ` MODE ` at the start of `rest`; empty when `rest` does not start so.
std::string_view name_after_mode(std::string_view rest) {
  if (!rest.starts_with(' ')) return {};
  std::size_t at = 1;
  while (at < rest.size() && rest[at] >= '0' && rest[at] <= '7') ++at;
  const std::size_t digits = at - 1;
  if (digits < 3 || digits > 4 || at >= rest.size() || rest[at] != ' ') return {};
  return ascii_trim_whitespace(rest.substr(at + 1));
}

// A name written in base64 (RFC 4648's alphabet, `=` padding); empty when it is not one.
std::string base64_name(std::string_view text) {
  std::string name;
  six_bit_bytes bytes;
  for (const char c : text.substr(0, text.find('='))) {
    const int bits = base64_value(c);
    if (bits < 0) return {};
    char byte = 0;
    if (bytes.add(static_cast<unsigned>(bits), byte)) name += byte;
  }
  return name;
}

// A file's header line: `begin MODE NAME` (uuencoded lines), `begin-base64 MODE NAME`
// (`uuencode -m`), and GNU uuencode's `-encoded` forms of both (`uuencode -e`), whose NAME is
// written in base64 (uuencode(5), decision 876).
struct begin_line {
  bool base64 = false;
  std::string name;  // empty: the line is no header
};

begin_line read_begin_line(std::string_view line) {
  begin_line out;
  if (!line.starts_with("begin")) return out;
  std::string_view rest = line.substr(5);
  out.base64 = rest.starts_with("-base64");
  if (out.base64) rest.remove_prefix(7);
  const bool encoded = rest.starts_with("-encoded");
  if (encoded) rest.remove_prefix(8);
  const std::string_view name = name_after_mode(rest);
  out.name = encoded ? base64_name(name) : std::string(name);
  return out;
}

// Whether `line`, which ended a file's data lines, is its footer: the form's end line, or a
// blank line (the empty last data line, its blank stripped in transit) before it. `at` moves
// past the footer's end line.
bool is_footer(std::string_view text, std::string_view line, std::size_t& at,
               std::string_view end) {
  const std::string_view trimmed = ascii_trim_whitespace(line);
  if (trimmed == end) return true;
  if (!trimmed.empty()) return false;
  std::size_t after = at;
  if (ascii_trim_whitespace(next_line(text, after)) != end) return false;
  at = after;
  return true;
}

struct read_outcome {
  bool file = false;   // the lines were a file's
  bool within = true;  // read whole, within the budget
};

// Decodes into `out` the data lines from `at` (just past a `begin` line) up to the footer, a
// line that is not a data line, or the end of the text; `at` moves past what was read. Prose
// may start a line with "begin 100 ..." and go on in capitals: the lines are a file's when the
// first holds all its characters, or when the footer closes them (decision 752). Lines that
// count only when the footer closes the file (Lines::needs_footer()) end it, without it, where
// the first of them starts (decision 870).
template <typename Lines>
read_outcome read_data(std::string_view text, std::size_t& at, std::size_t max_bytes,
                       std::string& out) {
  Lines lines;
  bool first_complete = false;
  std::size_t first_at = at;
  if (lines.bytes(Lines::data_of(next_line(text, first_at)), first_complete) <= 0) return {};
  const std::size_t data_from = at;
  // Where the first line that needs the footer starts, and the bytes decoded before it.
  std::size_t footer_only_at = std::string_view::npos, footer_only_bytes = 0;
  bool closed = false;
  while (at < text.size()) {
    const std::size_t line_at = at;
    const std::string_view line = next_line(text, at);
    const std::string_view data = Lines::data_of(line);
    bool complete = false;
    const int bytes = lines.bytes(data, complete);
    if (bytes < 0) {
      closed = is_footer(text, line, at, Lines::kEnd);
      if (!closed) at = line_at;
      break;
    }
    if (footer_only_at == std::string_view::npos && Lines::needs_footer(data)) {
      footer_only_at = line_at;
      footer_only_bytes = out.size();
    }
    if (out.size() + static_cast<std::size_t>(bytes) > max_bytes) return {true, false};
    lines.decode(data, static_cast<std::size_t>(bytes), out);
  }
  if (closed || footer_only_at == std::string_view::npos) return {first_complete || closed, true};
  out.resize(footer_only_bytes);
  at = footer_only_at;
  return {first_complete && footer_only_at != data_from, true};
}

}  // namespace

bool find_uuencoded_files(std::string_view text, const uuencode_limits& limits,
                          std::vector<uuencoded_file>& out) {
  std::size_t found = 0;
  for (std::size_t at = 0; at < text.size();) {
    // Only lines that start with "begin" are read closely.
    const std::size_t begin = text.find("begin", at);
    if (begin == std::string_view::npos) break;
    if (begin > 0 && text[begin - 1] != '\n') {
      at = begin + 1;
      continue;
    }
    at = begin;
    const std::string_view line = next_line(text, at);
    begin_line header = read_begin_line(line);
    if (header.name.empty()) continue;
    uuencoded_file file{std::move(header.name), {}};
    const read_outcome read =
        header.base64 ? read_data<base64_lines>(text, at, limits.max_file_bytes, file.bytes)
                      : read_data<uu_lines>(text, at, limits.max_file_bytes, file.bytes);
    if (!read.file) continue;
    if (++found > limits.max_files) return false;
    out.push_back(std::move(file));
    if (!read.within) return false;
  }
  return true;
}

}  // namespace mfsim::mail
