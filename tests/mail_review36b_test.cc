// Findings of the hostile review of the mail-reading changes of decisions 500-509: budgets kept
// by the rewrites given to mimetic, and names as the record shows them.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "engine/mail/mime_body.h"
#include "engine/mail/mime_parameters.h"
#include "engine/mail/mimetic_input.h"

namespace {

namespace mail = mfsim::mail;

// A message of one attachment whose Content-Type names it `name`.
std::string attachment_named(const std::string& name) {
  return "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
         "Content-Type: application/octet-stream; name=\"" +
         name + "\"\r\n\r\nabc\r\n--XX--\r\n";
}

// The longest line of `text` (its fields here are one line each).
std::size_t longest_line(std::string_view text) {
  std::size_t longest = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find("\r\n", at);
    if (end == std::string_view::npos) end = text.size();
    longest = std::max(longest, end - at);
    at = end + 2;
  }
  return longest;
}

}  // namespace

TEST_SUITE("mail review 36b") {
  TEST_CASE("a name rewritten in RFC 2231's form keeps the field within mimetic's budget") {
    // 12 KiB of 8-bit bytes, within the 16 KiB a field may have, percent-encoded to 36 KiB: the
    // quadratic copying the budget bounds grew ninefold.
    const std::string name(12 << 10, '\xE9');
    const std::string message = attachment_named(name + ";x.exe");
    std::string copy;
    const mail::mimetic_input input = mail::bounded_for_mimetic(message, copy);
    CHECK(longest_line(input.text) <= mail::kMaxMimeticFieldBytes);
    // A short one is still rewritten and read whole.
    mail::body_summary out;
    mail::read_body(attachment_named(std::string(100, '\xE9') + ";x.exe"), mail::body_limits{},
                    out);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == std::string(100, '\xE9') + ";x.exe");
  }

  TEST_CASE("a parameter field longer than the field budget keeps at most 256 parameters") {
    // Decision 509's count was skipped for a line past 16 KiB, which is cut to 16 KiB but kept
    // 16,384 `;`: 1,000 such parts took 1.6 GB and 3.7 s.
    for (const std::string name :
         {"Content-Type: application/octet-stream", "Content-Disposition: attachment"}) {
      CAPTURE(name);
      const std::string message =
          "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n" + name +
          std::string(20000, ';') + "\r\n\r\nabc\r\n--XX--\r\n";
      std::string copy;
      const mail::mimetic_input input = mail::bounded_for_mimetic(message, copy);
      const std::string kept(input.text);
      CHECK(kept.find(std::string(mail::kMaxMimeticParameters + 1, ';')) == std::string::npos);
      CHECK(kept.find(name + std::string(mail::kMaxMimeticParameters, ';') + "\r\n") !=
            std::string::npos);
      CHECK(kept.find("\r\nabc\r\n--XX--") != std::string::npos);
    }
  }

  TEST_CASE("a name after a quoted-string folded over two lines is rewritten too") {
    // The line ` here"; name="..."` was read as if it started outside the quotes, so its name
    // was not found and mimetic cut it at the `;`: '"Q3 report', no extension.
    mail::body_summary out;
    mail::read_body(
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
        "Content-Type: application/octet-stream; x-note=\"split\r\n here\"; name=\"Q3 report; "
        "final.exe\"\r\n\r\nabc\r\n--XX--\r\n",
        mail::body_limits{}, out);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "Q3 report; final.exe");
    // The rest of the quoted-string is no parameter, whatever it looks like.
    CHECK_FALSE(mail::name_with_semicolon(R"(name="a;b.exe")", true).has_value());
    CHECK(mail::name_with_semicolon(R"( x"; name="a;b.exe")", true).has_value());
    CHECK(mail::ends_quoted(R"(a; b="c)", false));
    CHECK_FALSE(mail::ends_quoted(R"(d\"e"; f="g")", true));
  }
}
