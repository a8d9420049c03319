// A CSV manifest's rows, read a block at a time.
#include "corpus/manifest_csv_rows.h"

#include <algorithm>
#include <utility>

#include "engine/spelling.h"

namespace mfsim::corpus::manifest_reading {
namespace {

// The recipients of a CSV value: separated by ';', or one a line in a value that spans lines,
// each without the spaces around it. A line ends at LF, CRLF or a lone CR, as a row does
// (decision 770): a CR alone between two addresses separates them (decision 831).
void add_csv_recipients(manifest_entry& e, std::string_view list, const line_context& at) {
  while (!list.empty()) {
    const std::size_t end = std::min(list.find_first_of(";\r\n"), list.size());
    std::string_view one = list.substr(0, end);
    const std::size_t first = one.find_first_not_of(" \t\r");
    one = first == std::string_view::npos
              ? std::string_view()
              : one.substr(first, one.find_last_not_of(" \t\r") - first + 1);
    add_recipient(e, one, at);
    list.remove_prefix(std::min(end + 1, list.size()));
  }
}

bool blank_row(const std::vector<csv_cell>& cells) {
  return cells.size() == 1 && cells.front().text.find_first_not_of(" \t") == std::string::npos;
}

}  // namespace

void csv_rows::feed(std::string_view text, bool more) {
  if (stopped_) return;
  pending_ += text;
  if (more && pending_.size() < read_again_at_) return;
  if (!cursor_ && !start(more)) {
    read_again_at_ = 2 * pending_.size();  // blank lines: not searched again for each block
    return;
  }
  cursor_->continue_with(pending_, more);
  std::string problem;
  int problem_line = 0, problem_col = 0;
  while (!stopped_ && !cursor_->done()) {
    const std::vector<csv_cell> fields = cursor_->row(problem, problem_line, problem_col);
    if (cursor_->wants_more()) break;
    if (!problem.empty()) {
      at({{}, problem_line, problem_col}).fail(0, problem);
      stopped_ = true;
    } else if (!blank_row(fields)) {
      stopped_ = !take(fields);
    }
  }
  if (stopped_) {
    pending_ = std::string();
    return;
  }
  pending_.erase(0, cursor_->taken());
  // A row cut by the block's end is read again once the text held has doubled, so that a long
  // one is not scanned again for each block.
  read_again_at_ = cursor_->wants_more() ? 2 * pending_.size() : 0;
}

// Passes over the `#TYPE` line and finds the delimiter in the first line that is not blank;
// false while the text held does not hold them, or a record's bytes of that line. The cursor
// then reads from after the `#TYPE` line and the lines of spaces, the other blank lines before
// the header included.
bool csv_rows::start(bool more) {
  head_searched_ += pending_.size();
  if (type_line_ == type_line::unknown && !pending_.empty()) {
    type_line_ = pending_.front() == '#' ? type_line::passing : type_line::passed;
    skipped_ = pending_.front() == '#' ? 1 : 0;  // as after_csv_type_line counts it
  }
  if (type_line_ == type_line::passing) {
    const std::size_t end = pending_.find_first_of("\r\n");
    if (end == std::string::npos) {
      pending_.clear();  // the line goes on: none of it is kept
      return false;
    }
    if (pending_[end] == '\r' && end + 1 == pending_.size() && more) {
      pending_.erase(0, end);  // whether a LF follows the CR decides where the line ends
      return false;
    }
    pending_.erase(0, end + (pending_.compare(end, 2, "\r\n") == 0 ? 2 : 1));
    type_line_ = type_line::passed;
  }
  if (type_line_ != type_line::passed) return false;
  if (!pass_space_lines()) {  // a line of spaces past a record's bytes: refused
    cursor_.emplace(pending_, export_csv_delimiter({}));
    return true;
  }
  std::string_view header_line;
  for (std::string_view text = pending_; !text.empty();) {
    const std::size_t end = text.find_first_of("\r\n");
    const std::string_view line = text.substr(0, end);
    if (line.find_first_not_of(" \t") != std::string_view::npos) {
      // Its end is waited for no longer than a record may run: past kMaxCsvRecordBytes the row
      // it starts is refused whatever comes after, so the delimiter of what is held serves
      // (decision 1230).
      if (end == std::string_view::npos && more && line.size() <= kMaxCsvRecordBytes) return false;
      header_line = line;
      break;
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  if (header_line.empty() && more) return false;
  cursor_.emplace(pending_, export_csv_delimiter(header_line));
  return true;
}

// Drops the lines of spaces alone before the header, which every delimiter reads as a blank
// row, counting them in `skipped_`: a run of them held until the header came took its whole
// size (decision 1246). False when the next is a line of spaces longer than a record may be,
// ended or not: the cursor then refuses it at its start, with the delimiter ',' as the end of
// the file would give, where a line of spaces holds no delimiter to differ by.
bool csv_rows::pass_space_lines() {
  std::size_t taken = 0;
  for (;;) {
    const std::size_t end = pending_.find_first_not_of(' ', taken);
    if ((end == std::string::npos ? pending_.size() : end) - taken > kMaxCsvRecordBytes) {
      pending_.erase(0, taken);
      return false;
    }
    if (end == std::string::npos) {
      pending_.erase(0, taken);
      return true;
    }
    if (pending_[end] == '\n') {
      taken = end + 1;
    } else if (pending_[end] == '\r' && end + 1 < pending_.size()) {
      taken = end + (pending_[end + 1] == '\n' ? 2 : 1);  // CRLF or a lone CR (decision 770)
    } else {
      break;  // text, a tab, or a CR whose next byte is not read yet
    }
    ++skipped_;
  }
  pending_.erase(0, taken);
  return true;
}

// One row read; false once nothing more is parsed.
bool csv_rows::take(const std::vector<csv_cell>& fields) {
  if (too_many_problems(problems_, path_, fields.front().line + skipped_)) return false;
  if (columns_.empty()) {
    columns_ = fields;
    if (const csv_cell* twice = repeated_column(columns_)) {
      at(*twice).fail(0, "the header row names the column '" + shown(twice->text) +
                             "' twice: Import-Csv refuses such a file; keep one of the two");
    }
    for (const auto& c : columns_) {
      if (c.text != "id" && c.text != "client_ip" && c.text != "recipients" &&
          c.text != "received" && c.text != "auth_as" && c.text != "direction") {
        at(c).fail(0, "unknown column '" + shown(c.text) + "'" + did_you_mean(c.text, kKeys) +
                          " (expected " + std::string(kKnownKeys) + ")");
      }
    }
    return true;
  }
  if (fields.size() != columns_.size()) {
    at(fields.front())
        .fail(0, "expected " + std::to_string(columns_.size()) + " fields, found " +
                     std::to_string(fields.size()));
    return true;
  }
  manifest_entry e;
  std::string id;
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    const std::string& column = columns_[k].text;
    const std::string& value = fields[k].text;
    if (column == "id")
      id = value;
    else if (column == "client_ip")
      set_client_ip(e, value, at(fields[k]));
    else if (column == "received")
      set_received(e, value, at(fields[k]));
    else if (column == "auth_as" || column == "direction")
      set_auth(e, column, value, at(fields[k]));
    else if (column == "recipients")
      add_csv_recipients(e, value, at(fields[k]));
  }
  insert(entries_, id, std::move(e), at(fields.front()));
  return true;
}

}  // namespace mfsim::corpus::manifest_reading
