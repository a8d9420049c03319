// The file budget stops the reading of a tar's files, not the listing of their names: the file
// name conditions see every file (engine/mail/attachment_content), and explain says where the
// inspection stopped.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/mail/attachment_content.h"
#include "engine/rules/load_native.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;

// A POSIX tar archive of one-byte files named `names`.
std::string tar_of(const std::vector<std::string>& names) {
  std::string tar;
  for (const std::string& name : names) {
    std::string header(512, '\0');
    header.replace(0, name.size(), name);
    header.replace(124, 11, "00000000001");
    header[156] = '0';
    header.replace(257, 5, "ustar");
    tar += header + "x" + std::string(511, '\0');
  }
  return tar + std::string(1024, '\0');
}

// 300 text files, the last one named as a program.
std::string crowded_tar() {
  std::vector<std::string> names;
  for (int k = 0; k < 299; ++k) names.push_back("f" + std::to_string(k) + ".txt");
  names.emplace_back("evil.exe");
  return tar_of(names);
}

std::string crowded_message() {
  return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
         "--XX\r\nContent-Type: application/x-tar\r\n"
         "Content-Disposition: attachment; filename=\"a.tar\"\r\n\r\n" +
         crowded_tar() + "\r\n--XX--\r\n";
}

}  // namespace

TEST_SUITE("archive name budget") {
  TEST_CASE("a tar's names are listed past the file budget, its files are not read") {
    mail::content_limits limits;
    limits.read_contents = false;  // what a plan with only the file name conditions asks
    mail::attachment_contents out;
    mail::inspect_attachment("a.tar", crowded_tar(), limits, out);
    CHECK(out.limit_exceeded);
    CHECK(out.files.size() == limits.max_files);
    REQUIRE(out.archived_names.size() == 300);
    CHECK(out.archived_names.back() == "evil.exe");
  }

  TEST_CASE("AttachmentExtensionMatchesWords finds the program past the budget") {
    const std::string rules = R"(mfsim: 1
name: tar-names
transport_rules:
  - Name: Programs
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
  - Name: Scripts
    AttachmentNameMatchesPatterns: ['\.js$']
    SetSCL: 5
)";
    mfsim::test::simulator sim(rules);
    sim.run(crowded_message());
    CHECK(sim.fired() == std::vector<std::string>{"Programs"});
    // Explain says the names were looked at in an archive whose reading did not complete.
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(rules, "t.yaml"));
    mfsim::scratch s;
    mfsim::evaluation_trace trace;
    (void)mfsim::evaluate(*plan, crowded_message(), {}, s, nullptr, &trace);
    REQUIRE(trace.conditions.size() == 2);
    for (const auto& condition : trace.conditions) {
      REQUIRE_FALSE(condition.decoded_values.empty());
      CHECK(condition.decoded_values.back() == "not completed: more than 256 files to inspect");
    }
  }
}
