// RTF to text (decision 374): one pass over the document with no recursion, group state on a
// stack of at most 256 entries, so that hostile input costs its size.
#include "engine/mail/rtf_text.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/ascii.h"
#include "engine/mail/charset.h"
#include "engine/mail/rendered_text.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

constexpr std::size_t kMaxDepth = 256;
// The RTF specification's bounds: a control word has at most 32 letters, its parameter at
// most 10 digits.
constexpr std::size_t kMaxWordLetters = 32;
constexpr std::size_t kMaxParameterDigits = 10;
constexpr std::uint32_t kReplacement = 0xFFFD;
// Code page bytes decoded at once at most: a longer run is decoded in pieces of this size (a
// double-byte character may then be cut in two), so that what waits is bounded.
constexpr std::size_t kMaxCodePageRun = std::size_t{64} << 10;

// Destinations whose group holds no document text, when they open it.
bool is_skipped_destination(std::string_view word) noexcept {
  static constexpr std::string_view kSkipped[] = {
      "fonttbl",   "colortbl",  "stylesheet", "info",         "pict",      "object",
      "themedata", "datastore", "generator",  "latentstyles", "listtable", "listoverridetable",
      "rsidtbl",   "xmlnstbl",  "filetbl",    "revtbl"};
  return std::find(std::begin(kSkipped), std::end(kSkipped), word) != std::end(kSkipped);
}

// The character a typographic control word stands for; 0 for other words.
std::uint32_t typographic_character(std::string_view word) noexcept {
  static constexpr std::pair<std::string_view, std::uint32_t> kCharacters[] = {
      {"lquote", 0x2018}, {"rquote", 0x2019}, {"ldblquote", 0x201C}, {"rdblquote", 0x201D},
      {"bullet", 0x2022}, {"endash", 0x2013}, {"emdash", 0x2014},    {"enspace", ' '},
      {"emspace", ' '},   {"qmspace", ' '}};
  for (const auto& [name, code] : kCharacters) {
    if (word == name) return code;
  }
  return 0;
}

// A break in the text: '\n' (a paragraph, line, section, page or table row ends), '\t' (a tab
// or a table cell), 0 for other words.
char break_of(std::string_view word) noexcept {
  if (word == "par" || word == "line" || word == "sect" || word == "page" || word == "row" ||
      word == "nestrow") {
    return '\n';
  }
  if (word == "tab" || word == "cell" || word == "nestcell") return '\t';
  return 0;
}

struct control_word {
  std::string_view word;
  bool has_parameter = false;
  long parameter = 0;
};

class rtf_reader {
 public:
  rtf_reader(std::string_view rtf, std::string& out, std::size_t max_bytes, rtf_layout layout)
      : rtf_(rtf), out_(out), max_bytes_(max_bytes), layout_(layout) {
    groups_.push_back({});
  }

  bool run() {
    while (at_ < rtf_.size()) {
      if (out_.size() >= max_bytes_) return cut();
      const char c = rtf_[at_];
      if (c == '{' || c == '}') {
        brace(c);
      } else if (c == '\\') {
        control();
      } else {
        ++at_;
        // Line ends in RTF source are not text (nor do they end a group's start).
        if (c == '\r' || c == '\n') continue;
        character(c);
        group_start_ = false;
      }
    }
    flush();
    if (out_.size() > max_bytes_) return cut();
    return true;
  }

 private:
  struct group_state {
    bool skipped = false;
    std::uint8_t fallback_length = 1;  // \ucN
  };

  bool skipped() const noexcept { return groups_.back().skipped; }

  bool cut() {
    out_.resize(std::min(out_.size(), max_bytes_));
    return false;
  }

  void brace(char c) {
    flush();
    fallback_left_ = 0;
    ++at_;
    if (c == '{') {
      if (groups_.size() < kMaxDepth) {
        groups_.push_back(groups_.back());
      } else {
        ++deeper_;
      }
      group_start_ = true;
      return;
    }
    if (deeper_ > 0) {
      --deeper_;
    } else if (groups_.size() > 1) {
      groups_.pop_back();
    }
    group_start_ = false;
  }

  // A plain byte of text; it may be the fallback of a \uN.
  void character(char c) {
    if (skipped()) return;
    if (fallback_left_ > 0) {
      --fallback_left_;
      return;
    }
    if ((static_cast<unsigned char>(c) & 0x80u) != 0) {
      code_page_byte(c);  // written raw
      return;
    }
    flush();
    text(c);
  }

  void control() {
    if (at_ + 1 >= rtf_.size()) {  // a lone backslash at the end
      at_ = rtf_.size();
      return;
    }
    const char next = rtf_[at_ + 1];
    // A control word or symbol ends a \uN's fallback, as a brace does; a \'hh byte is part of it.
    if (next != '\'') fallback_left_ = 0;
    if (ascii_is_alpha(next)) {
      word(read_word());
    } else {
      symbol(next);
    }
    group_start_ = false;
  }

  control_word read_word() noexcept {
    control_word w;
    std::size_t end = at_ + 1;
    while (end < rtf_.size() && ascii_is_alpha(rtf_[end]) && end - at_ <= kMaxWordLetters) ++end;
    w.word = rtf_.substr(at_ + 1, end - at_ - 1);
    const bool negative = end < rtf_.size() && rtf_[end] == '-';
    std::size_t digits_end = end + (negative ? 1 : 0);
    const std::size_t digits_begin = digits_end;
    while (digits_end < rtf_.size() && ascii_is_digit(rtf_[digits_end]) &&
           digits_end - digits_begin < kMaxParameterDigits) {
      w.parameter = w.parameter * 10 + (rtf_[digits_end] - '0');
      ++digits_end;
    }
    w.has_parameter = digits_end > digits_begin;
    if (w.has_parameter) {
      if (negative) w.parameter = -w.parameter;
      end = digits_end;
    }
    if (end < rtf_.size() && rtf_[end] == ' ') ++end;  // the delimiter belongs to the word
    at_ = end;
    return w;
  }

  void word(const control_word& w) {
    if (w.word == "bin") {  // binary data: never text, and its bytes may be braces
      const auto length = w.has_parameter && w.parameter > 0 ? static_cast<std::size_t>(w.parameter)
                                                             : std::size_t{0};
      at_ += std::min(length, rtf_.size() - at_);
      return;
    }
    if (group_start_ && is_skipped_destination(w.word)) groups_.back().skipped = true;
    if (skipped()) return;
    if (w.word == "uc") {
      groups_.back().fallback_length =
          static_cast<std::uint8_t>(std::clamp(w.has_parameter ? w.parameter : 1L, 0L, 255L));
    } else if (w.word == "u") {
      unicode(w.parameter);
    } else if (w.word == "ansicpg" && w.has_parameter && w.parameter > 0) {
      code_page_ = w.parameter == 65001 ? "UTF-8" : "CP" + std::to_string(w.parameter);
    } else if (w.word == "mac") {
      code_page_ = "MACINTOSH";
    } else if (w.word == "pc") {
      code_page_ = "CP437";
    } else if (w.word == "pca") {
      code_page_ = "CP850";
    } else if (const char b = break_of(w.word); b != 0) {
      flush();
      text(layout_ == rtf_layout::lines ? b : ' ');
    } else if (const std::uint32_t code = typographic_character(w.word); code != 0) {
      flush();
      code_point(code);
    }
  }

  void symbol(char next) {
    at_ += 2;
    if (next == '*') {  // {\* ...}: an optional destination, never document text
      if (group_start_) groups_.back().skipped = true;
      return;
    }
    if (next == '\r' || next == '\n') {  // a backslash ending a source line: \par
      if (!skipped()) {
        flush();
        text(layout_ == rtf_layout::lines ? '\n' : ' ');
      }
      return;
    }
    if (next == '\'') {
      hex_byte();
      return;
    }
    char stands_for = 0;
    if (next == '\\' || next == '{' || next == '}') stands_for = next;
    if (next == '~') stands_for = ' ';  // a non-breaking space
    if (next == '_') stands_for = '-';  // a non-breaking hyphen
    if (stands_for != 0) character(stands_for);
  }

  // \'hh: a byte of the code page (at_ is past the \'). Without two hex digits the \' is
  // dropped and what follows read as text.
  void hex_byte() {
    if (at_ + 2 > rtf_.size()) return;
    const int high = ascii_hex_value(rtf_[at_]);
    const int low = ascii_hex_value(rtf_[at_ + 1]);
    if (high < 0 || low < 0) return;
    at_ += 2;
    if (skipped()) return;
    if (fallback_left_ > 0) {
      --fallback_left_;
      return;
    }
    code_page_byte(static_cast<char>(high * 16 + low));
  }

  void code_page_byte(char b) {
    code_page_bytes_ += b;
    if (code_page_bytes_.size() >= kMaxCodePageRun) flush_bytes();
  }

  // \uN: a signed 16-bit UTF-16 unit; a high surrogate waits for the low one after it.
  void unicode(long parameter) {
    flush_bytes();
    fallback_left_ = groups_.back().fallback_length;
    const long unit = parameter < 0 ? parameter + 65536 : parameter;
    const bool low_surrogate = unit >= 0xDC00 && unit <= 0xDFFF;
    if (low_surrogate && high_surrogate_ != 0) {
      const std::uint32_t code = 0x10000 + ((high_surrogate_ - 0xD800) << 10) +
                                 (static_cast<std::uint32_t>(unit) - 0xDC00);
      high_surrogate_ = 0;
      code_point(code);
      return;
    }
    flush_surrogate();  // a high surrogate no low one followed
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      high_surrogate_ = static_cast<std::uint32_t>(unit);
    } else if (unit <= 0 || unit > 0xFFFF || low_surrogate) {
      code_point(kReplacement);
    } else {
      code_point(static_cast<std::uint32_t>(unit));
    }
  }

  // What waits to be written: a high surrogate no low one followed, code page bytes.
  void flush() {
    flush_surrogate();
    flush_bytes();
  }

  void flush_surrogate() {
    if (high_surrogate_ == 0) return;
    high_surrogate_ = 0;
    code_point(kReplacement);
  }

  void flush_bytes() {
    if (code_page_bytes_.empty()) return;
    decoded_.clear();
    if (!append_as_utf8(code_page_, code_page_bytes_, decoded_)) {
      // A code page the C library does not know: each byte as Latin-1.
      for (const char b : code_page_bytes_)
        append_utf8_code_point(static_cast<unsigned char>(b), decoded_);
    }
    code_page_bytes_.clear();
    text(decoded_);
  }

  void code_point(std::uint32_t code) {
    decoded_.clear();
    append_utf8_code_point(code, decoded_);
    text(decoded_);
  }

  void text(char c) {
    if (layout_ == rtf_layout::words) {
      append_rendered(c, out_);
    } else {
      out_ += c;
    }
  }

  void text(std::string_view s) {
    if (layout_ == rtf_layout::words) {
      append_rendered(s, out_);
    } else {
      out_ += s;
    }
  }

  std::string_view rtf_;
  std::string& out_;
  std::size_t max_bytes_;
  rtf_layout layout_;
  std::size_t at_ = 0;
  std::vector<group_state> groups_;  // the open groups, the document's own first
  std::size_t deeper_ = 0;           // groups open past kMaxDepth
  bool group_start_ = false;         // just after '{': a destination word may name the group
  std::size_t fallback_left_ = 0;    // characters of a \uN's fallback still to skip
  std::uint32_t high_surrogate_ = 0;
  std::string code_page_ = "CP1252";
  std::string code_page_bytes_;  // \'hh bytes not yet decoded
  std::string decoded_;
};

}  // namespace

bool append_rtf_text(std::string_view rtf, std::string& out, std::size_t max_bytes,
                     rtf_layout layout) {
  return rtf_reader(rtf, out, max_bytes, layout).run();
}

}  // namespace mfsim::mail
