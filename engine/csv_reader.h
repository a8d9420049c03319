// The one CSV reader of the admin's files: the directory's and the mailbox state's Export-Csv
// exports and the corpus manifest. RFC 4180 rows as Export-Csv writes them and Import-Csv reads
// them (decisions 623, 770-772), each cell with its line and column, within budgets.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim {

// A row of more values stops the reading, at the first value past them (an export has a few
// dozen columns; decision 814).
inline constexpr std::size_t kMaxCsvColumns = 1024;
// A record (a row, with the line breaks its quoted values hold) longer than this stops the
// reading: a quote never closed must not make the rest of a large file one value.
inline constexpr std::size_t kMaxCsvRecordBytes = std::size_t{16} << 20;

struct csv_cell {
  std::string text;
  int line = 0;
  int col = 0;
};

// Reads rows: `delimiter` between cells, "..." quoting with "" for a quote, and CRLF, LF or a
// lone CR ending a row outside quotes (decision 770). A quote inside a value that does not start
// with one is a character of it, and text after a closing quote is appended (decision 771).
// Lines count at LF, CRLF and a lone CR; columns count characters, not UTF-8 continuation
// bytes (decision 623).
class csv_cursor {
 public:
  csv_cursor(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

  [[nodiscard]] bool done() const { return pos_ >= text_.size(); }

  // The next row. A quote never closed, a record past kMaxCsvRecordBytes or a row of more than
  // kMaxCsvColumns values sets `problem` with its position (the opening quote, the record's
  // first cell, the first value past the limit) and ends the reading.
  std::vector<csv_cell> row(std::string& problem, int& problem_line, int& problem_col);

  // A text read a block at a time (the manifest, decision 1180): `text` is what is read of it
  // from the byte the cursor stands at (the bytes taken() dropped), `more` whether the file may
  // go on past it. A row that reaches the end of such a text before its own end (or a byte
  // it must see past, the LF after a CR, the quote after a quote) is not read: row() gives no
  // cells and wants_more() is true, the cursor standing where the row starts, its lines and
  // columns counted on as if the text had been given whole.
  void continue_with(std::string_view text, bool more) noexcept {
    text_ = text;
    pos_ = 0;
    more_ = more;
  }
  [[nodiscard]] bool wants_more() const noexcept { return wants_more_; }
  // The bytes of the text given that the rows read took.
  [[nodiscard]] std::size_t taken() const noexcept { return pos_; }

 private:
  void push(std::vector<csv_cell>& cells, csv_cell& c) const;
  void advance_text(std::size_t n);  // over characters that are no line end
  void end_line(std::size_t n);      // over a line end of n bytes

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
  bool more_ = false;        // the text may go on past text_
  bool wants_more_ = false;  // the last row() stopped at its end
};

// Export-Csv separates values with ',' unless -Delimiter or -UseCulture chose another: ';' in
// the cultures whose list separator it is (de-DE, fr-FR, ...), or a tab. The first of them that
// the header row holds outside quotes; ',' when it holds none (one column).
[[nodiscard]] char export_csv_delimiter(std::string_view header_line) noexcept;

// The header cell that names a column a cell before it names, case ignored, or nullptr: Import-Csv
// refuses such a file, and a reader would take one of the two values silently (decision 833).
// Empty names are not compared (Import-Csv names them H1, H2, ...).
[[nodiscard]] const csv_cell* repeated_column(const std::vector<csv_cell>& header);

// The text after Export-Csv's `#TYPE ...` first line (Windows PowerShell writes it without
// -NoTypeInformation), with the lines passed over in `skipped` (0 or 1). Any first line that
// starts with '#' is passed over, as Import-Csv passes it over (`#Type`, a comment; decision 830).
[[nodiscard]] std::string_view after_csv_type_line(std::string_view text, int& skipped) noexcept;

}  // namespace mfsim
