// A multipart whose boundary mimetic cannot read (a quoted one with a `;`): the record
// says its body was not read instead of showing an empty one (engine/mail/mime_body).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/attached_messages.h"
#include "engine/mail/header_scanner.h"
#include "engine/mail/mime_body.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;

std::string multipart(const std::string& content_type, const std::string& delimiter) {
  return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
         "Content-Type: " +
         content_type + "\r\n\r\n--" + delimiter +
         "\r\nContent-Type: text/plain\r\n\r\nplease send the wire transfer\r\n--" + delimiter +
         "\r\nContent-Type: application/octet-stream\r\n"
         "Content-Disposition: attachment; filename=\"x.exe\"\r\n\r\nabc\r\n--" +
         delimiter + "--\r\n";
}

bool unreadable(const std::string& message) {
  mail::body_summary out;
  mail::read_body(message, mail::body_limits{}, out);
  return out.unreadable;
}

}  // namespace

TEST_SUITE("multipart boundary") {
  TEST_CASE("a multipart whose boundary mimetic cannot read is unreadable, not empty") {
    CHECK(unreadable(multipart("multipart/mixed; boundary=\"a;b\"", "a;b")));
    // Boundaries it reads, quoted or not, and with the characters RFC 2046 allows.
    CHECK_FALSE(unreadable(multipart("multipart/mixed; boundary=\"a=(b)?,c\"", "a=(b)?,c")));
    CHECK_FALSE(unreadable(multipart("multipart/mixed; boundary=ab", "ab")));
    // Without a boundary: read when mimetic finds parts on bare `--` lines, else unreadable.
    CHECK_FALSE(unreadable(multipart("multipart/mixed", "ab")));
    CHECK(unreadable("MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nBlah blah\r\n"));
  }

  TEST_CASE("the record says so and AttachmentProcessingLimitExceeded holds") {
    mfsim::test::simulator sim(R"(mfsim: 1
name: boundary
transport_rules:
  - Name: Limit
    AttachmentProcessingLimitExceeded: true
    SetSCL: 5
)");
    const auto& o = sim.run(multipart("multipart/mixed; boundary=\"a;b\"", "a;b"));
    CHECK(sim.fired() == std::vector<std::string>{"Limit"});
    std::vector<std::string_view> names;
    mail::flag_names(o.flags, names);
    CHECK(names == std::vector<std::string_view>{"body_unreadable"});
    sim.run(multipart("multipart/mixed; boundary=\"ab\"", "ab"));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("--unwrap finds a message attached under a quoted boundary with a semicolon") {
    const std::string report =
        "From: user@contoso.com\r\nSubject: phish?\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"r;1\"\r\n\r\n"
        "--r;1\r\nContent-Type: text/plain\r\n\r\nlook at this\r\n"
        "--r;1\r\nContent-Type: message/rfc822\r\n\r\n"
        "From: bad@example.org\r\nSubject: invoice\r\n\r\npay now\r\n--r;1--\r\n";
    std::vector<std::string> attached;
    mail::find_attached_messages(report, mail::body_limits{}, attached);
    REQUIRE(attached.size() == 1);
    CHECK(attached[0] == "From: bad@example.org\r\nSubject: invoice\r\n\r\npay now");
  }
}
