// MIME field parameters read from the field's text (engine/mail/mime_parameters): quoted
// values whole, `;` and escaped quotes included, as the file name conditions read them.
#include "engine/mail/mime_parameters.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
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
    const auto message = [](const std::string& type) {
      return "From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: " + type +
             "\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--XX\r\n"
             "Content-Type: application/octet-stream\r\n"
             "Content-Disposition: attachment; filename=evil.exe\r\n\r\nMZ\r\n--XX--\r\n";
    };
    for (const char* type :
         {"multipart (comment)/mixed; boundary=XX", "multipart(x)/mixed;boundary=XX",
          "multipart/mixed (a; b); boundary=XX", "Multipart (a (b))/Mixed; boundary=XX",
          "multipart (x)/mixed;\r\n boundary=XX", "multipart / mixed; boundary=XX",
          "multipart\t/mixed (x) ; boundary=XX"}) {
      CAPTURE(std::string(type));
      mail::body_summary out;
      mail::read_body(message(type), mail::body_limits{}, out);
      CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
      CHECK(out.text_lower == "see attached");
      mfsim::test::simulator sim(R"(mfsim: 1
name: programs
transport_rules:
  - Name: Programs
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
)");
      sim.run(message(type));
      CHECK(sim.fired() == std::vector<std::string>{"Programs"});
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
    const auto rewrite = mail::media_type_without_comments(
        "Content-Type: multipart (a; b)/ mixed ; boundary=\"(q)\"", false);
    REQUIRE(rewrite.has_value());
    CHECK(rewrite->extended == " multipart/mixed");
    CHECK(rewrite->to == std::string_view("Content-Type: multipart (a; b)/ mixed ").size());
    // None without a comment, with one left open, or with a media type that may go on.
    CHECK_FALSE(mail::media_type_without_comments("Content-Type: text/plain; x=(y)", false));
    CHECK_FALSE(mail::media_type_without_comments("Content-Type: multipart (x/mixed; a=b", false));
    CHECK_FALSE(mail::media_type_without_comments("Content-Type: multipart (x)", true));
    CHECK(mail::media_type_without_comments("Content-Type: multipart (x)", false).has_value());
    // Blanks around the `/` are dropped alike (decision 821); a media type without is as sent.
    const auto blanks =
        mail::media_type_without_comments("Content-Type: multipart / mixed; a=b", false);
    REQUIRE(blanks.has_value());
    CHECK(blanks->extended == " multipart/mixed");
    CHECK_FALSE(mail::media_type_without_comments("Content-Type:  multipart/mixed ; a=b", false));
  }
}
