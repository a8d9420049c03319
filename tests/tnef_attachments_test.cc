// winmail.dat (TNEF, [MS-OXTNEF]): the files it carries are read as an archive's, by the names
// Outlook shows (decision 595).
#include "engine/mail/tnef_attachments.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/little_endian.h"
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
