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

  // An attached message whose parts mimetic does not split itself (decisions 940, 941).
  const std::string kInnerWithProgram =
      "Subject: inner\r\nContent-Type: multipart/mixed; boundary=\"i\"\r\n\r\n"
      "--i\r\nContent-Type: text/plain\r\n\r\ninner words\r\n"
      "--i\r\nContent-Type: application/octet-stream\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--i--";

  TEST_CASE("a message/global part is read as the message it holds") {
    const body_summary out =
        read(mixed_with("Content-Type: message/global\r\n\r\n" + kInnerWithProgram));
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].executable);
    CHECK(out.text_lower.find("inner words") != std::string::npos);
    // A named one too, as a named message/rfc822 is.
    const body_summary named = read(
        mixed_with("Content-Type: message/global; name=\"fwd.u8msg\"\r\n\r\n" + kInnerWithProgram));
    REQUIRE(named.attachments.size() == 1);
    CHECK(named.attachments[0].executable);
  }

  TEST_CASE("a multipart/digest part without Content-Type is a message, its parts walked") {
    const body_summary out =
        read(mixed_with("Content-Type: multipart/digest; boundary=\"d\"\r\n\r\n--d\r\n\r\n" +
                        kInnerWithProgram + "\r\n--d--"));
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].executable);
    CHECK(out.text_lower.find("inner words") != std::string::npos);
    // In multipart/mixed the default is still text/plain.
    const body_summary mixed = read(mixed_with("\r\nplain words"));
    CHECK(mixed.attachments.empty());
    CHECK(mixed.text_lower.find("plain words") != std::string::npos);
  }

  TEST_CASE("a report's delivery status is the report's data, neither body nor attachment") {
    const std::string report =
        "From: MAILER-DAEMON@example.org\r\nTo: b@contoso.com\r\nSubject: Undelivered\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n"
        "--r\r\nContent-Type: text/plain\r\n\r\nnot delivered\r\n"
        "--r\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; x@example.org\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n"
        "--r\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: hi\r\n--r--\r\n";
    const body_summary out = read(report);
    CHECK(out.attachments.size() == 1);  // the returned header fields only
    CHECK(out.text_lower.find("reporting-mta") == std::string::npos);
    // A read receipt's disposition likewise.
    const body_summary mdn = read(
        "Content-Type: multipart/report; report-type=disposition-notification; "
        "boundary=\"r\"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nread\r\n"
        "--r\r\nContent-Type: message/disposition-notification\r\n\r\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\r\n--r--\r\n");
    CHECK(mdn.attachments.empty());
    // A report of another report-type is not read as a delivery report.
    std::string other_type = report;
    other_type.replace(other_type.find("report-type=delivery-status"), 27, "report-type=x");
    CHECK(read(other_type).attachments.size() == 2);
    // Outside a report such a part is an attachment like any other that cannot be the body.
    const body_summary mixed = read(mixed_with(
        "Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "TVqQAAMAAAAEAAAA"));
    REQUIRE(mixed.attachments.size() == 1);
    CHECK(mixed.attachments[0].executable);
  }
}
