// The field walk (bounded_for_mimetic()) reads a part's body as the header of an attached
// message only when mimetic does: when the media type of the Content-Type mimetic reads is
// message/rfc822, its type and subtype in any case, parameters and comments aside (decision
// 1046), not when the text `message/rfc822` stands anywhere on the line.
#include <doctest/doctest.h>

#include <string>

#include "engine/mail/mime_body.h"
#include "engine/mail/mimetic_input.h"
#include "tests/support/attachment_mail.h"

namespace {

using mfsim::mail::body_summary;
using mfsim::test::inspected_body;

// A multipart/mixed message whose one part has the header `fields` and `lines` base64 lines
// of 76 `A`s: more lines than the walk reads of a header (kMaxMimeticFields).
std::string part_of_base64_lines(const std::string& fields, std::size_t lines) {
  std::string m =
      "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX"
      "\r\n\r\n--XX\r\n" +
      fields + "\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  const std::string line = std::string(76, 'A') + "\r\n";
  m.reserve(m.size() + lines * line.size() + 16);
  for (std::size_t i = 0; i < lines; ++i) m += line;
  return m + "--XX--\r\n";
}

}  // namespace

TEST_SUITE("rfc822 media type") {
  TEST_CASE("message/rfc822 inside a parameter leaves the body a body") {
    // 70,000 base64 lines read as header fields passed kMaxMimeticFields: a false "more MIME
    // parts than read", AttachmentProcessingLimitExceeded on a plain text attachment.
    for (const std::string type : {"Content-Type: text/plain; name=\"message/rfc822.txt\"",
                                   "Content-Type: application/octet-stream; x-type=message/rfc822",
                                   "Content-Type: text/plain (message/rfc822); name=a.txt",
                                   "Content-Type: message/rfc822x"}) {
      CAPTURE(type);
      const std::string message = part_of_base64_lines(type, 70000);
      std::string copy;
      const auto input = mfsim::mail::bounded_for_mimetic(message, copy);
      CHECK_FALSE(input.cut_short);
      const body_summary out = inspected_body(message);
      CHECK_FALSE(out.truncated);
      CHECK_FALSE(out.contents.limit_exceeded);
      CHECK(out.attachments.size() == 1);
    }
  }

  TEST_CASE("a message/rfc822 media type in any case, with blanks, parameters or comments") {
    // Its body is the attached message's header: one with more fields than read is cut.
    const std::string header(70000, 'x');
    for (const std::string type :
         {"Content-Type: message/rfc822", "Content-Type: MESSAGE/RFC822; name=a.eml",
          "Content-Type:  Message / Rfc822 ;x=y", "Content-Type: message/(c)rfc822"}) {
      CAPTURE(type);
      std::string message =
          "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
          "boundary=XX\r\n\r\n--XX\r\n" +
          type + "\r\n\r\n";
      for (int i = 0; i < 70000; ++i) message += "X-F: v\r\n";
      message += "\r\nbody\r\n--XX--\r\n";
      std::string copy;
      CHECK(mfsim::mail::bounded_for_mimetic(message, copy).cut_short);
    }
  }

  TEST_CASE("only the Content-Type mimetic reads makes the body a header") {
    // mimetic reads the first of two: text/plain, whose base64 body is no header.
    const std::string message = part_of_base64_lines(
        "Content-Type: text/plain; name=a.txt\r\nContent-Type: message/rfc822", 70000);
    std::string copy;
    CHECK_FALSE(mfsim::mail::bounded_for_mimetic(message, copy).cut_short);
  }
}
