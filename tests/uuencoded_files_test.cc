// Files a text body carries uuencoded (or in uuencode's base64 form) are attachments to the
// attachment conditions, as Exchange's content conversion makes them (decisions 670, 751, 752),
// within budgets.
#include "engine/mail/uuencoded_files.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/mime_body.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;
using fired_rules = std::vector<std::string>;

// "MZ\x90\0 a program", uuencoded (zero bits written as a backquote).
constexpr const char* kProgramLine = R"(.35J0`"!A('!R;V=R86T`)";

std::string uuencoded(const std::string& name, const std::string& line = kProgramLine) {
  return "begin 644 " + name + "\n" + line + "\n`\nend\n";
}

std::string base64_block(const std::string& name, const std::string& lines) {
  return "begin-base64 644 " + name + "\n" + lines + "\n====\n";
}

const std::string kProgram("MZ\x90\0 a program", 14);

// The bytes of the one file `text` holds, read within the default budgets; "(N files)" when it
// holds another number of them.
std::string only_file(const std::string& text) {
  std::vector<mail::uuencoded_file> files;
  CHECK(mail::find_uuencoded_files(text, mail::uuencode_limits{}, files));
  if (files.size() != 1) return "(" + std::to_string(files.size()) + " files)";
  return files[0].bytes;
}

std::string plain_message(const std::string& body) {
  return "From: a@example.org\nSubject: uu\n\nHere it is:\n\n" + body + "\nbye\n";
}

}  // namespace

TEST_SUITE("uuencoded files") {
  TEST_CASE("a begin line, its data lines and end give the file") {
    std::vector<mail::uuencoded_file> files;
    CHECK(mail::find_uuencoded_files("intro\r\n" + uuencoded("evil.exe") + "more text\n",
                                     mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].name == "evil.exe");
    CHECK(files[0].bytes == std::string("MZ\x90\0 a program", 14));
    // Without `end`, the data lines up to the text's end.
    files.clear();
    CHECK(mail::find_uuencoded_files(std::string("begin 0755 a.exe\r\n") + kProgramLine,
                                     mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].bytes.size() == 14);
  }

  TEST_CASE("padding past a data line, and a later line whose blanks were stripped, are read") {
    // Blanks and backquotes past the characters a line needs are padding: three of them after
    // the first line hid the whole file (decision 712).
    std::vector<mail::uuencoded_file> files;
    CHECK(mail::find_uuencoded_files(uuencoded("evil.exe", std::string(kProgramLine) + "  ` "),
                                     mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].bytes == std::string("MZ\x90\0 a program", 14));
    // A later line of 45 bytes ending in zeros, its trailing characters gone: the zeros read.
    files.clear();
    const std::string full = "M35J0`\"!A('!R;V=R86T" + std::string(41, '`');
    CHECK(mail::find_uuencoded_files("begin 644 a.exe\n" + full + "\nM35J0\n`\nend\n",
                                     mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].bytes.size() == 90);
    CHECK(files[0].bytes.substr(45, 4) == std::string("MZ\x90\0", 4));
    CHECK(files[0].bytes.substr(49) == std::string(41, '\0'));
    // Other characters past the two a checksum may take end the file, as before.
    files.clear();
    CHECK(mail::find_uuencoded_files(uuencoded("b.exe", std::string(kProgramLine) + "ABC"),
                                     mail::uuencode_limits{}, files));
    CHECK(files.empty());
  }

  TEST_CASE("a first data line short of its characters is a file only when its footer closes it") {
    // `MZ` uuencoded by an encoder that writes zero bits as blanks ("\"35H "), the blank, and
    // the one of the empty last line, stripped in transit (decision 752).
    std::vector<mail::uuencoded_file> files;
    CHECK(mail::find_uuencoded_files("begin 644 evil.exe\n\"35H\n\nend\n", mail::uuencode_limits{},
                                     files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].name == "evil.exe");
    CHECK(files[0].bytes == "MZ");
    // As GNU uuencode writes it (backquotes), the line is whole and was always read.
    files.clear();
    CHECK(mail::find_uuencoded_files("begin 644 evil.exe\n\"35H`\n`\nend\n",
                                     mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].bytes == "MZ");
    // Without the footer, short lines after a begin line are prose in capitals.
    files.clear();
    CHECK(mail::find_uuencoded_files("begin 644 a.exe\nMABC\nTHEN MORE\n", mail::uuencode_limits{},
                                     files));
    CHECK(mail::find_uuencoded_files("begin 644 a.exe\n\"35H\n", mail::uuencode_limits{}, files));
    CHECK(files.empty());
  }

  TEST_CASE("begin-base64 blocks, as uuencode -m writes them, give the file") {
    std::vector<mail::uuencoded_file> files;
    CHECK(mail::find_uuencoded_files(base64_block("evil.exe", "TVqQACBhIHByb2dyYW0="),
                                     mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].name == "evil.exe");
    CHECK(files[0].bytes == std::string("MZ\x90\0 a program", 14));
    // One stream across the lines, whatever their lengths; `====` is read, the text after kept.
    files.clear();
    CHECK(mail::find_uuencoded_files(
        "begin-base64 0755 a.exe\r\nTVqQ\r\nACBhIHByb\r\n2dyYW0=\r\n====\r\nbegin 644 b.exe\r\n" +
            std::string(kProgramLine) + "\r\n`\r\nend\r\n",
        mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 2);
    CHECK(files[0].bytes == std::string("MZ\x90\0 a program", 14));
    CHECK(files[1].name == "b.exe");
    // Without `====`, the lines up to the first that is not base64.
    files.clear();
    CHECK(mail::find_uuencoded_files("begin-base64 644 c.exe\nTVqQ\nnot base64, this\n",
                                     mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].bytes == std::string("MZ\x90", 3));
  }

  TEST_CASE("begin-base64 lines that are no base64 are no file") {
    std::vector<mail::uuencoded_file> files;
    CHECK(mail::find_uuencoded_files("begin-base64 644 a.exe\nthen turn left.\n",
                                     mail::uuencode_limits{}, files));
    CHECK(mail::find_uuencoded_files("begin-base64 644 a.exe\nTVq\nmore prose\n",
                                     mail::uuencode_limits{}, files));
    CHECK(mail::find_uuencoded_files("begin-base64 a.exe\nTVqQ\n====\n", mail::uuencode_limits{},
                                     files));
    CHECK(files.empty());
    // A first line short of a group of four is one when `====` closes the file.
    CHECK(mail::find_uuencoded_files("begin-base64 644 a.exe\nTVo\n====\n", mail::uuencode_limits{},
                                     files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].bytes == "MZ");
  }

  TEST_CASE("blanks a begin-base64 block's lines carry are skipped, as decoders skip them") {
    // A trailing blank on each data line ended the file at its first line (decision 870).
    CHECK(only_file("begin-base64 644 evil.exe\nTVqQ \nACBhIHByb\t\n2dyYW0= \n====\n") == kProgram);
    // Without `====` too, and with blanks before the characters.
    CHECK(only_file("begin-base64 644 a.exe\r\n  TVqQ\t \r\n ACBh \r\n") == kProgram.substr(0, 6));
    // Blanks between a line's characters: read when `====` closes the file.
    CHECK(only_file("begin-base64 644 b.exe\nTVqQ ACBh IHByb2dyYW0=\n====\n") == kProgram);
  }

  TEST_CASE("plain words after a begin-base64 line stay text without the footer") {
    CHECK(only_file("begin-base64 644 a.exe\nthen turn left\nand walk on\n") == "(0 files)");
    CHECK(only_file("begin-base64 644 a.exe\nthen turn left \n\n") == "(0 files)");
    // A block without `====` ends before such a line, as it ended at one before.
    CHECK(only_file("begin-base64 644 c.exe\nTVqQ\nthanks bye\n") == kProgram.substr(0, 3));
  }

  TEST_CASE("a tab ending a uuencoded line is skipped") {
    CHECK(only_file(uuencoded("evil.exe", std::string(kProgramLine) + "\t")) == kProgram);
    // A tab inside the characters is no uuencoded line.
    CHECK(only_file(uuencoded("b.exe", ".35J0`\"!A\t('!R;V=R86T`")) == "(0 files)");
  }

  TEST_CASE("GNU uuencode's -encoded headers give the file, its name decoded from base64") {
    // `uuencode -e` writes the name in base64: both forms were no file (decision 876).
    std::vector<mail::uuencoded_file> files;
    CHECK(mail::find_uuencoded_files("begin-encoded 644 ZXZpbC5leGU=\n" +
                                         std::string(kProgramLine) +
                                         "\n`\nend\nbegin-base64-encoded 0755 "
                                         "aW52b2ljZS5wZGYuZXhl\nTVqQACBhIHByb2dyYW0=\n====\n",
                                     mail::uuencode_limits{}, files));
    REQUIRE(files.size() == 2);
    CHECK(files[0].name == "evil.exe");
    CHECK(files[0].bytes == kProgram);
    CHECK(files[1].name == "invoice.pdf.exe");
    CHECK(files[1].bytes == kProgram);
    // A name that is no base64, or another word after begin, is no header.
    CHECK(only_file("begin-encoded 644 evil.exe\n" + std::string(kProgramLine) + "\n`\nend\n") ==
          "(0 files)");
    CHECK(only_file("begin-other 644 evil.exe\n" + std::string(kProgramLine) + "\n`\nend\n") ==
          "(0 files)");
  }

  TEST_CASE("prose that starts with begin is no file") {
    std::vector<mail::uuencoded_file> files;
    CHECK(mail::find_uuencoded_files("begin 100 meters from here\nthen turn left\n",
                                     mail::uuencode_limits{}, files));
    CHECK(mail::find_uuencoded_files("begin 644\nM\n", mail::uuencode_limits{}, files));
    CHECK(mail::find_uuencoded_files("we begin 644 a.exe\n" + std::string(kProgramLine),
                                     mail::uuencode_limits{}, files));
    CHECK(mail::find_uuencoded_files("begin 99 a.exe\n" + std::string(kProgramLine),
                                     mail::uuencode_limits{}, files));
    CHECK(files.empty());
  }

  TEST_CASE("the budgets: files and bytes") {
    std::string text;
    for (int i = 0; i < 3; ++i) text += uuencoded("f" + std::to_string(i) + ".exe");
    std::vector<mail::uuencoded_file> files;
    mail::uuencode_limits limits;
    limits.max_files = 2;
    CHECK_FALSE(mail::find_uuencoded_files(text, limits, files));
    CHECK(files.size() == 2);
    files.clear();
    limits = {};
    limits.max_file_bytes = 10;
    CHECK_FALSE(mail::find_uuencoded_files(uuencoded("big.exe"), limits, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].bytes.empty());  // the one line of 14 bytes did not fit
  }

  TEST_CASE("the attachment conditions see a uuencoded program in a plain text message") {
    const mail::body_summary out =
        mfsim::test::inspected_body(plain_message(uuencoded("evil.exe")));
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "evil.exe");
    CHECK(out.attachments[0].executable);
    CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
    REQUIRE(out.contents.files.size() == 1);
    CHECK(out.contents.files[0].type == mail::content_type::executable);
    CHECK_FALSE(out.contents.limit_exceeded);
    // The text keeps its lines, as a mail client shows them.
    CHECK(out.text_lower.find("begin 644 evil.exe") != std::string::npos);

    mfsim::test::simulator sim(mfsim::test::kProgramRules);
    sim.run(plain_message(uuencoded("evil.exe")));
    CHECK(sim.fired() == fired_rules{"Programs", "Evil by name", "Executable"});
  }

  TEST_CASE("the attachment conditions see a begin-base64 program, within the same budgets") {
    const std::string block = base64_block("evil.exe", "TVqQACBhIHByb2dyYW0=");
    const mail::body_summary out = mfsim::test::inspected_body(plain_message(block));
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "evil.exe");
    CHECK(out.attachments[0].executable);
    mfsim::test::simulator sim(mfsim::test::kProgramRules);
    sim.run(plain_message(block));
    CHECK(sim.fired() == fired_rules{"Programs", "Evil by name", "Executable"});
    // One budget of files for both forms.
    std::string body;
    for (int i = 0; i < 33; ++i) {
      body += uuencoded("u" + std::to_string(i) + ".exe");
      body += base64_block("b" + std::to_string(i) + ".exe", "TVqQACBhIHByb2dyYW0=");
    }
    const mail::body_summary many = mfsim::test::inspected_body(plain_message(body));
    CHECK(many.attachments.size() == 64);
    CHECK(many.contents.limit_exceeded);
    // Past the bytes a file may hold.
    mail::uuencode_limits limits;
    limits.max_file_bytes = 10;
    std::vector<mail::uuencoded_file> files;
    CHECK_FALSE(mail::find_uuencoded_files(block, limits, files));
    REQUIRE(files.size() == 1);
    CHECK(files[0].bytes.empty());
  }

  TEST_CASE("the attachment conditions see a begin-base64 program whose lines end in blanks") {
    const std::string block = base64_block("evil.exe", "TVqQACBh \nIHByb2dyYW0=\t");
    const mail::body_summary out = mfsim::test::inspected_body(plain_message(block));
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].executable);
    mfsim::test::simulator sim(mfsim::test::kProgramRules);
    sim.run(plain_message(block));
    CHECK(sim.fired() == fired_rules{"Programs", "Evil by name", "Executable"});
    // Plain words after a begin-base64 line are no file.
    const mail::body_summary prose = mfsim::test::inspected_body(
        plain_message("begin-base64 644 notes.exe\nsee you soon\nbye for now\n"));
    CHECK(prose.attachments.empty());
  }

  TEST_CASE("a uuencoded file's text is inspected as any attachment's") {
    mfsim::test::simulator sim(R"(mfsim: 1
name: uu
transport_rules:
  - Name: Words in it
    AttachmentContainsWords: [secret]
    SetSCL: 8
)");
    // "secret word", uuencoded.
    sim.run(plain_message(uuencoded("notes.txt", "+<V5C<F5T('=O<F0`")));
    CHECK(sim.fired() == fired_rules{"Words in it"});
  }

  TEST_CASE("in a text part of a multipart too, not in an HTML part") {
    const std::string mime =
        "From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/alternative; "
        "boundary=XX\n\n--XX\nContent-Type: text/plain\n\n" +
        uuencoded("a.exe") + "--XX\nContent-Type: text/html\n\n<pre>\n" + uuencoded("b.exe") +
        "</pre>\n--XX--\n";
    const mail::body_summary out = mfsim::test::inspected_body(mime);
    CHECK(out.attachment_extensions == std::vector<std::string>{"exe"});
    REQUIRE(out.attachments.size() == 1);
    CHECK(out.attachments[0].name == "a.exe");
  }

  TEST_CASE("past the message's budget of files the inspection did not complete") {
    std::string body;
    for (int i = 0; i < 65; ++i) body += uuencoded("f" + std::to_string(i) + ".exe");
    const mail::body_summary out = mfsim::test::inspected_body(plain_message(body));
    CHECK(out.attachments.size() == 64);
    CHECK(out.truncated);
    CHECK(out.contents.limit_exceeded);
  }
}
