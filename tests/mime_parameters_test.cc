// MIME field parameters read from the field's text (engine/mail/mime_parameters): quoted
// values whole, `;` and escaped quotes included, as the file name conditions read them.
#include "engine/mail/mime_parameters.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
#include "engine/mail/mimetic_input.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;

std::string message_with_disposition(const std::string& disposition) {
  return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
         "--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
         "--XX\r\nContent-Type: application/octet-stream\r\nContent-Disposition: " +
         disposition + "\r\n\r\nabc\r\n--XX--\r\n";
}

// A message whose Content-Type is `type` (after the colon), with the boundary `b` of a text
// part "see attached" and a program.
std::string message_with_type(const std::string& type) {
  return "From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type:" + type +
         "\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n"
         "Content-Type: application/octet-stream; name=\"evil.exe\"\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\nTVoAAA==\r\n--b--\r\n";
}

// The rules on a program's extension and content that fire on `message`.
std::vector<std::string> program_rules_fired(const std::string& message) {
  mfsim::test::simulator sim(R"(mfsim: 1
name: programs
transport_rules:
  - Name: Programs
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
  - Name: Executable
    AttachmentHasExecutableContent: true
    SetSCL: 5
)");
  sim.run(message);
  return sim.fired();
}

// The program behind the boundary of `message` (after a text part "see attached") is an
// attachment: to the body walk, and to the conditions on its extension and its content.
void check_program_found(const std::string& message) {
  mail::body_summary out;
  mail::read_body(message, mail::body_limits{}, out);
  CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
  CHECK(out.text_lower == "see attached");
  CHECK(program_rules_fired(message) == std::vector<std::string>{"Programs", "Executable"});
}

// `message` was not fully read: to the body walk, in its record's flags, and to
// AttachmentProcessingLimitExceeded.
void check_not_fully_read(const std::string& message) {
  mail::body_summary out;
  mail::body_limits limits;
  limits.inspect_content = true;
  mail::read_body(message, limits, out);
  CHECK(out.truncated);
  CHECK(out.contents.limit_exceeded);
  mfsim::test::simulator sim(R"(mfsim: 1
name: limits
transport_rules:
  - Name: Not fully read
    AttachmentProcessingLimitExceeded: true
    SetSCL: 5
)");
  CHECK((sim.run(message).flags & mail::flag_body_truncated) != 0);
  CHECK(sim.fired() == std::vector<std::string>{"Not fully read"});
}

}  // namespace

TEST_SUITE("mime parameters") {
  TEST_CASE("a quoted value keeps its semicolons, equals signs and escaped quotes") {
    const auto params =
        mail::parse_mime_parameters(R"(attachment; filename="Q3 report; final=1.exe" ; size=3;)"
                                    R"( x="a\"b\\c"; broken)");
    REQUIRE(params.size() == 3);
    CHECK(params[0].name == "filename");
    CHECK(params[0].value == "Q3 report; final=1.exe");
    CHECK(mail::parameter_value(params, "SIZE") == "3");
    CHECK(mail::parameter_value(params, "x") == "a\"b\\c");
    CHECK(mail::parameter_value(params, "broken").empty());
    // A backslash before anything else is part of the value (a Windows path).
    CHECK(mail::parameter_value(mail::parse_mime_parameters(R"(a; filename="C:\temp\b.exe")"),
                                "filename") == R"(C:\temp\b.exe)");
    // A quoted `;` in the first part does not start the parameters.
    CHECK(mail::parse_mime_parameters(R"("at;tach"; name=a)").size() == 1);
    // An unterminated quoted-string runs to the end.
    CHECK(mail::parameter_value(mail::parse_mime_parameters(R"(a; filename="x; y.exe)"),
                                "filename") == "x; y.exe");
  }

  TEST_CASE("an attachment named with a semicolon in quotes keeps its whole name") {
    mail::body_summary out;
    mail::read_body(message_with_disposition(R"(attachment; filename="Q3 report; final.exe")"),
                    mail::body_limits{}, out);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "Q3 report; final.exe");
    CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});

    mfsim::test::simulator sim(R"(mfsim: 1
name: parameters
transport_rules:
  - Name: Programs
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
)");
    sim.run(message_with_disposition(R"(attachment; filename="a\"b;c.exe"; size=3)"));
    CHECK(sim.fired() == std::vector<std::string>{"Programs"});
  }

  TEST_CASE("a Content-Type name with a semicolon is given to mimetic in RFC 2231's form") {
    const auto r = mail::name_with_semicolon(
        R"(Content-Type: application/octet-stream; name="100% it's; final.js"; x=1)");
    REQUIRE(r.has_value());
    CHECK(r->extended == R"(name*="''100%25 it%27s%3B final.js")");
    CHECK(r->from == 40);
    CHECK(r->to == 66);  // past the closing quote
    // On a continuation line too; not without a `;` in the value, nor unterminated.
    CHECK(mail::name_with_semicolon("\tname=\"a;b.js\"").has_value());
    CHECK_FALSE(mail::name_with_semicolon(R"(Content-Type: a/b; name="a.js"; c=d)").has_value());
    CHECK_FALSE(mail::name_with_semicolon(R"(Content-Type: a/b; name="a;b.js)").has_value());
    CHECK_FALSE(mail::name_with_semicolon(R"(Content-Type: a/b; boundary="a;b")").has_value());
  }

  TEST_CASE("an attachment named only by Content-Type keeps its semicolon") {
    const std::string message =
        "From: a@example.org\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
        "--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        "--XX\r\nContent-Type: application/octet-stream;\r\n"
        "\tname=\"100% it's; r\xC3\xA9sum\xC3\xA9.js\"\r\n\r\nabc\r\n--XX--\r\n";
    mail::body_summary out;
    mail::read_body(message, mail::body_limits{}, out);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "100% it's; r\xC3\xA9sum\xC3\xA9.js");
    CHECK(out.attachment_extensions == std::vector<std::string>{"js"});
  }

  TEST_CASE("comments outside quoted-strings are no part of a parameter") {
    // RFC 2045 section 5.1 and RFC 5322 section 3.2.2 (decision 668).
    const auto value = [](const std::string& field) {
      return std::string(mail::parameter_value(mail::parse_mime_parameters(field), "filename"));
    };
    CHECK(value("attachment; filename=evil.exe (comment)") == "evil.exe");
    CHECK(value("attachment; filename=evil.exe(comment)") == "evil.exe");
    CHECK(value("attachment; filename=\"evil.exe\" (a (nested) comment)") == "evil.exe");
    CHECK(value("attachment (x; y); filename=evil.exe") == "evil.exe");
    CHECK(value("attachment; filename=evil.exe (not closed") == "evil.exe");
    CHECK(value("attachment; filename=evil.exe (a \\) b)") == "evil.exe");
    // Inside a quoted-string the parentheses are the name's own.
    CHECK(value("attachment; filename=\"evil (1).exe\"") == "evil (1).exe");
    CHECK(mail::without_comments("a (b) \"c (d)\" e") == "a  \"c (d)\" e");
  }

  TEST_CASE("a Content-Type name with a comment is given to mimetic without it") {
    const auto r = mail::name_with_semicolon(R"(Content-Type: a/b; name=evil.exe (comment); x=1)");
    REQUIRE(r.has_value());
    CHECK(r->extended == R"(name*="''evil.exe")");
    CHECK(mail::name_with_semicolon("\tname=evil.exe(comment)").has_value());
    // A quoted name holding parentheses is mimetic's to read as it is.
    CHECK_FALSE(mail::name_with_semicolon(R"(Content-Type: a/b; name="evil (1).exe")").has_value());
  }

  TEST_CASE("the attachment conditions read the name without its comment") {
    const std::string type_named =
        "From: a@example.org\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
        "--XX\r\nContent-Type: application/octet-stream;\r\n"
        "\tname=evil.exe(comment)\r\n\r\nMZ\r\n--XX--\r\n";
    for (const std::string& message :
         {message_with_disposition("attachment; filename=evil.exe (comment)"), type_named,
          message_with_disposition("attachment; filename=\"evil.exe\" (comment)")}) {
      CAPTURE(message);
      mail::body_summary out;
      mail::read_body(message, mail::body_limits{}, out);
      REQUIRE(out.attachments.size() == 1);
      CHECK(out.attachments[0].name == "evil.exe");
      CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
    }
    mail::body_summary out;
    mail::read_body(message_with_disposition("attachment; filename=\"evil (1).exe\""),
                    mail::body_limits{}, out);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "evil (1).exe");

    // `attachment (comment)` with no name is still an attachment.
    mfsim::test::simulator sim(R"(mfsim: 1
name: parameters
transport_rules:
  - Name: Executable
    AttachmentHasExecutableContent: true
    SetSCL: 5
)");
    sim.run(message_with_disposition("attachment (no name)")
                .replace(message_with_disposition("attachment (no name)").find("abc"), 3, "MZ"));
    CHECK(sim.fired() == std::vector<std::string>{"Executable"});
  }

  TEST_CASE("a parenthesis left open inside a token starts no comment: the extension is kept") {
    CHECK(mail::without_comments("evil(.exe") == "evil.exe");
    CHECK(mail::without_comments("evil.exe((((") == "evil.exe");
    CHECK(mail::without_comments("ev\\(il.exe") == "ev\\il.exe");
    CHECK(mail::without_comments("a (b) c((d) e") == "a  cd e");
    // After a blank, one left open is a comment to the end, as before.
    CHECK(mail::without_comments("evil.exe ((((") == "evil.exe ");
    for (const char* disposition :
         {"attachment; filename=invoice(.exe", "attachment; filename=invoice.exe (((("}) {
      CAPTURE(std::string(disposition));
      mail::body_summary out;
      mail::read_body(message_with_disposition(disposition), mail::body_limits{}, out);
      CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
    }
  }

  TEST_CASE("a comment in the media type leaves the part's type as written without it") {
    for (const char* type :
         {"text/html (x)", "text/html(x)", "text (x)/ html", "TEXT/HTML (a/b)"}) {
      mail::body_summary out;
      mail::read_body(std::string("Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: ") + type +
                          "\r\n\r\n<p><b>wire</b> transfer</p>\r\n",
                      mail::body_limits{}, out);
      CAPTURE(std::string(type));
      CHECK(out.text_lower.starts_with("wire transfer"));  // the markup rendered, not kept
    }
    mail::body_summary out;
    mail::read_body(
        "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/calendar (invite)\r\n"
        "\r\nBEGIN:VCALENDAR\r\n",
        mail::body_limits{}, out);
    CHECK(out.has_calendar_part);
  }

  TEST_CASE("a multipart whose media type holds a comment is split: its program is an attachment") {
    for (const char* type :
         {" multipart (comment)/mixed; boundary=b", " multipart(x)/mixed;boundary=b",
          " multipart/mixed (a; b); boundary=b", " Multipart (a (b))/Mixed; boundary=b",
          " multipart (x)/mixed;\r\n boundary=b", " multipart / mixed; boundary=b",
          " multipart\t/mixed (x) ; boundary=b"}) {
      CAPTURE(std::string(type));
      check_program_found(message_with_type(type));
    }
    // An attached message whose media type holds a comment is one: its program is found.
    mail::body_summary nested;
    mail::read_body(
        "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n"
        "\r\n--XX\r\nContent-Type: message (fwd)/rfc822\r\n\r\nFrom: b@example.net\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=YY\r\n\r\n--YY\r\n"
        "Content-Type: application/octet-stream; name=evil.exe\r\n\r\nMZ\r\n--YY--\r\n--XX--\r\n",
        mail::body_limits{}, nested);
    CHECK(nested.attachment_extensions == std::vector<std::string>{"exe"});
    // What mimetic is given: the media type without its comment, the parameters as written.
    const auto rewrite =
        mail::media_type_for_mimetic(" multipart (a; b)/ mixed ; boundary=\"(q)\"", false);
    REQUIRE(rewrite.has_value());
    CHECK(rewrite->extended == " multipart/mixed");
    CHECK(rewrite->from == 0);
    CHECK(rewrite->to == std::string_view(" multipart (a; b)/ mixed ").size());
    // None without a comment, with one left open, or with a media type that may go on.
    CHECK_FALSE(mail::media_type_for_mimetic(" text/plain; x=(y)", false));
    CHECK_FALSE(mail::media_type_for_mimetic(" multipart (x/mixed; a=b", false));
    CHECK_FALSE(mail::media_type_for_mimetic(" multipart (x)", true));
    CHECK(mail::media_type_for_mimetic(" multipart (x)", false).has_value());
    // Blanks around the `/` are dropped alike (decision 821); a media type without is as sent.
    const auto blanks = mail::media_type_for_mimetic(" multipart / mixed; a=b", false);
    REQUIRE(blanks.has_value());
    CHECK(blanks->extended == " multipart/mixed");
    CHECK_FALSE(mail::media_type_for_mimetic("  multipart/mixed ; a=b", false));
  }

  TEST_CASE("an attached message whose media type ends in blanks is one, however deep") {
    // RFC 2045 reads `message/rfc822 ; x=1` as message/rfc822; mimetic kept the blank in the
    // subtype and split nothing, so the walk read each level itself, 8 deep at most, and a
    // program 10 levels down went unread (decision 1106). mimetic is given it without.
    for (const char* type : {"message/rfc822 ; x=1", "message/rfc822\t;x=1", "message/rfc822  "}) {
      std::string message =
          "From: b@example.net\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
          "boundary=YY\r\n\r\n--YY\r\nContent-Type: application/octet-stream; "
          "name=evil.exe\r\n\r\nMZ\r\n--YY--\r\n";
      for (int level = 0; level < 10; ++level) {
        const std::string b = "B" + std::to_string(level);
        message =
            "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
            "boundary=" +
            b + "\r\n\r\n--" + b + "\r\nContent-Type: " + type + "\r\n\r\n" + message + "--" + b +
            "--\r\n";
      }
      mail::body_summary out;
      mail::read_body(message, mail::body_limits{}, out);
      CAPTURE(std::string(type));
      CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
      CHECK_FALSE(out.truncated);
    }
  }

  TEST_CASE("an attached message whose media type ends in a bare CR, VT or FF is one") {
    // `message/rfc822<CR>; x=1`: the walk and mimetic both ended the line at the bare CR, and
    // mimetic took `; x=1` for the first line of the body, so the attached message was text and
    // its program no attachment, with no flag. The CR is read as a blank by both, as a
    // vertical tab or form feed there is (decision 1160).
    for (const char* type :
         {"message/rfc822\r; x=1", "message/rfc822\v; x=1", "message/rfc822\f; x=1",
          "message/rfc822\r;x=1\r\n\ty=2", "\vmessage\f/\vrfc822\r\f; x=1"}) {
      const std::string message =
          "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
          "boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--XX\r\n"
          "Content-Type: " +
          std::string(type) +
          "\r\n\r\nFrom: b@example.net\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
          "boundary=YY\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\nthe invoice\r\n--YY\r\n"
          "Content-Type: application/octet-stream; name=evil.exe\r\n\r\nMZ\r\n--YY--\r\n"
          "--XX--\r\n";
      CAPTURE(std::string(type));
      mail::body_summary out;
      mail::read_body(message, mail::body_limits{}, out);
      CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
      CHECK(out.text_lower == "see attached\nthe invoice");
      CHECK_FALSE(out.truncated);
      CHECK(program_rules_fired(message) == std::vector<std::string>{"Programs", "Executable"});
    }
    // A multipart's boundary after a bare CR splits it; a line after a bare CR that is a field
    // of its own, a delimiter or an empty line is read as before.
    check_program_found(message_with_type(" multipart/mixed\r; boundary=b"));
    std::string copy;
    CHECK(mail::bounded_for_mimetic("Content-Type: text/plain\r; x=1\r\n\r\nbody\r\n", copy).text ==
          "Content-Type: text/plain ; x=1\r\n\r\nbody\r\n");
    CHECK(mail::bounded_for_mimetic("Content-Type: message/rfc822\r; x=1\r\n\r\nA: b\r\n", copy)
              .text == "Content-Type: message/rfc822; x=1\r\n\r\nA: b\r\n");
    for (const char* as_sent :
         {"Subject: a\rContent-Type: text/plain\r\rbody\r", "Subject: a\r\n\rbody\r\n",
          "Subject: a\rX : b\r\n\r\nbody\r\n", "Subject: a\r\tb\r\n\r\nbody\r\n"}) {
      CAPTURE(std::string(as_sent));
      CHECK(mail::bounded_for_mimetic(as_sent, copy).text == as_sent);
    }
    // A line that is no field and not joined (after `\n\r`, or `--` after a bare CR) is a
    // stray line, left out where the block goes on to an empty line (decision 1189).
    CHECK(mail::bounded_for_mimetic("Subject: a\n\r; b\r\n\r\nbody\r\n", copy).text ==
          "Subject: a\n\r\r\nbody\r\n");
    CHECK(mail::bounded_for_mimetic("Subject: a\r--b\r\n\r\nbody\r\n", copy).text ==
          "Subject: a\r\r\nbody\r\n");
  }

  TEST_CASE("a multipart whose media type is folded onto a continuation line is split") {
    // RFC 5322 section 3.2.2 allows folding white space before and within the media type;
    // mimetic reads the fold as a blank, which left `multipart/mixed` unsplit (decision 850).
    for (const char* type :
         {"\r\n multipart/mixed; boundary=\"b\"", " multipart\r\n /mixed; boundary=\"b\"",
          " multipart/\r\n mixed; boundary=\"b\"", "\r\n multipart (x)/mixed; boundary=\"b\"",
          " multipart\r\n (x)/mixed; boundary=\"b\"", " multipart (x)/mixed\r\n ; boundary=\"b\"",
          " multipart (x\r\n y)/mixed; boundary=\"b\"",
          "\r\n\t\r\n multipart\r\n\t/\r\n mixed\r\n "
          "; boundary=\"b\"",
          "\n multipart\n /mixed;\n boundary=b", " multipart\r\n /mixed\r\n ;\r\n boundary=\"b\"",
          " multipart/mixed\r\n ; boundary=\"b\""}) {
      CAPTURE(std::string(type));
      check_program_found(message_with_type(type));
    }
    // What mimetic is given: the media type unfolded on the first line, then the rest of the
    // line it ended on; a media type on the first line with blank lines after it is as sent.
    std::string copy;
    CHECK(mail::bounded_for_mimetic("Content-Type:\r\n multipart\r\n /mixed; boundary=b\r\n"
                                    "\tx=y\r\n\r\nbody\r\n",
                                    copy)
              .text == "Content-Type: multipart/mixed; boundary=b\r\n\tx=y\r\n\r\nbody\r\n");
    CHECK(mail::bounded_for_mimetic("Content-Type:\r\n text/plain\r\n\r\nbody\r\n", copy).text ==
          "Content-Type: text/plain\r\n\r\nbody\r\n");
    const std::string as_sent = "Content-Type: multipart/mixed\r\n ; boundary=b\r\n\r\nbody\r\n";
    CHECK(mail::bounded_for_mimetic(as_sent, copy).text.data() == as_sent.data());
    const auto folded = mail::media_type_for_mimetic(" multipart /mixed; a=b", false, 10);
    REQUIRE(folded.has_value());
    CHECK(folded->extended == " multipart/mixed");
    CHECK_FALSE(mail::media_type_for_mimetic(" multipart/mixed  ; a=b", false, 16));
    CHECK_FALSE(mail::media_type_for_mimetic("  multipart/mixed", true, 1));
  }

  TEST_CASE("an attached message whose media type is folded is one, its boundary tracked") {
    // The boundary on the continuation line still delimits parts for the budgets: the part
    // headers behind it are read (a name with a `;` rewritten), and a message/rfc822 type
    // split over lines is an attached message whose program is found.
    mail::body_summary out;
    mail::read_body(
        "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type:\r\n multipart\r\n /mixed;\r\n"
        " boundary=XX\r\n\r\n--XX\r\nContent-Type: message\r\n /rfc822\r\n\r\n"
        "From: b@example.net\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=YY\r\n"
        "\r\n--YY\r\nContent-Type: application/octet-stream; name=\"a;evil.exe\"\r\n\r\nMZ\r\n"
        "--YY--\r\n--XX--\r\n",
        mail::body_limits{}, out);
    CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
  }

  TEST_CASE("a folded media type given twice is read both ways") {
    // Decision 667: a folded Content-Type before or after a `text/plain` one is the one the
    // first or the `last` reading takes; either way the program is found.
    for (const char* type : {" text/plain\r\nContent-Type:\r\n multipart\r\n /mixed; boundary=b",
                             "\r\n multipart\r\n /mixed; boundary=b\r\nContent-Type: text/plain"}) {
      CAPTURE(std::string(type));
      CHECK(program_rules_fired(message_with_type(type)) ==
            std::vector<std::string>{"Programs", "Executable"});
    }
  }

  TEST_CASE("a media type folded past the field budget is read, in linear time") {
    // 100,000 blank continuation lines: the field's first kMaxMediaTypeBytes are joined, so
    // the media type is given to mimetic on the first line and the multipart is split, where
    // the walk's cut at 16 KiB left it one part (decision 873).
    std::string lines;
    for (int i = 0; i < 100000; ++i) lines += "\r\n  ";
    const std::string message = message_with_type(lines + "\r\n multipart/mixed; boundary=b");
    check_program_found(message);
    std::string copy;
    const mail::mimetic_input input = mail::bounded_for_mimetic(message, copy);
    CHECK(input.text.find("Content-Type: multipart/mixed; boundary=b\r\n") != std::string::npos);
    CHECK_FALSE(input.media_type_unread);
    // A `;` count past kMaxMimeticParameters inside the comment before the subtype: mimetic is
    // given no comment, so none of them counts.
    check_program_found(
        message_with_type(" multipart (" + std::string(300, ';') + ")\r\n /mixed; boundary=b"));
  }

  TEST_CASE("a media type that ends past mimetic's field budget on one line is split") {
    // 100,000 comments, or 20,000 blanks before the media type, on the field's first line:
    // mimetic's field budget cut the media type, and nothing said so (decision 873).
    std::string comments;
    for (int i = 0; i < 100000; ++i) comments += "(x)";
    for (const std::string& type : {" multipart " + comments + "/mixed; boundary=b",
                                    std::string(20000, ' ') + "multipart/mixed; boundary=b",
                                    " multipart/mixed " + comments + "; boundary=b"}) {
      CAPTURE(type.size());
      const std::string message = message_with_type(type);
      check_program_found(message);
      mail::body_summary out;
      mail::read_body(message, mail::body_limits{}, out);
      CHECK_FALSE(out.truncated);
      std::string copy;
      const mail::mimetic_input input = mail::bounded_for_mimetic(message, copy);
      CHECK(input.text.find("Content-Type: multipart/mixed; boundary=b\r\n") != std::string::npos);
      CHECK(input.text.size() < message.size());
    }
  }

  TEST_CASE("a boundary past the field budget makes the message not fully read") {
    // A 17 KiB parameter, 300 parameters, or 20 KiB of continuation lines before the boundary:
    // mimetic is given the field cut before it (or inside it), so the multipart is not split
    // and its program is no attachment; the record said nothing (decision 910).
    std::string params;
    for (int i = 0; i < 300; ++i) params += "; a=b";
    std::string lines;
    for (int i = 0; i < 20; ++i) lines += "\r\n " + std::string(1000, ' ');
    for (const std::string& type :
         {" multipart/mixed; x=" + std::string(17000, 'y') + "; boundary=b",
          " multipart/mixed" + params + "; boundary=b",
          " multipart/mixed;" + lines + "\r\n boundary=b",
          " multipart/mixed; x=" + std::string(16300, 'y') +
              "; "
              "boundary="
              "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
              "bbbbbbbbbbbbbbbbbbbbbbbbb"}) {
      CAPTURE(type.size());
      const std::string message = message_with_type(type);
      std::string copy;
      CHECK(mail::bounded_for_mimetic(message, copy).boundary_unread);
      check_not_fully_read(message);
    }
    // A boundary within the budget, the rest cut, or a cut field that declares none: nothing
    // is hidden, and nothing is said.
    const std::string within =
        message_with_type(" multipart/mixed; boundary=b; x=" + std::string(17000, 'y'));
    check_program_found(within);
    std::string copy;
    CHECK_FALSE(mail::bounded_for_mimetic(within, copy).boundary_unread);
    const std::string before_many = message_with_type(" multipart/mixed; boundary=b" + params);
    check_program_found(before_many);
    CHECK_FALSE(mail::bounded_for_mimetic(before_many, copy).boundary_unread);
    CHECK_FALSE(mail::bounded_for_mimetic(
                    message_with_type(" text/plain; x=" + std::string(17000, 'y')), copy)
                    .boundary_unread);
  }

  TEST_CASE("a media type that cannot be read within its budget makes the message not fully read") {
    // Past kMaxMediaTypeBytes of comments, or of blank continuation lines, the media type is
    // not read: the record says the body was truncated and the inspection did not complete.
    std::string comments;
    while (comments.size() <= mail::kMaxMediaTypeBytes) comments += "(x)";
    std::string lines;
    while (lines.size() <= mail::kMaxMediaTypeBytes + 4096)
      lines += "\r\n" + std::string(1022, ' ');
    for (const std::string& type : {" multipart " + comments + "/mixed; boundary=b",
                                    lines + "\r\n multipart/mixed; boundary=b"}) {
      CAPTURE(type.size());
      const std::string message = message_with_type(type);
      std::string copy;
      const mail::mimetic_input input = mail::bounded_for_mimetic(message, copy);
      CHECK(input.media_type_unread);
      CHECK(input.text.size() < 2 * mail::kMaxMimeticFieldBytes + 1024);
      check_not_fully_read(message);
    }
    // A subtype longer than mimetic's field budget is none it can be given whole.
    const std::string message =
        message_with_type(" multipart/" + std::string(20000, 'x') + "; boundary=b");
    std::string copy;
    CHECK(mail::bounded_for_mimetic(message, copy).media_type_unread);
  }
}

TEST_SUITE("mime parameters") {
  TEST_CASE("a folded media type rewritten among cuts never grows what mimetic is given") {
    // Media types folded in many ways beside the field budgets (long lines, `;` floods,
    // comments and quotes over lines): each rewrite only shrinks the field, and a keep range
    // that ran backwards would copy the rest of the message again.
    const std::vector<std::string> pieces = {"\r\n ",
                                             "\r\n\t",
                                             " multipart",
                                             "/",
                                             "mixed",
                                             " (x",
                                             ")",
                                             "(a\r\n b)",
                                             "\"q",
                                             "\"",
                                             ";",
                                             "; boundary=b",
                                             std::string(300, ';'),
                                             std::string(9000, 'x'),
                                             "\n ",
                                             "message",
                                             "rfc822",
                                             " ;",
                                             "\r\n  \r\n "};
    std::mt19937 random(850);
    std::string copy;
    for (int round = 0; round < 3000; ++round) {
      std::string message = "Subject: x\r\nContent-Type:";
      const int count = 1 + static_cast<int>(random() % 12);
      for (int i = 0; i < count; ++i) message += pieces[random() % pieces.size()];
      message += "\r\nX: y\r\n\r\n--b\r\nContent-Type:\r\n text/plain\r\n\r\nz\r\n--b--\r\n";
      const mail::mimetic_input input = mail::bounded_for_mimetic(message, copy);
      CAPTURE(message.size());
      CHECK(input.text.size() <= message.size());
      // The part behind the boundary as sent, or its media type unfolded when the boundary
      // was read.
      CHECK((input.text.ends_with("\r\nContent-Type:\r\n text/plain\r\n\r\nz\r\n--b--\r\n") ||
             input.text.ends_with("\r\nContent-Type: text/plain\r\n\r\nz\r\n--b--\r\n")));
    }
  }
}
