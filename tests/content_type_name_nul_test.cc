// A Content-Type name whose quoted value holds a NUL reaches mimetic in RFC 2231's form, as one
// with a `;` does (decisions 508, 596), so the name conditions read it whole.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;
using namespace std::string_literals;

std::string named_in_content_type(const std::string& quoted_name) {
  return "Subject: nul\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
         "Content-Type: application/octet-stream; name=\"" +
         quoted_name + "\"\n\nMZ\n--b--\n";
}

}  // namespace

TEST_SUITE("content type name nul") {
  TEST_CASE("the name is read whole, past its NUL, without mimetic's quote") {
    mail::body_summary out;
    mail::read_body(named_in_content_type("evil.exe\0.txt"s), mail::body_limits{}, out);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "evil.exe\0.txt"s);
    CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
  }

  TEST_CASE("AttachmentNameMatchesPatterns sees the name the recipient keeps") {
    mfsim::test::simulator sim(R"(mfsim: 1
name: nul
transport_rules:
  - Name: Evil by name
    AttachmentNameMatchesPatterns: ['^evil\.exe$']
    SetSCL: 6
)");
    sim.run(named_in_content_type("evil.exe\0.txt"s));
    CHECK(sim.fired() == std::vector<std::string>{"Evil by name"});
  }
}
