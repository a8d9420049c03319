// The `mfsim run` table keeps its columns aligned whatever the values: cells are fitted to their
// width (long ids keep their file name), counted in characters, and safe for a terminal.
#include "engine/report/table_writer.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/report/table_cell.h"
#include "engine/rules/presets.h"
#include "tests/support/process.h"

using mfsim::report::elide;
using mfsim::report::fit_cell;

namespace {

const std::string kUceFromEgress =
    "X-Area1Security-Disposition: UCE\nX-Sender-IP: 104.30.32.5\nSubject: hi\n\nbody\n";

// Characters (code points) in UTF-8 text.
std::size_t width_of(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Where each column starts, from the titles in the header (ASCII).
std::vector<std::size_t> column_starts(const std::string& header) {
  std::vector<std::size_t> starts;
  for (const char* title : {"MESSAGE", "DISPOSITION", "SENDER IP", "EGR", "RULES", "SCL", "VERDICT",
                            "ACTION", "QUARANTINE POLICY", "RELEASE"}) {
    starts.push_back(header.find(title));
  }
  return starts;
}

// True when every cell of `row` starts at its column: a character there, a space before it.
bool aligned(const std::string& row, const std::vector<std::size_t>& starts) {
  std::vector<std::string> chars;  // one code point each
  for (const char c : row) {
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80 && !chars.empty())
      chars.back() += c;
    else
      chars.emplace_back(1, c);
  }
  for (const std::size_t start : starts) {
    if (start >= chars.size() || chars[start] == " ") return false;
    if (start > 0 && chars[start - 1] != " ") return false;
  }
  return true;
}

}  // namespace

TEST_SUITE("table") {
  TEST_CASE("a cell is padded or elided to exactly its width") {
    CHECK(fit_cell("UCE", 6) == "UCE   ");
    CHECK(fit_cell("abcdefghij", 5) == "ab\xE2\x80\xA6ij");
    CHECK(width_of(fit_cell("abcdefghij", 6)) == 6);
    CHECK(fit_cell("abc", 0).empty());
    CHECK(fit_cell("abc", 1) == "\xE2\x80\xA6");
    // A path keeps its file name and loses folders first.
    CHECK(fit_cell("corpus/samples/02-uce-from-europe-only-egress.eml", 40, elide::directory) ==
          "corp\xE2\x80\xA6/02-uce-from-europe-only-egress.eml");
    CHECK(fit_cell("a/b/mailbox.mbox#12", 18, elide::directory) == "a\xE2\x80\xA6/mailbox.mbox#12");
    // A file name that just fits is shown alone.
    CHECK(fit_cell("a/b/mailbox.mbox#12", 16, elide::directory) == "mailbox.mbox#12 ");
    // A file name longer than the cell keeps its end (extension, #N).
    const std::string cut =
        fit_cell("dir/a-very-long-file-name-that-goes-on.mbox#7", 15, elide::directory);
    CHECK(width_of(cut) == 15);
    CHECK(cut.substr(cut.size() - 6) == "mbox#7");
  }

  TEST_CASE("cells count characters, not bytes, and never pass control characters") {
    CHECK(width_of(fit_cell("Gr\xC3\xBC\xC3\x9F"
                            "e",
                            8)) == 8);
    CHECK(fit_cell("Gr\xC3\xBC\xC3\x9F"
                   "e",
                   6) ==
          "Gr\xC3\xBC\xC3\x9F"
          "e ");
    CHECK(fit_cell("a\x1B[31mb", 9) == "a?[31mb  ");
    CHECK(fit_cell("a\xC2\x9B"
                   "31mb",
                   7) == "a?31mb ");  // C1 CSI
    CHECK(fit_cell("bad \xFF\xC3 utf8", 11) == "bad ?? utf8");
    CHECK(mfsim::report::terminal_safe("line\nbreak\r") == "line?break?");
  }

  TEST_CASE("rows stay aligned with the header whatever the id's length") {
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    mfsim::scratch s;
    const auto result = mfsim::evaluate(*plan, kUceFromEgress, {}, s);
    const mfsim::report::table_writer table(*plan);
    const std::vector<std::size_t> header = column_starts(table.header());
    REQUIRE(header.size() == 10);
    CHECK(aligned(table.header(), header));
    for (const std::string& id : {std::string("m/1.eml"), std::string(34, 'x'),
                                  std::string("corpus/samples/02-uce-from-europe-only-egress.eml"),
                                  "very/deep/folder/" + std::string(200, 'd') + "/message.eml",
                                  std::string("caf\xC3\xA9/\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E-") +
                                      std::string(40, 'n') + ".eml"}) {
      CAPTURE(id);
      std::string row;
      table.append_row(row, id, result);
      REQUIRE(row.back() == '\n');
      row.pop_back();
      CHECK(aligned(row, header));
    }
    std::string row;
    table.append_row(row, "corpus/samples/02-uce-from-europe-only-egress.eml", result);
    CHECK(row.find("02-uce-from-europe-only-egress.eml ") != std::string::npos);
  }

  TEST_CASE("on a terminal the message column takes the width the other columns leave") {
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    mfsim::scratch s;
    const auto result = mfsim::evaluate(*plan, kUceFromEgress, {}, s);
    for (const std::size_t columns : {140u, 160u, 240u}) {
      CAPTURE(columns);
      const mfsim::report::table_writer table(*plan, columns);
      std::string row;
      table.append_row(row, "corpus/" + std::string(300, 'z') + ".eml", result);
      row.erase(row.find('\n'));  // the row; the effects line under it (SetSCL 5) is free text
      CHECK(width_of(row) <= columns);
      CHECK(width_of(row) >= columns - 10);  // only the RELEASE cell's padding is trimmed
      CHECK(width_of(table.header()) <= columns + 1);
    }
  }

  TEST_CASE("on a narrow terminal the wide columns shrink, rows fit 80 columns and stay aligned") {
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    mfsim::scratch s;
    const auto result = mfsim::evaluate(*plan, kUceFromEgress, {}, s);
    for (const std::size_t columns : {80u, 100u, 120u, 139u}) {
      CAPTURE(columns);
      const mfsim::report::table_writer table(*plan, columns);
      std::string header = table.header();
      header.erase(header.find('\n'));
      CHECK(width_of(header) <= columns);
      std::string row;
      table.append_row(row, "corpus/" + std::string(300, 'z') + ".eml", result);
      row.erase(row.find('\n'));
      CHECK(width_of(row) <= columns);
      CHECK(row.find("104.30.32.5 ") != std::string::npos);  // an IPv4 address is never cut
      // The header and the row are cut to the same columns: the same width up to RELEASE.
      CHECK(width_of(header.substr(0, header.rfind(' '))) ==
            width_of(row.substr(0, row.rfind(' '))));
    }
    // Under 80 columns nothing shrinks further: the rows wrap.
    const mfsim::report::table_writer tiny(*plan, 40);
    CHECK(width_of(tiny.header()) > 40);
  }
}

TEST_SUITE("e2e: table") {
  TEST_CASE("mfsim run --format table over the samples: every row lines up with the header") {
    const auto r = mfsim::test::run_mfsim({"run", "--rules", "uc4", "--format", "table", "-q",
                                           "corpus/samples", "tests/testdata/malformed"});
    CHECK(r.exit_code == 0);
    const auto lines = mfsim::test::lines_of(r.out);
    REQUIRE(lines.size() > 40);
    const auto header = column_starts(lines[0]);
    std::size_t rows = 0;
    for (std::size_t i = 1; i < lines.size() && !lines[i].empty(); ++i, ++rows) {
      if (lines[i].rfind("  effects: ", 0) == 0) {  // the rules' effects under their row
        --rows;
        continue;
      }
      CAPTURE(lines[i]);
      CHECK(aligned(lines[i], header));
    }
    const auto jsonl = mfsim::test::run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q",
                                               "corpus/samples", "tests/testdata/malformed"});
    CHECK(rows == mfsim::test::lines_of(jsonl.out).size());
    CHECK(r.out.find(" error: gzip stream is truncated") == std::string::npos);
    CHECK(r.out.find("error: could not be fully decompressed: gzip stream is truncated") !=
          std::string::npos);
  }
}
