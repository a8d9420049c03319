// The CSV reader shared by the directory, the mailbox state and the manifest.
#include "engine/csv_reader.h"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "engine/case_fold.h"

namespace mfsim {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

void csv_cursor::push(std::vector<csv_cell>& cells, csv_cell& c) const {
  cells.push_back(std::move(c));
}

void csv_cursor::advance_text(std::size_t n) {
  const auto begin = text_.begin() + static_cast<std::ptrdiff_t>(pos_);
  col_ += static_cast<int>(std::count_if(begin, begin + static_cast<std::ptrdiff_t>(n),
                                         [](char c) { return !is_continuation(c); }));
  pos_ += n;
}

void csv_cursor::end_line(std::size_t n) {
  pos_ += n;
  ++line_;
  col_ = 1;
}

std::vector<csv_cell> csv_cursor::row(std::string& problem, int& problem_line, int& problem_col) {
  std::vector<csv_cell> cells;
  const std::size_t record_start = pos_;
  const int record_line = line_;
  const int record_col = col_;
  csv_cell current{{}, line_, col_};
  bool quoted = false;
  bool was_quoted = false;
  wants_more_ = false;
  // The row runs on past the text given, which goes on: read again once more is given.
  const auto read_later = [&] {
    pos_ = record_start;
    line_ = record_line;
    col_ = record_col;
    wants_more_ = true;
    return std::vector<csv_cell>();
  };
  // Whether the byte after pos_ is still to come: what it is decides the one at pos_.
  const auto next_unread = [&] { return more_ && pos_ + 1 == text_.size(); };
  // Stops the reading with `message` at (line, col).
  const auto stop = [&](std::string message, int line, int col) {
    problem = std::move(message);
    problem_line = line;
    problem_col = col;
    pos_ = text_.size();
  };
  const std::string unquoted_stops = std::string("\"\r\n") + delimiter_;
  // A run of text is read up to here at most, so that the budget holds within a value too.
  const std::size_t budget_end = std::min(text_.size(), record_start + kMaxCsvRecordBytes + 1);
  // Past the budget the reading stops, at the end of the file as before a line end.
  const auto over_budget = [&] {
    if (pos_ - record_start <= kMaxCsvRecordBytes) return false;
    stop("a record runs on past " + std::to_string(kMaxCsvRecordBytes) +
             " bytes (the limit kMaxCsvRecordBytes): the rest of the file is not read",
         record_line, record_col);
    push(cells, current);
    return true;
  };
  while (pos_ < text_.size()) {
    if (over_budget()) return cells;
    const char c = text_[pos_];
    if ((c == '"' || c == '\r') && next_unread()) return read_later();
    if (quoted) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          current.text += '"';
          advance_text(2);
          continue;
        }
        quoted = false;
        advance_text(1);
        continue;
      }
      if (c == '\r' || c == '\n') {
        const std::size_t n = c == '\r' && text_.substr(pos_ + 1, 1) == "\n" ? 2 : 1;
        current.text.append(text_.substr(pos_, n));
        end_line(n);
        continue;
      }
      const std::size_t end = std::min(text_.find_first_of("\"\r\n", pos_), budget_end);
      current.text.append(text_.substr(pos_, end - pos_));
      advance_text(end - pos_);
      continue;
    }
    if (c == '"' && !was_quoted && current.text.empty()) {
      quoted = true;
      was_quoted = true;
      advance_text(1);
      continue;
    }
    if (c == delimiter_) {
      advance_text(1);
      push(cells, current);
      if (cells.size() == kMaxCsvColumns) {
        // A column past the limit would be dropped unseen: a header's PrimarySmtpAddress there
        // loaded its entries without addresses, and said nothing (decision 814).
        stop("a row holds more than " + std::to_string(kMaxCsvColumns) +
                 " values (the limit kMaxCsvColumns): the rest of the file is not read",
             line_, col_);
        return cells;
      }
      current = csv_cell{{}, line_, col_};
      was_quoted = false;
      continue;
    }
    if (c == '\r' || c == '\n') {
      end_line(c == '\r' && text_.substr(pos_ + 1, 1) == "\n" ? 2 : 1);
      push(cells, current);
      return cells;
    }
    // A run of plain characters; a quote among them is one of them (decision 771).
    const std::size_t end = std::min(text_.find_first_of(unquoted_stops, pos_ + 1), budget_end);
    current.text.append(text_.substr(pos_, end - pos_));
    advance_text(end - pos_);
  }
  if (over_budget()) return cells;
  if (more_) return read_later();
  if (quoted) {
    stop("a quoted value is not closed before the end of the file", current.line, current.col);
  }
  push(cells, current);
  return cells;
}

char export_csv_delimiter(std::string_view header_line) noexcept {
  bool quoted = false;
  for (const char c : header_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',' || c == ';' || c == '\t') return c;
  }
  return ',';
}

const csv_cell* repeated_column(const std::vector<csv_cell>& header) {
  std::unordered_set<std::string> seen;
  for (const csv_cell& c : header) {
    if (!c.text.empty() && !seen.insert(case_folded_copy(c.text)).second) return &c;
  }
  return nullptr;
}

std::string_view after_csv_type_line(std::string_view text, int& skipped) noexcept {
  skipped = 0;
  if (!text.starts_with('#')) return text;
  skipped = 1;
  const std::size_t end = text.find_first_of("\r\n");
  if (end == std::string_view::npos) return {};
  return text.substr(end + (text.substr(end, 2) == "\r\n" ? 2 : 1));
}

}  // namespace mfsim
