// A line that is neither a field nor a fold in a MIME header block: mimetic took it for the
// first line of the body, hiding the part's fields, while the header scanner skips it
// (decision 4); the walk leaves it out for mimetic where the block goes on to an empty line
// (decision 1189).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
#include "engine/mail/mimetic_input.h"

namespace {

namespace mail = mfsim::mail;

// A multipart of a text part and a part whose header lines are `lines` then the Content-Type
// of a program named evil.exe; `empty_line`: whether its header block ends with an empty line.
std::string with_program_part(const std::string& lines, bool empty_line = true) {
  return "From: a@example.org\r\nTo: c@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: "
         "text/plain\r\n\r\nhi\r\n--XX\r\n" +
         lines + "Content-Type: application/octet-stream; name=evil.exe\r\n" +
         (empty_line ? "\r\nMZ\r\n" : "") + "--XX--\r\n";
}

std::vector<std::string> extensions(const std::string& message) {
  mail::body_summary out;
  mail::read_body(message, mail::body_limits{}, out);
  return out.attachment_extensions;
}

}  // namespace

TEST_SUITE("stray header line") {
  TEST_CASE("a line without a colon in a part's header hides none of its fields") {
    for (const char* lines :
         {"X-Junk line without colon\r\n", "X-Junk\r\n", "X Junk: y\r\n", "\x80junk\r\n",
          "X-Junk line\r\n folded on\r\n", "--not-a-delimiter\r\n",
          "Content-Description: x\r--not-a-delimiter\r\n", "a\r\nb\r\nc\r\n"}) {
      CAPTURE(std::string(lines));
      CHECK(extensions(with_program_part(lines)) == std::vector<std::string>{"exe"});
    }
  }

  TEST_CASE("an attached message's envelope line hides none of its header") {
    // An mbox envelope line (`From `, `>From `) or Outlook's first line of transport headers
    // opens a header block; mimetic took it for the body and read no field of the block.
    for (const char* first : {">From - Fri Dec 13 15:01:21 1996", "From a@example.org  Fri Aug  9",
                              "Microsoft Mail Internet Headers Version 2.0"}) {
      CAPTURE(std::string(first));
      const std::string message =
          with_program_part("Content-Type: message/rfc822\r\n\r\n" + std::string(first) +
                                "\r\nFrom: b@example.net\r\nMIME-Version: 1.0\r\n",
                            true);
      CHECK(extensions(message) == std::vector<std::string>{"exe"});
    }
  }

  TEST_CASE("a stray line is left out for mimetic only where its block goes on to an empty line") {
    std::string copy;
    CHECK(mail::bounded_for_mimetic("Subject: a\r\nstray\r\n more\r\nContent-Type: text/html\r\n"
                                    "\r\nstray in the body\r\n",
                                    copy)
              .text == "Subject: a\r\nContent-Type: text/html\r\n\r\nstray in the body\r\n");
    // No empty line: the body starts there for mimetic, as for the scanner (decision 5).
    for (const char* as_sent : {"Subject: a\r\nstray\r\nContent-Type: text/html\r\n",
                                "Subject: a\r\n:b\r\n\r\nbody", "Subject: a\r\n b\r\n\r\nbody"}) {
      CAPTURE(std::string(as_sent));
      CHECK(mail::bounded_for_mimetic(as_sent, copy).text == as_sent);
    }
    // A part whose block ends at the next delimiter keeps its stray line.
    const std::string no_empty = with_program_part("X-Junk line without colon\r\n", false);
    CHECK(mail::bounded_for_mimetic(no_empty, copy).text == no_empty);
  }

  TEST_CASE("a part's header block ends at its multipart's close delimiter") {
    // The last part sent without the empty line before its base64 body: mimetic starts the body
    // at its first line, as decision 5 reads a header without an empty line. The look-ahead
    // passed the close delimiter, found the empty line before the epilogue and left the body's
    // lines out as stray ones, and the close delimiter with them: the program was 0 bytes
    // (decision 1207).
    const std::string head =
        "From: a@example.org\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n"
        "\r\nhi\r\n--XX\r\nContent-Type: application/octet-stream; name=a.exe\r\n"
        "Content-Transfer-Encoding: base64\r\nTVqQAAMAAAAE\r\nAAAA\r\n--XX--\r\n";
    for (const char* epilogue : {"", "\r\nepilogue\r\n", "\r\n"}) {
      CAPTURE(std::string(epilogue));
      const std::string message = head + epilogue;
      std::string copy;
      CHECK(mail::bounded_for_mimetic(message, copy).text == message);
      mail::body_summary out;
      mail::read_body(message, mail::body_limits{}, out);
      REQUIRE(out.attachments.size() == 1);
      CHECK(out.attachments[0].name == "a.exe");
      CHECK(out.attachments[0].size == 12);
    }
    // A stray line just before the close delimiter stays, and the delimiter with it.
    const std::string stray_last =
        "From: a@example.org\r\nContent-Type: multipart/mixed; "
        "boundary=XX\r\n\r\n--XX\r\nX-Junk\r\n--XX--\r\n\r\nend\r\n";
    std::string copy;
    CHECK(mail::bounded_for_mimetic(stray_last, copy).text == stray_last);
  }

  TEST_CASE("a close delimiter of the boundary a block declares itself does not end that block") {
    // Decision 1207 holds for a multipart around the block: the block's own multipart has not
    // begun, so its close delimiter there is a stray line, left out with the one before it as
    // the header scanner skips both (decisions 1189, 1255); kept, they were mimetic's body, which
    // then closed the multipart before its first part and hid the program.
    const std::string message =
        "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=XX\r\njunk\r\n--XX--\r\n"
        "X-Other: 1\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XX\r\n"
        "Content-Type: application/octet-stream; name=a.exe\r\nContent-Transfer-Encoding: base64"
        "\r\n\r\nTVqQAAMAAAAE\r\n--XX--\r\n";
    mail::body_summary out;
    mail::read_body(message, mail::body_limits{}, out);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "a.exe");
    CHECK(out.attachments[0].size == 9);
  }

  TEST_CASE("100,000 stray lines in one header block are read in linear time") {
    std::string message = "Subject: a\r\n";
    for (int i = 0; i < 100000; ++i) message += "stray\r\n";
    message += "Content-Type: text/html\r\n\r\nbody\r\n";
    std::string copy;
    CHECK(mail::bounded_for_mimetic(message, copy).text ==
          "Subject: a\r\nContent-Type: text/html\r\n\r\nbody\r\n");
  }
}
