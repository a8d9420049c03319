// Content-Transfer-Encoding values as mailers write them: comments, blanks, quotes and stray
// parameters around the mechanism (decision 594).
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
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

const char* const kProgramRules = R"(mfsim: 1
name: cte
transport_rules:
  - Name: Programs
    AttachmentHasExecutableContent: true
    SetSCL: 6
)";

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
    mfsim::test::simulator sim(kProgramRules);
    for (const std::string encoding : {"base64", "base64 (binary)", " BASE64 ", "base64;"}) {
      CAPTURE(encoding);
      sim.run(attachment_encoded(encoding));
      CHECK(sim.fired() == std::vector<std::string>{"Programs"});
    }
  }

  TEST_CASE("an attachment sent x-uuencode or x-uue is its uudecoded file") {
    // [MS-OXCMAIL] section 2.2.3.4.1.5 lists both; the uuencoded text was the attachment's
    // content, so the program in it was unseen (decision 875).
    const std::string program = "begin 644 a.exe\r\n.35J0`\"!A('!R;V=R86T`\r\n`\r\nend\r\n";
    const std::string message =
        "Subject: cte\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
        "--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--XX\r\n"
        "Content-Type: application/octet-stream; name=invoice.pdf\r\n"
        "Content-Transfer-Encoding: ";
    mfsim::test::simulator sim(kProgramRules);
    for (const std::string encoding : {"x-uuencode", "X-UUE", "uuencode (old)"}) {
      CAPTURE(encoding);
      sim.run(message + encoding + "\r\n\r\n" + program + "--XX--\r\n");
      CHECK(sim.fired() == std::vector<std::string>{"Programs"});
    }
    // Without a uuencoded file the body is the content as sent.
    sim.run(message + "x-uue\r\n\r\nMZ\x90 not uuencoded\r\n--XX--\r\n");
    CHECK(sim.fired() == std::vector<std::string>{"Programs"});
  }

  TEST_CASE("a decoded size known without decoding is the decoded bytes' size") {
    // Second readings learn an attachment's size without decoding it (decision 1161): the
    // size must be the one decoding gives, malformed base64 included.
    std::vector<std::string> bodies = {"",
                                       "T",
                                       "TV",
                                       "TVo",
                                       "TVoA",
                                       "TVo=",
                                       "TV==",
                                       "T===",
                                       "====",
                                       "TV=A",
                                       "T=VA",
                                       "=TVA",
                                       "TVoA\r\nT",
                                       "TV oA!\x80\xff",
                                       "TVo=TVoA",
                                       "TVoAAA==",
                                       "TVoAAAA=",
                                       "A=\r\n\r\nB",
                                       kProgram,
                                       kProgram + "=",
                                       kProgram.substr(0, 77) + "\r\n-- x"};
    std::uint32_t state = 20261207;
    for (int i = 0; i < 400; ++i) {
      std::string random;
      for (int n = i % 37; n > 0; --n) {
        state = state * 1664525u + 1013904223u;
        const char* const some = "AZaz09+/=\r\n -._\x7f\x80{|}~";
        random +=
            (state >> 24) % 3 == 0 ? static_cast<char>(state >> 16) : some[(state >> 20) % 23];
      }
      bodies.push_back(random);
    }
    for (const std::string& body : bodies) {
      CAPTURE(body);
      for (const char* mechanism : {"base64", " BASE64 (x)", "7bit", "", "binary"}) {
        CAPTURE(std::string(mechanism));
        const std::optional<std::size_t> size = mail::decoded_size(body, mechanism);
        REQUIRE(size.has_value());
        CHECK(*size == mail::decode_transfer_encoding(body, mechanism).size());
      }
      CHECK_FALSE(mail::decoded_size(body, "quoted-printable").has_value());
    }
  }
}
