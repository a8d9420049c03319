// A MIME part that cannot be the message body is an attachment, named or not (decision 900):
// [MS-OXCMAIL] section 2.2.3.3.2 lets only text/plain, text/html, text/enriched and
// text/calendar entities be the body.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::mail::body_limits;
using mfsim::mail::body_summary;
using mfsim::mail::read_body;
using mfsim::test::simulator;
using strings = std::vector<std::string>;

// multipart/mixed of a text part and `second`, a part's header fields, blank line and body.
std::string mixed_with(const std::string& second) {
  return "From: a@example.org\r\n"
         "To: b@contoso.com\r\n"
         "Subject: figures\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
         "\r\n"
         "--b1\r\n"
         "Content-Type: text/plain\r\n"
         "\r\n"
         "see the file\r\n"
         "--b1\r\n" +
         second +
         "\r\n"
         "--b1--\r\n";
}

// The reproducer: a program sent base64 as application/octet-stream, with no file name and no
// Content-Disposition (TVqQAAMAAAAEAAAA is an MZ header).
const std::string kUnnamedProgram = mixed_with(
    "Content-Type: application/octet-stream\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "TVqQAAMAAAAEAAAA");

std::string rules(const std::string& body) {
  return "mfsim: 1\nname: unnamed-attachments\ntransport_rules:\n" + body;
}

body_summary read(const std::string& message) {
  body_summary out;
  body_limits limits;
  limits.inspect_content = true;
  read_body(message, limits, out);
  return out;
}

}  // namespace

TEST_SUITE("unnamed attachments") {
  TEST_CASE("an unnamed application/octet-stream part is an attachment without a name") {
    const body_summary out = read(kUnnamedProgram);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name.empty());
    CHECK(out.attachments[0].size == 12);
    CHECK(out.attachments[0].executable);
    CHECK(out.attachment_extensions.empty());
    CHECK(out.text_lower.find("see the file") != std::string::npos);
  }

  TEST_CASE("the reproducer fires the executable and unsupported-type conditions") {
    simulator sim(rules(R"(  - Name: Program
    AttachmentHasExecutableContent: true
    SetSCL: 9
  - Name: Unsupported
    AttachmentIsUnsupported: true
    SetSCL: 5
  - Name: Big
    AttachmentSizeOver: 1 KB
    SetSCL: 5
  - Name: Extension
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
)"));
    sim.run(kUnnamedProgram);
    CHECK(sim.fired() == strings{"Program"});
    sim.run(mixed_with("Content-Type: text/plain\r\n\r\nmore text"));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("an unnamed part's text is attachment text, not body text") {
    simulator sim(rules(R"(  - Name: AttachmentWords
    AttachmentContainsWords: [wire transfer]
    SetSCL: 6
  - Name: BodyWords
    SubjectOrBodyContainsWords: [wire transfer]
    SetSCL: 6
)"));
    sim.run(mixed_with("Content-Type: text/csv\r\n\r\naccount,wire transfer,100"));
    CHECK(sim.fired() == strings{"AttachmentWords"});
    const body_summary out = read(mixed_with("Content-Type: text/csv\r\n\r\nwire transfer"));
    CHECK(out.attachments.size() == 1);
    CHECK(out.text_lower.find("wire") == std::string::npos);
  }

  TEST_CASE("a second text/plain part in multipart/mixed stays body text, as before") {
    const body_summary out = read(mixed_with("Content-Type: text/plain\r\n\r\nfooter words"));
    CHECK(out.attachments.empty());
    CHECK(out.text_lower.find("footer words") != std::string::npos);
    // A media type whose parameters lack their `;` is still text/plain.
    const body_summary sloppy =
        read(mixed_with("Content-Type: TEXT/PLAIN charset=US-ASCII\r\n\r\nsloppy words"));
    CHECK(sloppy.attachments.empty());
    CHECK(sloppy.text_lower.find("sloppy words") != std::string::npos);
  }

  TEST_CASE("multipart/alternative text and HTML are the body, with no attachment") {
    const body_summary out = read(
        "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
        "--a\r\nContent-Type: text/plain\r\n\r\nplain words\r\n"
        "--a\r\nContent-Type: text/html\r\n\r\n<p>html words</p>\r\n"
        "--a\r\nContent-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\n--a--\r\n");
    CHECK(out.attachments.empty());
    CHECK(out.text_lower.find("plain words") != std::string::npos);
    CHECK(out.text_lower.find("html words") != std::string::npos);
  }

  TEST_CASE("an inline image in multipart/related is an attachment, with or without a name") {
    const body_summary out = read(
        "Content-Type: multipart/related; boundary=\"r\"\r\n\r\n"
        "--r\r\nContent-Type: text/html\r\n\r\n<img src=\"cid:logo\">\r\n"
        "--r\r\nContent-Type: image/png\r\nContent-ID: <logo>\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--r--\r\n");
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name.empty());
    CHECK(out.attachments[0].size == 8);
  }

  TEST_CASE("an attached message is still read as a message, its own parts the attachments") {
    const body_summary out =
        read(mixed_with("Content-Type: message/rfc822\r\n\r\n"
                        "Subject: inner\r\nContent-Type: multipart/mixed; boundary=\"i\"\r\n\r\n"
                        "--i\r\nContent-Type: text/plain\r\n\r\ninner words\r\n"
                        "--i\r\nContent-Type: application/octet-stream\r\n"
                        "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--i--"));
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].executable);
    CHECK(out.text_lower.find("inner words") != std::string::npos);
  }
}
