// Header block scanner: splits a message's header into field views plus damage flags.
#include "engine/mail/header_scanner.h"

#include <algorithm>
#include <array>
#include <string>

#include "engine/ascii.h"
#include "engine/mail/byte_search.h"
#include "engine/mail/header_lines.h"
#include "engine/utf8_bom.h"

namespace mfsim::mail {
namespace {

constexpr char cr = '\r';
constexpr char lf = '\n';

enum class line_end { none, lf_only, crlf, bare_cr };

// One physical line: content [begin, end), the next line starts at `next`.
struct line_span {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t next = 0;
  line_end ending = line_end::none;
  bool nul = false;        // a NUL byte before the line's end
  bool eight_bit = false;  // a byte of 0x80 or above before it (when it was looked for)
};

bool is_wsp(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_line_break(char c) noexcept { return c == cr || c == lf; }

// Finds physical lines whose line break starts before `search_end`, one search per line that
// also notes the NUL and 8-bit bytes the line holds (byte_search.h): linear time.
class line_finder {
 public:
  line_finder(std::string_view text, std::size_t search_end) noexcept
      : text_(text), search_end_(search_end) {}

  // The line starting at `pos` (pos < search_end). Without a break before search_end the
  // line runs to search_end with ending `none`. `eight_bit` says whether to look for bytes of
  // 0x80 and above (once one is known, the rest need not be found).
  line_span find(std::size_t pos, bool eight_bit) const noexcept {
    line_span line;
    line.begin = pos;
    const char* base = text_.data();
    const char* stop = base + search_end_;
    for (const char* p = base + pos;; ++p) {
      p = find_control(p, stop, eight_bit);
      if (p == stop) {
        line.end = line.next = search_end_;
        return line;
      }
      if (*p == lf || *p == cr) return ended(line, static_cast<std::size_t>(p - base));
      if (*p == '\0') {
        line.nul = true;
      } else if ((static_cast<unsigned char>(*p) & 0x80u) != 0) {
        line.eight_bit = true;
        eight_bit = false;
      }
    }
  }

 private:
  // The line ends with the break at `at` (CR or LF); a CR takes the LF after it, if any, along.
  line_span& ended(line_span& line, std::size_t at) const noexcept {
    line.end = at;
    if (text_[at] == lf) {
      line.ending = line_end::lf_only;
      line.next = at + 1;
    } else {
      const bool crlf = at + 1 < text_.size() && text_[at + 1] == lf;
      line.ending = crlf ? line_end::crlf : line_end::bare_cr;
      line.next = at + (crlf ? 2 : 1);
    }
    return line;
  }

  std::string_view text_;
  std::size_t search_end_;
};

// Length of the line break at text[pos], which must be CR or LF.
std::size_t break_length(std::string_view text, std::size_t pos) noexcept {
  return text[pos] == cr && pos + 1 < text.size() && text[pos + 1] == lf ? 2 : 1;
}

// The field name of `line` (bytes before the first ':', trailing SP/TAB removed); empty when
// the line is not a well-formed field. `colon` receives the colon's offset. A name byte is
// never ':', so the name runs to the first byte that is not one, then only SP/TAB may come
// before the colon.
std::string_view field_name(std::string_view line, std::size_t& colon) noexcept {
  const char* begin = line.data();
  const auto name_end = static_cast<std::size_t>(find_name_end(begin, begin + line.size()) - begin);
  std::size_t at = name_end;
  while (at < line.size() && is_wsp(line[at])) ++at;
  if (name_end == 0 || at == line.size() || line[at] != ':') return {};
  colon = at;
  return line.substr(0, name_end);
}

// `From ` at pos that is not the field `From :` (spaces or tabs before the colon).
bool is_mbox_from_line(std::string_view text, std::size_t pos) noexcept {
  if (text.substr(pos, 5) != "From ") return false;
  std::size_t i = pos + 4;
  while (i < text.size() && is_wsp(text[i])) ++i;
  return i >= text.size() || text[i] != ':';
}

// Whether a line at or after `pos` is empty (a line break right at a line start).
bool has_empty_line_from(std::string_view text, std::size_t pos) noexcept {
  line_finder finder(text, text.size());
  while (pos < text.size()) {
    if (is_line_break(text[pos])) return true;
    pos = finder.find(pos, false).next;
  }
  return false;
}

// One scan over one message; results go straight into the caller's header_block.
class scanner {
 public:
  // `fold_at_once`: whether plain continuation lines are taken with their field's first line
  // (take_plain_continuations), or one at a time as every other line.
  scanner(std::string_view text, const scan_limits& limits, header_block& out,
          bool fold_at_once) noexcept
      : text_(text), limits_(limits), out_(out), fold_at_once_(fold_at_once) {}

  void run() {
    if (text_.empty()) {
      out_.flags |= flag_empty_message;
      return;
    }
    const std::size_t start = skip_prologue();
    window_end_ = start + std::min(limits_.max_header_bytes, text_.size() - start);
    scan_lines(start);
    if (saw_crlf_ && saw_lf_) out_.flags |= flag_mixed_line_endings;
  }

 private:
  // Skips a UTF-8 BOM, then an mbox envelope line; returns where the header starts.
  std::size_t skip_prologue() noexcept {
    std::size_t pos = utf8_bom_length(text_);
    if (is_mbox_from_line(text_, pos)) {
      out_.flags |= flag_mbox_from_line;
      pos = line_finder(text_, text_.size()).find(pos, false).next;
    }
    return pos;
  }

  void scan_lines(std::size_t pos) {
    line_finder finder(text_, window_end_);
    for (bool first = true;; first = false) {
      if (pos >= text_.size()) return end_header(text_.size(), text_.size(), flag_no_separator);
      if (is_line_break(text_[pos])) return end_at_separator(pos, first);
      if (pos >= window_end_) return end_header(pos, pos, flag_header_too_large);
      if (fold_at_once_) {
        const std::size_t next = take_plain_field(pos);
        if (next != pos) {
          pos = next;
          continue;
        }
      }
      const line_span line = finder.find(pos, (out_.flags & flag_eight_bit) == 0);
      if (!fits_window(line)) return end_header(pos, pos, flag_header_too_large);
      if (!take_line(line, first)) return end_header(pos, pos, flag_no_separator);
      note_line(line);
      pos = line.next;
      if (fold_at_once_ && target_ == target::field && !is_wsp(text_[line.begin])) {
        pos = take_plain_continuations(line);
      }
    }
  }

  // A whole field at `pos` in one search from its colon, when it is plain as
  // take_plain_continuations says and its line breaks are of the style of the CRLF lines before
  // it, or LF when there were none: it then leaves the flags as its lines taken one at a time do.
  // Returns where the next line starts, or `pos` when the field must be taken line by line.
  // Most fields of a header are plain: one search over a field costs less than one for its
  // first line, another for its name and a third for its continuation lines.
  std::size_t take_plain_field(std::size_t pos) {
    // What field_name does over a line, here over the window (a line break ends a name and is no
    // colon); field_name itself, on a view of the window, made the scan 3-4% slower.
    const char* base = text_.data();
    const auto name_end =
        static_cast<std::size_t>(find_name_end(base + pos, base + window_end_) - base);
    std::size_t colon = name_end;
    while (colon < window_end_ && is_wsp(text_[colon])) ++colon;
    // No name (the line is a continuation, or damaged), or no colon after it.
    if (name_end == pos || colon == window_end_ || text_[colon] != ':') return pos;
    const bool crlf = saw_crlf_;
    const std::size_t at = plain_field_end(pos, colon, crlf);
    if (at == std::string_view::npos) return pos;
    add_field(text_.substr(pos, name_end - pos), colon + 1, crlf ? at - 1 : at);
    note_ending(crlf ? line_end::crlf : line_end::lf_only);
    return at + 1;
  }

  // After the first line of a field: takes all its continuation lines in one search when they
  // are plain (find_field_end: no NUL, no 8-bit byte while none is flagged, every line break of
  // the first line's style, no line too long), since they then leave the flags as the first
  // line did; returns where the next line starts. Otherwise returns line.next, and the lines
  // are taken one at a time. Folded fields (Received, DKIM-Signature, ARC-*) hold most header
  // lines: one search over them costs less than a search, and its branches, for each.
  std::size_t take_plain_continuations(const line_span& line) noexcept {
    if (line.ending != line_end::crlf && line.ending != line_end::lf_only) return line.next;
    if (line.next >= window_end_ || !is_wsp(text_[line.next])) return line.next;
    const bool crlf = line.ending == line_end::crlf;
    // From the first line's LF.
    const std::size_t at = plain_field_end(line.next, line.next - 1, crlf);
    if (at == std::string_view::npos) return line.next;
    const std::size_t last_end = crlf ? at - 1 : at;  // where the last continuation line ends
    header_field& field = out_.fields.back();
    field.raw_value =
        std::string_view(field.raw_value.data(), text_.data() + last_end - field.raw_value.data());
    return at + 1;
  }

  // The LF that ends a plain field whose lines from `lines_begin` on are searched by one
  // find_field_end from `from` (not the text's first byte) within the window: it must end the
  // field (is_plain_field_end) and those lines, breaks included but the last, must be no longer
  // than max_line_bytes together. npos when the lines must be taken one at a time.
  std::size_t plain_field_end(std::size_t lines_begin, std::size_t from, bool crlf) const noexcept {
    const char* base = text_.data();
    const bool high = (out_.flags & flag_eight_bit) == 0;
    const auto at = static_cast<std::size_t>(
        find_field_end_widest(base + from, base + window_end_, base + text_.size(), crlf, high) -
        base);
    if (at == window_end_ || !is_plain_field_end(at, crlf)) return std::string_view::npos;
    const std::size_t last_end = crlf ? at - 1 : at;
    return last_end - lines_begin > limits_.max_line_bytes ? std::string_view::npos : at;
  }

  // Whether find_field_end stopped at the LF that ends a field: of the field's line style, and
  // not followed by a continuation line.
  bool is_plain_field_end(std::size_t at, bool crlf) const noexcept {
    if (text_[at] != lf || (crlf && text_[at - 1] != cr)) return false;
    return at + 1 == text_.size() || !is_wsp(text_[at + 1]);
  }

  // A header line must end, line break included, inside the max_header_bytes window.
  bool fits_window(const line_span& line) const noexcept {
    return line.ending == line_end::none ? window_end_ == text_.size() : line.next <= window_end_;
  }

  void end_at_separator(std::size_t pos, bool first) noexcept {
    if (first) out_.flags |= flag_empty_header;
    const std::size_t length = break_length(text_, pos);
    note_ending(text_[pos] == lf ? line_end::lf_only
                : length == 2    ? line_end::crlf
                                 : line_end::bare_cr);
    end_header(pos, pos + length, flag_none);
  }

  void end_header(std::size_t header_end, std::size_t body_offset, std::uint32_t flag) noexcept {
    out_.header_end = header_end;
    out_.body_offset = body_offset;
    out_.flags |= flag;
  }

  // Records one header line; false when the line is not header and the header ends before it.
  bool take_line(const line_span& line, bool first) {
    const std::string_view content = text_.substr(line.begin, line.end - line.begin);
    if (is_wsp(content.front())) {
      take_continuation(line, first);
      return true;
    }
    std::size_t colon = 0;
    const std::string_view name = field_name(content, colon);
    if (!name.empty()) {
      add_field(name, line.begin + colon + 1, line.end);
      return true;
    }
    // A line after a bare CR that is no field goes on the field before it, as the MIME walk
    // reads it (decision 1206): no stray line.
    if (!first && joins_at_bare_cr(text_, line.begin)) {
      take_continuation(line, first);
      return true;
    }
    // Decisions 4 and 5 together: a stray line is skipped (malformed_line) when an empty line
    // follows somewhere, so the header block goes on to that separator; with no empty line
    // anywhere after it, the header ends at this line and the body starts with it.
    if (!separator_follows(line.next)) return false;
    out_.flags |= flag_malformed_line;
    target_ = target::skip;
    return true;
  }

  void take_continuation(const line_span& line, bool first) noexcept {
    if (target_ == target::field) {
      header_field& field = out_.fields.back();
      field.raw_value = std::string_view(field.raw_value.data(),
                                         text_.data() + line.end - field.raw_value.data());
    } else if (first) {
      out_.flags |= flag_leading_continuation;
    }
  }

  void add_field(std::string_view name, std::size_t value_begin, std::size_t value_end) {
    if (out_.fields.size() >= limits_.max_fields) {
      out_.flags |= flag_too_many_fields;
      target_ = target::skip;  // its continuation lines go with it
      return;
    }
    out_.fields.push_back({name, text_.substr(value_begin, value_end - value_begin)});
    target_ = target::field;
  }

  // Cached: the first look-ahead finds the separator (or none), which no later line passes.
  bool separator_follows(std::size_t pos) noexcept {
    if (!separator_known_) {
      separator_follows_ = has_empty_line_from(text_, pos);
      separator_known_ = true;
    }
    return separator_follows_;
  }

  // Flags that depend on the bytes of a header line (found by line_finder).
  void note_line(const line_span& line) noexcept {
    if (line.end - line.begin > limits_.max_line_bytes) out_.flags |= flag_line_too_long;
    if (line.nul) out_.flags |= flag_nul_byte;
    if (line.eight_bit) out_.flags |= flag_eight_bit;
    note_ending(line.ending);
  }

  void note_ending(line_end ending) noexcept {
    switch (ending) {
      case line_end::lf_only: saw_lf_ = true; break;
      case line_end::crlf: saw_crlf_ = true; break;
      case line_end::bare_cr: out_.flags |= flag_bare_cr; break;
      case line_end::none: break;
    }
  }

  // Where a continuation line goes: the last recorded field, or nowhere.
  enum class target { skip, field };

  std::string_view text_;
  const scan_limits& limits_;
  header_block& out_;
  bool fold_at_once_;
  std::size_t window_end_ = 0;
  target target_ = target::skip;
  bool saw_crlf_ = false;
  bool saw_lf_ = false;
  bool separator_known_ = false;
  bool separator_follows_ = false;
};

constexpr std::array<std::string_view, 17> flag_name_table = {
    "no_separator",
    "bare_cr",
    "nul_byte",
    "line_too_long",
    "header_too_large",
    "too_many_fields",
    "leading_continuation",
    "malformed_line",
    "empty_header",
    "eight_bit",
    "mixed_line_endings",
    "mbox_from_line",
    "empty_message",
    "body_truncated",
    "body_unreadable",
    "no_transport_headers",
    "duplicate_mime_field",
};

bool is_unfold_drop(char c) noexcept { return c == cr || c == lf || c == '\0'; }

// A CR that a line after a bare CR was joined at (decision 1206): read as a blank, where a CR
// before a line break or a fold's blank is dropped with the line end.
bool is_joined_cr(const char* p, const char* stop) noexcept {
  return *p == cr && p + 1 != stop && p[1] != cr && p[1] != lf && !is_wsp(p[1]);
}

// Bytes that vanish at either end of an unfolded value.
bool is_unfold_trim(char c) noexcept { return is_wsp(c) || is_unfold_drop(c); }

}  // namespace

void flag_names(std::uint32_t flags, std::vector<std::string_view>& out) {
  for (std::size_t bit = 0; bit < flag_name_table.size(); ++bit) {
    if ((flags & (1u << bit)) != 0) out.push_back(flag_name_table[bit]);
  }
}

void scan_headers(std::string_view message, const scan_limits& limits, header_block& out) {
  out.clear();
  scanner(message, limits, out, true).run();
}

void scan_headers_line_by_line(std::string_view message, const scan_limits& limits,
                               header_block& out) {
  out.clear();
  scanner(message, limits, out, false).run();
}

void unfold_value(std::string_view raw_value, std::string& out) {
  std::size_t begin = 0;
  std::size_t end = raw_value.size();
  while (begin < end && is_unfold_trim(raw_value[begin])) ++begin;
  while (end > begin && is_unfold_trim(raw_value[end - 1])) --end;
  // Append the runs between dropped bytes; the dropped bytes are control bytes, so the search
  // for the next control byte (many bytes a step) skips the runs.
  const char* stop = raw_value.data() + end;
  const char* run = raw_value.data() + begin;
  for (const char* p = run; (p = find_control(p, stop, false)) != stop; ++p) {
    if (!is_unfold_drop(*p)) continue;
    out.append(run, static_cast<std::size_t>(p - run));
    if (is_joined_cr(p, stop)) out += ' ';
    run = p + 1;
  }
  out.append(run, static_cast<std::size_t>(stop - run));
}

}  // namespace mfsim::mail
