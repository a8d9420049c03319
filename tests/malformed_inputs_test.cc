// The reliability guarantees on the malformed fixtures written for mfsim
// (tests/testdata/malformed.md), so that every clone tests them without the public
// corpora: the scanner flags each kind of header damage and keeps its views inside the message,
// and `mfsim run` gives one record per message, in input order, with `error` where a message
// could not be read.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/json_text.h"
#include "engine/mail/header_scanner.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

namespace mail = mfsim::mail;
using mfsim::test::lines_of;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;

namespace {

// Relative to the source directory, where run_mfsim runs; read_file needs the full path.
const std::string kFixtures = "tests/testdata/malformed";
const std::string kFixturesPath = mfsim::test::source_dir() + "/" + kFixtures;

// Every field view lies inside the header block and the block inside the message.
void check_views(std::string_view bytes, const mail::header_block& block) {
  CHECK(block.header_end <= block.body_offset);
  CHECK(block.body_offset <= bytes.size());
  for (const mail::header_field& field : block.fields) {
    CHECK(field.name.data() >= bytes.data());
    CHECK(field.raw_value.data() + field.raw_value.size() <= bytes.data() + block.header_end);
  }
}

}  // namespace

TEST_SUITE("malformed_inputs") {
  TEST_CASE("the scanner flags each kind of header damage and keeps the fields around it") {
    struct expectation {
      const char* file;
      std::uint32_t flags;
      std::size_t fields;
      std::string_view first_field;  // empty: no field at all
    };
    const expectation cases[] = {
        {"folded-first-line.eml", mail::flag_leading_continuation, 3,
         "X-Area1Security-Disposition"},
        {"no-separator.eml", mail::flag_no_separator, 3, "X-Area1Security-Disposition"},
        {"nul-in-header.eml", mail::flag_nul_byte, 3, "X-Area1Security-Disposition"},
        {"bare-cr.eml", mail::flag_bare_cr, 3, "Subject"},
        {"empty-header.eml", mail::flag_empty_header, 0, ""},
        {"malformed-line.eml", mail::flag_malformed_line, 2, "X-Area1Security-Disposition"},
        {"eight-bit-and-mixed-endings.eml", mail::flag_eight_bit | mail::flag_mixed_line_endings, 3,
         "Subject"},
        {"empty.eml", mail::flag_empty_message, 0, ""},
        {"long-header-line.eml", mail::flag_line_too_long, 3, "X-Area1Security-Disposition"},
        {"unescaped-from.mbox", mail::flag_mbox_from_line, 2, "X-Area1Security-Disposition"},
    };
    mail::header_block block;
    for (const expectation& e : cases) {
      CAPTURE(e.file);
      const std::string file = read_file(kFixturesPath + "/" + e.file);
      // An exact-size copy lets AddressSanitizer catch a read past the end.
      auto copy = std::make_unique<char[]>(file.size() + 1);
      if (!file.empty()) std::memcpy(copy.get(), file.data(), file.size());
      const std::string_view bytes(copy.get(), file.size());
      mail::scan_headers(bytes, {}, block);
      CHECK(block.flags == e.flags);
      CHECK(block.fields.size() == e.fields);
      if (!e.first_field.empty() && !block.fields.empty())
        CHECK(block.fields.front().name == e.first_field);
      check_views(bytes, block);
      // Tight budgets on the same bytes: flags may grow, views must still hold.
      mail::scan_limits small;
      small.max_header_bytes = 64;
      small.max_line_bytes = 16;
      small.max_fields = 1;
      mail::scan_headers(bytes, small, block);
      check_views(bytes, block);
      CHECK(block.fields.size() <= 1);
    }
  }
}

TEST_SUITE("e2e: malformed_inputs") {
  TEST_CASE("mfsim run gives every fixture its records, in order, with flags and errors") {
    struct expectation {
      std::string id;  // after the fixtures folder
      std::vector<std::string> flags;
      bool error;
    };
    const std::vector<expectation> expected = {
        {"bare-cr.eml", {"bare_cr"}, false},
        {"eight-bit-and-mixed-endings.eml", {"eight_bit", "mixed_line_endings"}, false},
        {"empty-header.eml", {"empty_header"}, true},
        {"empty.eml", {"empty_message"}, true},
        {"folded-first-line.eml", {"leading_continuation"}, false},
        {"huge-header.eml.gz", {"header_too_large"}, false},
        {"long-header-line.eml", {"line_too_long"}, false},
        {"malformed-line.eml", {"malformed_line"}, false},
        {"many-fields.eml.gz", {"too_many_fields"}, false},
        {"no-separator.eml", {"no_separator"}, false},
        {"nul-in-header.eml", {"nul_byte"}, false},
        {"truncated.eml.gz", {}, true},
        {"unescaped-from.mbox#1", {}, false},
        {"unescaped-from.mbox#2", {"no_separator"}, true},
        {"unescaped-from.mbox#3", {}, false},
    };
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", kFixtures});
    CHECK(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == expected.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto j = mfsim::parse_json(lines[i]);
      CAPTURE(lines[i]);
      CHECK(j["id"] == kFixtures + "/" + expected[i].id);
      CHECK(j["flags"] == expected[i].flags);
      CHECK(j["error"].is_string() == expected[i].error);
    }
    CHECK(mfsim::parse_json(lines[11])["error"].get<std::string>().find("truncated") !=
          std::string::npos);
    // The fields that survive the damage are still read: each fixture names a disposition.
    CHECK(mfsim::parse_json(lines[0])["disposition"] == "UCE");
    CHECK(mfsim::parse_json(lines[5])["disposition"] == "UCE");
    CHECK(mfsim::parse_json(lines[10])["disposition"] == "SPOOF");
    CHECK(mfsim::parse_json(lines[14])["disposition"] == "SPOOF");
  }

  TEST_CASE("the fixtures read the same from standard input, one at a time") {
    for (const char* file :
         {"nul-in-header.eml", "bare-cr.eml", "no-separator.eml", "unescaped-from.mbox"}) {
      CAPTURE(file);
      const auto whole =
          run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", kFixtures + "/" + file});
      const auto piped = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "-"},
                                   read_file(kFixturesPath + "/" + file));
      CHECK(piped.exit_code == 0);
      REQUIRE(lines_of(piped.out).size() == lines_of(whole.out).size());
      // Same record but for the id.
      const auto a = lines_of(whole.out);
      const auto b = lines_of(piped.out);
      for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].substr(a[i].find(",\"disposition\"")) ==
              b[i].substr(b[i].find(",\"disposition\"")));
      }
    }
  }
}
