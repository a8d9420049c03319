// A CSV manifest's rows, read as its text comes a block at a time (decision 1180): internal to
// the manifest's reader (manifest.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/manifest_fields.h"
#include "engine/csv_reader.h"

namespace mfsim::corpus::manifest_reading {

// The rows go through the reader the directory's exports use (engine/csv_reader.h), parsed as
// the text is fed, so that reading a manifest takes its entries, not its size: Export-Csv's
// `#TYPE` line passed over, the delimiter of its header row, each problem at the cell it is
// about (decision 772). The rows read are dropped from what is held: a row is held whole only
// while it is read (kMaxCsvRecordBytes at most), and so are the header line while the
// delimiter is not known (about twice kMaxCsvRecordBytes at most: decision 1230) and the blank
// lines before it that hold a tab; the lines of spaces before it are dropped as they are read
// (decision 1246).
class csv_rows {
 public:
  // `head_searched` counts the bytes of the text held each time the header is searched for
  // (decision 1232).
  csv_rows(const std::string& path, std::vector<diagnostic>& problems, entry_store& entries,
           std::uint64_t& head_searched)
      : path_(path), problems_(problems), entries_(entries), head_searched_(head_searched) {}

  // `more`: the text may go on past what is fed.
  void feed(std::string_view text, bool more);

 private:
  [[nodiscard]] line_context at(const csv_cell& c) const {
    return line_context{path_, c.line + skipped_, problems_, c.col};
  }
  bool start(bool more);
  bool pass_space_lines();
  bool take(const std::vector<csv_cell>& fields);

  const std::string& path_;
  std::vector<diagnostic>& problems_;
  entry_store& entries_;
  std::uint64_t& head_searched_;
  std::string pending_;  // the text fed and not yet read as rows
  std::size_t read_again_at_ = 0;
  enum class type_line { unknown, passing, passed } type_line_ = type_line::unknown;
  int skipped_ = 0;  // the `#TYPE` line, when there is one
  std::optional<csv_cursor> cursor_;
  std::vector<csv_cell> columns_;
  bool stopped_ = false;
};

}  // namespace mfsim::corpus::manifest_reading
