// A bare CR inside a top-level header field (decision 1206) read alike by every reader of the
// field: the header scanner and its line-by-line reference, the header conditions, the body
// walk's charset, and the disclaimer's test for a signed or encrypted message.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/mail/header_scanner.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;
using mfsim::test::simulator;
using strings = std::vector<std::string>;

mail::header_block scan(std::string_view message) {
  mail::header_block block;
  mail::scan_headers(message, mail::scan_limits{}, block);
  mail::header_block reference;
  mail::scan_headers_line_by_line(message, mail::scan_limits{}, reference);
  REQUIRE(reference.fields.size() == block.fields.size());
  for (std::size_t i = 0; i < block.fields.size(); ++i) {
    CHECK(reference.fields[i].name == block.fields[i].name);
    CHECK(reference.fields[i].raw_value == block.fields[i].raw_value);
  }
  CHECK(reference.flags == block.flags);
  CHECK(reference.body_offset == block.body_offset);
  return block;
}

std::string unfolded(std::string_view raw) {
  std::string out;
  mail::unfold_value(raw, out);
  return out;
}

const std::string kHead = "From: a@example.org\r\nTo: c@example.com\r\nSubject: hello\r\n";

std::string rules(const std::string& transport_rules) {
  return "mfsim: 1\nname: bare-cr-test\ntransport_rules:\n" + transport_rules;
}

}  // namespace

TEST_SUITE("bare CR in a top-level header field") {
  TEST_CASE("a line after a bare CR that is no field goes on the field, the CR read as a blank") {
    const std::string message =
        kHead + "Content-Type: text/plain\r; charset=koi8-r\r\nX-B: 2\r\n\r\nbody\r\n";
    const mail::header_block block = scan(message);
    REQUIRE(block.fields.size() == 5);
    CHECK(block.fields[3].name == "Content-Type");
    CHECK(block.fields[3].raw_value == " text/plain\r; charset=koi8-r");
    CHECK(unfolded(block.fields[3].raw_value) == "text/plain ; charset=koi8-r");
    CHECK(block.fields[4].name == "X-B");
    // Still a bare CR; no longer a stray line.
    CHECK(block.flags == mail::flag_bare_cr);
    CHECK(std::string_view(message).substr(block.body_offset) == "body\r\n");
  }

  TEST_CASE("a line after a bare CR that is a field, a fold, empty or a -- line reads as before") {
    SUBCASE("a field") {
      const mail::header_block block = scan("A: 1\rB: 2\r\n\r\nbody");
      REQUIRE(block.fields.size() == 2);
      CHECK(block.fields[0].raw_value == " 1");
    }
    SUBCASE("a fold: the CR dropped, the blank kept") {
      const mail::header_block block = scan("A: 1\r 2\r\n\r\nbody");
      REQUIRE(block.fields.size() == 1);
      CHECK(unfolded(block.fields[0].raw_value) == "1 2");
    }
    SUBCASE("an empty line ends the header") {
      const std::string_view message = "A: 1\r\rjunk\r\n";
      const mail::header_block block = scan(message);
      REQUIRE(block.fields.size() == 1);
      CHECK(message.substr(block.body_offset) == "junk\r\n");
    }
    SUBCASE("a -- line is a stray one") {
      const mail::header_block block = scan("A: 1\r--x\r\nB: 2\r\n\r\nbody");
      REQUIRE(block.fields.size() == 2);
      CHECK(block.fields[0].raw_value == " 1");
      CHECK((block.flags & mail::flag_malformed_line) != 0);
    }
    SUBCASE("a line after a stray line's bare CR goes with it") {
      const mail::header_block block = scan("A: 1\r\nno colon\rmore\r\nB: 2\r\n\r\nbody");
      REQUIRE(block.fields.size() == 2);
      CHECK(block.fields[0].raw_value == " 1");
      CHECK(block.fields[1].raw_value == " 2");
    }
    SUBCASE("the first line of the header is never joined") {
      const mail::header_block block = scan("From x\rjunk\r\nA: 1\r\n\r\nbody");
      REQUIRE(block.fields.size() == 1);
      CHECK(block.fields[0].name == "A");
      CHECK((block.flags & mail::flag_malformed_line) != 0);
      CHECK((block.flags & mail::flag_leading_continuation) == 0);
    }
  }

  TEST_CASE("without an empty line, a line after a bare CR still goes on the field") {
    // Decision 5 ends such a header at a stray line; this one is no stray line.
    const std::string_view message = "A: 1\rmore\r\nB: 2\r\n";
    const mail::header_block block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(unfolded(block.fields[0].raw_value) == "1 more");
    CHECK(block.flags == (mail::flag_bare_cr | mail::flag_no_separator));
  }

  TEST_CASE("unfolding reads a CR before a byte that is no line break or blank as a blank") {
    CHECK(unfolded("wire\rtransfer") == "wire transfer");
    CHECK(unfolded("a\r\nb") == "ab");
    CHECK(unfolded("a\r b") == "a b");
    CHECK(unfolded("a\r\tb") == "a\tb");
    CHECK(unfolded(std::string_view("a\r\0b", 4)) == "a b");
    CHECK(unfolded(" a\r") == "a");
  }

  TEST_CASE("the header conditions read what the body walk reads") {
    simulator sim(rules(R"(  - Name: header charset
    HeaderContainsMessageHeader: Content-Type
    HeaderContainsWords: [koi8-r]
    SetSCL: 5
  - Name: charset
    ContentCharacterSetContainsWords: [koi8-r]
    SetSCL: 7
  - Name: subject
    SubjectContainsWords: [wire transfer]
    SetSCL: 8
)"));
    (void)sim.run(kHead + "Content-Type: text/plain\r; charset=koi8-r\r\n\r\nbody\r\n");
    CHECK(sim.fired() == strings{"header charset", "charset"});
    (void)sim.run("From: a@example.org\r\nSubject: urgent wire\rtransfer\r\n\r\nbody\r\n");
    CHECK(sim.fired() == strings{"subject"});
  }

  TEST_CASE("the disclaimer's fallback reads the media type as the body walk does") {
    simulator sim(rules(R"(  - Name: disclaimer
    SubjectContainsWords: [hello]
    ApplyHtmlDisclaimerText: '<p>Confidential</p>'
    ApplyHtmlDisclaimerLocation: Append
    ApplyHtmlDisclaimerFallbackAction: Reject
)"));
    const auto action_for = [&](const std::string& content_type) {
      return sim.run(kHead + content_type + "\r\n\r\nbody\r\n").action;
    };
    for (const char* sealed :
         {"Content-Type: multipart\r/signed; protocol=\"application/pkcs7-signature\"",
          "Content-Type: multipart/signed\r; protocol=\"application/pkcs7-signature\"",
          "Content-Type: multipart / signed; protocol=\"application/pkcs7-signature\"",
          "Content-Type: (s) Multipart/Signed (x); protocol=\"application/pkcs7-signature\"",
          "Content-Type: multipart/signed protocol=\"application/pkcs7-signature\"",
          "Content-Type: application/pkcs7-mime; smime-type=enveloped-data",
          // A '(' inside a token that no ')' closes is dropped, the text kept, as the body walk's
          // without_comments() reads it (decision 713); a stray ')' ends the subtype's token.
          "Content-Type: multipart(/signed; protocol=\"application/pkcs7-signature\"",
          "Content-Type: multi(part/si(gned; protocol=\"application/pkcs7-signature\"",
          "Content-Type: multipart/signed); protocol=\"application/pkcs7-signature\""}) {
      CAPTURE(std::string(sealed));
      CHECK(action_for(sealed) == mfsim::final_action::reject);
    }
    for (const char* open : {"Content-Type: multipart/signedx; protocol=x",
                             "Content-Type: multipart/ (signed; protocol=x",
                             "Content-Type: multipart/mixed; boundary=\"multipart/signed\""}) {
      CAPTURE(std::string(open));
      CHECK(action_for(open) == mfsim::final_action::deliver);
    }
  }
}
