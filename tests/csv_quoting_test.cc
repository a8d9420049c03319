// RFC 4180 as both CSV readers read it: the manifest's (a stream, a record at a time) and the
// exports' (engine/csv_rows.h, a whole text). What they agree on is pinned here, so that a
// reader shared by both keeps it: quoted line breaks, doubled quotes, `;` and tab delimiters,
// CRLF line ends.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "corpus/manifest.h"
#include "engine/csv_rows.h"
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
}
