// Text the reader passes over without running it: a block or ( ) to its match (quotes, comments
// and here-strings passed whole), the rest of a line, and a whole construct (if ... else, try
// ... catch, do ... while) after an error in it.
#include <fmt/format.h>

#include <algorithm>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

std::size_t parser::block_end(std::size_t open) const noexcept {
  const char opener = s_[open];
  const char closer = opener == '{' ? '}' : opener == '(' ? ')' : ']';
  int depth = 0;
  for (std::size_t k = open; k < s_.size(); ++k) {
    const char c = s_[k];
    if (c == '`') {
      ++k;
    } else if (c == '#' && (k == 0 || s_[k - 1] != '<')) {
      while (k < s_.size() && s_[k] != '\n') ++k;
    } else if (s_.substr(k, 2) == "<#") {
      const std::size_t e = s_.find("#>", k + 2);
      if (e == std::string_view::npos) return e;
      k = e + 1;
    } else if (c == '\'' || c == '"') {
      if (k > 0 && s_[k - 1] == '@') {  // here-string: to the line starting with the quote
        const std::size_t e = s_.find(std::string("\n") + c + "@", k);
        if (e == std::string_view::npos) return e;
        k = e + 2;
        continue;
      }
      k = text_close(s_, k, s_.size());
      if (k == std::string_view::npos) return k;
    } else if (c == opener) {
      ++depth;
    } else if (c == closer) {
      if (--depth == 0) return k + 1;
    }
  }
  return std::string_view::npos;
}

void parser::skip_rest_of_line() {
  while (!eof() && peek() != '\n') {
    if (peek() == '@' && (peek(1) == '"' || peek(1) == '\'')) {
      const char quote = peek(1);
      std::size_t k = i_ + 2;
      while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r')) ++k;
      const std::size_t close = k < s_.size() && s_[k] == '\n'
                                    ? s_.find(std::string("\n") + quote + "@", k)
                                    : std::string_view::npos;
      if (close != std::string_view::npos) {
        i_ = close + 3;  // past the closing quote and '@', on the here-string's last line
        continue;
      }
    }
    ++i_;
  }
}

// An unclosed '{' or '(' is reported where it opens, as PowerShell's "Missing closing '}'" is:
// the statement that owns it may start lines earlier.
void parser::skip_block(std::size_t start) {
  const std::size_t end = block_end(i_);
  if (end == std::string_view::npos) {
    std::string message = "'{' is not closed by '}': the file ends first";
    const std::string owner = word_at(start);
    if (start != i_ && !owner.empty()) {
      message += fmt::format(" (the block of the {} at line {})", owner, at(start).line);
    }
    fail(i_, std::move(message));
  }
  i_ = end;
}

void parser::skip_parens(std::size_t /*start*/) {
  const std::size_t end = block_end(i_);
  if (end == std::string_view::npos) fail(i_, "'(' is not closed by ')': the file ends first");
  i_ = end;
}

void parser::skip_construct(std::size_t start) noexcept {
  i_ = start;
  const bool do_loop = ascii_iequals(word_at(start), "do");
  // The construct's ( ... ), quoted texts and comments are passed whole: a '{' in them (for ($h
  // = @{}; ...), if ($a -eq '{')) opens no body.
  const auto past_parens = [&] {
    const std::size_t end = block_end(i_);
    i_ = end == std::string_view::npos ? s_.size() : end;
  };
  while (true) {
    while (i_ < s_.size() && s_[i_] != '{') {
      if (s_[i_] == '(') {
        past_parens();
      } else if (s_[i_] == '\'' || s_[i_] == '"') {
        const std::size_t close = s_.find(s_[i_], i_ + 1);
        i_ = close == std::string_view::npos ? s_.size() : close + 1;
      } else if (s_[i_] == '#') {  // a comment's "don't" opens no text
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else {
        ++i_;
      }
    }
    if (i_ >= s_.size()) return;
    const std::size_t end = block_end(i_);
    if (end == std::string_view::npos) {
      i_ = s_.size();
      return;
    }
    i_ = end;
    // else / elseif / catch / finally go on with the same construct, while / until a do loop.
    // A comment between (`} # End If` before `Else`) is passed too, as PowerShell passes it
    // (decision 794).
    std::size_t k = i_;
    while (k < s_.size()) {
      if (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r' || s_[k] == '\n') {
        ++k;
      } else if (s_[k] == '#') {
        while (k < s_.size() && s_[k] != '\n') ++k;
      } else if (s_.substr(k, 2) == "<#") {
        const std::size_t close = s_.find("#>", k + 2);
        k = close == std::string_view::npos ? s_.size() : close + 2;
      } else {
        break;
      }
    }
    const std::string next = ascii_lower_copy(word_at(k));
    if (do_loop && (next == "while" || next == "until")) {
      i_ = k + next.size();
      while (i_ < s_.size() &&
             (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n'))
        ++i_;
      if (i_ < s_.size() && s_[i_] == '(') past_parens();
      return;
    }
    if (next != "else" && next != "elseif" && next != "catch" && next != "finally") return;
    i_ = k;
  }
}

std::size_t parser::end_of_block_opened_in(std::size_t start, std::size_t failed_at,
                                           std::size_t* statement_end) const noexcept {
  const std::size_t last_line = std::max(start, std::min(failed_at, s_.size()));
  const std::size_t line_end = std::min(s_.find('\n', last_line), s_.size());
  int parens = 0;
  for (std::size_t k = start; k < line_end; ++k) {
    const char c = s_[k];
    if (c == '(') {
      ++parens;
    } else if (c == ')') {
      --parens;
    } else if (c == ';' && parens <= 0 && k > failed_at) {
      // `$x = 'a' 5; foreach (...) {`: the statement ends here, and the block after is another's
      if (statement_end != nullptr) *statement_end = k;
      return std::string_view::npos;
    } else if (c == '`') {
      ++k;  // an escaped character: `" and `{ open nothing
    } else if ((c == '\'' || c == '"') && k > 0 && s_[k - 1] == '@') {
      // A here-string, to the line that starts with its quote: an apostrophe in it opens nothing.
      const std::size_t close = s_.find(std::string("\n") + c + "@", k);
      if (close == std::string_view::npos || close >= line_end) return std::string_view::npos;
      k = close + 2;
    } else if (c == '\'' || c == '"') {
      k = text_close(s_, k, line_end);  // "say `"hi {": the escaped quote does not close it
      if (k == std::string_view::npos) return k;
    } else if (s_.substr(k, 2) == "<#") {
      const std::size_t close = s_.find("#>", k + 2);
      if (close == std::string_view::npos || close >= line_end) return std::string_view::npos;
      k = close + 1;
    } else if (c == '#') {
      while (k + 1 < line_end && s_[k + 1] != '\n') ++k;  // a comment to the end of its line
    } else if (c == '{') {
      const std::size_t end = block_end(k);
      if (end == std::string_view::npos) return s_.size();
      if (end > line_end) return end;
      k = end - 1;  // closed before the failure's line ends: look on
    }
  }
  return std::string_view::npos;
}

}  // namespace mfsim::rules::ps
