// Runs the header scanner and RFC 2047 decoder over the public mail corpora (docs/testing.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/header_scanner.h"
#include "engine/mail/rfc2047.h"
#include "tests/support/corpora.h"

namespace fs = std::filesystem;
namespace mail = mfsim::mail;

namespace {

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Sorted regular files under `dir`.
std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool is_license_file(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.rfind("LICENSE", 0) == 0 || name.rfind("NOTICE", 0) == 0 || name == "COPYING" ||
         name == "MIT-LICENSE" || name == "README.md";
}

struct scanned {
  std::string bytes;
  mail::header_block block;
};

scanned scan_file(const fs::path& torture_dir, std::string_view relative) {
  const fs::path path = torture_dir / relative;
  INFO("corpus file missing: " << path.string());
  REQUIRE(fs::is_regular_file(path));
  scanned s;
  s.bytes = read_bytes(path);
  mail::scan_headers(s.bytes, {}, s.block);
  return s;
}

bool has(const mail::header_block& block, std::uint32_t flag) { return (block.flags & flag) != 0; }

// The first field of that name, unfolded; empty when absent.
std::string unfolded_field(const mail::header_block& block, std::string_view name) {
  std::string value;
  for (const mail::header_field& field : block.fields) {
    if (mail::header_name_equals(field.name, name)) {
      mail::unfold_value(field.raw_value, value);
      break;
    }
  }
  return value;
}

std::string decoded_field(const mail::header_block& block, std::string_view name) {
  std::string decoded;
  (void)mail::decode_rfc2047(unfolded_field(block, name), decoded);
  return decoded;
}

// Unfolds and decodes every field and checks that all views lie inside the message.
void exercise(std::string_view bytes, const mail::header_block& block) {
  CHECK(block.header_end <= block.body_offset);
  CHECK(block.body_offset <= bytes.size());
  std::string value;
  std::string decoded;
  for (const mail::header_field& field : block.fields) {
    CHECK(field.name.data() >= bytes.data());
    CHECK(field.raw_value.data() + field.raw_value.size() <= bytes.data() + block.header_end);
    value.clear();
    decoded.clear();
    mail::unfold_value(field.raw_value, value);
    (void)mail::decode_rfc2047(value, decoded);
    CHECK(decoded.size() <= 3 * value.size());
  }
}

std::size_t count_flag(const std::vector<fs::path>& files, std::uint32_t flag) {
  std::size_t n = 0;
  mail::header_block block;
  for (const fs::path& path : files) {
    const std::string bytes = read_bytes(path);
    mail::scan_headers(bytes, {}, block);
    if (has(block, flag)) ++n;
  }
  return n;
}

}  // namespace

TEST_SUITE("torture_corpus") {
  TEST_CASE("every torture file scans, unfolds and decodes without harm" *
            doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    const std::vector<fs::path> files = files_under(*torture);
    CHECK(files.size() >= 749);
    mail::header_block block;
    mail::scan_limits small;
    small.max_header_bytes = 4096;
    small.max_line_bytes = 100;
    small.max_fields = 10;
    for (const fs::path& path : files) {
      CAPTURE(path.string());
      const std::string file = read_bytes(path);
      // An exact-size copy lets AddressSanitizer catch a read past the end.
      auto copy = std::make_unique<char[]>(file.size());
      if (!file.empty()) std::memcpy(copy.get(), file.data(), file.size());
      const std::string_view bytes(copy.get(), file.size());
      mail::scan_headers(bytes, {}, block);
      exercise(bytes, block);
      mail::scan_headers(bytes, small, block);
      exercise(bytes, block);
    }
  }

  TEST_CASE("the eight files without an empty line are flagged no_separator" *
            doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    struct expectation {
      std::string_view path;
      std::size_t fields;
      std::string_view body_start;  // empty: the whole file is header
    };
    const expectation cases[] = {
        {"cpython/msg_35.txt", 3, "counter to RFC 2822"},
        {"gmime/empty0.msg", 11, ""},
        {"gmime/empty1.msg", 11, ""},
        {"mime4j/testmsgs/malformedHeader-noheader.msg", 0, "This is a simple message"},
        {"mime4j/testmsgs/malformedHeaderStartsBody-noheader.msg", 0, "This is a simple message"},
        {"rspamd/rcvd7.eml", 19, ""},
        {"spamassassin/spam/017", 13, ""},
        {"spamassassin/nice/no_body", 5, ""},
    };
    for (const expectation& e : cases) {
      CAPTURE(e.path);
      const scanned s = scan_file(*torture, e.path);
      CHECK(has(s.block, mail::flag_no_separator));
      CHECK_FALSE(has(s.block, mail::flag_malformed_line));
      CHECK(s.block.fields.size() == e.fields);
      CHECK(s.block.header_end == s.block.body_offset);
      CHECK(std::string_view(s.bytes).substr(s.block.body_offset, e.body_start.size()) ==
            e.body_start);
      if (e.body_start.empty()) CHECK(s.block.body_offset == s.bytes.size());
    }
    CHECK(has(scan_file(*torture, "spamassassin/spam/017").block, mail::flag_mbox_from_line));
  }

  TEST_CASE("exactly those eight torture files lack a separator" * doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    std::vector<fs::path> messages = files_under(*torture);
    std::erase_if(messages, is_license_file);
    CHECK(messages.size() == 749);
    CHECK(count_flag(messages, mail::flag_no_separator) == 8);
    CHECK(count_flag(messages, mail::flag_empty_header) == 1);
    CHECK(count_flag(messages, mail::flag_leading_continuation) == 9);
  }

  TEST_CASE("bsmtpnull starts with the empty line" * doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    const scanned s = scan_file(*torture, "spamassassin/spam/bsmtpnull");
    CHECK(s.block.flags == mail::flag_empty_header);
    CHECK(s.block.fields.empty());
    CHECK(s.block.body_offset == 1);
  }

  TEST_CASE("the NUL bytes of mail_malformed_3 lie in its body, not its header" *
            doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    // The corpus README counts NUL bytes anywhere in a file; here they sit near the end of
    // the body (offset 24114), so the header block is clean.
    const scanned s = scan_file(*torture, "spamscope-mail-parser/mail_malformed_3");
    CHECK_FALSE(has(s.block, mail::flag_nul_byte));
    CHECK(s.bytes.find('\0') > s.block.body_offset);
    CHECK(s.block.fields.size() == 16);
    const std::string message = s.bytes.substr(0, s.block.header_end) + std::string(1, '\0') +
                                s.bytes.substr(s.block.header_end);
    mail::header_block block;
    mail::scan_headers(message, {}, block);
    CHECK(has(block, mail::flag_nul_byte));
  }

  TEST_CASE("the bare CR of numeric_urls.eml lies in a body part, not the header" *
            doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    // Like the NUL above: the README's bare-CR count looks at whole files.
    const scanned s = scan_file(*torture, "rspamd/numeric_urls.eml");
    CHECK(s.block.flags == mail::flag_none);
    CHECK(s.block.fields.size() == 9);
    const std::size_t bare_cr = s.bytes.find("\r\r\n");
    REQUIRE(bare_cr != std::string::npos);
    CHECK(bare_cr > s.block.body_offset);
    // The same bytes read as a header line end do get the flag.
    const std::string message = "X: 1" + s.bytes.substr(bare_cr);
    mail::header_block block;
    mail::scan_headers(message, {}, block);
    CHECK(has(block, mail::flag_bare_cr));
  }

  TEST_CASE("flanker files that open with a folded line get leading_continuation" *
            doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    for (const std::string_view path :
         {"flanker/enclosed.eml", "flanker/enclosed-bad-encoding.eml",
          "flanker/enclosed-broken-body.eml", "flanker/enclosed-broken.eml",
          "flanker/enclosed-endless.eml", "flanker/enclosed-global.eml", "flanker/iphone.eml",
          "flanker/mailgun-pic.eml", "flanker/russian-attachment-yahoo.eml"}) {
      CAPTURE(path);
      const scanned s = scan_file(*torture, path);
      CHECK(has(s.block, mail::flag_leading_continuation));
      CHECK(s.block.fields.size() > 5);
      CHECK_FALSE(s.block.fields.front().name.empty());
    }
  }

  TEST_CASE("flanker/long-header.eml yields its 200 KB header in full with default limits" *
            doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    const scanned s = scan_file(*torture, "flanker/long-header.eml");
    CHECK(s.block.flags == mail::flag_none);
    REQUIRE(s.block.fields.size() == 7);
    CHECK(s.block.header_end == 209870);
    CHECK(s.block.fields[3].name == "Subject");
    CHECK(s.block.fields[3].raw_value.size() > 200000);
    const std::string subject = decoded_field(s.block, "Subject");
    CHECK(subject.rfind("Die hei\xC3\x9F"
                        "e Zypernsonne qu\xC3\xA4lte Max und Victoria ja",
                        0) == 0);
    CHECK(subject.find("=?") == std::string::npos);
  }

  TEST_CASE("mimekit's stack-overflow.txt To field unfolds into one line" *
            doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    const scanned s = scan_file(*torture, "mimekit/messages/stack-overflow.txt");
    CHECK(s.block.flags == mail::flag_none);
    REQUIRE(s.block.fields.size() == 6);
    CHECK(s.block.fields[1].name == "To");
    CHECK(s.block.fields[1].raw_value.size() > 130000);
    const std::string to = unfolded_field(s.block, "To");
    CHECK(to.find_first_of("\r\n") == std::string::npos);
    CHECK(to.rfind("\"test\" <test@test.com>,\t=?utf-8?Q?date=3E", 0) == 0);
    std::string decoded;
    CHECK(mail::decode_rfc2047(to, decoded) == mail::rfc2047_result::decoded);
    CHECK(decoded.find("date>2017-08-20T10:08:28.617</prdate>2017") != std::string::npos);
  }

  TEST_CASE("phishing_pot sample-400 opens with a From field, not an mbox line" *
            doctest::test_suite("corpora")) {
    const auto phishing = mfsim::test::corpus_dir("phishing_pot");
    if (!phishing) return;
    const fs::path path = *phishing / "sample-400.eml";
    REQUIRE(fs::is_regular_file(path));
    const std::string bytes = read_bytes(path);
    REQUIRE(bytes.rfind("From :", 0) == 0);
    mail::header_block block;
    mail::scan_headers(bytes, {}, block);
    CHECK_FALSE(has(block, mail::flag_mbox_from_line));
    REQUIRE_FALSE(block.fields.empty());
    CHECK(block.fields.front().name == "From");
  }

  TEST_CASE("every phishing_pot and spamassassin message has header fields" *
            doctest::test_suite("corpora")) {
    for (const std::string_view corpus : {"phishing_pot", "spamassassin"}) {
      const auto dir = mfsim::test::corpus_dir(corpus);
      if (!dir) return;
      std::vector<fs::path> messages = files_under(*dir);
      std::erase_if(messages, is_license_file);
      CHECK(messages.size() == (corpus == "phishing_pot" ? 988u : 6046u));
      mail::header_block block;
      std::size_t mbox_lines = 0;
      for (const fs::path& path : messages) {
        CAPTURE(path.string());
        const std::string bytes = read_bytes(path);
        mail::scan_headers(bytes, {}, block);
        CHECK(block.fields.size() > 0);
        CHECK_FALSE(has(block, mail::flag_no_separator));
        exercise(bytes, block);
        if (has(block, mail::flag_mbox_from_line)) ++mbox_lines;
      }
      CHECK(mbox_lines == (corpus == "phishing_pot" ? 0u : 5453u));
    }
  }
}
