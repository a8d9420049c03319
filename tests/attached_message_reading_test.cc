// An attached message read by the body walk itself (visit_message_in(): message/global, a
// digest's part, decision 940) is held to the budgets of the message around it: what they cut
// says so as the top-level reading does (decisions 873, 910, 970).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::mail::body_summary;
using mfsim::test::inspected_body;
using strings = std::vector<std::string>;

constexpr const char* kBoundaryPast =
    "a Content-Type's boundary is past the bytes of its field read";

// A message whose multipart's boundary comes after a 17,000-byte parameter: past the 16 KiB of
// the field mimetic is given (decision 910). Its program is behind that boundary.
std::string message_with_boundary_past_budget() {
  return "From: b@example.net\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; x=" +
         std::string(17000, 'y') +
         "; boundary=YY\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\ninner words\r\n--YY\r\n"
         "Content-Type: application/octet-stream; name=evil.exe\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--YY--\r\n";
}

// `inner` attached to a multipart/mixed message as a part whose header fields are `fields`.
std::string attached(const std::string& fields, const std::string& inner) {
  return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
         "Content-Type: text/plain\r\n\r\nsee the forwarded message\r\n--XX\r\n" +
         fields + "\r\n\r\n" + inner + "\r\n--XX--\r\n";
}

void check_boundary_unread(const body_summary& out) {
  CHECK(out.truncated);
  CHECK(out.contents.limit_exceeded);
  CHECK(out.contents.limit_reason == kBoundaryPast);
}

}  // namespace

TEST_SUITE("attached message reading") {
  TEST_CASE("a boundary past the field budget is said of the message itself, as before") {
    check_boundary_unread(inspected_body(message_with_boundary_past_budget()));
  }

  TEST_CASE("a boundary past the field budget in an attached message/global says so too") {
    // Before, only a cut or a media type unread made such a message not fully read: its
    // program was hidden and the record said nothing (decision 970).
    const body_summary out = inspected_body(
        attached("Content-Type: message/global", message_with_boundary_past_budget()));
    check_boundary_unread(out);
    CHECK(out.attachment_extensions.empty());
  }

  TEST_CASE("a boundary past the field budget in a digest's message says so too") {
    const std::string digest =
        "From: a@example.org\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/digest; boundary=DD\r\n\r\n--DD\r\n\r\n" +
        message_with_boundary_past_budget() + "\r\n--DD--\r\n";
    check_boundary_unread(inspected_body(digest));
  }

  TEST_CASE("an attached message within the budgets is read whole and says nothing") {
    const std::string inner =
        "From: b@example.net\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
        "boundary=YY; x=" +
        std::string(17000, 'y') +
        "\r\n\r\n--YY\r\nContent-Type: application/octet-stream; name=evil.exe\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--YY--\r\n";
    const body_summary out = inspected_body(attached("Content-Type: message/global", inner));
    CHECK_FALSE(out.truncated);
    CHECK_FALSE(out.contents.limit_exceeded);
    CHECK(out.attachment_extensions == strings{"exe"});
  }
}
