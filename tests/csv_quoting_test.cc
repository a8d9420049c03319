// RFC 4180 as the one CSV reader (engine/csv_reader.h) reads it for the manifest and the
// exports: quoted line breaks, doubled quotes, `;` and tab delimiters, CRLF line ends, and
// where the two readers it replaced disagreed, what decisions 770-772 chose: a lone CR ends a
// row, a quote inside an unquoted value is a character, problems name the cell.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "corpus/manifest.h"
#include "engine/csv_reader.h"
#include "engine/status.h"
#include "tests/support/process.h"

namespace {

using mfsim::csv_cell;
using mfsim::csv_cursor;
using mfsim::corpus::manifest;
using mfsim::test::temp_dir;

// Every row of `text`, cells as text; fails the test on a problem.
std::vector<std::vector<std::string>> export_rows(const std::string& text, char delimiter) {
  csv_cursor cursor(text, delimiter);
  std::vector<std::vector<std::string>> rows;
  while (!cursor.done()) {
    std::string problem;
    int line = 0;
    int col = 0;
    std::vector<std::string> row;
    for (const csv_cell& cell : cursor.row(problem, line, col)) row.push_back(cell.text);
    CHECK_MESSAGE(problem.empty(), problem);
    rows.push_back(row);
  }
  return rows;
}

// The recipients and client IP the manifest `text` gives message a.eml.
struct manifest_view {
  std::vector<std::string> recipients;
  std::string client_ip;
};
manifest_view manifest_of(const std::string& text, const std::string& id = "a.eml") {
  temp_dir dir;
  const manifest m = manifest::load(dir.write("m.csv", text));
  const auto* entry = m.find(id);
  REQUIRE_MESSAGE(entry != nullptr, text);
  return {entry->recipients, entry->client_ip ? entry->client_ip->to_string() : ""};
}

// The problems loading the manifest `text` gives, as FILE:LINE:COL: MESSAGE with FILE left out.
std::vector<std::string> manifest_problems(const std::string& text) {
  temp_dir dir;
  std::vector<std::string> out;
  try {
    (void)manifest::load(dir.write("m.csv", text));
  } catch (const mfsim::load_error& e) {
    for (const auto& d : e.diagnostics())
      out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.col) + ": " +
                    d.message);
  }
  return out;
}

}  // namespace

TEST_SUITE("csv quoting") {
  TEST_CASE("a quoted value holds line breaks, LF or CRLF") {
    for (const std::string end : {"\n", "\r\n"}) {
      const std::string text =
          "id,recipients" + end + "\"a.eml\",\"x@contoso.com" + end + "y@contoso.com\"" + end;
      CHECK(manifest_of(text).recipients ==
            std::vector<std::string>{"x@contoso.com", "y@contoso.com"});
      const auto rows = export_rows(text, ',');
      REQUIRE(rows.size() == 2);
      CHECK(rows[1] == std::vector<std::string>{"a.eml", "x@contoso.com" + end + "y@contoso.com"});
    }
  }

  TEST_CASE("a doubled quote inside quotes is one quote") {
    const std::string text = "id,client_ip\n\"a\"\"b.eml\",\"104.30.40.1\"\n";
    CHECK(manifest_of(text, "a\"b.eml").client_ip == "104.30.40.1");
    const auto rows = export_rows(text, ',');
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"a\"b.eml", "104.30.40.1"});
  }

  TEST_CASE("; and a tab separate values as Export-Csv -Delimiter writes them") {
    for (const char delimiter : {';', '\t'}) {
      const std::string d(1, delimiter);
      const std::string text = "id" + d + "client_ip" + d + "recipients\n\"a.eml\"" + d +
                               "104.30.40.1" + d + "\"x@contoso.com;y@contoso.com\"\n";
      const manifest_view m = manifest_of(text);
      CHECK(m.client_ip == "104.30.40.1");
      CHECK(m.recipients == std::vector<std::string>{"x@contoso.com", "y@contoso.com"});
      const auto rows = export_rows(text, delimiter);
      REQUIRE(rows.size() == 2);
      CHECK(rows[1] ==
            std::vector<std::string>{"a.eml", "104.30.40.1", "x@contoso.com;y@contoso.com"});
    }
  }

  TEST_CASE("CRLF line ends leave no CR in a value") {
    const std::string text = "id,client_ip\r\na.eml,104.30.40.1\r\n";
    CHECK(manifest_of(text).client_ip == "104.30.40.1");
    const auto rows = export_rows(text, ',');
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"a.eml", "104.30.40.1"});
  }

  TEST_CASE("a lone CR ends a row in the manifest as in the exports (decision 770)") {
    const std::string text = "id,client_ip\ra.eml,104.30.40.1\r";
    CHECK(manifest_of(text).client_ip == "104.30.40.1");
    const auto rows = export_rows(text, ',');
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"a.eml", "104.30.40.1"});
  }

  TEST_CASE("a quote inside an unquoted value is a character of it (decision 771)") {
    const std::string text = "id,client_ip\na\"b.eml,104.30.40.1\n";
    CHECK(manifest_of(text, "a\"b.eml").client_ip == "104.30.40.1");
    const auto rows = export_rows(text, ',');
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"a\"b.eml", "104.30.40.1"});
    // Text after a closing quote joins the value, as Import-Csv reads it.
    CHECK(export_rows("\"a\"b,c\n", ',').at(0) == std::vector<std::string>{"ab", "c"});
  }

  TEST_CASE("a manifest problem names the cell, as an export's does (decision 772)") {
    CHECK(manifest_problems("id,client_ip\na.eml,1.2.3\n") ==
          std::vector<std::string>{"2:7: client_ip '1.2.3' is not an IP address"});
    CHECK(manifest_problems("id,clientip\n") ==
          std::vector<std::string>{
              "1:4: unknown column 'clientip' (did you mean 'client_ip'?) (expected id, "
              "client_ip, recipients, received, auth_as, direction)"});
    // Line and column count past a value that spans lines.
    CHECK(
        manifest_problems("id,recipients,client_ip\na.eml,\"x@contoso.com\ny@contoso.com\",z\n") ==
        std::vector<std::string>{"3:16: client_ip 'z' is not an IP address"});
  }

  TEST_CASE("a quote never closed stops both readers at the quote") {
    const std::string text = "id,client_ip\na.eml,\"104.30.40.1\nb.eml,104.30.40.2\n";
    CHECK(manifest_problems(text) ==
          std::vector<std::string>{"2:7: a quoted value is not closed before the end of the file"});
    csv_cursor cursor(text, ',');
    std::string problem;
    int line = 0, col = 0;
    (void)cursor.row(problem, line, col);
    (void)cursor.row(problem, line, col);
    CHECK(problem == "a quoted value is not closed before the end of the file");
    CHECK(line == 2);
    CHECK(col == 7);
    CHECK(cursor.done());
  }

  TEST_CASE("a record past kMaxCsvRecordBytes stops the reading at its first cell") {
    const std::string text =
        "id,client_ip\na.eml,\"" + std::string(mfsim::kMaxCsvRecordBytes, 'x') + "\"\n";
    const auto problems = manifest_problems(text);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].starts_with("2:1: a record runs on past 16777216 bytes"));
    // The last record, with no line end after it, has the same budget.
    const std::string last = "a\n" + std::string(mfsim::kMaxCsvRecordBytes + 1, 'x');
    csv_cursor cursor(last, ',');
    std::string problem;
    int line = 0, col = 0;
    (void)cursor.row(problem, line, col);
    (void)cursor.row(problem, line, col);
    CHECK(problem.starts_with("a record runs on past 16777216 bytes"));
    CHECK(line == 2);
    CHECK(export_rows("a\n" + std::string(mfsim::kMaxCsvRecordBytes, 'x'), ',').size() == 2);
  }

  TEST_CASE("a row of more than kMaxCsvColumns values stops the reading there (decision 814)") {
    // A header whose PrimarySmtpAddress was the 1,025th column loaded its entries without
    // addresses, silently: the column is now an error at its cell.
    std::string header = "Name";
    for (std::size_t k = 1; k < mfsim::kMaxCsvColumns; ++k) header += ",c" + std::to_string(k);
    const std::string text = header + ",PrimarySmtpAddress\nann,x\n";
    csv_cursor cursor(text, ',');
    std::string problem;
    int line = 0, col = 0;
    const auto cells = cursor.row(problem, line, col);
    CHECK(cells.size() == mfsim::kMaxCsvColumns);
    CHECK(problem.starts_with("a row holds more than 1024 values"));
    CHECK(line == 1);
    CHECK(col == static_cast<int>(header.size()) + 2);
    CHECK(cursor.done());
    // Exactly the limit is read whole.
    const std::string exactly = header + "\n";
    csv_cursor fits(exactly, ',');
    problem.clear();
    CHECK(fits.row(problem, line, col).size() == mfsim::kMaxCsvColumns);
    CHECK(problem.empty());
  }

  TEST_CASE("a first line that starts with # is passed over, as Import-Csv does (decision 830)") {
    for (const std::string first : {"#TYPE System.Management.Automation.PSCustomObject",
                                    "#Type System.Management.Automation.PSCustomObject", "#TYPE",
                                    "# recipients of the March incident"}) {
      CAPTURE(first);
      CHECK(manifest_of(first + "\r\nid,client_ip\r\na.eml,104.30.40.1\r\n").client_ip ==
            "104.30.40.1");
      int skipped = 0;
      CHECK(mfsim::after_csv_type_line(first + "\nid\n", skipped) == "id\n");
      CHECK(skipped == 1);
      // Problems are placed on the file's lines, the passed-over one counted.
      CHECK(manifest_problems(first + "\nid,client_ip\na.eml,1.2.3\n") ==
            std::vector<std::string>{"3:7: client_ip '1.2.3' is not an IP address"});
    }
    // Only the first line: a later one is a row.
    int skipped = 0;
    CHECK(mfsim::after_csv_type_line("id\n#x\n", skipped) == "id\n#x\n");
    CHECK(skipped == 0);
  }

  TEST_CASE("a header row naming a column twice is refused at the second (decision 833)") {
    CHECK(manifest_problems("id,client_ip,id\na.eml,104.30.40.1,b.eml\n") ==
          std::vector<std::string>{"1:14: the header row names the column 'id' twice: Import-Csv "
                                   "refuses such a file; keep one of the two"});
    std::vector<csv_cell> header;
    for (const char* name : {"Name", "", "Department", "", "DEPARTMENT"})
      header.push_back({name, 1, 1});
    REQUIRE(mfsim::repeated_column(header) != nullptr);
    CHECK(mfsim::repeated_column(header)->text == "DEPARTMENT");
    header.pop_back();
    CHECK(mfsim::repeated_column(header) == nullptr);  // empty names are H1, H2 to Import-Csv
  }

  TEST_CASE("a recipients value with lone CR line ends gives one recipient a line (decision 831)") {
    CHECK(manifest_of("id,recipients\ra.eml,\"ann@contoso.com\rbob@contoso.com\"\r").recipients ==
          std::vector<std::string>{"ann@contoso.com", "bob@contoso.com"});
    CHECK(manifest_of("id,recipients\r\na.eml,\"ann@contoso.com\r\nbob@contoso.com\"\r\n")
              .recipients == std::vector<std::string>{"ann@contoso.com", "bob@contoso.com"});
  }
}
