// The CSV reader: what `Get-Recipient | Export-Csv`, `Get-User | Export-Csv` and
// `Get-DistributionGroupMember G | Export-Csv` write (a `#TYPE` line, a header row, every value
// quoted), with every problem at file:line:col.
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/ascii.h"
#include "engine/csv_reader.h"
#include "engine/directory/directory_records.h"
#include "engine/directory/load_directory.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim::directory::detail {
namespace {

using cell = csv_cell;

bool blank(const std::vector<cell>& cells) {
  return cells.size() == 1 && cells.front().text.empty();
}

}  // namespace

void load_directory_csv(std::string_view text, const std::string& file,
                        const std::string& group_name, directory_builder& builder,
                        std::vector<diagnostic>& out) {
  text = without_utf8_bom(text);
  // Export-Csv creates its file before the first object and writes the header with it: the
  // export of a group without members is empty, and the group has no members (decision 619).
  if (!group_name.empty() && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    add_named_group(group_name, file, builder, out);
    return;
  }
  // `#TYPE Deserialized.Microsoft.Exchange...`: Export-Csv's first line without
  // -NoTypeInformation.
  int line_offset = 0;
  text = after_csv_type_line(text, line_offset);
  csv_cursor cursor(text, export_csv_delimiter(text.substr(0, text.find_first_of("\r\n"))));
  std::string problem;
  int problem_line = 0, problem_col = 0;
  const auto span = [&](int line, int col) { return source_span{file, line + line_offset, col}; };
  const std::vector<cell> header = cursor.row(problem, problem_line, problem_col);
  if (header.empty() || blank(header)) {
    out.push_back({diag_code::missing_key, span(1, 1),
                   "expected a header row naming the columns (Name, PrimarySmtpAddress, "
                   "EmailAddresses, ...), as Export-Csv writes it"});
    return;
  }
  if (const csv_cell* twice = repeated_column(header)) {
    out.push_back({diag_code::duplicate, span(twice->line, twice->col),
                   fmt::format("the header row names the column '{}' twice: Import-Csv refuses "
                               "such a file; keep one of the two",
                               shortened_at(twice->text, 64))});
    return;
  }
  bool has_identity = false;
  for (const auto& h : header) {
    for (const std::string_view id :
         {"Name", "PrimarySmtpAddress", "WindowsEmailAddress", "EmailAddresses", "Identity",
          "DisplayName", "UserPrincipalName"}) {
      has_identity = has_identity || ascii_iequals(h.text, id);
    }
  }
  if (!has_identity) {
    out.push_back({diag_code::missing_key, span(header.front().line, header.front().col),
                   "the header row names none of Name, PrimarySmtpAddress, EmailAddresses, "
                   "Identity, DisplayName, WindowsEmailAddress, UserPrincipalName: is this an "
                   "Export-Csv of Get-Recipient, Get-User or Get-DistributionGroupMember?"});
    return;
  }
  const std::size_t group = add_named_group(group_name, file, builder, out);
  const std::size_t problems_before = out.size();
  while (!cursor.done() && problem.empty()) {
    const std::vector<cell> cells = cursor.row(problem, problem_line, problem_col);
    if (!problem.empty()) break;  // the record is cut: its reason alone is said, below
    if (blank(cells)) continue;
    if (out.size() - problems_before >= kMaxDirectoryProblems) {
      out.push_back({diag_code::syntax_error, span(cells.front().line, 1),
                     fmt::format("more than {} problems (the limit kMaxDirectoryProblems): the "
                                 "rest of the file is not read; is it an Export-Csv of "
                                 "Get-Recipient, Get-User or Get-DistributionGroupMember?",
                                 kMaxDirectoryProblems)});
      return;
    }
    if (cells.size() != header.size()) {
      out.push_back({diag_code::bad_value, span(cells.front().line, cells.front().col),
                     fmt::format("this row has {} values but the header row names {} columns",
                                 cells.size(), header.size())});
      continue;
    }
    entry e;
    e.where = span(cells.front().line, cells.front().col);
    for (std::size_t k = 0; k < cells.size(); ++k) {
      set_field(e, header[k].text, cells[k].text, span(cells[k].line, cells[k].col), out);
    }
    add_exported_entry(std::move(e), group, builder, out);
  }
  if (!problem.empty())
    out.push_back({diag_code::syntax_error, span(problem_line, problem_col), problem});
}

}  // namespace mfsim::directory::detail
