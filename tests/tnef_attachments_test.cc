// winmail.dat (TNEF, [MS-OXTNEF]): the files it carries are read as an archive's, by the names
// Outlook shows (decision 595).
#include "engine/mail/tnef_attachments.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/little_endian.h"
#include "engine/mail/compressed_rtf.h"
#include "engine/mail/mime_body.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;
using mfsim::le_bytes;

// One TNEF attribute: level, id, length, data, checksum (the sum of the data's bytes).
std::string attribute(int level, std::uint32_t id, const std::string& data) {
  std::uint32_t sum = 0;
  for (const char c : data) sum += static_cast<unsigned char>(c);
  return std::string(1, static_cast<char>(level)) + le_bytes(id, 4) + le_bytes(data.size(), 4) +
         data + le_bytes(sum & 0xFFFF, 2);
}

// A property list of one PT_UNICODE PR_ATTACH_LONG_FILENAME after a PT_LONG and a named
// PT_BINARY, so that the walk has to step over both.
std::string long_name_properties(const std::string& ascii_name) {
  std::string utf16;
  for (const char c : ascii_name + '\0') utf16 += std::string(1, c) + '\0';
  std::string list = le_bytes(3, 4);
  list += le_bytes(0x0E200003, 4) + le_bytes(1234, 4);  // PR_ATTACH_SIZE, PT_LONG
  list += le_bytes(0x80010102, 4) + std::string(16, 'G') + le_bytes(1, 4) + le_bytes(2, 4) + "nm" +
          std::string(2, '\0');                                            // named, by string
  list += le_bytes(1, 4) + le_bytes(3, 4) + "abc" + std::string(1, '\0');  // one binary value
  list += le_bytes(0x3707001F, 4) + le_bytes(1, 4) + le_bytes(utf16.size(), 4) + utf16;
  list += std::string((4 - utf16.size() % 4) % 4, '\0');
  return list;
}

// winmail.dat with two files: one named by its title alone, one whose long name differs from
// its 8.3 title.
std::string winmail_dat(const std::string& data) {
  std::string s = "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2);
  s += attribute(1, 0x00089006, "IPM.Note");  // a message attribute first
  s += attribute(2, 0x00069002, std::string(14, '\0'));
  s += attribute(2, 0x00018010, std::string("notes.txt") + '\0');
  s += attribute(2, 0x0006800F, "hello");
  s += attribute(2, 0x00069002, std::string(14, '\0'));
  s += attribute(2, 0x00018010, std::string("INVOIC~1.PDF") + '\0');
  s += attribute(2, 0x0006800F, data);
  s += attribute(2, 0x00069005, long_name_properties("invoice.pdf.exe"));
  return s;
}

// winmail.dat holding one embedded message (PR_ATTACH_METHOD 5), whose PR_ATTACH_DATA_OBJ is
// IID_IMessage and `inner`, a TNEF stream, as Outlook writes a forwarded message.
std::string winmail_with_message(const std::string& inner) {
  const std::string iid("\x07\x03\x02\0\0\0\0\0\xC0\0\0\0\0\0\0\x46", 16);
  std::string list = le_bytes(2, 4);
  list += le_bytes(0x37050003, 4) + le_bytes(5, 4);  // PR_ATTACH_METHOD: ATTACH_EMBEDDED_MSG
  list += le_bytes(0x3701000D, 4) + le_bytes(1, 4) + le_bytes(iid.size() + inner.size(), 4) + iid +
          inner + std::string((4 - inner.size() % 4) % 4, '\0');
  std::string s = "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2);
  s += attribute(2, 0x00069002, std::string(14, '\0'));
  s += attribute(2, 0x00018010, std::string("Fwd: the invoice") + '\0');
  s += attribute(2, 0x00069005, list);
  return s;
}

std::string base64(const std::string& bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    out += kDigits[v >> 18 & 63];
    out += kDigits[v >> 12 & 63];
    out += i + 1 < bytes.size() ? kDigits[v >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? kDigits[v & 63] : '=';
  }
  return out;
}

const std::string kProgram = "MZ\x90" + std::string(61, '\0') + "PE" + std::string(2, '\0');

std::string message_with_winmail(const std::string& dat) {
  return "Subject: tnef\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
         "--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
         "--XX\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\n"
         "Content-Disposition: attachment; filename=winmail.dat\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         base64(dat) + "\r\n--XX--\r\n";
}

const char* kRules = R"(mfsim: 1
name: tnef
transport_rules:
  - Name: Programs by extension
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
  - Name: Programs by name
    AttachmentNameMatchesPatterns: ['\.pdf\.exe$']
    SetSCL: 6
  - Name: Program content
    AttachmentHasExecutableContent: true
    SetSCL: 7
  - Name: Limit
    AttachmentProcessingLimitExceeded: true
    SetSCL: 8
)";

}  // namespace

TEST_SUITE("tnef attachments") {
  TEST_CASE("the files of winmail.dat, by their long names") {
    const std::string dat = winmail_dat(kProgram);
    const auto files = mail::tnef_attachments(dat, 100);
    REQUIRE(files.size() == 2);
    CHECK(files[0].name == "notes.txt");
    CHECK(files[0].data == "hello");
    CHECK(files[1].name == "invoice.pdf.exe");
    CHECK(files[1].data == kProgram);
    // At most max_files; a stream cut anywhere gives what came before, never more.
    CHECK(mail::tnef_attachments(dat, 1).size() == 1);
    for (std::size_t cut = 0; cut < dat.size(); ++cut) {
      CAPTURE(cut);
      CHECK(mail::tnef_attachments(dat.substr(0, cut), 100).size() <= 2);
    }
    CHECK(mail::tnef_attachments("not tnef", 100).empty());
  }

  TEST_CASE("the attachment conditions see a program inside winmail.dat") {
    mfsim::test::simulator sim(kRules);

    sim.run(message_with_winmail(winmail_dat(kProgram)));
    CHECK(sim.fired() ==
          std::vector<std::string>{"Programs by extension", "Programs by name", "Program content"});
  }

  TEST_CASE("an embedded message's attachments are read as winmail.dat's own") {
    // A forwarded message inside winmail.dat has no attAttachData: its program was unseen by
    // every attachment condition (decision 874).
    const std::string inner = winmail_dat(kProgram);
    const std::string dat = winmail_with_message(inner);
    const auto files = mail::tnef_attachments(dat, 100);
    REQUIRE(files.size() == 1);
    CHECK(files[0].name == "Fwd: the invoice");
    CHECK(files[0].data == inner);
    mfsim::test::simulator sim(kRules);
    sim.run(message_with_winmail(dat));
    CHECK(sim.fired() ==
          std::vector<std::string>{"Programs by extension", "Programs by name", "Program content"});
    // Nested past the inspection's depth, the limit is said; an object that is no TNEF stream
    // is no file's bytes.
    std::string deep = inner;
    for (int level = 0; level < 40; ++level) deep = winmail_with_message(deep);
    sim.run(message_with_winmail(deep));
    CHECK(sim.fired() == std::vector<std::string>{"Limit"});
    CHECK(mail::tnef_attachments(winmail_with_message("not tnef"), 100).at(0).data.empty());
  }

  TEST_CASE("names are listed past the file budget, up to a ZIP's bound on entries") {
    // 300 files, more than the 256 inspected: the last one's name still counts.
    std::string dat = "\x78\x9F\x3E\x22" + le_bytes(0, 2);
    for (int k = 0; k < 300; ++k) {
      dat += attribute(2, 0x00069002, "");
      dat += attribute(2, 0x00018010, (k == 299 ? "evil.exe" : "note.txt") + std::string(1, '\0'));
    }
    mfsim::test::simulator sim(kRules);

    sim.run(message_with_winmail(dat));
    CHECK(sim.fired() == std::vector<std::string>{"Programs by extension", "Limit"});
    // More than 65,536: not listed, and said so.
    std::string many = "\x78\x9F\x3E\x22" + le_bytes(0, 2);
    for (int k = 0; k <= 65536; ++k) many += attribute(2, 0x00069002, "");
    many += attribute(2, 0x00018010, std::string("evil.exe") + '\0');
    sim.run(message_with_winmail(many));
    CHECK(sim.fired() == std::vector<std::string>{"Limit"});
  }
}

namespace {

// winmail.dat whose message properties (attMsgProps) hold PidTagBody as PT_UNICODE `ascii`,
// after a PT_LONG property, and whose attBody holds `legacy` in code page 1252.
std::string winmail_with_body(const std::string& ascii, const std::string& legacy) {
  std::string utf16;
  for (const char c : ascii + '\0') utf16 += std::string(1, c) + '\0';
  std::string list = le_bytes(2, 4);
  list += le_bytes(0x00170003, 4) + le_bytes(1, 4);  // PidTagImportance, PT_LONG
  list += le_bytes(0x1000001F, 4) + le_bytes(1, 4) + le_bytes(utf16.size(), 4) + utf16 +
          std::string((4 - utf16.size() % 4) % 4, '\0');
  std::string s = "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2);
  s += attribute(1, 0x00069007, le_bytes(1252, 4) + le_bytes(0, 4));  // attOemCodepage
  s += attribute(1, 0x0001800C, legacy + '\0');                       // attBody
  if (!ascii.empty()) s += attribute(1, 0x00069003, list);            // attMsgProps
  return s;
}

const char* kBodyRules = R"(mfsim: 1
name: tnef body
transport_rules:
  - Name: Body words
    SubjectOrBodyContainsWords: [wire transfer]
    SetSCL: 5
)";

}  // namespace

TEST_SUITE("tnef attachments") {
  TEST_CASE("the body text of winmail.dat is body text") {
    // Outlook shows the TNEF stream's body ([MS-OXCMAIL] section 2.1.3.3.2); the text part
    // beside it said only "see attached" (decision 973).
    const std::string dat = winmail_with_body("Please send the wire transfer today", "old text");
    CHECK(mail::tnef_body_text(dat, 1 << 20) == "Please send the wire transfer today");
    mfsim::test::simulator sim(kBodyRules);
    sim.run(message_with_winmail(dat));
    CHECK(sim.fired() == std::vector<std::string>{"Body words"});
    // Without attMsgProps, attBody's 8-bit text in the stream's code page (0xE9: e acute).
    const std::string legacy = winmail_with_body("", "caf\xE9: wire transfer");
    CHECK(mail::tnef_body_text(legacy, 1 << 20) == "caf\xC3\xA9: wire transfer");
    sim.run(message_with_winmail(legacy));
    CHECK(sim.fired() == std::vector<std::string>{"Body words"});
    // A stream without a body, cut short anywhere, or no stream: no text, no failure.
    CHECK(mail::tnef_body_text(winmail_dat(kProgram), 1 << 20).empty());
    for (std::size_t cut = 0; cut < dat.size(); ++cut) {
      CAPTURE(cut);
      CHECK(mail::tnef_body_text(dat.substr(0, cut), 1 << 20).size() <= 35);
    }
    sim.run(message_with_winmail(winmail_dat(kProgram)));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("a TNEF body that the text part already holds is not added twice") {
    mfsim::mail::body_summary out;
    mfsim::mail::body_limits limits;
    limits.decode_attachments = false;  // a plan of body conditions only still reads it
    mfsim::mail::read_body(message_with_winmail(winmail_with_body("See Attached", "x")), limits,
                           out);
    CHECK(out.text_lower == "see attached");
    // White space aside: rich text breaks its lines elsewhere than the plain copy.
    mfsim::mail::read_body(message_with_winmail(winmail_with_body("See\r\n  attached ", "x")),
                           limits, out);
    CHECK(out.text_lower == "see attached");
    mfsim::mail::read_body(message_with_winmail(winmail_with_body("new words", "x")), limits, out);
    CHECK(out.text_lower == "see attached\nnew words");
  }
}

namespace {

// winmail.dat whose attMsgProps hold one PT_BINARY property, `id`, of `value`: Outlook's rich
// text body (PidTagRtfCompressed) or its HTML (PidTagHtml).
std::string winmail_with_binary_body(std::uint32_t id, const std::string& value) {
  std::string list = le_bytes(1, 4);
  list += le_bytes((id << 16) | 0x0102, 4) + le_bytes(1, 4) + le_bytes(value.size(), 4) + value +
          std::string((4 - value.size() % 4) % 4, '\0');
  return "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2) + attribute(1, 0x00069003, list);
}

// `rtf` as [MS-OXRTFCP] stores it uncompressed ("MELA").
std::string stored_rtf(const std::string& rtf) {
  return le_bytes(12 + rtf.size(), 4) + le_bytes(rtf.size(), 4) + le_bytes(0x414C454D, 4) +
         le_bytes(0, 4) + rtf;
}

}  // namespace

TEST_SUITE("tnef attachments") {
  TEST_CASE("a TNEF body kept only as rich text or HTML is read for its text") {
    // Outlook's rich text messages carry the body as compressed RTF alone (decision 973).
    const std::string rtf = winmail_with_binary_body(
        0x1009, stored_rtf("{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 Please send the "
                           "{\\b wire transfer}\\par today}"));
    CHECK(mail::tnef_body_text(rtf, 1 << 20).find("wire transfer") != std::string::npos);
    const std::string html = winmail_with_binary_body(
        0x1013, "<html><body><p>Please send the <b>wire</b> transfer</p></body></html>");
    CHECK(mail::tnef_body_text(html, 1 << 20).find("wire transfer") != std::string::npos);
    mfsim::test::simulator sim(kBodyRules);
    for (const std::string& dat : {rtf, html}) {
      sim.run(message_with_winmail(dat));
      CHECK(sim.fired() == std::vector<std::string>{"Body words"});
    }
    // Within the budget given: the RTF's text is cut there.
    CHECK(mail::tnef_body_text(rtf, 20).size() <= 20);
  }
}

namespace {

// A message whose text part holds `plain` and whose part after it, of the fields `fields`,
// holds `dat` in base64; or the TNEF part first when `tnef_first`.
std::string message_with_parts(const std::string& plain, const std::string& fields,
                               const std::string& dat, bool tnef_first = false) {
  const std::string text = "--XX\r\nContent-Type: text/plain\r\n\r\n" + plain + "\r\n";
  const std::string tnef =
      "--XX\r\n" + fields + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(dat) + "\r\n";
  return "Subject: tnef\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
         "boundary=XX\r\n\r\n" +
         (tnef_first ? tnef + text : text + tnef) + "--XX--\r\n";
}

// winmail.dat whose attBody holds `text` in code page `codepage`.
std::string winmail_with_legacy_body(const std::string& text, std::uint32_t codepage = 1252) {
  return "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2) +
         attribute(1, 0x00069007, le_bytes(codepage, 4) + le_bytes(0, 4)) +
         attribute(1, 0x0001800C, text + '\0');
}

std::string body_text(const std::string& message, bool decode_attachments) {
  mail::body_summary out;
  mail::body_limits limits;
  limits.decode_attachments = decode_attachments;
  mail::read_body(message, limits, out);
  return out.text_lower;
}

const char* kTnefFields = "Content-Type: application/ms-tnef; name=winmail.dat";

}  // namespace

TEST_SUITE("tnef attachments") {
  TEST_CASE("a TNEF body is compared with a long body text in linear time") {
    // Review of decision 973: std::string::find compared the stream's words again at every
    // place the body text holds their first letter: one letter 1.5 MB long in the text part
    // and 300 KB of it then another in the stream took minutes.
    const std::string message =
        message_with_parts(std::string(1500000, 'a'), kTnefFields,
                           winmail_with_legacy_body(std::string(300000, 'a') + "b"));
    const auto start = std::chrono::steady_clock::now();
    const std::string text = body_text(message, false);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    CHECK(took.count() < 5.0);
    CHECK(text.size() == 1500000 + 1 + 300001);
    CHECK(text.back() == 'b');
  }

  TEST_CASE("the body text of a TNEF stream does not depend on the plan") {
    // Review of decision 973: a stream in an application/octet-stream part was read for its
    // body only by a plan that decodes attachments, so SubjectOrBodyContainsWords matched or
    // not by which other rules the set held. A part typed TNEF, or named winmail.dat as a
    // gateway that relabels it leaves it, is read by every plan (decision 1007).
    const std::string dat = winmail_with_legacy_body("please send the wire transfer");
    for (const char* fields : {"Content-Type: application/octet-stream; name=body.bin",
                               "Content-Type: application/octet-stream; name=WINMAIL.DAT",
                               "Content-Type: application/vnd.ms-tnef"}) {
      CAPTURE(fields);
      const std::string message = message_with_parts("see attached", fields, dat);
      CHECK(body_text(message, false) == body_text(message, true));
    }
    CHECK(
        body_text(message_with_parts("see attached",
                                     "Content-Type: application/octet-stream; name=body.bin", dat),
                  true) == "see attached");
    CHECK(body_text(
              message_with_parts("see attached",
                                 "Content-Type: application/octet-stream; name=WINMAIL.DAT", dat),
              false) == "see attached\nplease send the wire transfer");
  }

  TEST_CASE("a TNEF part before the text part that holds its words adds nothing") {
    // Review of decision 973: the stream was compared with the text read before it, so a
    // stream sent first doubled every word of the text part after it (decision 1008).
    const std::string dat = winmail_with_legacy_body("Please send the wire transfer");
    CHECK(body_text(message_with_parts("Please send the wire transfer", kTnefFields, dat, true),
                    false) == "please send the wire transfer");
    // Two streams with one body: its words once.
    const std::string two =
        "Subject: tnef\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n"
        "\r\n--XX\r\n" +
        std::string(kTnefFields) + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(dat) +
        "\r\n--XX\r\n" + kTnefFields + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        base64(dat) + "\r\n--XX--\r\n";
    CHECK(body_text(two, false) == "please send the wire transfer");
  }

  TEST_CASE("hostile TNEF bodies stay within the text budget and fail nothing") {
    // A property list that claims 4 GB values or 2^32 properties: read as far as it goes.
    const std::string huge_value = le_bytes(1, 4) + le_bytes(0x1000001F, 4) + le_bytes(1, 4) +
                                   le_bytes(0xFFFFFFFF, 4) + "h\0i\0";
    const std::string huge_count = le_bytes(0xFFFFFFFF, 4) + le_bytes(0x00170003, 4);
    for (const std::string& list : {huge_value, huge_count}) {
      const std::string dat =
          "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2) + attribute(1, 0x00069003, list);
      CHECK(mail::tnef_body_text(dat, 1 << 20).empty());
    }
    // An attribute that claims 4 GB: the stream is cut short there.
    const std::string claims = "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2) + std::string(1, '\1') +
                               le_bytes(0x0001800C, 4) + le_bytes(0xFFFFFFFF, 4) + "text";
    CHECK(mail::tnef_body_text(claims, 1 << 20).empty());
    // Compressed RTF that expands without end (a raw size of 4 GB, back-references only):
    // decompressed to the budget, not past it.
    std::string bomb =
        le_bytes(0, 4) + le_bytes(0xFFFFFFFF, 4) + le_bytes(0x75465A4C, 4) + le_bytes(0, 4);
    for (int i = 0; i < 100000; ++i) bomb += std::string("\xFF") + std::string(16, '\0');
    CHECK(mail::decompress_rtf(bomb, 1000).size() == 1000);
    CHECK(mail::tnef_body_text(winmail_with_binary_body(0x1009, bomb), 1000).size() <= 1000);
    // A plain body longer than the budget: cut there.
    CHECK(mail::tnef_body_text(winmail_with_legacy_body(std::string(5000, 'w')), 1000).size() ==
          1000);
    CHECK(mail::tnef_body_text(winmail_with_body(std::string(5000, 'w'), "x"), 1000).size() ==
          1000);
    // Code pages that are stateful, multi-byte, UTF-16 or none, over bytes that are no text.
    std::string noise;
    for (int i = 0; i < 4096; ++i) noise += static_cast<char>((i * 37) & 0xFF);
    for (const std::uint32_t codepage :
         {65000u, 65001u, 1200u, 50220u, 52936u, 932u, 0u, 0xFFFFFFFFu}) {
      CAPTURE(codepage);
      CHECK(mail::tnef_body_text(winmail_with_legacy_body(noise, codepage), 1000).size() <= 1000);
    }
  }
}

namespace {

// winmail.dat whose attMsgProps hold PidTagBody `plain` (PT_STRING8), PidTagHtml `html`, and,
// when not 0, PidTagNativeBody `native`; `native_form`: that property's tag and values as
// written, in its place, when not empty.
std::string winmail_with_bodies(const std::string& plain, const std::string& html,
                                std::uint32_t native, const std::string& native_form = {}) {
  const auto binary = [](std::uint32_t tag, const std::string& value) {
    return le_bytes(tag, 4) + le_bytes(1, 4) + le_bytes(value.size(), 4) + value +
           std::string((4 - value.size() % 4) % 4, '\0');
  };
  std::string list = le_bytes(native != 0 ? 3 : 2, 4);
  list += binary(0x1000001E, plain + '\0') + binary(0x10130102, html);
  if (native != 0)
    list += native_form.empty() ? le_bytes(0x10160003, 4) + le_bytes(native, 4) : native_form;
  return "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2) + attribute(1, 0x00069003, list);
}

}  // namespace

TEST_SUITE("tnef attachments") {
  TEST_CASE("PidTagNativeBody names the TNEF body that is read") {
    // [MS-OXBBODY] section 2.1.3.1 step 1 (decision 1048): HTML when it says 3, though the
    // stream holds a plain text body too, which was read first.
    const std::string plain = "see you soon";
    const std::string html = "<p>Please send the <b>wire</b> transfer</p>";
    const std::string shown = mail::tnef_body_text(winmail_with_bodies(plain, html, 3), 1 << 20);
    CHECK(shown.find("Please send the wire transfer") != std::string::npos);
    CHECK(shown.find(plain) == std::string::npos);
    CHECK(mail::tnef_body_text(winmail_with_bodies(plain, html, 1), 1 << 20) == plain);
    // No PidTagNativeBody, one naming a form the stream lacks, or an unknown value: the order
    // of decision 973.
    CHECK(mail::tnef_body_text(winmail_with_bodies(plain, html, 0), 1 << 20) == plain);
    CHECK(mail::tnef_body_text(winmail_with_bodies(plain, html, 2), 1 << 20) == plain);
    CHECK(mail::tnef_body_text(winmail_with_bodies(plain, html, 7), 1 << 20) == plain);
    // PidTagNativeBody is PtypInteger32: a multi-valued form (PT_MV_LONG, 0x1003) is another
    // property tag and names no body, whichever value comes last (decision 1107).
    const std::string multi =
        le_bytes(0x10161003, 4) + le_bytes(2, 4) + le_bytes(1, 4) + le_bytes(3, 4);
    CHECK(mail::tnef_body_text(winmail_with_bodies(plain, html, 3, multi), 1 << 20) == plain);
    mfsim::test::simulator sim(kBodyRules);
    sim.run(message_with_winmail(winmail_with_bodies(plain, html, 3)));
    CHECK(sim.fired() == std::vector<std::string>{"Body words"});
  }
}

TEST_SUITE("tnef attachments") {
  TEST_CASE("the body of a message embedded in winmail.dat is body text") {
    // A forwarded message is embedded as its own TNEF stream (decision 874); its body was
    // left unread (decision 1049).
    const std::string dat = winmail_with_message(winmail_with_legacy_body("wire transfer today"));
    CHECK(body_text(message_with_winmail(dat), false).find("wire transfer today") !=
          std::string::npos);
    mfsim::test::simulator sim(kBodyRules);
    sim.run(message_with_winmail(dat));
    CHECK(sim.fired() == std::vector<std::string>{"Body words"});
  }

  TEST_CASE("messages embedded in winmail.dat are read to the budget of TNEF bodies") {
    // 20 levels of messages each embedded in the one before: the bodies of the outermost 8
    // streams are read (tnef_body_texts::kMaxStreams), the nesting ends there, and nothing fails.
    std::string dat = winmail_with_legacy_body("level 20");
    for (int level = 19; level >= 1; --level) {
      dat = winmail_with_message(dat) +
            attribute(1, 0x0001800C, "level " + std::to_string(level) + '\0');
    }
    const std::string text = body_text(message_with_winmail(dat), false);
    CHECK(text.find("level 1") != std::string::npos);
    CHECK(text.find("level 8") != std::string::npos);
    CHECK(text.find("level 9") == std::string::npos);
    CHECK(text.find("level 20") == std::string::npos);
  }
}

TEST_SUITE("tnef attachments") {
  TEST_CASE("messages embedded in one winmail.dat do not take the place of another part's") {
    // The first winmail.dat nests 12 messages; the second part's stream is the one Outlook
    // shows for it: the parts' own streams are read first, then the embedded messages, outermost
    // first (decision 1092).
    std::string nested = winmail_with_legacy_body("deepest");
    for (int level = 12; level >= 1; --level) {
      nested = winmail_with_message(nested) +
               attribute(1, 0x0001800C, "harmless " + std::to_string(level) + '\0');
    }
    const std::string tnef =
        "--XX\r\n" + std::string(kTnefFields) + "\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    const std::string message =
        "Subject: tnef\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n" +
        tnef + base64(nested) + "\r\n" + tnef +
        base64(winmail_with_legacy_body("please send the wire transfer")) + "\r\n--XX--\r\n";
    mail::body_summary out;
    mail::read_body(message, mail::body_limits{}, out);
    CHECK(out.text_lower.find("wire transfer") != std::string::npos);
    // Then 6 of the messages embedded in the first: 8 streams in all.
    CHECK(out.text_lower.find("harmless 7") != std::string::npos);
    CHECK(out.text_lower.find("harmless 8") == std::string::npos);
    CHECK(out.truncated);
    mfsim::test::simulator sim(kBodyRules);
    sim.run(message);
    CHECK(sim.fired() == std::vector<std::string>{"Body words"});
  }

  TEST_CASE("TNEF bodies left unread past the budget make the message not fully read") {
    // A message nested 20 deep: past 8 streams, their texts are not read, and that is said.
    std::string dat = winmail_with_legacy_body("level 20");
    for (int level = 19; level >= 1; --level) dat = winmail_with_message(dat);
    mail::body_summary out;
    const mail::body_limits limits;
    mail::read_body(message_with_winmail(dat), limits, out);
    CHECK(out.text_lower.find("level 20") == std::string::npos);
    CHECK(out.truncated);
    // Eight streams, no more: all read, nothing said.
    std::string eight = winmail_with_legacy_body("level 8");
    for (int level = 7; level >= 1; --level) eight = winmail_with_message(eight);
    eight = message_with_winmail(eight);
    mail::read_body(eight, limits, out);
    CHECK(out.text_lower.find("level 8") != std::string::npos);
    CHECK_FALSE(out.truncated);
    // A stream of more files than are looked through for messages: that is said too.
    std::string files = winmail_with_legacy_body("many files");
    for (int k = 0; k < 4096; ++k) files += attribute(2, 0x00069002, "");
    mail::read_body(message_with_winmail(files), limits, out);
    CHECK_FALSE(out.truncated);
    mail::read_body(message_with_winmail(files + attribute(2, 0x00069002, "")), limits, out);
    CHECK(out.truncated);
  }

  TEST_CASE("TNEF bodies past the body text budget make the message not fully read") {
    // The first stream's text fills the budget: it is cut, and the second stream's goes unread
    // (decision 1108); both went unsaid.
    const std::string tnef =
        "--XX\r\n" + std::string(kTnefFields) + "\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    const auto message = [&](const std::string& first,
                             const std::string& second =
                                 winmail_with_legacy_body("wire transfer")) {
      return "Subject: tnef\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
             "boundary=XX\r\n\r\n" +
             tnef + base64(winmail_with_legacy_body(first)) + "\r\n" + tnef + base64(second) +
             "\r\n--XX--\r\n";
    };
    mail::body_limits limits;
    limits.max_text_bytes = 16;
    limits.inspect_content = true;
    mail::body_summary out;
    mail::read_body(message(std::string(40, 'a')), limits, out);
    CHECK(out.text_lower.find("wire") == std::string::npos);
    CHECK(out.truncated);
    CHECK(out.contents.limit_reason == "the message holds more TNEF bodies than read");
    // A first text of 16 bytes fills the budget uncut; the second is still left unread.
    mail::read_body(message(std::string(16, 'a')), limits, out);
    CHECK(out.truncated);
    // A second stream that has no body text leaves nothing unread, the budget full or not
    // (decision 1144).
    const std::string textless = "\x78\x9F\x3E\x22" + le_bytes(0x1234, 2);
    mail::read_body(message(std::string(16, 'a'), textless), limits, out);
    CHECK_FALSE(out.truncated);
    // Both within the budget: nothing said.
    limits.max_text_bytes = 64;
    mail::read_body(message(std::string(16, 'a')), limits, out);
    CHECK(out.text_lower.find("wire transfer") != std::string::npos);
    CHECK_FALSE(out.truncated);
  }
}
