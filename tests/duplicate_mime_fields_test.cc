// A header block that gives Content-Type, Content-Transfer-Encoding or Content-Disposition twice
// (decision 667): mimetic reads the first, a mail client may read the last, and the attachment
// conditions see the attachments of either reading; the record says `duplicate_mime_field`.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/attached_messages.h"
#include "engine/mail/header_scanner.h"
#include "engine/mail/mime_body.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;
using fired_rules = std::vector<std::string>;

// "MZ" and a little more, base64: a program's first bytes.
constexpr std::string_view kProgramBase64 = "TVqQAAMAAAAEAAAA//8AALgAAAA=";

// A multipart/mixed body with a text part and an .exe part whose header adds `exe_fields`.
std::string mixed_body(std::string_view exe_fields) {
  std::string m = "\n--XX\nContent-Type: text/plain\n\nsee attached\n--XX\n";
  m += "Content-Type: application/octet-stream; name=\"evil.exe\"\n";
  m += exe_fields;
  m += "\n";
  m += kProgramBase64;
  return m + "\n--XX--\n";
}

// The top-level Content-Type given twice: text/plain first, the multipart second.
std::string top_level_twice() {
  return "Subject: twice\nMIME-Version: 1.0\nContent-Type: text/plain\n"
         "Content-Type: multipart/mixed; boundary=XX\n" +
         mixed_body("Content-Transfer-Encoding: base64\n");
}

// The .exe part's Content-Transfer-Encoding given twice: 7bit first, base64 second.
std::string encoding_twice() {
  return "Subject: twice\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n" +
         mixed_body("Content-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n");
}

// `inner` attached as a message/global part beside a text part whose type is given twice.
std::string wrapped_with_twice(const std::string& inner, int level) {
  const std::string b = "B" + std::to_string(level);
  return "Subject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=" + b +
         "\n\n--" + b + "\nContent-Type: text/plain\nContent-Type: text/html\n\nhi\n--" + b +
         "\nContent-Type: message/global\n\n" + inner + "\n--" + b + "--\n";
}

std::vector<std::string_view> flags_of(const mfsim::outcome& o) {
  std::vector<std::string_view> names;
  mail::flag_names(o.flags, names);
  return names;
}

}  // namespace

TEST_SUITE("duplicate mime fields") {
  TEST_CASE("a multipart behind a first Content-Type of text/plain still gives its attachment") {
    const mail::body_summary out = mfsim::test::inspected_body(top_level_twice());
    CHECK(out.duplicate_fields);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "evil.exe");
    CHECK(out.attachments[0].executable);
    CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
    // The body text is the first reading's: mimetic's, as before.
    CHECK(out.text_lower.find("content-type: application/octet-stream") != std::string::npos);
    // The content conditions inspect it too.
    REQUIRE(out.contents.files.size() == 1);
    CHECK(out.contents.files[0].type == mail::content_type::executable);

    mfsim::test::simulator sim(mfsim::test::kProgramRules);
    const mfsim::outcome& o = sim.run(top_level_twice());
    CHECK(sim.fired() == fired_rules{"Programs", "Evil by name", "Executable"});
    CHECK(flags_of(o) == std::vector<std::string_view>{"duplicate_mime_field"});
  }

  TEST_CASE("a second Content-Transfer-Encoding of base64 decodes the program") {
    const mail::body_summary out = mfsim::test::inspected_body(encoding_twice());
    CHECK(out.duplicate_fields);
    // The first reading's undecoded part and the second's program: two sizes, both kept.
    REQUIRE(out.attachments.size() == 2);
    CHECK_FALSE(out.attachments[0].executable);
    CHECK(out.attachments[1].executable);
    mfsim::test::simulator sim(mfsim::test::kProgramRules);
    sim.run(encoding_twice());
    CHECK(sim.fired() == fired_rules{"Programs", "Evil by name", "Executable"});
  }

  TEST_CASE("a second Content-Disposition naming the file is read") {
    const std::string message =
        "Subject: twice\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\n"
        "Content-Type: application/octet-stream\nContent-Disposition: inline\n"
        "Content-Disposition: attachment; filename=evil.exe\n\nMZ\n--XX--\n";
    const mail::body_summary out = mfsim::test::inspected_body(message);
    CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
  }

  TEST_CASE("an attachment both readings find is listed once") {
    // Only the text part's Content-Type is given twice; the .exe part reads the same either way.
    const std::string message =
        "Subject: twice\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\n"
        "Content-Type: text/plain\nContent-Type: text/html\n\nhello\n--XX\n"
        "Content-Type: application/octet-stream; name=\"evil.exe\"\n"
        "Content-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA//8AALgAAAA=\n--XX--\n";
    const mail::body_summary out = mfsim::test::inspected_body(message);
    CHECK(out.duplicate_fields);
    CHECK(out.attachments.size() == 1);
    CHECK(out.contents.files.size() == 1);
  }

  TEST_CASE("fields given once, in separate parts, are no duplicates") {
    const mail::body_summary out = mfsim::test::inspected_body(
        "Subject: once\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n" +
        mixed_body("Content-Transfer-Encoding: base64\n"));
    CHECK_FALSE(out.duplicate_fields);
    CHECK(out.attachments.size() == 1);
    mfsim::test::simulator sim(mfsim::test::kProgramRules);
    const mfsim::outcome& o = sim.run(
        "Subject: once\nMIME-Version: 1.0\nContent-Type: "
        "multipart/mixed; boundary=XX\n" +
        mixed_body("Content-Transfer-Encoding: base64\n"));
    CHECK(flags_of(o).empty());
  }

  TEST_CASE("an attached message read by the walk follows the rule of the message around it") {
    // A message/rfc822 part sent base64 (decision 972) or a message/global part is read by the
    // body walk itself: its Content-Type given twice hid the program behind the second one
    // (decision 1047).
    const std::string inner = top_level_twice();
    for (const std::string& part :
         {"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" +
              mfsim::test::base64(inner),
          "Content-Type: message/global\n\n" + inner}) {
      const std::string message =
          "Subject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=OUT\n\n"
          "--OUT\nContent-Type: text/plain\n\nsee below\n--OUT\n" +
          part + "\n--OUT--\n";
      const mail::body_summary out = mfsim::test::inspected_body(message);
      CHECK(out.duplicate_fields);
      REQUIRE(out.attachments.size() == 1);
      CHECK(out.attachments[0].name == "evil.exe");
      CHECK(out.attachments[0].executable);
      CHECK_FALSE(out.contents.limit_exceeded);
      mfsim::test::simulator sim(mfsim::test::kProgramRules);
      const mfsim::outcome& o = sim.run(message);
      CHECK(sim.fired() == fired_rules{"Programs", "Evil by name", "Executable"});
      CHECK(flags_of(o) == std::vector<std::string_view>{"duplicate_mime_field"});
    }
  }

  TEST_CASE("an attachment both readings of an attached message find is listed once") {
    // The program's part reads the same either way; only the text part's type is given twice.
    const std::string inner =
        "Subject: twice\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\n"
        "Content-Type: text/plain\nContent-Type: text/html\n\nhello\n--XX\n"
        "Content-Type: application/octet-stream; name=\"evil.exe\"\n"
        "Content-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA//8AALgAAAA=\n--XX--\n";
    // Twice over: the outer message's type is given twice as well, and both its readings read
    // the attached message both ways.
    const std::string message =
        "Subject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=OUT\n"
        "Content-Type: multipart/mixed; boundary=OUT\n\n--OUT\n"
        "Content-Type: message/global\n\n" +
        inner + "\n--OUT--\n";
    const mail::body_summary out = mfsim::test::inspected_body(message);
    CHECK(out.duplicate_fields);
    CHECK(out.attachments.size() == 1);
    CHECK(out.contents.files.size() == 1);
  }

  TEST_CASE("an attachment an attached message's two readings find counts once for the message") {
    // The attached message gives its text part's type twice and holds a.exe, not a program;
    // the outer message's second reading finds a program of that name and size besides. Both
    // readings of the attached message found its a.exe, but the outer message's first reading
    // holds it once: the program is the second reading's own and is read (decision 1091).
    const std::string not_program = mfsim::test::base64("AZ" + std::string(18, 'x'));
    const std::string program = mfsim::test::base64("MZ" + std::string(18, 'x'));
    const std::string inner =
        "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=I\n\n--I\n"
        "Content-Type: text/plain\nContent-Type: text/html\n\nhello\n--I\n"
        "Content-Type: application/octet-stream; name=\"a.exe\"\n"
        "Content-Transfer-Encoding: base64\n\n" +
        not_program + "\n--I--\n";
    const std::string message =
        "Subject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=O\n\n--O\n"
        "Content-Type: message/global\n\n" +
        inner +
        "\n--O\nContent-Type: text/plain\n"
        "Content-Type: application/octet-stream; name=\"a.exe\"\n"
        "Content-Transfer-Encoding: base64\n\n" +
        program + "\n--O--\n";
    const mail::body_summary out = mfsim::test::inspected_body(message);
    CHECK(out.duplicate_fields);
    REQUIRE(out.attachments.size() == 2);
    CHECK_FALSE(out.attachments[0].executable);
    CHECK(out.attachments[1].executable);
    mfsim::test::simulator sim(mfsim::test::kProgramRules);
    sim.run(message);
    CHECK(sim.fired() == fired_rules{"Programs", "Executable"});
  }

  TEST_CASE("a message nested 7 deep, each level giving a field twice, is read whole") {
    // Each level a message/global holding the next, each with its text part's type given
    // twice, the program at the bottom: each second reading meets the message below as its
    // first reading read it, and replays that reading (decision 1104); it does not read it
    // again, so the 8 levels' readings stay within their budget (1105) and nothing goes unread.
    std::string message = top_level_twice();
    for (int level = 0; level < 7; ++level) message = wrapped_with_twice(message, level);
    const mail::body_summary out = mfsim::test::inspected_body(message);
    CHECK(out.duplicate_fields);
    CHECK_FALSE(out.truncated);
    CHECK_FALSE(out.contents.limit_exceeded);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].executable);
    mfsim::test::simulator sim(mfsim::test::kProgramRules);
    const mfsim::outcome& o = sim.run(message);
    CHECK(sim.fired() == fired_rules{"Programs", "Evil by name", "Executable"});
    CHECK(flags_of(o) == std::vector<std::string_view>{"duplicate_mime_field"});
  }

  TEST_CASE("attached messages each giving a field twice are read, however many") {
    // Twelve forwarded messages side by side, each with its text part's type given twice and
    // a program of its own: each second reading is needed, and all of them together read
    // about the message's size, within the budget of 8 times it (decision 1105).
    std::string message =
        "Subject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=OUT\n\n";
    for (int i = 0; i < 12; ++i) {
      const std::string program = mfsim::test::base64("MZ" + std::string(18 + i, 'x'));
      message +=
          "--OUT\nContent-Type: message/global\n\nSubject: x\nMIME-Version: 1.0\n"
          "Content-Type: multipart/mixed; boundary=I\n\n--I\nContent-Type: text/plain\n"
          "Content-Type: text/html\n\nhello\n--I\n"
          "Content-Type: application/octet-stream; name=\"p" +
          std::to_string(i) + ".exe\"\nContent-Transfer-Encoding: base64\n\n" + program +
          "\n--I--\n\n";
    }
    message += "--OUT--\n";
    const mail::body_summary out = mfsim::test::inspected_body(message);
    CHECK(out.duplicate_fields);
    CHECK_FALSE(out.contents.limit_exceeded);
    CHECK(out.attachments.size() == 12);
  }

  TEST_CASE("attached messages whose two readings differ at each level are read within a budget") {
    // Each level's message/global part gives Content-Transfer-Encoding twice, 7bit then
    // quoted-printable, and the bottom holds `=3D3D...41`, which each decoding changes: every
    // level is read as many ways as decodings reach it, more than 8 times the message's size
    // in all, and past that the message is not fully read (decision 1105).
    std::string message = "Subject: deep\nMIME-Version: 1.0\nContent-Type: text/plain\n\n=";
    for (int i = 0; i < 8; ++i) message += "3D";
    message += "41\n";
    for (int level = 0; level < 7; ++level) {
      const std::string b = "L" + std::string(1, static_cast<char>('a' + level));  // no `=XX`
      message = "Subject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=" + b +
                "\n\n--" + b +
                "\nContent-Type: message/global\n"
                "Content-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: quoted-printable\n\n" +
                message + "\n--" + b + "--\n";
    }
    const mail::body_summary out = mfsim::test::inspected_body(message);
    CHECK(out.duplicate_fields);
    CHECK(out.contents.limit_exceeded);
    CHECK(out.contents.limit_reason ==
          "attached messages give a MIME field twice more often than read");
  }

  TEST_CASE("replayed readings of attached messages are budgeted by what they record") {
    // `programs` programs with 200-byte names at the bottom of `levels` levels of message/global,
    // each giving a field twice: each level's record holds the level below's twice (its first
    // reading's and its second reading's replay), so replaying them recorded the names 2^9
    // times at 8 levels, a 12 KB message 4 MB of bookkeeping (a 1 MB one, 1 GB). Replays now count
    // against the second readings' budget of 8 times the message's size (decision 1143).
    const auto nested = [](int programs, int levels, std::size_t program_size) {
      std::string message =
          "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=I\n\n--I\n"
          "Content-Type: text/plain\nContent-Type: text/html\n\nhello\n";
      for (int i = 0; i < programs; ++i) {
        message += "--I\nContent-Type: application/octet-stream; name=\"" + std::string(190, 'a') +
                   std::to_string(1000 + i) + ".exe\"\n\nMZ" + std::string(program_size, 'x') +
                   "\n";
      }
      message += "--I--\n";
      for (int level = 0; level < levels; ++level) message = wrapped_with_twice(message, level);
      return message;
    };
    const mail::body_summary out = mfsim::test::inspected_body(nested(40, 8, 0));
    CHECK(out.duplicate_fields);
    CHECK(out.attachments.size() == 40);
    CHECK(out.truncated);
    CHECK(out.contents.limit_reason ==
          "attached messages give a MIME field twice more often than read");
    // Two 4 KB programs 4 levels down: their records fit the budget, and they are read whole.
    const mail::body_summary small = mfsim::test::inspected_body(nested(2, 4, 4096));
    CHECK(small.attachments.size() == 2);
    CHECK_FALSE(small.truncated);
  }

  TEST_CASE("--unwrap finds a message behind a Content-Type given twice, either way round") {
    const std::string attached =
        "--XX\nContent-Type: message/rfc822\n\nFrom: bad@example.org\nSubject: invoice\n\npay now"
        "\n--XX--\n";
    for (const char* types :
         {"Content-Type: text/plain\nContent-Type: multipart/mixed; boundary=XX\n",
          "Content-Type: multipart/mixed; boundary=XX\nContent-Type: text/plain\n"}) {
      std::vector<std::string> found;
      mail::find_attached_messages(
          std::string("Subject: report\nMIME-Version: 1.0\n") + types + "\n" + attached,
          mail::body_limits{}, found);
      REQUIRE(found.size() == 1);
      CHECK(found[0] == "From: bad@example.org\nSubject: invoice\n\npay now");
    }
  }

  TEST_CASE("--unwrap reads each boundary of a Content-Type given twice, and a message once") {
    const std::string report =
        "Subject: report\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=AA\n"
        "Content-Type: multipart/mixed; boundary=BB\n\n"
        "--AA\nContent-Type: message/rfc822\n\nSubject: one\n\nfirst\n--AA--\n"
        "--BB\nContent-Type: message/rfc822\nContent-Type: message/rfc822\n\nSubject: two\n\n"
        "second\n--BB--\n";
    std::vector<std::string> found;
    mail::find_attached_messages(report, mail::body_limits{}, found);
    REQUIRE(found.size() == 2);
    CHECK(found[0] == "Subject: one\n\nfirst");
    CHECK(found[1] == "Subject: two\n\nsecond");
  }
}
