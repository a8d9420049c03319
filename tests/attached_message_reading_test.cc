// An attached message read by the body walk itself (visit_message_in(): message/global, a
// digest's part, decision 940) is held to the budgets of the message around it: what they cut
// says so as the top-level reading does (decisions 873, 910, 970). A message/rfc822 part sent
// base64 or quoted-printable is decoded and read the same way (decision 972).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
#include "engine/mail/mimetic_input.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::mail::body_summary;
using mfsim::test::base64;
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

// A forwarded message that carries a program (MZ) as an attachment named evil.exe.
const std::string kInnerWithProgram =
    "From: b@example.net\r\nSubject: invoice\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=YY\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\n"
    "inner words\r\n--YY\r\nContent-Type: application/octet-stream; name=evil.exe\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--YY--\r\n";

// What kProgramRules fire on `message`.
strings program_rules_fired(const std::string& message) {
  mfsim::test::simulator sim(mfsim::test::kProgramRules);
  sim.run(message);
  return sim.fired();
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

TEST_SUITE("attached message reading") {
  TEST_CASE("a message/rfc822 part sent base64 is decoded and its program found") {
    // RFC 2046 section 5.2.1 allows message/rfc822 no encoding but 7bit, 8bit and binary;
    // senders base64 it all the same, and mimetic split the base64 text as if it were the
    // message: the program inside passed every attachment condition.
    const strings all = {"Programs", "Evil by name", "Executable"};
    const std::string eml =
        attached("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64",
                 base64(kInnerWithProgram));
    CHECK(program_rules_fired(eml) == all);
    const body_summary out = inspected_body(eml);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "evil.exe");
    CHECK(out.attachments[0].executable);
    CHECK(out.text_lower.find("inner words") != std::string::npos);
    CHECK_FALSE(out.truncated);
    // The encoding field before the type, in another case, with a name and a comment; and
    // quoted-printable.
    CHECK(program_rules_fired(attached("Content-Transfer-Encoding: BASE64 (sic)\r\n"
                                       "Content-Type: Message/RFC822; name=\"fwd.eml\"",
                                       base64(kInnerWithProgram))) == all);
    // Quoted-printable: each `=` written `=3D`, so that read as sent the boundary is `3DYY`.
    std::string quoted_printable;
    for (const char c : kInnerWithProgram) quoted_printable += c == '=' ? "=3D" : std::string(1, c);
    CHECK(program_rules_fired(attached("Content-Type: message/rfc822\r\n"
                                       "Content-Transfer-Encoding: quoted-printable",
                                       quoted_printable)) == all);
  }

  TEST_CASE("a message/rfc822 part sent 7bit or 8bit is split by mimetic, as before") {
    const strings all = {"Programs", "Evil by name", "Executable"};
    CHECK(program_rules_fired(attached("Content-Type: message/rfc822", kInnerWithProgram)) == all);
    CHECK(program_rules_fired(
              attached("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit",
                       kInnerWithProgram)) == all);
  }

  TEST_CASE("base64 messages nested in each other are read within the nesting budget") {
    // Each level is read as an attached message (at most 8 at once, decision 940): 6 levels
    // are read through to the program, 12 stop there and say the message was not fully read.
    const auto nested = [](int levels) {
      std::string message = kInnerWithProgram;
      for (int i = 0; i < levels; ++i)
        message = attached("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64",
                           base64(message));
      return message;
    };
    const body_summary six = inspected_body(nested(6));
    CHECK(six.attachment_extensions == strings{"exe"});
    CHECK_FALSE(six.truncated);
    const body_summary twelve = inspected_body(nested(12));
    CHECK(twelve.attachment_extensions.empty());
    CHECK(twelve.truncated);
    CHECK(twelve.contents.limit_exceeded);
  }

  TEST_CASE("a message/rfc822 part whose base64 holds no message is read as one with a body") {
    // Decoded bytes that are no message: an entity without header fields, its text the body.
    const body_summary out = inspected_body(attached(
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64", base64("\r\nhello")));
    CHECK(out.attachments.empty());
    CHECK(out.text_lower.find("hello") != std::string::npos);
  }
}

namespace {

// Seconds bounded_for_mimetic() takes over `message`, and whether it said it cut the message.
std::pair<double, bool> bounded_reading(const std::string& message) {
  const auto start = std::chrono::steady_clock::now();
  std::string storage;
  const mfsim::mail::mimetic_input input = mfsim::mail::bounded_for_mimetic(message, storage);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return {took.count(), input.cut_short};
}

const std::string kMultipartHead =
    "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX"
    "\r\n\r\n";

}  // namespace

TEST_SUITE("attached message reading") {
  TEST_CASE("parts whose header has no empty line are each judged within their own block") {
    // Review of decision 972: each message/rfc822 part's encoding was looked for up to an
    // empty line, past the delimiters that end its block: 1,000 such parts before 1.5 MB of
    // one-letter lines read those lines 1,000 times (minutes for a few megabytes).
    std::string message = kMultipartHead;
    for (int i = 0; i < 1000; ++i) message += "--XX\r\nContent-Type: message/rfc822\r\n";
    for (int i = 0; i < 500000; ++i) message += "a\r\n";
    message += "--XX--\r\n";
    CHECK(bounded_reading(message).first < 3.0);
  }

  TEST_CASE("blocks ended by a boundary declared after their type share one reading budget") {
    // A delimiter of a boundary the block declares after its message/rfc822 type is unknown
    // when the encoding is looked for: each such block is read on past it. All of them
    // together read at most a few times the message; past that the message is not fully
    // read (decision 1006).
    const auto blocks = [](int count) {
      std::string message = kMultipartHead;
      for (int i = 0; i < count; ++i) {
        // Boundaries none of which starts another (B1Z, B10Z), so that each is unknown.
        message += "--" + std::string(i == 0 ? "XX" : "B" + std::to_string(i - 1) + "Z") +
                   "\r\nContent-Type: message/rfc822\r\nContent-Type: multipart/mixed; "
                   "boundary=B" +
                   std::to_string(i) + "Z\r\n";
      }
      // Fewer lines than the fields the walk reads of a block (kMaxMimeticFields).
      for (int i = 0; i < 60000; ++i) message += "a\r\n";
      return message + "--XX--\r\n";
    };
    const auto [few_seconds, few_cut] = bounded_reading(blocks(2));
    CHECK_FALSE(few_cut);
    const auto [seconds, cut] = bounded_reading(blocks(100));
    CHECK(seconds < 3.0);
    CHECK(cut);
    CHECK(inspected_body(blocks(100)).contents.limit_exceeded);
  }

  TEST_CASE("a sender's own comment on message/rfc822 changes nothing of its reading") {
    // mimetic is given `message/rfc822 (transfer-encoded)` for a part sent base64 (decision
    // 972); a sender who writes that comment on a 7bit part has it read as a message all the
    // same, and the comment is no part of the media type any condition reads.
    const strings all = {"Programs", "Evil by name", "Executable"};
    CHECK(program_rules_fired(attached("Content-Type: message/rfc822 (transfer-encoded)",
                                       kInnerWithProgram)) == all);
    CHECK(program_rules_fired(attached("Content-Type: message/rfc822 (transfer-encoded)\r\n"
                                       "Content-Transfer-Encoding: base64",
                                       base64(kInnerWithProgram))) == all);
    CHECK(program_rules_fired(attached("Content-Type: message/rfc822 (x); name=a.eml\r\n"
                                       "Content-Transfer-Encoding: base64",
                                       base64(kInnerWithProgram))) == all);
  }

  TEST_CASE("a message/rfc822 part with damaged base64 or soft line breaks is read as it decodes") {
    // Bytes outside base64's alphabet are skipped, as for any part; nothing fails.
    std::string damaged = base64(kInnerWithProgram);
    damaged.insert(40, "!!*\x01\x7f");
    const body_summary out = inspected_body(
        attached("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64", damaged));
    CHECK_FALSE(out.unreadable);
    const body_summary garbage = inspected_body(attached(
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64", "!!!!====%%%%"));
    CHECK_FALSE(garbage.unreadable);
    CHECK(garbage.attachments.empty());
    // Quoted-printable soft line breaks join the inner message's lines before it is read.
    std::string soft;
    for (const char c : kInnerWithProgram) soft += c == '=' ? "=3D" : std::string(1, c);
    const std::size_t name = soft.find("evil.exe");
    soft.insert(name + 4, "=\r\n");
    CHECK(program_rules_fired(attached("Content-Type: message/rfc822\r\n"
                                       "Content-Transfer-Encoding: quoted-printable",
                                       soft)) == strings{"Programs", "Evil by name", "Executable"});
  }
}
