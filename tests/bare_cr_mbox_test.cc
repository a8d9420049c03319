// An mbox written with classic Mac OS line ends (a bare CR) is one record that says why it was
// not split (decision 593), whichever reader reads it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "corpus/mbox_reader.h"
#include "corpus/message_source.h"
#include "engine/json_text.h"
#include "tests/support/process.h"

namespace {

namespace corpus = mfsim::corpus;

// Two messages, every line ended by a bare CR.
const std::string kMacMbox =
    "From alice@example.org Tue Mar  5 14:22:31 2024\r"
    "From: alice@example.org\rSubject: first\r\rhello\r\r"
    "From bob@example.org Tue Mar  5 14:23:31 2024\r"
    "From: bob@example.org\rSubject: second\r\rbye\r";

struct record {
  std::string bytes;
  std::string error;
};

std::vector<record> read_path(const std::string& path) {
  std::vector<record> out;
  corpus::read_messages({path}, [&](const corpus::corpus_message& m) {
    out.push_back({std::string(m.bytes), std::string(m.read_error)});
  });
  return out;
}

}  // namespace

TEST_SUITE("bare CR mbox") {
  TEST_CASE("an envelope line ended by a bare CR is not taken for an mbox's") {
    CHECK_FALSE(corpus::looks_like_mbox(kMacMbox));
    CHECK(corpus::bare_cr_envelope_bytes(kMacMbox) == 48);
    CHECK(corpus::bare_cr_envelope_bytes("\xEF\xBB\xBF" + kMacMbox) == 51);
    // LF and CRLF mboxes are as before.
    CHECK(corpus::looks_like_mbox("From a@b Tue Mar  5 14:22:31 2024\nSubject: x\n\nbody\n"));
    CHECK(corpus::looks_like_mbox("From a@b Tue Mar  5 14:22:31 2024\r\nSubject: x\r\n"));
    CHECK(corpus::bare_cr_envelope_bytes("From a@b Tue Mar  5 14:22:31 2024\r\nx") == 0);
    CHECK(corpus::bare_cr_envelope_bytes("Subject: x\r\rbody") == 0);
  }

  TEST_CASE("a file read whole is one record that says why, its first header readable") {
    mfsim::test::temp_dir dir;
    const auto records = read_path(dir.write("mac.mbox", kMacMbox));
    REQUIRE(records.size() == 1);
    CHECK(records[0].bytes.rfind("From: alice@example.org\rSubject: first\r", 0) == 0);
    CHECK(records[0].error.find("bare CR") != std::string::npos);
    CHECK(records[0].error.find("not split") != std::string::npos);
  }
}

TEST_SUITE("e2e: bare CR mbox") {
  TEST_CASE("run over standard input gives one record with an error") {
    const auto r =
        mfsim::test::run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "-"}, kMacMbox);
    CHECK(r.exit_code == 0);
    const auto lines = mfsim::test::lines_of(r.out);
    REQUIRE(lines.size() == 1);
    const auto rec = mfsim::parse_json(lines[0]);
    CHECK(rec["error"].get<std::string>().find("bare CR") != std::string::npos);
  }
}
