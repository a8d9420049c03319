// An application/mac-binhex40 part is an attachment: its data fork, named by its BinHex header
// when the MIME headers give no name, as [MS-OXCMAIL] section 2.2.3.4.2.3 reads it
// (decision 755).
#include "engine/mail/binhex_file.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/attachment_mail.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;

// `bytes` (run-length coding already applied) in BinHex's six-bit characters, 64 to a line.
std::string six_bit(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";
  std::string out = ":";
  std::uint32_t held = 0;
  int bits = 0;
  for (const char c : bytes) {
    held = (held << 8) | static_cast<unsigned char>(c);
    for (bits += 8; bits >= 6; bits -= 6) out += kAlphabet[(held >> (bits - 6)) & 63u];
  }
  if (bits > 0) out += kAlphabet[(held << (6 - bits)) & 63u];
  for (std::size_t at = 65; at < out.size(); at += 65) out.insert(at, "\n");
  return out + ":";
}

std::string big_endian(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A BinHex text of the file `name` whose data fork is `coded` once run-length coded and
// `length` bytes once decoded (CRCs left zero: they are not read).
std::string binhex(const std::string& name, const std::string& coded, std::uint32_t length) {
  const std::string header = static_cast<char>(name.size()) + name + std::string(1, '\0') +
                             "APPL????" + std::string(2, '\0') + big_endian(length) +
                             big_endian(0) + std::string(2, '\0');
  return "(This file must be converted with BinHex 4.0)\n" +
         six_bit(header + coded + std::string(4, '\0')) + "\n";
}

// RFC 1741's CRC of `bytes`, two bytes big-endian.
std::string crc(const std::string& bytes) {
  std::uint32_t value = 0;
  for (const char c : bytes) {
    value ^= static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 8;
    for (int bit = 0; bit < 8; ++bit)
      value = (value & 0x8000u) ? (value << 1) ^ 0x1021u : value << 1;
  }
  return {static_cast<char>((value >> 8) & 0xFFu), static_cast<char>(value & 0xFFu)};
}

// The stream alone (":...:"), its header's CRC right.
std::string checked_stream(const std::string& name, const std::string& coded,
                           std::uint32_t length) {
  const std::string header = static_cast<char>(name.size()) + name + std::string(1, '\0') +
                             "APPL????" + std::string(2, '\0') + big_endian(length) + big_endian(0);
  return six_bit(header + crc(header) + coded + std::string(4, '\0'));
}

// "MZ" and five zeros, the zeros as one run (0x00 0x90 0x05), and a 0x90 of the data.
const std::string kCoded = std::string("MZ\0\x90\x05\x90\0", 7);
const std::string kData = std::string("MZ\0\0\0\0\0\x90", 8);

std::string mail_with_part(const std::string& headers, const std::string& body) {
  return "From: a@example.org\r\nSubject: hqx\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n"
         "\r\nsee attached\r\n--XX\r\n" +
         headers + "\r\n\r\n" + body + "\r\n--XX--\r\n";
}

}  // namespace

TEST_SUITE("binhex files") {
  TEST_CASE("the header names the file, and the data fork is decoded, runs undone") {
    const auto file = mail::read_binhex(binhex("evil.exe", kCoded, 8), 1u << 20);
    REQUIRE(file.has_value());
    CHECK(file->name == "evil.exe");
    CHECK(file->data == kData);
    CHECK(file->whole);
  }

  TEST_CASE("a name longer than RFC 1741's 63 bytes, or of none, is read as its length says") {
    // A 64-byte name left the part unnamed and its data fork unread (decision 872).
    const std::string long_name = std::string(196, 'a') + ".exe";
    const auto file = mail::read_binhex(binhex(long_name, kCoded, 8), 1u << 20);
    REQUIRE(file.has_value());
    CHECK(file->name == long_name);
    CHECK(file->data == kData);
    const auto unnamed = mail::read_binhex(checked_stream("", kCoded, 8), 1u << 20);
    REQUIRE(unnamed.has_value());
    CHECK(unnamed->name.empty());
    CHECK(unnamed->data == kData);
  }

  TEST_CASE("a stream without a header, cut short, or past its budget") {
    CHECK_FALSE(mail::read_binhex("no binhex here: none\n", 100).has_value());
    CHECK_FALSE(mail::read_binhex(":!!:\n", 100).has_value());  // a name of no bytes, cut short
    const std::string text = binhex("evil.exe", kCoded, 8);
    CHECK_FALSE(mail::read_binhex(text.substr(0, 60), 100).has_value());  // the header cut
    const auto over = mail::read_binhex(text, 4);
    REQUIRE(over.has_value());
    CHECK(over->data == std::string("MZ\0\0", 4));
    CHECK_FALSE(over->whole);
    // A data fork longer than the stream holds: what there is, and not whole.
    const auto cut = mail::read_binhex(binhex("a.exe", "MZ", 1000), 1u << 20);
    REQUIRE(cut.has_value());
    CHECK(cut->data.starts_with("MZ"));
    CHECK_FALSE(cut->whole);
  }

  TEST_CASE("a line of junk or a decoy header before the stream does not hide it") {
    // A smiley starts a line with `:`; a decoy's header reads but its CRC is wrong (decision 820).
    const std::string decoy = binhex("readme.txt", kCoded, 8);
    const std::string real = checked_stream("evil.exe", kCoded, 8);
    for (const std::string& text : {":-) the file is below\n" + real + "\n", decoy + real + "\n"}) {
      CAPTURE(text);
      const auto file = mail::read_binhex(text, 1u << 20);
      REQUIRE(file.has_value());
      CHECK(file->name == "evil.exe");
      CHECK(file->data == kData);
    }
    // Without a stream whose CRC is right, the first header that reads is the file's.
    const auto first = mail::read_binhex(decoy + binhex("other.exe", kCoded, 8), 1u << 20);
    REQUIRE(first.has_value());
    CHECK(first->name == "readme.txt");
  }

  TEST_CASE(
      "a mac-binhex40 part's Content-Transfer-Encoding is undone first, and a body without BinHex "
      "is the content as sent") {
    // BinHex text sent base64-encoded is decoded, then read as BinHex (decision 820).
    const mail::body_summary wrapped = mfsim::test::inspected_body(mail_with_part(
        "Content-Type: application/mac-binhex40\r\nContent-Transfer-Encoding: base64",
        mfsim::test::base64(binhex("evil.exe", kCoded, 8))));
    REQUIRE(wrapped.attachments.size() == 1);
    CHECK(wrapped.attachments[0].name == "evil.exe");
    CHECK(wrapped.attachments[0].executable);
    // A program labelled mac-binhex40 that holds no BinHex is still a program.
    const std::string program = std::string("MZ\x90\0\x03\0\0\0", 8) + std::string(120, 'A');
    const std::string headers =
        "Content-Type: application/mac-binhex40; name=\"invoice.pdf\"\r\n"
        "Content-Transfer-Encoding: base64";
    const mail::body_summary labelled =
        mfsim::test::inspected_body(mail_with_part(headers, mfsim::test::base64(program)));
    REQUIRE(labelled.attachments.size() == 1);
    CHECK(labelled.attachments[0].name == "invoice.pdf");
    CHECK(labelled.attachments[0].executable);
  }

  TEST_CASE("an application/mac-binhex40 part without a MIME name is the file its header names") {
    const std::string hqx = binhex("evil.exe", kCoded, 8);
    for (const std::string& headers : {std::string("Content-Type: application/mac-binhex40"),
                                       std::string("Content-Type: application/octet-stream\r\n"
                                                   "Content-Transfer-Encoding: mac-binhex40")}) {
      CAPTURE(headers);
      const mail::body_summary out = mfsim::test::inspected_body(mail_with_part(headers, hqx));
      REQUIRE(out.attachments.size() == 1);
      CHECK(out.attachments[0].name == "evil.exe");
      CHECK(out.attachments[0].executable);
      CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
      mfsim::test::simulator sim(mfsim::test::kProgramRules);
      sim.run(mail_with_part(headers, hqx));
      CHECK(sim.fired() == std::vector<std::string>{"Programs", "Evil by name", "Executable"});
    }
    // A MIME name comes first.
    const mail::body_summary named = mfsim::test::inspected_body(
        mail_with_part("Content-Type: application/mac-binhex40; name=readme.hqx", hqx));
    REQUIRE(named.attachments.size() == 1);
    CHECK(named.attachments[0].name == "readme.hqx");
    CHECK(named.attachments[0].executable);
  }

  TEST_CASE("a long BinHex name is the attachment's name to the name and extension conditions") {
    const std::string name = std::string(70, 'x') + ".exe";
    const std::string hqx = binhex(name, kCoded, 8);
    const mail::body_summary out =
        mfsim::test::inspected_body(mail_with_part("Content-Type: application/mac-binhex40", hqx));
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == name);
    CHECK(out.attachments[0].executable);
    mfsim::test::simulator sim(R"(mfsim: 1
name: names
transport_rules:
  - Name: Programs
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
  - Name: Long names
    AttachmentNameMatchesPatterns: ['^x{70}\.exe$']
    SetSCL: 6
)");
    sim.run(mail_with_part("Content-Type: application/mac-binhex40", hqx));
    CHECK(sim.fired() == std::vector<std::string>{"Programs", "Long names"});
  }

  TEST_CASE("the x- forms of the BinHex media type and transfer encoding are BinHex") {
    // RFC 1741's mailers and real mail write `x-mac-binhex40`; read as the form [MS-OXCMAIL]
    // names, or the part was no attachment, or its program unread (decision 871).
    const std::string hqx = binhex("evil.exe", kCoded, 8);
    for (const std::string& headers :
         {std::string("Content-Type: application/x-mac-binhex40"),
          std::string("Content-Type: Application/X-Mac-BinHex40; x=y"),
          std::string("Content-Type: application/octet-stream\r\n"
                      "Content-Transfer-Encoding: x-mac-binhex40"),
          std::string("Content-Type: text/plain\r\nContent-Transfer-Encoding: X-Mac-BinHex40")}) {
      CAPTURE(headers);
      const mail::body_summary out = mfsim::test::inspected_body(mail_with_part(headers, hqx));
      REQUIRE(out.attachments.size() == 1);
      CHECK(out.attachments[0].name == "evil.exe");
      CHECK(out.attachments[0].executable);
      mfsim::test::simulator sim(mfsim::test::kProgramRules);
      sim.run(mail_with_part(headers, hqx));
      CHECK(sim.fired() == std::vector<std::string>{"Programs", "Evil by name", "Executable"});
    }
    // Named by the MIME headers, a program labelled so that holds no BinHex is still a program.
    const std::string program = std::string("MZ\x90\0\x03\0\0\0", 8) + std::string(120, 'A');
    const mail::body_summary labelled = mfsim::test::inspected_body(
        mail_with_part("Content-Type: application/x-mac-binhex40; name=\"invoice.pdf\"\r\n"
                       "Content-Transfer-Encoding: base64",
                       mfsim::test::base64(program)));
    REQUIRE(labelled.attachments.size() == 1);
    CHECK(labelled.attachments[0].name == "invoice.pdf");
    CHECK(labelled.attachments[0].executable);
  }
}

TEST_SUITE("binhex files") {
  TEST_CASE("a text/plain part sent mac-binhex40 is a file attachment, its words not body text") {
    // RFC 1741 encodes a Macintosh file (name, type, forks), not the part's text: [MS-OXCMAIL]
    // section 2.2.3.4.1.5 reads such a part as application/mac-binhex40, a file attachment,
    // whatever its Content-Type, and a reader that does not know the encoding reads it as
    // application/octet-stream (RFC 2045 section 6.4): no reader makes it the body (decision 971).
    const std::string words = "wire transfer to account 12345";
    const std::string headers =
        "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: mac-binhex40";
    mfsim::test::simulator sim(R"(mfsim: 1
name: words
transport_rules:
  - Name: Attachment words
    AttachmentContainsWords: [wire transfer]
    SetSCL: 5
  - Name: Body words
    SubjectOrBodyContainsWords: [wire transfer]
    SetSCL: 6
  - Name: Text file
    AttachmentExtensionMatchesWords: [txt]
    SetSCL: 7
)");
    const std::string hqx = mail_with_part(
        headers, binhex("notes.txt", words, static_cast<std::uint32_t>(words.size())));
    const mail::body_summary out = mfsim::test::inspected_body(hqx);
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "notes.txt");
    CHECK(out.attachments[0].size == words.size());
    CHECK(out.text_lower == "see attached");
    sim.run(hqx);
    CHECK(sim.fired() == std::vector<std::string>{"Attachment words", "Text file"});
    // Without a BinHex stream in it the part is still the attachment, its text as sent
    // (decision 820), read by the attachment conditions and not the body ones.
    const std::string plain = mail_with_part(headers, words);
    const mail::body_summary unnamed = mfsim::test::inspected_body(plain);
    REQUIRE(unnamed.attachments.size() == 1);
    CHECK(unnamed.attachments[0].name.empty());
    CHECK(unnamed.text_lower == "see attached");
    sim.run(plain);
    CHECK(sim.fired() == std::vector<std::string>{"Attachment words"});
  }
}
