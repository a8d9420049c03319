// Tests of what a manifest holds and searches before its first row: the blanks before its
// first character, Export-Csv's `#TYPE` line and a CSV's header line, each within a budget of
// memory (decisions 1230, 1246) and of searching (decisions 1201, 1232).
#include <doctest/doctest.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "corpus/manifest.h"
#include "engine/csv_reader.h"
#include "engine/status.h"
#include "tests/support/build_paths.h"
#include "tests/support/msg_writer.h"
#include "tests/support/process.h"
#include "tests/support/sanitizers.h"

using mfsim::corpus::manifest;
using mfsim::test::temp_dir;

namespace {

// `text` as Windows PowerShell's `>` writes it: UTF-16 LE after its byte order mark.
std::string as_utf16le(const std::string& text) { return "\xFF\xFE" + mfsim::test::utf16le(text); }

std::vector<mfsim::diagnostic> load_errors(const std::string& path) {
  try {
    (void)manifest::load(path);
  } catch (const mfsim::load_error& e) {
    return e.diagnostics();
  }
  return {};
}

}  // namespace

TEST_SUITE("manifest head") {
  TEST_CASE("a CSV header line longer than a record is refused where it starts") {
    // Decision 1230: the header line was held to its end for its delimiter, then refused as a
    // record past kMaxCsvRecordBytes. It is refused the same, at the same place, once more
    // than a record's bytes of it are held, after a `#TYPE` line and blank lines too. The text
    // held is searched again once it has doubled: a line of twice a record's bytes is needed
    // for the reader to reach the header's refusal before the line's end.
    temp_dir dir;
    const std::string line(2 * mfsim::kMaxCsvRecordBytes + (std::size_t{1} << 20), 'x');
    for (const std::string head : {"", "#TYPE x\r\n\r\n  \n", "\n\t\n"}) {
      CAPTURE(head);
      const auto errors = load_errors(dir.write("long.csv", head + line + ",y\na.eml,1\n"));
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].where.line == (head.empty() ? 1 : head.size() > 4 ? 4 : 3));
      CHECK(errors[0].where.col == 1);
      CHECK(errors[0].message ==
            "a record runs on past 16777216 bytes (the limit kMaxCsvRecordBytes): the rest of "
            "the file is not read");
    }
  }

  TEST_CASE("a CSV manifest whose first line is hundreds of MB takes tens of MB to refuse") {
    // Decision 1230: a first line of 400 MB, with no line end (a file of zeros after `id`, as
    // a damaged copy gives), was held whole until the budget: 400 MB asked for, an out of
    // memory (exit 70) under this limit. Sparse: no disk.
    if (mfsim::test::kBuiltWithAsan || mfsim::test::kBuiltWithTsan) return;
    temp_dir dir;
    const std::string path = dir.write("zeros.csv", "id");
    std::filesystem::resize_file(path, std::size_t{400} << 20);
    const auto r =
        mfsim::test::run_shell("ulimit -v 200000; timeout 120 " + mfsim::test::mfsim_binary() +
                               " run --jobs 1 --rules uc4 --manifest '" + path +
                               "' corpus/samples/01-uce-from-egress.eml");
    CHECK_MESSAGE(r.exit_code == 2, r.err);
    CHECK(r.out.empty());
    CHECK_MESSAGE(
        r.err.find(path + ":1:1: error: a record runs on past 16777216 bytes") != std::string::npos,
        r.err);
  }

  TEST_CASE("a manifest's leading blanks are searched once, not again for each block") {
    // Decision 1201: the head was searched whole again for each 64 KiB block read, and so was
    // the blank UTF-16 text decoded: 64 MB of spaces took over two minutes. Counted, not timed
    // (1232): a few times the file's bytes, where searching again for each block of these 4
    // MiB (64 blocks) searched 32 times them.
    temp_dir dir;
    // Lines of spaces: one line of this size would pass kMaxCsvRecordBytes and be refused.
    std::string blanks;
    for (std::size_t line = 0; line < (std::size_t{1} << 16); ++line)
      blanks += std::string(63, ' ') + "\n";
    const std::string csv = "\nid,client_ip\na.eml,203.0.113.5\n";
    const std::string jsonl = "\n{\"id\":\"a.eml\",\"client_ip\":\"203.0.113.5\"}\n";
    for (const std::string& bytes :
         {blanks + csv, blanks + jsonl, as_utf16le(blanks + csv), as_utf16le(blanks + jsonl)}) {
      const auto m = manifest::load(dir.write("blank.csv", bytes));
      CAPTURE(bytes.size());
      CHECK(m.head_bytes_searched() <= 3 * bytes.size());
      REQUIRE(m.find("a.eml") != nullptr);
      CHECK(m.find("a.eml")->client_ip->to_string() == "203.0.113.5");
    }
    // A header found in the first block is searched for in that block alone.
    CHECK(manifest::load(dir.write("short.csv", csv)).head_bytes_searched() <= 3 * csv.size());
  }
}

TEST_SUITE("manifest head") {
  TEST_CASE("lines of spaces before a CSV header are counted, not held") {
    // Decision 1246: the lines of spaces after a `#TYPE` line were held until the header came.
    // They are dropped as they are read; the header's place counts them, CRLF once, a lone CR
    // once, a CR and its LF in two blocks of 64 KiB once.
    temp_dir dir;
    const std::string type = "#TYPE x\n";
    for (const std::string end : {"\r\n", "\r", "\n"}) {
      CAPTURE(end);
      const std::string edge = type + std::string(65535 - type.size(), ' ') + end;
      const auto errors = load_errors(dir.write("edge.csv", edge + "  \r\n\r \n\nid,bogus\n"));
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].where.line == 7);
      CHECK(errors[0].where.col == 4);
    }
  }

  TEST_CASE("a CSV manifest with hundreds of MB of spaces after its TYPE line takes tens of MB") {
    // Decision 1246: 200 MB of spaces after the `#TYPE` line, one line or many, were held until
    // the header came: an out of memory (exit 70) under this limit. One line is refused as a
    // record past kMaxCsvRecordBytes at its start, as it was at the end; many are passed over.
    if (mfsim::test::kBuiltWithAsan || mfsim::test::kBuiltWithTsan) return;
    const std::string run = " | (ulimit -v 200000; timeout 120 " + mfsim::test::mfsim_binary() +
                            " run --jobs 1 --rules uc4 --manifest /dev/stdin "
                            "corpus/samples/01-uce-from-egress.eml)";
    const auto one_line = mfsim::test::run_shell(
        "{ printf '#TYPE x\\n'; head -c 200000000 /dev/zero | tr '\\0' ' '; }" + run);
    CHECK_MESSAGE(one_line.exit_code == 2, one_line.err);
    CHECK_MESSAGE(one_line.err.find("/dev/stdin:2:1: error: a record runs on past 16777216 "
                                    "bytes") != std::string::npos,
                  one_line.err);
    const auto lines = mfsim::test::run_shell(
        "{ printf '#TYPE x\\n'; head -c 200000000 /dev/zero | tr '\\0' '\\n'; printf "
        "'id,bogus\\na.eml,1\\n'; }" +
        run);
    CHECK_MESSAGE(lines.exit_code == 2, lines.err);
    CHECK_MESSAGE(lines.err.find("/dev/stdin:200000002:4: error: unknown column 'bogus'") !=
                      std::string::npos,
                  lines.err);
  }
}
