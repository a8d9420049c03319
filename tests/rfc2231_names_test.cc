// Attachment names written in RFC 2231's forms (engine/mail/rfc2231): continuations, encoded
// sections and charsets, as the file name conditions read them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;
using fired_rules = std::vector<std::string>;

// A message with one attachment whose Content-Disposition (or Content-Type) parameters are
// `params`.
std::string with_attachment(const std::string& disposition_params,
                            const std::string& type_params = "") {
  return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
         "--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
         "--XX\r\nContent-Type: application/octet-stream" +
         type_params + "\r\nContent-Disposition: attachment" + disposition_params +
         "\r\n\r\nabc\r\n--XX--\r\n";
}

std::string name_of(const std::string& message) {
  mail::body_summary out;
  mail::read_body(message, mail::body_limits{}, out);
  REQUIRE(out.attachments.size() == 1);
  return out.attachments[0].name;
}

}  // namespace

TEST_SUITE("rfc2231 names") {
  TEST_CASE("continuations are joined in order, plain and encoded sections alike") {
    CHECK(name_of(with_attachment("; filename*0=\"invo\"; filename*1=\"ice.exe\"")) ==
          "invoice.exe");
    // Out of order on the wire, in order by number.
    CHECK(name_of(with_attachment("; filename*1=\"ice.exe\"; filename*0=\"invo\"")) ==
          "invoice.exe");
    // Encoded sections: the first names the charset, each is percent-decoded.
    CHECK(name_of(with_attachment(
              "; filename*0*=utf-8''r%C3%A9; filename*1*=sum%C3%A9; filename*2=\".pdf\"")) ==
          "r\xC3\xA9sum\xC3\xA9.pdf");
    // In Content-Type's name parameter too, when the disposition names none.
    CHECK(name_of(with_attachment("", "; name*0=\"pay\"; name*1=\"load.js\"")) == "payload.js");
    // A gap ends the value: section 2 without section 1 is not read.
    CHECK(name_of(with_attachment("; filename*0=\"a.txt\"; filename*2=\".exe\"")) == "a.txt");
  }

  TEST_CASE("an encoded name is converted from the charset it names") {
    CHECK(name_of(with_attachment("; filename*=iso-8859-1''r%E9sum%E9.pdf")) ==
          "r\xC3\xA9sum\xC3\xA9.pdf");
    CHECK(name_of(with_attachment("; filename*=utf-8''r%C3%A9sum%C3%A9.pdf")) ==
          "r\xC3\xA9sum\xC3\xA9.pdf");
    // An apostrophe in the name itself (sent raw, which RFC 2231 forbids) stays in it.
    CHECK(name_of(with_attachment("; filename*=utf-8''it's.exe")) == "it's.exe");
    // Beside a plain filename, RFC 2231's form is the name (decision 590).
    CHECK(name_of(with_attachment("; filename=\"a.pdf\"; filename*0=\"b.exe\"")) == "b.exe");
  }

  TEST_CASE("the file name conditions read names split into continuations") {
    mfsim::test::simulator sim(R"(mfsim: 1
name: rfc2231
transport_rules:
  - Name: Programs
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
  - Name: Resume
    AttachmentNameMatchesPatterns: ['^résumé\.']
    SetSCL: 6
)");
    sim.run(with_attachment("; filename*0=\"invo\"; filename*1=\"ice.exe\""));
    CHECK(sim.fired() == fired_rules{"Programs"});
    sim.run(with_attachment("; filename*=iso-8859-1''r%E9sum%E9.pdf"));
    CHECK(sim.fired() == fired_rules{"Resume"});
  }
}
