// Tests of corpus manifests: JSONL and CSV, overrides, and errors with positions.
#include "corpus/manifest.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "engine/json_text.h"
#include "engine/status.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/sanitizers.h"

using mfsim::corpus::manifest;
using mfsim::test::lines_of;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

std::vector<mfsim::diagnostic> load_errors(
    const std::string& path, std::size_t max_bytes = mfsim::corpus::kMaxManifestBytes) {
  try {
    (void)manifest::load(path, max_bytes);
  } catch (const mfsim::load_error& e) {
    return e.diagnostics();
  }
  return {};
}

// ASCII `text` as Windows PowerShell's `>` and `Export-Csv -Encoding Unicode` write it: UTF-16
// LE after its byte order mark.
std::string ascii_as_utf16le(const std::string& text) {
  std::string utf16(2 + 2 * text.size(), '\0');
  utf16[0] = '\xFF';
  utf16[1] = '\xFE';
  for (std::size_t k = 0; k < text.size(); ++k) utf16[2 + 2 * k] = text[k];
  return utf16;
}

}  // namespace

TEST_SUITE("manifest") {
  TEST_CASE("JSONL and CSV manifests give the same entries") {
    temp_dir dir;
    const auto jsonl = dir.write(
        "m.jsonl",
        "{\"id\":\"a.eml\",\"client_ip\":\"104.30.40.1\",\"recipients\":[\"x@contoso.com\"],"
        "\"received\":\"2024-03-19T09:41:11Z\"}\n\n{\"id\":\"b.eml\"}\n");
    const auto csv = dir.write("m.csv",
                               "id,client_ip,recipients,received\n"
                               "a.eml,104.30.40.1,x@contoso.com,2024-03-19T09:41:11Z\n"
                               "\"b.eml\",,,\n");
    for (const auto& path : {jsonl, csv}) {
      const auto m = manifest::load(path);
      CHECK(m.size() == 2);
      const auto* a = m.find("a.eml");
      REQUIRE(a != nullptr);
      CHECK(a->client_ip->to_string() == "104.30.40.1");
      CHECK(a->recipients == std::vector<std::string>{"x@contoso.com"});
      CHECK(a->received == 1710841271);
      const auto* b = m.find("b.eml");
      REQUIRE(b != nullptr);
      CHECK_FALSE(b->client_ip);
      CHECK(m.find("c.eml") == nullptr);
      CHECK(m.unused().count == 0);
    }
  }

  TEST_CASE("a manifest past its byte budget is refused at the line and column it ends at") {
    // Decision 891: kMaxManifestBytes (512 MiB), given here as 22 bytes: line 1 and its LF
    // (11), then 11 bytes of line 2, `{"id":"ébb`, 10 characters (é is two bytes).
    temp_dir dir;
    const std::string jsonl = "{\"id\":\"a\"}\n{\"id\":\"\u00e9bb\"}\n{\"id\":\"c\"}\n";
    auto errors = load_errors(dir.write("big.jsonl", jsonl), 22);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == 2);
    CHECK(errors[0].where.col == 11);
    CHECK(errors[0].message ==
          "the manifest holds more than 22 bytes (the limit kMaxManifestBytes): it is not read; "
          "split the corpus and its manifest");
    // The whole file within the budget reads; one byte over is refused.
    CHECK(manifest::load(dir.write("fits.jsonl", jsonl), jsonl.size()).size() == 3);
    CHECK(load_errors(dir.write("over.jsonl", jsonl), jsonl.size() - 1).size() == 1);
    // A CSV's rows end at a lone CR too, and so do its lines here.
    errors = load_errors(dir.write("big.csv", "id,client_ip\ra,1.2.3.4\rb,1.2.3.5\r"), 20);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == 2);
    CHECK(errors[0].where.col == 8);
    // UTF-16 cut inside a character is placed after the last whole one.
    const std::string utf16 = std::string("\xFF\xFE", 2) + std::string("i\0d\0\n\0a\0", 8);
    errors = load_errors(dir.write("utf16.csv", utf16), 7);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == 1);
    CHECK(errors[0].where.col == 3);
  }

  TEST_CASE("a manifest of more entries than its cap is refused at the first entry past it") {
    // Decision 1031: kMaxManifestEntries (4 Mi), given here as 2. Short entries hold far more
    // memory than their bytes, so the count is bounded too; refused as past the byte budget,
    // with no other problem.
    temp_dir dir;
    const auto load_capped = [&](const std::string& name, const std::string& text) {
      try {
        (void)manifest::load(dir.write(name, text), mfsim::corpus::kMaxManifestBytes, 2);
      } catch (const mfsim::load_error& e) {
        return e.diagnostics();
      }
      return std::vector<mfsim::diagnostic>{};
    };
    auto errors = load_capped("three.jsonl",
                              "{\"id\":\"a\"}\n{\"id\":\n\n{\"id\":\"b\"}\n"
                              "  {\"id\":\"c\"}\n{\"id\":\"d\"}\n");
    REQUIRE(errors.size() == 1);  // line 2 is not JSON, a problem that gives way
    CHECK(errors[0].where.line == 5);
    CHECK(errors[0].where.col == 1);
    CHECK(errors[0].message ==
          "the manifest holds more than 2 entries (the limit kMaxManifestEntries): it is not "
          "read; split the corpus and its manifest");
    errors = load_capped("three.csv", "id,client_ip\na,1.2.3.4\nb,\nc,\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == 4);
    CHECK(errors[0].message.find("more than 2 entries") != std::string::npos);
    // As many as the cap load, every one of them (an empty list of problems alone would also
    // pass for a manifest read as no entries).
    const auto two = manifest::load(dir.write("two.jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n"),
                                    mfsim::corpus::kMaxManifestBytes, 2);
    CHECK(two.size() == 2);
    CHECK(two.find("a") != nullptr);
    CHECK(two.find("b") != nullptr);
    const auto two_csv = manifest::load(dir.write("two.csv", "id,client_ip\na,1.2.3.4\nb,\n"),
                                        mfsim::corpus::kMaxManifestBytes, 2);
    CHECK(two_csv.size() == 2);
    CHECK(two_csv.find("b") != nullptr);
  }

  TEST_CASE("a JSONL manifest is read a line at a time across the blocks it is read in") {
    // Decision 985: lines that straddle the 64 KiB blocks read whole, their problems at their
    // line and column, and a budget that ends in a later block placed as in the first.
    temp_dir dir;
    std::string jsonl = "\xEF\xBB\xBF";  // a UTF-8 byte order mark is no text
    int lines = 0;
    while (jsonl.size() < 3 * 65536) {
      jsonl +=
          "{\"id\":\"m" + std::to_string(lines) + "\",\"recipients\":[\"\u00e9@contoso.com\"]}\n";
      ++lines;
    }
    const auto path = dir.write("blocks.jsonl", jsonl);
    const auto m = manifest::load(path);
    CHECK(m.size() == static_cast<std::size_t>(lines));
    // The ids no message matched: their count and the first in sorted order, not a copy of each.
    CHECK(m.unused().count == static_cast<std::size_t>(lines));
    CHECK(m.unused().first == "m0");
    REQUIRE(m.find("m0") != nullptr);
    CHECK(m.unused().count == static_cast<std::size_t>(lines) - 1);
    CHECK(m.unused().first == "m1");
    REQUIRE(m.find("m" + std::to_string(lines - 1)) != nullptr);
    CHECK(m.find("m0")->recipients == std::vector<std::string>{"\u00e9@contoso.com"});
    // The line across the first block's end, made not valid JSON past it.
    const std::size_t cut = jsonl.rfind('\n', 65535) + 1;
    const std::size_t cut_end = jsonl.find('\n', 65536);
    REQUIRE(cut_end > 65536);
    const int cut_line = static_cast<int>(std::count(jsonl.begin(), jsonl.begin() + cut, '\n')) + 1;
    std::string broken = jsonl;
    broken.insert(cut_end - 2, "\x01");  // before its `]}`
    auto errors = load_errors(dir.write("broken.jsonl", broken));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == cut_line);
    // Where the same line alone is wrong.
    const std::string alone = broken.substr(cut, broken.find('\n', cut) + 1 - cut);
    const auto alone_errors = load_errors(dir.write("alone.jsonl", alone));
    REQUIRE(alone_errors.size() == 1);
    CHECK(errors[0].where.col == alone_errors[0].where.col);
    CHECK(errors[0].message == alone_errors[0].message);
    // A budget in the third block: its line and its column in characters (é is one).
    const std::size_t budget = 2 * 65536 + 100;
    const std::size_t start = jsonl.rfind('\n', budget - 1) + 1;
    const int line = static_cast<int>(std::count(jsonl.begin(), jsonl.begin() + start, '\n')) + 1;
    const std::string_view tail(jsonl.data() + start, budget - start);
    const int col = 1 + static_cast<int>(std::count_if(tail.begin(), tail.end(), [](char c) {
                      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
                    }));
    errors = load_errors(path, budget);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == line);
    CHECK(errors[0].where.col == col);
  }

  TEST_CASE("a JSONL manifest past its budget gives that problem alone, whatever came before") {
    // Decisions 891 and 985: read a line at a time, the lines before the budget are parsed,
    // but their problems, the problems' cap and a line too long give way to the budget's.
    temp_dir dir;
    std::string bad;
    for (int k = 0; k < 1500; ++k)
      bad += "{\"id\":\"a" + std::to_string(k) + "\",\"client_ip\":\"nope\"}\n";
    const auto errors = load_errors(dir.write("bad.jsonl", bad), bad.size() - 1);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == 1500);
    CHECK(errors[0].message.starts_with("the manifest holds more than"));
    // Within the budget, the cap stops the list as before.
    const auto capped = load_errors(dir.write("bad.jsonl", bad));
    REQUIRE(capped.size() == 1001);
    CHECK(capped.back().message.starts_with("more than 1000 problems"));
    // A UTF-16 JSONL manifest (decoded a block at a time) gives the same entries.
    std::string utf16 = "\xFF\xFE";
    for (const char c : std::string("{\"id\":\"a\"}\r\n{\"id\":\"b\"}"))
      utf16 += std::string{c, '\0'};
    CHECK(manifest::load(dir.write("utf16.jsonl", utf16)).size() == 2);
  }

  TEST_CASE("a UTF-16 JSONL manifest read a block at a time places problems as UTF-8 does") {
    // Decision 1124: decoded block by block, never held whole; a character cut between two
    // 64 KiB blocks is finished by the next, and each problem keeps its line and column.
    temp_dir dir;
    std::string jsonl;
    for (int k = 0; k < 3000; ++k) {
      jsonl += "{\"id\":\"\u00e9t\u00e9-\U0001F600-" + std::to_string(k) + "\"";
      jsonl += k % 500 == 7 ? ",\"client_ip\":\"nope\"}\n" : "}\n";
    }
    // As UTF-16 LE with its mark, as Windows PowerShell's `>` writes it.
    const auto as_utf16 = [](const std::string& text) {
      std::string out = "\xFF\xFE";
      const auto unit = [&](std::uint32_t u) { out += {char(u & 0xFF), char(u >> 8)}; };
      for (std::size_t k = 0; k < text.size();) {
        const auto lead = static_cast<unsigned char>(text[k]);
        const int more = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
        std::uint32_t code = more == 0 ? lead : lead & (0x3Fu >> more);
        for (int i = 1; i <= more; ++i) code = (code << 6) | (text[k + i] & 0x3Fu);
        k += static_cast<std::size_t>(more) + 1;
        if (code < 0x10000) {
          unit(code);
        } else {
          unit(0xD800 + ((code - 0x10000) >> 10));
          unit(0xDC00 + ((code - 0x10000) & 0x3FF));
        }
      }
      return out;
    };
    const auto where = [](const std::vector<mfsim::diagnostic>& errors) {
      std::vector<std::pair<int, int>> out;
      for (const auto& d : errors) out.emplace_back(d.where.line, d.where.col);
      return out;
    };
    const auto utf8_errors = load_errors(dir.write("m.jsonl", jsonl));
    REQUIRE(utf8_errors.size() == 6);
    CHECK(where(load_errors(dir.write("m16.jsonl", as_utf16(jsonl)))) == where(utf8_errors));
    // A surrogate left unpaired in a later block is placed where it is.
    std::string broken = as_utf16(jsonl + "{\"id\":\"\u00e9");
    broken += std::string("\x3D\xD8", 2) + std::string("\"\0}\0", 4);
    const auto errors = load_errors(dir.write("bad16.jsonl", broken));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == 3001);
    CHECK(errors[0].where.col == 9);
    CHECK(errors[0].message.starts_with("the file is UTF-16 and cannot be decoded: unpaired"));
  }

  TEST_CASE("a UTF-16 JSONL manifest with a second mark places a cut character as before") {
    // A file converted twice starts with U+FEFF after its mark; decoded whole, a character cut
    // on line 1 counted it as a column. Read a block at a time (decision 1124), it was counted
    // only when the cut fell in the first block: at the end of the file, or on a line 1 longer
    // than the first block, the column was one less.
    temp_dir dir;
    const auto utf16 = [](const std::string& ascii, std::string_view tail) {
      std::string out = "\xFF\xFE\xFF\xFE";
      for (const char c : ascii) out += {c, '\0'};
      return out += tail;
    };
    const std::string long_line = "{\"id\":\"" + std::string(40000, 'x') + "\"}";
    const struct {
      std::string text;
      std::string_view tail;
      int col;
    } cases[] = {{"{}", "A", 4},
                 {"{}", std::string_view("\x00\xD9", 2), 4},
                 {long_line, "A", 40011},
                 {long_line, std::string_view("\x00\xDC", 2), 40011}};
    for (const auto& c : cases) {
      CAPTURE(c.col);
      const auto errors = load_errors(dir.write("twice.jsonl", utf16(c.text, c.tail)));
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].where.line == 1);
      CHECK(errors[0].where.col == c.col);
      CHECK(errors[0].message.starts_with("the file is UTF-16 and cannot be decoded"));
    }
  }

  TEST_CASE("a UTF-16 JSONL manifest takes the memory of its entries, not of its text") {
    // Decision 1124: its bytes were read whole and decoded into a second buffer, so 150,000
    // usual entries (48 MB of UTF-16) needed about 146 MB of address space; read a block at a
    // time, about 91 MB. The limit lies between the two. One thread: each more takes its stack
    // and malloc arena from the same address space (16 cores failed the default of one a core).
    if (mfsim::test::kBuiltWithAsan || mfsim::test::kBuiltWithTsan) return;
    temp_dir dir;
    std::string jsonl;
    for (int k = 0; k < 150000; ++k) {
      jsonl += "{\"id\":\"corpus/archive/2026/12/07/message-" + std::to_string(1000000 + k) +
               ".eml\",\"client_ip\":\"203.0.113.5\",\"recipients\":[\"user" + std::to_string(k) +
               "@contoso.com\"],\"received\":\"2026-12-07T10:00:00Z\"}\r\n";
    }
    std::string utf16 = ascii_as_utf16le(jsonl);
    jsonl = std::string();
    const std::string path = dir.write("m.jsonl", utf16);
    utf16 = std::string();
    const auto r =
        mfsim::test::run_shell("ulimit -v 118000; timeout 120 " + mfsim::test::mfsim_binary() +
                               " run --jobs 1 --rules uc4 --manifest '" + path +
                               "' corpus/samples/01-uce-from-egress.eml");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
  }

  TEST_CASE("a CSV manifest is read a row at a time across the blocks it is read in") {
    // Decision 1180: read a block at a time, not whole. Rows whose quoted values span lines,
    // a "" inside a quote, CRLF and lone CR row ends fall across the 64 KiB blocks at every
    // offset the shifts give; the entries and each problem's place are those of the rows.
    temp_dir dir;
    for (int shift = 0; shift < 6; ++shift) {
      CAPTURE(shift);
      std::string csv =
          "#TYPE System.Management.Automation.PSCustomObject\r\n"
          "\"id\",\"client_ip\",\"recipients\"\r\n";
      int line = 3;
      int bad_line = 0;
      int rows = 0;
      while (csv.size() < 3 * 65536) {
        const std::string id = "m" + std::to_string(rows) + std::string(shift, 'x');
        if (rows == 2000) {  // a problem in the second block, its column after an é
          bad_line = line;
          csv += "\"" + id + "\u00e9\",\"nope\",\"\"\r\n";
          line += 1;
        } else if (rows % 3 == 0) {  // recipients one a line, as Export-Csv joins an array
          csv += "\"" + id + "\",\"203.0.113.5\",\"a@contoso.com\r\n\"\"b\"\"@contoso.com\"\r\n";
          line += 2;
        } else {
          csv += id + ",203.0.113.6,c@contoso.com\r";  // a lone CR ends the row too
          line += 1;
        }
        ++rows;
      }
      const std::string path = dir.write("rows.csv", csv);
      const auto errors = load_errors(path);
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].where.line == bad_line);
      CHECK(errors[0].where.col == 10 + shift);  // the opening quote of its client_ip
      CHECK(errors[0].message == "client_ip 'nope' is not an IP address");
      // Without the bad row every entry loads, each with its own recipients.
      std::string good = csv;
      const std::string bad_value = "\",\"nope\",";
      good.replace(good.find(bad_value), bad_value.size(), "\",\"\",");
      const auto m = manifest::load(dir.write("good.csv", good));
      CHECK(m.size() == static_cast<std::size_t>(rows));
      const std::string x(shift, 'x');
      REQUIRE(m.find("m2997" + x) != nullptr);
      CHECK(m.find("m2997" + x)->recipients ==
            std::vector<std::string>{"a@contoso.com", "\"b\"@contoso.com"});
      REQUIRE(m.find("m2998" + x) != nullptr);
      CHECK(m.find("m2998" + x)->recipients == std::vector<std::string>{"c@contoso.com"});
      // As UTF-16 (Export-Csv -Encoding Unicode), decoded a block at a time: the same.
      std::string utf16 = "\xFF\xFE";
      for (std::size_t k = 0; k < good.size(); ++k) {
        const auto c = static_cast<unsigned char>(good[k]);
        if (c == 0xC3) {  // é, the one character past ASCII here
          utf16 += std::string("\xE9\0", 2);
          ++k;
        } else {
          utf16 += std::string{static_cast<char>(c), '\0'};
        }
      }
      CHECK(manifest::load(dir.write("good16.csv", utf16)).size() ==
            static_cast<std::size_t>(rows));
    }
    // A quote never closed is placed at its opening, however far the file goes on.
    const auto unclosed = load_errors(dir.write(
        "open.csv", "id,recipients\na,\"x@contoso.com\n" + std::string(200000, 'y') + "\n"));
    REQUIRE(unclosed.size() == 1);
    CHECK(unclosed[0].where.line == 2);
    CHECK(unclosed[0].where.col == 3);
    CHECK(unclosed[0].message == "a quoted value is not closed before the end of the file");
  }

  TEST_CASE("a CSV manifest takes the memory of its entries, not of its text") {
    // Decision 1180: a CSV manifest was read whole (its quoted values may span lines), a
    // UTF-16 one then decoded into a second buffer. 300,000 usual entries (37 MB as UTF-8, 75
    // MB as UTF-16) needed 135 to 150 MB of address space; read a row at a time, 110 to 118
    // MB. The limit lies between the two. One thread (see the JSONL test above).
    if (mfsim::test::kBuiltWithAsan || mfsim::test::kBuiltWithTsan) return;
    temp_dir dir;
    std::string csv = "\"id\",\"client_ip\",\"recipients\",\"received\"\r\n";
    for (int k = 0; k < 300000; ++k) {
      csv += "\"corpus/archive/2026/12/07/message-" + std::to_string(1000000 + k) +
             ".eml\",\"203.0.113.5\",\"user" + std::to_string(k) +
             "@contoso.com\",\"2026-12-07T10:00:00Z\"\r\n";
    }
    const std::string paths[] = {dir.write("m.csv", csv),
                                 dir.write("m16.csv", ascii_as_utf16le(csv))};
    csv = std::string();
    for (const std::string& path : paths) {
      CAPTURE(path);
      const auto r =
          mfsim::test::run_shell("ulimit -v 125000; timeout 120 " + mfsim::test::mfsim_binary() +
                                 " run --jobs 1 --rules uc4 --manifest '" + path +
                                 "' corpus/samples/01-uce-from-egress.eml");
      CHECK_MESSAGE(r.exit_code == 0, r.err);
    }
  }

  TEST_CASE("a budget that ends between a CSV row's CR and LF places the LF on that row") {
    // The first byte not read is the LF of the CRLF that ends line 1 (decision 930): it is
    // line 1's, after its CR, not line 2's first; a CR with no LF after it still ends a row.
    temp_dir dir;
    const auto refused_at = [&](const std::string& bytes, std::size_t budget) {
      const auto errors = load_errors(dir.write("cut.csv", bytes), budget);
      REQUIRE(errors.size() == 1);
      return std::pair{errors[0].where.line, errors[0].where.col};
    };
    const std::string csv = "id,client_ip\r\na,1.2.3.4\r\n";
    CHECK(refused_at(csv, 13) == std::pair{1, 14});
    CHECK(refused_at(csv, 14) == std::pair{2, 1});
    CHECK(refused_at("id,client_ip\ra,1.2.3.4\r", 13) == std::pair{2, 1});
    // UTF-16 the same, its LF a code unit; a budget inside the LF is placed at it too.
    const std::string utf16 = std::string("\xFF\xFE", 2) + std::string("i\0d\0\r\0\n\0a\0", 10);
    CHECK(refused_at(utf16, 8) == std::pair{1, 4});
    CHECK(refused_at(utf16, 9) == std::pair{1, 4});
  }

  TEST_CASE("bad manifest lines are reported with file and line") {
    temp_dir dir;
    const auto path = dir.write("bad.jsonl",
                                "{\"id\":\"a\",\"client_ip\":\"999.1.1.1\"}\n"
                                "{\"id\":\"b\",\"sender\":\"x\"}\n"
                                "not json\n"
                                "{\"id\":\"a\"}\n");
    const auto errors = load_errors(path);
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].where.line == 1);
    CHECK(errors[0].message == "client_ip '999.1.1.1' is not an IP address");
    CHECK(errors[1].where.line == 2);
    CHECK(
        errors[1].message ==
        "unknown key 'sender' (expected id, client_ip, recipients, received, auth_as, direction)");
    CHECK(errors[2].where.line == 3);
    CHECK(errors[3].message == "id 'a' appears twice");
    const auto overflow =
        load_errors(dir.write("overflow.jsonl", "{\"id\":\"a\",\"x\":-9e9999}\n"));
    REQUIRE(overflow.size() == 1);
    CHECK(overflow[0].where.col == 15);
    CHECK(overflow[0].message == "not valid JSON: number overflow parsing '-9e9999'");
    // A directory opens but cannot be read: an io_error, not an escaped ios_base::failure.
    const auto unreadable = load_errors(dir.path());
    REQUIRE(unreadable.size() == 1);
    CHECK(unreadable[0].code == mfsim::diag_code::io_error);
    CHECK(unreadable[0].message == "cannot read the manifest: read error");
    const auto csv = dir.write("bad.csv", "id,ip\na,1.2.3.4\nb\n");
    const auto csv_errors = load_errors(csv);
    REQUIRE(csv_errors.size() == 2);
    CHECK(csv_errors[0].message ==
          "unknown column 'ip' (expected id, client_ip, recipients, received, auth_as, direction)");
    CHECK(csv_errors[1].where.line == 3);
    // A value from the file is quoted at most 64 bytes long, not echoed whole.
    const auto long_name = load_errors(dir.write("long.csv", std::string(100000, '[') + ",id\n"));
    REQUIRE(long_name.size() == 1);
    CHECK(long_name[0].message == "unknown column '" + std::string(64, '[') +
                                      "...' (expected id, client_ip, recipients, received, "
                                      "auth_as, direction)");
  }

  TEST_CASE("a misspelt manifest key or column names the one meant") {
    temp_dir dir;
    const auto json =
        load_errors(dir.write("typo.jsonl", "{\"id\":\"a\",\"clientip\":\"1.2.3.4\"}\n"));
    REQUIRE(json.size() == 1);
    CHECK(json[0].message ==
          "unknown key 'clientip' (did you mean 'client_ip'?) (expected id, client_ip, recipients, "
          "received, auth_as, direction)");
    const auto csv = load_errors(dir.write("typo.csv", "id,Recipient\na,b@contoso.com\n"));
    REQUIRE(csv.size() == 1);
    CHECK(csv[0].message ==
          "unknown column 'Recipient' (did you mean 'recipients'?) (expected id, client_ip, "
          "recipients, received, auth_as, direction)");
  }

  TEST_CASE("a manifest entry wins over the headers and over --client-ip" *
            doctest::test_suite("e2e: manifest")) {
    temp_dir dir;
    const std::string msg =
        dir.write("m.eml",
                  "X-Area1Security-Disposition: UCE\nX-Sender-IP: 198.51.100.1\n"
                  "Date: Tue, 19 Mar 2024 09:41:11 +0000\n\nbody\n");
    const auto path = dir.write("manifest.jsonl", "{\"id\":\"" + msg +
                                                      "\",\"client_ip\":\"104.30.40.1\","
                                                      "\"received\":\"2024-04-01T00:00:00Z\"}\n"
                                                      "{\"id\":\"other.eml\"}\n");
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--manifest", path,
                              "--client-ip", "203.0.113.9", msg});
    CHECK(r.exit_code == 0);
    const auto j = mfsim::parse_json(lines_of(r.out).at(0));
    CHECK(j["sender_ip"] == "104.30.40.1");
    CHECK(j["sender_ip_source"] == "client-ip");  // the contract's value (decision 348)
    CHECK(j["action"] == "quarantine");
    CHECK(j["expires"] == "2024-04-16T00:00:00Z");
    CHECK(r.err.find("1 manifest entries matched no message (first: other.eml)") !=
          std::string::npos);
    const auto bad =
        run_mfsim({"run", "--rules", "uc4", "--manifest", dir.write("x.csv", "id,bogus\n"), msg});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("x.csv:1:4: error: unknown column 'bogus'") != std::string::npos);
  }
}
