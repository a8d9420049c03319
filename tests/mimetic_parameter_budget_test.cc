// Content-Type and Content-Disposition fields reach mimetic with at most kMaxMimeticParameters
// parameters (engine/mail/mimetic_input): it keeps an entry for each `;`.
#include <doctest/doctest.h>

#include <string>

#include "engine/mail/mime_body.h"
#include "engine/mail/mimetic_input.h"

namespace {

namespace mail = mfsim::mail;

// A multipart whose one part has `field` in its header.
std::string part_with(const std::string& field) {
  std::string message = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n";
  message += "--XX\r\n" + field;
  return message + "\r\n\r\nabc\r\n--XX--\r\n";
}

}  // namespace

TEST_SUITE("mimetic parameter budget") {
  TEST_CASE("a field ends before its parameter past the budget") {
    const std::string semicolons(4000, ';');
    for (const std::string name :
         {"Content-Type: application/octet-stream", "Content-Disposition: attachment"}) {
      const std::string message = part_with(name + semicolons + "\r\n\tname=\"x.exe\"");
      std::string copy;
      const mail::mimetic_input input = mail::bounded_for_mimetic(message, copy);
      const std::string kept(input.text);
      CHECK(kept.find(name + std::string(mail::kMaxMimeticParameters, ';') + "\r\n") !=
            std::string::npos);
      CHECK(kept.find(std::string(mail::kMaxMimeticParameters + 1, ';')) == std::string::npos);
      CHECK(kept.find("x.exe") == std::string::npos);  // the rest of the field is left out
      CHECK(kept.find("\r\nabc\r\n--XX--") != std::string::npos);
    }
  }

  TEST_CASE("names within the budget are read as before") {
    const std::string params(200, ';');
    mail::body_summary out;
    mail::read_body(part_with("Content-Type: application/octet-stream" + params +
                              "; name=\"a.exe\"\r\nContent-Disposition: attachment" + params +
                              "; filename=\"b.js\""),
                    mail::body_limits{}, out);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "b.js");
  }
}
