// Tests of the body summary (engine/mail/mime_body) and the conditions that read it:
// SubjectOrBodyContainsWords and AttachmentExtensionMatchesWords.
#include "engine/mail/mime_body.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/header_scanner.h"
#include "engine/mail/html_text.h"
#include "engine/mail/mimetic_input.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::mail::body_limits;
using mfsim::mail::body_summary;
using mfsim::mail::read_body;
using mfsim::test::simulator;
using strings = std::vector<std::string>;

// A multipart/mixed message: an HTML part in quoted-printable, a base64 text/plain part, and
// three attachments named three different ways.
const std::string kMixed =
    "From: a@example.org\r\n"
    "To: b@contoso.com\r\n"
    "Subject: quarterly figures\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "preamble text is not body text\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=\"inner\"\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "<p>Please do the <b>WIRE</b> transfer &amp; reply=\r\n"
    " today</p><!-- hidden words -->\r\n"
    "--inner\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "R2lmdCBjYXJkcyBvbmx5Lg==\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment; filename=\"Invoice.PDF.exe\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "AAAA\r\n"
    "--outer\r\n"
    "Content-Type: application/octet-stream; name=\"report.docm\"\r\n"
    "\r\n"
    "macro body text is not body text\r\n"
    "--outer\r\n"
    "Content-Type: application/zip\r\n"
    "Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.ZIP\r\n"
    "\r\n"
    "PK\r\n"
    "--outer--\r\n";

std::string rules(const std::string& body) {
  return "mfsim: 1\nname: body-test\ntransport_rules:\n" + body;
}

}  // namespace

TEST_SUITE("mime_body") {
  TEST_CASE("text parts are decoded, HTML loses its tags, attachments give their extensions") {
    body_summary out;
    read_body(kMixed, body_limits{}, out);
    CHECK_FALSE(out.unreadable);
    CHECK_FALSE(out.truncated);
    CHECK(out.text_lower.find("please do the wire transfer & reply today") != std::string::npos);
    CHECK(out.text_lower.find("gift cards only.") != std::string::npos);
    CHECK(out.text_lower.find("hidden words") == std::string::npos);
    CHECK(out.text_lower.find("preamble") == std::string::npos);
    CHECK(out.text_lower.find("macro body") == std::string::npos);
    CHECK(out.attachment_extensions == strings{"exe", "docm", "zip"});
  }

  TEST_CASE("attachments are decoded only when asked: their names always, sizes and checks then") {
    body_summary decoded;
    read_body(kMixed, body_limits{}, decoded);
    REQUIRE(decoded.attachments.size() == 3);
    CHECK(decoded.attachments[0].decoded);
    CHECK(decoded.attachments[0].size == 3);  // "AAAA" in base64
    CHECK(decoded.attachments[2].size == 2);  // "PK"
    // What a plan without size, executable, password or content conditions asks for (decision
    // 361): the same names, text and extensions, nothing decoded.
    body_limits names_only;
    names_only.decode_attachments = false;
    body_summary named;
    read_body(kMixed, names_only, named);
    REQUIRE(named.attachments.size() == 3);
    CHECK(named.attachments[0].name == "Invoice.PDF.exe");
    CHECK(named.attachments[1].name == "report.docm");
    CHECK(named.attachments[2].name == "r\xC3\xA9sum\xC3\xA9.ZIP");
    for (const auto& a : named.attachments) {
      CHECK_FALSE(a.decoded);
      CHECK(a.size == 0);
    }
    CHECK(named.text_lower == decoded.text_lower);
    CHECK(named.attachment_extensions == decoded.attachment_extensions);
    // Inspecting the content decodes them whatever the flag says.
    names_only.inspect_content = true;
    body_summary inspected;
    read_body(kMixed, names_only, inspected);
    REQUIRE(inspected.attachments.size() == 3);
    CHECK(inspected.attachments[0].decoded);
  }

  TEST_CASE("text parts are converted to UTF-8 from the charset they name") {
    // "Счет" (invoice) in windows-1251, quoted-printable, and in KOI8-R HTML.
    const std::string message =
        "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain; charset=windows-1251\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n=D1=F7=E5=F2 paid\r\n"
        "--b\r\nContent-Type: text/html; charset=\"KOI8-R\"\r\n\r\n<p>\xF3\xDE\xC5\xD4</p>\r\n"
        "--b\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nraw \xFF bytes\r\n--b--\r\n";
    body_summary out;
    read_body(message, body_limits{}, out);
    // "счет": the text is case-folded too (decision 350), "С" to "с".
    const std::string invoice = "\xD1\x81\xD1\x87\xD0\xB5\xD1\x82";
    CHECK(out.text_lower.find(invoice + " paid") != std::string::npos);
    CHECK(out.text_lower.find(invoice, out.text_lower.find(" paid")) != std::string::npos);
    CHECK(out.text_lower.find("raw \xFF bytes") != std::string::npos);  // unknown: as sent
  }

  TEST_CASE("a message without MIME headers is one text/plain body") {
    body_summary out;
    read_body("Subject: x\r\n\r\nCall me about the Wire Transfer.\r\n", body_limits{}, out);
    CHECK(out.text_lower.find("call me about the wire transfer.") != std::string::npos);
    CHECK(out.attachment_extensions.empty());
  }

  TEST_CASE("limits cut the text and the parts, and say so") {
    body_summary out;
    body_limits small;
    small.max_text_bytes = 10;
    read_body("Subject: x\r\n\r\n0123456789abcdef\r\n", small, out);
    CHECK(out.truncated);
    CHECK(out.text_lower == "0123456789");
    small = body_limits{};
    small.max_parts = 2;
    read_body(kMixed, small, out);
    CHECK(out.truncated);
  }

  TEST_CASE("mimetic gets no header field past its budget, in the message or in a part") {
    using mfsim::mail::bounded_for_mimetic;
    using mfsim::mail::kMaxMimeticFieldBytes;
    std::string copy;
    // Nothing to cut (a long body line is not a header field): the message itself, no copy.
    const std::string plain = "Subject: x\r\n\r\n" + std::string(100000, 'a') + "\r\n";
    CHECK(bounded_for_mimetic(plain, copy).text.data() == plain.data());
    // A folded field of 200 KB, as a hostile Subject: cut to the budget (line ends aside), the
    // rest kept.
    std::string folded = "Subject: start\r\n";
    while (folded.size() < 200000)
      folded += " =?utf-8?q?folded_encoded_words_xxxxxxxxxxxxxxxx?=\r\n";
    const std::string top = folded + "Content-Type: text/plain\r\n\r\nthe body zzzz\r\n";
    const std::string_view cut = bounded_for_mimetic(top, copy).text;
    REQUIRE(cut.data() == copy.data());
    CHECK(cut.size() < kMaxMimeticFieldBytes + 1024);
    CHECK(cut.substr(0, 16) == "Subject: start\r\n");
    CHECK(cut.find("Content-Type: text/plain\r\n\r\nthe body zzzz\r\n") != std::string::npos);
    // The same field in a part's header, with CR alone ending lines: cut too, and the part's
    // text is still read.
    std::string part_field = "X-Long: a\r";
    while (part_field.size() < 200000) part_field += " continuation of a long folded field\r";
    const std::string nested =
        "Content-Type: multipart/mixed; boundary=\"b1\"\r\r--b1\rContent-Type: text/plain\r" +
        part_field + "\rbody text zzzz here\r--b1--\r";
    CHECK(bounded_for_mimetic(nested, copy).text.size() < kMaxMimeticFieldBytes + 1024);
    body_summary out;
    read_body(nested, body_limits{}, out);
    CHECK(out.text_lower.find("body text zzzz here") != std::string::npos);
    // A line of dashes that is no declared delimiter does not start a header.
    const std::string dashes = "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--other\r\n" +
                               std::string(100000, 'a') + "\r\n--b1--\r\n";
    CHECK(bounded_for_mimetic(dashes, copy).text.data() == dashes.data());
  }

  TEST_CASE("boundaries the budget cannot read as mimetic does still count every delimiter") {
    // boundary="", boundary*=, two boundaries, one past 4 KiB: mimetic made a part of each of
    // these lines while the budget counted none (a 60 MB message took 6.3 GB).
    using mfsim::mail::bounded_for_mimetic;
    using mfsim::mail::kMaxMimeticEntities;
    const std::string far = "x=\"" + std::string(5000, 'A') + "\"; boundary=\"q\"";
    for (const auto& declared_and_line : std::vector<std::pair<std::string, std::string>>{
             {"boundary=\"\"", "--\r\n"},
             {"xboundary=\"z\"; boundary=\"q\"", "--q\r\n"},
             {"boundary*=q", "--q\r\n"},
             {"(boundary=\"z\") boundary=\"q\"", "--q\r\n"},
             {far, "--q\r\n"}}) {
      // Named, not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.
      const std::string& declared = declared_and_line.first;
      const std::string& line = declared_and_line.second;
      CAPTURE(declared);
      std::string message =
          "From: a@b.c\r\nContent-Type: multipart/mixed; " + declared + "\r\n\r\n";
      for (std::size_t k = 0; k < 3 * kMaxMimeticEntities; ++k) message += line;
      std::string copy;
      const auto bounded = bounded_for_mimetic(message, copy);
      CHECK(bounded.cut_short);
      CHECK(bounded.text.size() < message.size() / 2);
    }
    // A boundary read as mimetic reads it, once: only its own delimiters count.
    const std::string plain =
        "Content-Type: multipart/mixed; boundary=\"q\"\r\n\r\n--q\r\n\r\nx\r\n--q--\r\n";
    std::string copy;
    CHECK(bounded_for_mimetic(plain, copy).text.data() == plain.data());
  }

  TEST_CASE("mimetic never nests deeper than its entity budget: deep messages are truncated") {
    // 100,000 attached messages one in another, then as many nested multiparts: mimetic's
    // recursion overflowed the stack on both (SIGSEGV, the whole run gone).
    std::string attached;
    for (int k = 0; k < 100000; ++k) {
      attached += "From: a@b.example\r\nContent-Type: message/rfc822\r\n\r\n";
    }
    attached += "Subject: last\r\n\r\nzzzz deep text\r\n";
    body_summary out;
    read_body(attached, body_limits{}, out);
    CHECK(out.truncated);
    std::string multipart = "Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n";
    for (int k = 1; k <= 100000; ++k) {
      multipart += "--b" + std::to_string(k - 1) +
                   "\r\nContent-Type: multipart/mixed; boundary=\"b" + std::to_string(k) +
                   "\"\r\n\r\n";
    }
    read_body(multipart, body_limits{}, out);
    CHECK(out.truncated);
    // Within the budget nothing changes: an attached message's text is read, and a long field
    // in its header is cut for mimetic like any other.
    std::string inner = "Content-Type: message/rfc822\r\n\r\nFrom: c@d.example\r\nX-Long: a\r\n";
    while (inner.size() < 200000) inner += " continuation of a long folded field\r\n";
    inner += "Subject: inner\r\n\r\nzzzz inner body\r\n";
    std::string copy;
    CHECK(mfsim::mail::bounded_for_mimetic(inner, copy).text.size() <
          mfsim::mail::kMaxMimeticFieldBytes + 1024);
    read_body(inner, body_limits{}, out);
    CHECK_FALSE(out.truncated);
    CHECK(out.text_lower.find("zzzz inner body") != std::string::npos);
  }

  TEST_CASE("the entity budget also counts 'Content-Type :', parts without one, and fields") {
    using mfsim::mail::bounded_for_mimetic;
    std::string copy;
    // mimetic reads "Content-Type :" as a Content-Type: 100,000 nested multiparts written so
    // got past the budget and overflowed the stack.
    std::string spaced = "Content-Type : multipart/mixed; boundary=\"b0\"\r\n\r\n";
    for (int k = 1; k <= 100000; ++k) {
      spaced += "--b" + std::to_string(k - 1) +
                "\r\nContent-Type\t : multipart/mixed; boundary=\"b" + std::to_string(k) +
                "\"\r\n\r\n";
    }
    body_summary out;
    read_body(spaced, body_limits{}, out);
    CHECK(out.truncated);
    // A million empty parts, none with a Content-Type: cut after the budget's delimiter.
    std::string parts = "Content-Type: multipart/mixed; boundary=B\r\n\r\n";
    for (int k = 0; k < 1000000; ++k) parts += "--B\r\n\r\n";
    const auto cut_parts = bounded_for_mimetic(parts, copy);
    CHECK(cut_parts.cut_short);
    CHECK(cut_parts.text.size() < 20000);
    // Past 65,536 header fields in all, fields are left out (the empty line still ends the
    // header, and the body is read).
    std::string fields = "Content-Type: text/plain\r\n";
    for (int k = 0; k < 200000; ++k) fields += "a:b\r\n";
    fields += "\r\nzzzz body after many fields\r\n";
    const auto cut_fields = bounded_for_mimetic(fields, copy);
    CHECK(cut_fields.cut_short);
    CHECK(cut_fields.text.size() < 70000 * 5);
    read_body(fields, body_limits{}, out);
    CHECK(out.truncated);
    CHECK(out.text_lower.find("zzzz body after many fields") != std::string::npos);
    // mimetic ends a line at "\n\r" too: fields so ended are still counted.
    std::string lf_cr = "Content-Type: text/plain\n\r";
    for (int k = 0; k < 200000; ++k) lf_cr += "a:b\n\r";
    lf_cr += "\n\rzzzz\n\r";
    CHECK(bounded_for_mimetic(lf_cr, copy).cut_short);
    // A boundary declared with spaces around '=' is tracked: its empty parts are counted.
    for (const char* declared : {"boundary = \"B\"", "boundary\t=B", "BOUNDARY= B"}) {
      CAPTURE(declared);
      std::string spaced_parts =
          std::string("Content-Type: multipart/mixed; ") + declared + "\r\n\r\n";
      for (int k = 0; k < 5000; ++k) spaced_parts += "--B\r\n\r\n";
      CHECK(bounded_for_mimetic(spaced_parts, copy).cut_short);
    }
    // Within every budget nothing is cut: 500 parts with a Content-Type each.
    std::string many = "Content-Type: multipart/mixed; boundary=B\r\n\r\n";
    for (int k = 0; k < 500; ++k) many += "--B\r\nContent-Type: text/plain\r\n\r\npart\r\n";
    many += "--B--\r\n";
    CHECK(bounded_for_mimetic(many, copy).text.data() == many.data());
  }

  TEST_CASE("file extensions: the last dot, trailing dots and spaces ignored, no extension") {
    CHECK(mfsim::mail::file_extension("a.tar.GZ") == "gz");
    CHECK(mfsim::mail::file_extension("invoice.exe. ") == "exe");
    CHECK(mfsim::mail::file_extension("C:\\\\dir.d\\\\README") == "");
    CHECK(mfsim::mail::file_extension("noext") == "");
    CHECK(mfsim::mail::file_extension(".") == "");
  }

  TEST_CASE("HTML text: block tags separate words, inline ones do not, entities decoded") {
    std::string out;
    mfsim::mail::append_html_text("a<br>b&lt;c&#65;&#x42;&nbsp;&bogus; <unclosed", out);
    CHECK(out == "a b<cAB &bogus; ");
    out.clear();
    mfsim::mail::append_html_text("<p>wi<b>re</b>\r\n   <span>transfer</span></p><td>x</td>", out);
    CHECK(out == "wire transfer x ");
  }
}

TEST_SUITE("body conditions") {
  TEST_CASE("SubjectOrBodyContainsWords finds words in any text part, not in attachments") {
    simulator sim(rules(R"(  - Name: Wire
    SubjectOrBodyContainsWords: [wire transfer, gift cards]
    SetSCL: 6
  - Name: Macro
    SubjectOrBodyContainsWords: macro body
    SetSCL: 6
)"));
    sim.run(kMixed);
    CHECK(sim.fired() == strings{"Wire"});
    sim.run("Subject: lunch\r\n\r\nnothing here\r\n");
    CHECK(sim.fired().empty());
  }

  TEST_CASE("AttachmentExtensionMatchesWords compares whole extensions, with or without a dot") {
    simulator sim(rules(R"(  - Name: Executables
    AttachmentExtensionMatchesWords: [.EXE, js]
    RejectMessageReasonText: no executables
  - Name: Archives
    AttachmentExtensionMatchesWords: [zi, rar]
    SetSCL: 5
)"));
    const auto& o = sim.run(kMixed);
    CHECK(sim.fired() == strings{"Executables"});
    CHECK(o.action == mfsim::final_action::reject);
    sim.run("Subject: no attachments\r\n\r\nfile.exe mentioned in text\r\n");
    CHECK(sim.fired().empty());
  }

  TEST_CASE("a body past the limits is flagged body_truncated in the record") {
    std::string many = "Subject: parts\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n";
    for (int k = 0; k < 1005; ++k) many += "--p\r\nContent-Type: text/plain\r\n\r\npart\r\n";
    many += "--p\r\nContent-Type: text/plain\r\n\r\nwire transfer at the end\r\n--p--\r\n";
    simulator sim(rules(R"(  - Name: Wire
    SubjectOrBodyContainsWords: wire transfer
    SetSCL: 6
)"));
    const auto& o = sim.run(many);
    CHECK(sim.fired().empty());  // the words lie past the 1000 parts read
    std::vector<std::string_view> names;
    mfsim::mail::flag_names(o.flags, names);
    CHECK(names == std::vector<std::string_view>{"body_truncated"});
    CHECK((sim.run(kMixed).flags & mfsim::mail::flag_body_truncated) == 0);
  }
}
