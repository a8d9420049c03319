// Content-Transfer-Encoding values as mailers write them: comments, blanks, quotes and stray
// parameters around the mechanism (decision 594).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/mime_parts.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;

// "MZ...PE": a program's first bytes, base64-encoded.
const std::string kProgram =
    "TVqQAAMAAAAEAAAA//8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABQRQAA";

std::string attachment_encoded(const std::string& encoding) {
  return "Subject: cte\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
         "--XX\r\nContent-Type: application/octet-stream; name=a.bin\r\n"
         "Content-Transfer-Encoding: " +
         encoding + "\r\n\r\n" + kProgram + "\r\n--XX--\r\n";
}

}  // namespace

TEST_SUITE("transfer encoding") {
  TEST_CASE("the mechanism is read without the comments and blanks around it") {
    for (const std::string mechanism :
         {"base64", "BASE64", "base64 (comment)", "(c) base64", "  base64  ", "\"base64\"",
          "base64;", "base64; x=y", "base64(a (nested\\) one) b)", "Base64\t"}) {
      CAPTURE(mechanism);
      CHECK(mail::decode_transfer_encoding("aGk=", mechanism) == "hi");
    }
    CHECK(mail::decode_transfer_encoding("a=3Db", " Quoted-Printable (qp)") == "a=b");
    // Another token is another mechanism: the bytes as sent.
    CHECK(mail::decode_transfer_encoding("aGk=", "base-64") == "aGk=");
    CHECK(mail::decode_transfer_encoding("aGk=", "(base64)") == "aGk=");
    CHECK(mail::decode_transfer_encoding("aGk=", "7bit (base64)") == "aGk=");
  }

  TEST_CASE("a program behind a commented encoding is still a program") {
    mfsim::test::simulator sim(R"(mfsim: 1
name: cte
transport_rules:
  - Name: Programs
    AttachmentHasExecutableContent: true
    SetSCL: 6
)");
    for (const std::string encoding : {"base64", "base64 (binary)", " BASE64 ", "base64;"}) {
      CAPTURE(encoding);
      sim.run(attachment_encoded(encoding));
      CHECK(sim.fired() == std::vector<std::string>{"Programs"});
    }
  }
}
