// A bare CR inside a MIME header field (decision 1160) read alike by every reader: the field
// walk and what mimetic is given at the field budget's edge, and the search for attached
// messages that --unwrap evaluates (decision 1188).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/attached_messages.h"
#include "engine/mail/mime_body.h"
#include "engine/mail/mimetic_input.h"

namespace {

namespace mail = mfsim::mail;

const std::string kHead =
    "From: a@example.org\r\nTo: c@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\n";

// A multipart of a text part and a part whose header is `part_header` (lines, no empty line)
// holding a program named evil.exe.
std::string with_program_part(const std::string& part_header) {
  return kHead +
         "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: "
         "text/plain\r\n\r\nhi\r\n--XX\r\n" +
         part_header +
         "\r\nContent-Type: application/octet-stream; name=evil.exe\r\n\r\nMZ\r\n--XX--\r\n";
}

std::vector<std::string> extensions(const std::string& message) {
  mail::body_summary out;
  mail::read_body(message, mail::body_limits{}, out);
  return out.attachment_extensions;
}

}  // namespace

TEST_SUITE("bare CR in a MIME field") {
  TEST_CASE("a line after a bare CR cut at the field budget keeps the next field its own") {
    // The field fills the budget exactly; the line after the bare CR is past it and goes. Its
    // CR was given to mimetic as a blank, so dropping its line end too glued the program's
    // Content-Type onto the field for mimetic: no attachment, no flag.
    const std::string full = "X-A: " + std::string(mail::kMaxMimeticFieldBytes - 5, 'a');
    for (const char* after : {"\rx", "\rx\ry", "\rx\ry\rz"}) {
      CAPTURE(std::string(after));
      CHECK(extensions(with_program_part(full + after)) == std::vector<std::string>{"exe"});
    }
    CHECK(extensions(with_program_part(full.substr(1) + "\rxy")) ==
          std::vector<std::string>{"exe"});
  }

  TEST_CASE("the blank given for a bare CR counts within the field budget") {
    // 1-byte lines after bare CRs are given to mimetic as twice their bytes; its copying of a
    // field grows with their square.
    std::string field = "X-A: a";
    for (int i = 0; i < 20000; ++i) field += "\rx";
    const std::string message = kHead + field + "\r\n\r\nbody\r\n";
    std::string copy;
    const mail::mimetic_input input = mail::bounded_for_mimetic(message, copy);
    const std::string_view given = input.text.substr(kHead.size());
    CHECK(given.find_first_of("\r\n") == mail::kMaxMimeticFieldBytes);
  }

  TEST_CASE("a multipart whose boundary follows a bare CR is searched for attached messages") {
    // The body walk splits it (decision 1160); the search --unwrap makes read the boundary
    // from the header scanner's field, where the line after the CR is a stray one.
    const std::string message =
        kHead +
        "Content-Type: multipart/mixed\r; boundary=XX\r\n\r\n--XX\r\nContent-Type: "
        "text/plain\r\n\r\nsee attached\r\n--XX\r\nContent-Type: message/rfc822\r\n\r\n"
        "From: b@example.net\r\nSubject: inner\r\n\r\nhello\r\n--XX--\r\n";
    std::vector<std::string> found;
    mail::find_attached_messages(message, mail::body_limits{}, found);
    REQUIRE(found.size() == 1);
    CHECK(found[0].starts_with("From: b@example.net\r\n"));
    CHECK(extensions(message).empty());
  }
}
