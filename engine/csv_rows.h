// The rows of a CSV file as Export-Csv writes it, each cell with its line and column, for the
// readers of exports (the directory, the mailbox state).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim {

// Cells past this many in a row are dropped (an export has a few dozen columns).
inline constexpr std::size_t kMaxCsvColumns = 1024;

struct csv_cell {
  std::string text;
  int line = 0;
  int col = 0;
};

// Reads RFC 4180 rows: `delimiter` between cells, "..." quoting with "" for a quote, CRLF or
// LF line ends, line breaks allowed inside quotes.
class csv_cursor {
 public:
  csv_cursor(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

  [[nodiscard]] bool done() const { return pos_ >= text_.size(); }
  [[nodiscard]] int line() const { return line_; }

  // The next row; `problem` is set (with its position) for an unterminated quote.
  std::vector<csv_cell> row(std::string& problem, int& problem_line, int& problem_col) {
    std::vector<csv_cell> cells;
    csv_cell current{{}, line_, col_};
    bool quoted = false;
    bool was_quoted = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (quoted) {
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            current.text += '"';
            advance(2);
            continue;
          }
          quoted = false;
          advance(1);
          continue;
        }
        current.text += c;
        advance(1);
        continue;
      }
      if (c == '"' && !was_quoted && current.text.empty()) {
        quoted = true;
        was_quoted = true;
        advance(1);
        continue;
      }
      if (c == delimiter_) {
        advance(1);
        push(cells, current);
        current = csv_cell{{}, line_, col_};
        was_quoted = false;
        continue;
      }
      if (c == '\r' || c == '\n') {
        advance(c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n' ? 2 : 1);
        push(cells, current);
        return cells;
      }
      current.text += c;
      advance(1);
    }
    if (quoted) {
      problem = "a quoted value is not closed before the end of the file";
      problem_line = current.line;
      problem_col = current.col;
    }
    push(cells, current);
    return cells;
  }

 private:
  void push(std::vector<csv_cell>& cells, csv_cell& c) {
    if (cells.size() < kMaxCsvColumns) cells.push_back(std::move(c));
  }
  // Lines end at LF, CRLF or a lone CR (as rows do); columns count characters, not the UTF-8
  // continuation bytes, as the rule files' positions do (decision 623).
  void advance(std::size_t n) {
    for (std::size_t k = 0; k < n && pos_ < text_.size(); ++k, ++pos_) {
      const char c = text_[pos_];
      if (c == '\n' || (c == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] != '\n'))) {
        ++line_;
        col_ = 1;
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++col_;
      }
    }
  }

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
};

}  // namespace mfsim
