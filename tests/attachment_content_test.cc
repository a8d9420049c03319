// Tests of the attachment content conditions (issue 15): file types found from the bytes, the
// text of text, HTML, RTF, Office Open XML and OpenDocument files and of archives' files, the
// document properties, the budgets that make AttachmentProcessingLimitExceeded, and what
// explain's trace shows.
#include "engine/mail/attachment_content.h"

#include <doctest/doctest.h>
#include <mimetic/mimetic.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/mail/html_text.h"
#include "engine/mail/markup_text.h"
#include "engine/mail/office_documents.h"
#include "engine/mail/rtf_text.h"
#include "engine/rules/load_native.h"
#include "engine/status.h"
#include "tests/support/archive_writer.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/build_paths.h"
#include "tests/support/msg_writer.h"
#include "tests/support/office97_writer.h"
#include "tests/support/package_encryption_writer.h"
#include "tests/support/pdf_writer.h"
#include "tests/support/simulator.h"
#include "tests/support/word_writer.h"

namespace {

using mfsim::mail::attachment_contents;
using mfsim::mail::content_limits;
using mfsim::mail::content_type;
using mfsim::mail::inspect_attachment;
using mfsim::test::gzip_of;
using mfsim::test::inspect;
using mfsim::test::mail_with;
using mfsim::test::simulator;
using mfsim::test::zip_of;
using strings = std::vector<std::string>;
using entries = std::vector<std::pair<std::string, std::string>>;

// A .docx with one paragraph split in two runs, and its core and custom properties.
std::string docx(const std::string& paragraph, const std::string& custom_name = "Confidentiality",
                 const std::string& custom_value = "Highly Restricted") {
  const std::string half = paragraph.substr(0, paragraph.size() / 2);
  return zip_of({
      {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
      {"word/document.xml",
       "<?xml version=\"1.0\"?><w:document><w:body><w:p><w:r><w:t>" + half +
           "</w:t></w:r><w:r><w:t>" + paragraph.substr(half.size()) +
           "</w:t></w:r></w:p><w:p><w:r><w:t>Second &amp; last</w:t></w:r></w:p></w:body>"
           "</w:document>"},
      {"docProps/core.xml",
       "<cp:coreProperties><dc:title>Merger plan</dc:title><dc:creator>Tony Smith</dc:creator>"
       "</cp:coreProperties>"},
      {"docProps/custom.xml", "<Properties><property fmtid=\"{D5CDD505}\" pid=\"2\" name=\"" +
                                  custom_name + "\"><vt:lpwstr>" + custom_value +
                                  "</vt:lpwstr></property></Properties>"},
  });
}

std::string rules_of(const std::vector<std::pair<std::string, std::string>>& conditions) {
  std::string yaml = "mfsim: 1\nname: attachment-content\ntransport_rules:\n";
  for (const auto& [name, condition] : conditions) {
    yaml += "  - Name: " + name + "\n    " + condition + "\n    SetAuditSeverity: Low\n";
  }
  return yaml;
}

}  // namespace

TEST_SUITE("attachment content") {
  TEST_CASE("file types come from the bytes, whatever the name says") {
    CHECK(inspect("a.bin", "plain words\r\n").files.at(0).type == content_type::text);
    CHECK(inspect("a.txt", "<!DOCTYPE html><p>x</p>").files.at(0).type == content_type::html);
    CHECK(inspect("a.txt", "<?xml version=\"1.0\"?><a/>").files.at(0).type == content_type::xml);
    CHECK(inspect("a.doc", "{\\rtf1 hi}").files.at(0).type == content_type::rtf);
    CHECK(inspect("a.txt", "%PDF-1.7").files.at(0).type == content_type::pdf);
    CHECK(inspect("a.txt", "MZ\x90").files.at(0).type == content_type::executable);
    CHECK(inspect("a.txt", "\xFF\xD8\xFF\xE0").files.at(0).type == content_type::image);
    CHECK(inspect("logo.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10)).files.at(0).type ==
          content_type::unsupported);
    CHECK(inspect("report.zip", docx("x")).files.at(0).type == content_type::word);
    const auto odt =
        zip_of({{"mimetype", "application/vnd.oasis.opendocument.text"},
                {"content.xml", "<office:text><text:p>Odf text</text:p></office:text>"}});
    const auto odf = inspect("a", odt);
    CHECK(odf.files.at(0).type == content_type::open_document);
    CHECK(odf.files.at(0).text_lower == "odf text ");
  }

  TEST_CASE("text is read as rendered: runs join, paragraphs, references and RTF escapes") {
    const auto word = inspect("plan.docx", docx("Project Falcon"));
    REQUIRE(word.files.size() == 1);
    CHECK(word.files[0].text_lower == "project falcon second & last ");
    std::string rtf;
    CHECK(mfsim::mail::append_rtf_text(
        "{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\*\\generator X;}Wire\\par transfer \\'e9t\\u233? }", rtf,
        1000, mfsim::mail::rtf_layout::words));
    CHECK(rtf == "Wire transfer \xC3\xA9t\xC3\xA9 ");
    // An RTF attachment in another code page reads as its words (decision 374): Привет, ПЛАН.
    const auto cyrillic = inspect("memo.rtf",
                                  "{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2\\par "
                                  "\\'cf\\'cb\\'c0\\'cd}");
    REQUIRE(cyrillic.files.size() == 1);
    CHECK(cyrillic.files[0].type == content_type::rtf);
    CHECK(cyrillic.files[0].text_lower ==
          "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\xBF\xD0\xBB\xD0\xB0\xD0\xBD");
    std::string xml;
    CHECK_FALSE(mfsim::mail::append_xml_text("<a>0123456789</a>", xml, 4));
    CHECK(xml == "0123");
    const auto utf16 = inspect("u.txt", std::string("\xFF\xFEh\0i\0", 6));
    CHECK(utf16.files.at(0).text_lower == "hi");
    // A surrogate pair is one character, a lone half U+FFFD; big-endian by its mark.
    const auto pair = inspect("u.txt", std::string("\xFE\xFF\xD8\x3D\xDE\x00\xD8\x00\x00!", 10));
    CHECK(pair.files.at(0).text_lower == "\xF0\x9F\x98\x80\xEF\xBF\xBD!");
  }

  TEST_CASE("archives: ZIP entries, gzip and tar are inspected like attachments of their own") {
    const std::string inner = zip_of({{"notes/readme.txt", "Quarterly numbers"},
                                      {"deck.docx", docx("board minutes")},
                                      {"logo.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10)}});
    const auto z = inspect("bundle.zip", zip_of({{"inner.zip", inner}}));
    REQUIRE(z.files.size() == 5);
    CHECK(z.files[0].type == content_type::archive);
    CHECK(z.files[2].path == "bundle.zip/inner.zip/deck.docx");
    CHECK(z.files[2].type == content_type::word);
    CHECK(z.files[3].type == content_type::unsupported);
    CHECK(z.files[4].text_lower == "quarterly numbers");
    CHECK_FALSE(z.limit_exceeded);

    const auto gz = inspect("log.txt.gz", gzip_of("error code 42"));
    REQUIRE(gz.files.size() == 2);
    CHECK(gz.files[1].path == "log.txt.gz/log.txt");
    CHECK(gz.files[1].text_lower == "error code 42");

    std::string tar(512, '\0');
    tar.replace(0, 5, "a.txt");
    tar.replace(124, 11, "00000000005");
    tar[156] = '0';
    tar.replace(257, 5, "ustar");
    tar += std::string("hello") + std::string(507, '\0') + std::string(1024, '\0');
    const auto t = inspect("a.tar", tar);
    REQUIRE(t.files.size() == 2);
    CHECK(t.files[1].text_lower == "hello");
  }

  TEST_CASE("a long entry name is shortened in the file's path, its extension kept") {
    // Paths label notes only; 60,000-byte names nested four deep held 73 MB for a 694 KB
    // message. What the file holds is read as before.
    const std::string name = "invoice-" + std::string(60000, 'x') + ".txt";
    const auto z = inspect("bundle.zip", zip_of({{name, "Wire the payment today"}}));
    REQUIRE(z.files.size() == 2);
    CHECK(z.files[1].text_lower == "wire the payment today");
    const std::string& path = z.files[1].path;
    CHECK(path.size() < 300);
    CHECK(path.rfind("bundle.zip/invoice-xxx", 0) == 0);
    CHECK(path.find("...") != std::string::npos);
    CHECK(path.substr(path.size() - 8) == "xxxx.txt");
    // Cut between characters: a name of two-byte characters stays valid UTF-8.
    std::string accents;
    for (int k = 0; k < 500; ++k) accents += "\xC3\xA9";
    const auto u = inspect(accents + ".txt", "plain");
    const std::string& cut = u.files[0].path;
    CHECK(cut.size() < 300);
    CHECK(cut.substr(0, cut.find("...")).size() % 2 == 0);
    CHECK((cut.size() - cut.find("...") - 3 - 4) % 2 == 0);  // after "...", before ".txt"
  }

  TEST_CASE("the budgets: depth, files, unpacked bytes and ratio stop the inspection") {
    std::string nested = "deep words";
    for (int level = 0; level < 6; ++level) nested = zip_of({{"n.zip", nested}});
    const auto deep = inspect("n.zip", nested);
    CHECK(deep.limit_exceeded);
    CHECK(deep.limit_reason.find("nested more than 4 levels") != std::string::npos);

    entries many;
    for (int k = 0; k < 300; ++k) many.push_back({"f" + std::to_string(k) + ".txt", "x"});
    const auto wide = inspect("many.zip", zip_of(many));
    CHECK(wide.limit_exceeded);
    CHECK(wide.files.size() == 256);

    // 2 MiB of zeros packs to about 2 KiB: over the 100:1 ratio for an entry over 1 MiB.
    const auto bomb = inspect("bomb.zip", zip_of({{"zeros.txt", std::string(2u << 20, '0')}}));
    CHECK(bomb.limit_exceeded);
    CHECK(bomb.limit_reason.find("times its packed size") != std::string::npos);

    content_limits small;
    small.max_file_bytes = 1000;
    const auto big = inspect("big.zip", zip_of({{"a.txt", std::string(5000, 'a')}}), small);
    CHECK(big.limit_exceeded);
    CHECK(big.limit_reason.find("more than 1000 bytes") != std::string::npos);

    // A ZIP64 end record stating 70,000 entries is refused before libzip lists them (listing
    // 900,000 held 544 MB).
    std::string stated = zip_of({{"a.txt", "x"}});
    const std::size_t end = stated.rfind(std::string("PK\x05\x06", 4));
    REQUIRE(end != std::string::npos);
    const auto append_le = [](std::string& out, std::uint64_t value, int width) {
      for (int k = 0; k < width; ++k) out += static_cast<char>((value >> (8 * k)) & 0xFF);
    };
    std::string zip64 = stated.substr(0, end);
    const std::size_t record_at = zip64.size();
    zip64 += std::string("PK\x06\x06", 4);
    append_le(zip64, 44, 8);     // the record's size after this field
    append_le(zip64, 45, 2);     // version made by
    append_le(zip64, 45, 2);     // version needed
    append_le(zip64, 0, 8);      // disk numbers
    append_le(zip64, 70000, 8);  // entries on this disk
    append_le(zip64, 70000, 8);  // entries in all
    append_le(zip64, 0, 8);      // directory size (not read)
    append_le(zip64, 0, 8);      // directory offset (not read)
    zip64 += std::string("PK\x06\x07", 4);
    append_le(zip64, 0, 4);
    append_le(zip64, record_at, 8);
    append_le(zip64, 1, 4);
    zip64 += std::string("PK\x05\x06", 4);
    append_le(zip64, 0, 4);
    append_le(zip64, 0xFFFF, 2);
    append_le(zip64, 0xFFFF, 2);
    append_le(zip64, 0xFFFFFFFF, 8);
    append_le(zip64, 0, 2);
    const auto listed = inspect("listed.zip", zip64);
    CHECK(listed.limit_exceeded);
    CHECK(listed.limit_reason.find("states more than 65536 entries") != std::string::npos);

    const auto long_text = inspect("long.txt", std::string(3u << 20, 'w'));
    CHECK(long_text.files.at(0).text_lower.size() == (1u << 20));  // Exchange's 1 MB of text
    CHECK_FALSE(long_text.limit_exceeded);
  }

  TEST_CASE("hostile markup costs its size: references, tags and properties are read in one pass") {
    std::string out;
    for (const char* unit : {"&", "<a", "<!--", "&#", "<property name='"}) {
      std::string hostile;
      while (hostile.size() < (4u << 20)) hostile += unit;
      out.clear();
      (void)mfsim::mail::append_xml_text(hostile, out, 1u << 20);
      out.clear();
      (void)mfsim::mail::append_rtf_text(hostile, out, 1u << 20, mfsim::mail::rtf_layout::words);
      out.clear();
      mfsim::mail::append_html_text(hostile, out);
      std::vector<mfsim::mail::document_property> properties;
      mfsim::mail::read_custom_properties(hostile, properties);
      mfsim::mail::read_builtin_properties(hostile, properties);
      CHECK(inspect("a.xml", "<?xml?>" + hostile).files.size() == 1);
    }
  }

  TEST_CASE("a document keeps at most kMaxDocumentProperties properties") {
    // A million empty elements made a million strings (an audit: 144 MB for a 7.5 KB message).
    std::string custom = "<Properties>";
    std::string core = "<cp:coreProperties>";
    for (int k = 0; k < 5000; ++k) {
      custom += "<property name='p'><vt:lpwstr>v</vt:lpwstr></property>";
      core += "<dc:title>t</dc:title>";
    }
    std::vector<mfsim::mail::document_property> properties;
    mfsim::mail::read_custom_properties(custom + "</Properties>", properties);
    CHECK(properties.size() == mfsim::mail::kMaxDocumentProperties);
    properties.clear();
    mfsim::mail::read_builtin_properties(core + "</cp:coreProperties>", properties);
    CHECK(properties.size() == mfsim::mail::kMaxDocumentProperties);
    // Real documents are far inside it: both kinds are read.
    properties.clear();
    mfsim::mail::read_builtin_properties("<dc:title>Plan</dc:title>", properties);
    mfsim::mail::read_custom_properties(
        "<property name='Class'><vt:lpwstr>High</vt:lpwstr></property>", properties);
    CHECK(properties.size() == 2);
  }

  TEST_CASE("AttachmentContainsWords and AttachmentMatchesPatterns read every file's text") {
    simulator sim(rules_of({{"Words", "AttachmentContainsWords: [project falcon, merger]"},
                            {"Patterns", "AttachmentMatchesPatterns: ['\\d{3}-\\d{2}-\\d{4}']"},
                            {"NotWords", "ExceptIfAttachmentContainsWords: [falcon]"}}));
    sim.run(mail_with({{"plan.docx", docx("Project Falcon")}}));
    CHECK(sim.fired() == strings{"Words"});
    sim.run(mail_with({{"a.zip", zip_of({{"ids.txt", "ssn 078-05-1120"}})}}));
    CHECK(sim.fired() == strings{"Patterns", "NotWords"});
    // Whole words only, and the message body is not an attachment.
    sim.run(mail_with({{"a.txt", "falconry mergers"}}));
    CHECK(sim.fired() == strings{"NotWords"});
  }

  TEST_CASE("a Word 97-2003 document's pieces are its text, field instructions left out") {
    // "Quarterly report" 8-bit, then "Résumé" and a hyperlink field in UTF-16, a paragraph mark.
    std::string utf16;
    for (const char16_t c :
         std::u16string(u"R\u00e9sum\u00e9 \x13 HYPERLINK \"http://x\" \x14here\x15\r")) {
      utf16 += static_cast<char>(c & 0xFF);
      utf16 += static_cast<char>(c >> 8);
    }
    const std::string doc =
        mfsim::test::word_97({{"Quarterly\x0Breport \x93ok\x94 ", true}, {utf16, false}});
    const auto read = inspect("report.doc", doc);
    REQUIRE(read.files.size() == 1);
    CHECK(read.files[0].type == content_type::office_binary);
    CHECK(read.files[0].contents_read);
    CHECK(read.files[0].text_lower ==
          "quarterly report \xE2\x80\x9Cok\xE2\x80\x9D r\xC3\xA9sum\xC3\xA9 here ");
    // Cut at max_text_bytes.
    content_limits small;
    small.max_text_bytes = 9;
    CHECK(inspect("report.doc", doc, small).files.at(0).text_lower == "quarterly");
    // Encrypted, or no WordDocument stream (a workbook): supported, its text not read.
    for (const std::string& other : {mfsim::test::word_97({{"secret", true}}, 0x0300),
                                     mfsim::test::word_97({{"cells", true}}, 0x0200, "Workbook")}) {
      const auto f = inspect("a.doc", other).files.at(0);
      CHECK(f.type == content_type::office_binary);
      CHECK_FALSE(f.contents_read);
      CHECK(f.text_lower.empty());
    }
    // A Word 6 or 95 document (nFib 101-104): its FIB is another, not read.
    std::string word95 = mfsim::test::word_97({{"old text", true}});
    const auto ident = word95.find(std::string("\xEC\xA5\xC1\x00", 4));
    REQUIRE(ident != std::string::npos);
    word95[ident + 2] = '\x65';
    CHECK_FALSE(inspect("a.doc", word95).files.at(0).contents_read);
    // A damaged piece table: not read, never a crash.
    std::string damaged = mfsim::test::word_97({{"text", true}});
    CHECK(inspect("a.doc", damaged.substr(0, damaged.size() / 2)).files.at(0).text_lower.empty());
    // And a rule reads it.
    simulator sim(rules_of({{"Words", "AttachmentContainsWords: [quarterly report]"}}));
    sim.run(mail_with({{"report.doc", doc}}));
    CHECK(sim.fired() == strings{"Words"});
  }

  TEST_CASE("Excel and PowerPoint 97-2003 files: shared strings, labels and text atoms") {
    using mfsim::test::office_text;
    using mfsim::test::utf16le;
    const std::vector<office_text> shared = {{"Wire transfer", false},
                                             {utf16le("Caf\xC3\xA9 \xC3\xBC"
                                                      "ber"),
                                              true},
                                             {"line\nbreak", false}};
    // Records of 20 bytes split strings between the SST and its CONTINUE records; 8224-byte
    // ones hold them whole: the same text either way.
    for (const std::size_t record_size : {std::size_t{20}, std::size_t{8224}}) {
      INFO(record_size);
      const auto book =
          inspect("book.xls", mfsim::test::excel_97(shared, {{"Label cell", false}}, record_size))
              .files.at(0);
      CHECK(book.type == content_type::office_binary);
      CHECK(book.contents_read);
      CHECK(book.text_lower ==
            "wire transfer caf\xC3\xA9 \xC3\xBC"
            "ber line break label cell");
    }
    const auto slides =
        inspect("deck.ppt", mfsim::test::powerpoint_97({{"Quarterly\rresults", false},
                                                        {utf16le("R\xC3\xA9vision\x0B"
                                                                 "finale"),
                                                         true}}))
            .files.at(0);
    CHECK(slides.contents_read);
    CHECK(slides.text_lower == "quarterly results r\xC3\xA9vision finale");
    // Encrypted with a password (a FILEPASS record, an EncryptedSummary stream), or with XOR
    // obfuscation, whose decryption mfsim does not implement: supported, not read.
    using method = mfsim::test::excel_encryption::method;
    for (const std::string& locked :
         {mfsim::test::excel_97(shared, {}, 8224, {method::rc4_cryptoapi, "secret"}),
          mfsim::test::excel_97(shared, {}, 8224, {method::rc4, "secret"}),
          mfsim::test::excel_97(shared, {}, 8224, {method::xor_obfuscation, "VelvetSweatshop"}),
          mfsim::test::powerpoint_97({{"secret", false}}, "secret"),
          mfsim::test::powerpoint_97({{"secret", false}}, "/01Hannes Ruescher/01")}) {
      const auto f = inspect("locked", locked).files.at(0);
      CHECK(f.type == content_type::office_binary);
      CHECK_FALSE(f.contents_read);
      CHECK(f.text_lower.empty());
    }
    // Encrypted with RC4 and Excel's default password, which opens it without asking: its
    // records are decrypted and read ([MS-XLS] 2.2.10), across 1024-byte blocks too.
    std::vector<office_text> many = shared;
    for (int k = 0; k < 200; ++k) many.push_back({"row " + std::to_string(k), false});
    const std::string many_text =
        inspect("plain.xls", mfsim::test::excel_97(many, {}, 300)).files.at(0).text_lower;
    for (const method cipher : {method::rc4, method::rc4_cryptoapi}) {
      const auto f =
          inspect("velvet.xls", mfsim::test::excel_97(many, {}, 300, {cipher, "VelvetSweatshop"}))
              .files.at(0);
      CHECK(f.contents_read);
      CHECK(f.text_lower == many_text);
    }
    CHECK(many_text.find("row 199") != std::string::npos);
    // A rule reads it; the file is not password-protected (decision 187).
    simulator velvet(rules_of({{"Words", "AttachmentContainsWords: [row 150]"},
                               {"Locked", "AttachmentIsPasswordProtected: true"}}));
    velvet.run(mail_with(
        {{"velvet.xls", mfsim::test::excel_97(many, {}, 300, {method::rc4, "VelvetSweatshop"})}}));
    CHECK(velvet.fired() == strings{"Words"});
    velvet.run(mail_with(
        {{"locked.xls", mfsim::test::excel_97(many, {}, 300, {method::rc4, "row 150"})}}));
    CHECK(velvet.fired() == strings{"Locked"});
    // Cut at max_text_bytes, between characters; a damaged file is no crash.
    content_limits small;
    small.max_text_bytes = 5;
    CHECK(inspect("book.xls", mfsim::test::excel_97(shared), small).files.at(0).text_lower ==
          "wire ");
    const std::string book = mfsim::test::excel_97(shared, {}, 20);
    for (std::size_t cut = 0; cut < book.size(); cut += 97)
      (void)inspect("cut.xls", book.substr(0, cut));
    // A workbook another program wrote, its string table continued in a second record
    // (tests/testdata/office.md): every string, in order.
    std::ifstream in(mfsim::test::source_dir() + "/tests/testdata/office/xlwt-workbook.xls",
                     std::ios::binary);
    const std::string xlwt{std::istreambuf_iterator<char>(in), {}};
    const std::string text = inspect("xlwt.xls", xlwt).files.at(0).text_lower;
    CHECK(
        text.starts_with("wire transfer caf\xC3\xA9 \xC3\xBC"
                         "ber \xE2\x98\x83 row 0 payment due "
                         "row 1 \xE6\x94\xAF\xE6\x89\x95\xE3\x81\x84 due"));
    CHECK(text.ends_with("row 698 payment due row 699 \xE6\x94\xAF\xE6\x89\x95\xE3\x81\x84 due"));
    std::size_t rows = 0;
    for (std::size_t at = text.find(" due"); at != std::string::npos;
         at = text.find(" due", at + 1))
      ++rows;
    CHECK(rows == 700);
    simulator sim(rules_of({{"Words", "AttachmentContainsWords: [wire transfer]"}}));
    sim.run(mail_with({{"book.xls", mfsim::test::excel_97(shared)}}));
    CHECK(sim.fired() == strings{"Words"});
  }

  TEST_CASE("a PDF's pages are its text; an encrypted one is supported and not read") {
    const std::string pdf =
        mfsim::test::one_page_pdf("BT /F1 12 Tf [(Wire)-300(Tr)-10(ansfer)] TJ ET", true);
    const auto read = inspect("invoice.pdf", pdf);
    CHECK(read.files.at(0).type == content_type::pdf);
    CHECK(read.files.at(0).contents_read);
    CHECK(read.files.at(0).text_lower == "wire transfer");
    CHECK_FALSE(read.limit_exceeded);
    // Inside a ZIP too.
    CHECK(inspect("a.zip", zip_of({{"in.pdf", pdf}})).files.at(1).text_lower == "wire transfer");
    std::string encrypted = pdf;
    encrypted.replace(encrypted.find("/Root"), 5, "/Encrypt 9 0 R /Root");
    const auto locked = inspect("locked.pdf", encrypted).files.at(0);
    CHECK_FALSE(locked.contents_read);
    CHECK(locked.text_lower.empty());
    // Its streams count as unpacked bytes, against the file's bound.
    content_limits small;
    small.max_file_bytes = 10;
    const auto cut = inspect("invoice.pdf", pdf, small);
    CHECK(cut.limit_exceeded);
    CHECK(cut.limit_reason == "invoice.pdf reads more than 10 bytes of streams");
    simulator sim(rules_of({{"Words", "AttachmentContainsWords: [wire transfer]"},
                            {"Unsupported", "AttachmentIsUnsupported: true"}}));
    sim.run(mail_with({{"invoice.pdf", pdf}}));
    CHECK(sim.fired() == strings{"Words"});
    sim.run(mail_with({{"locked.pdf", encrypted}}));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("AttachmentPropertyContainsWords reads core and custom properties by name") {
    simulator sim(
        rules_of({{"Custom", "AttachmentPropertyContainsWords: ['Confidentiality:Restricted']"},
                  {"Author", "AttachmentPropertyContainsWords: ['Author:Tony Smith,Kim Akers']"},
                  {"Other", "AttachmentPropertyContainsWords: ['Department:Restricted']"}}));
    sim.run(mail_with({{"plan.docx", docx("x")}}));
    CHECK(sim.fired() == strings{"Custom", "Author"});
    sim.run(mail_with({{"plan.docx", docx("x", "Confidentiality", "Public")}}));
    CHECK(sim.fired() == strings{"Author"});
    sim.run(mail_with({{"a.txt", "Confidentiality: Restricted"}}));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("AttachmentIsUnsupported and AttachmentProcessingLimitExceeded") {
    simulator sim(rules_of({{"Unsupported", "AttachmentIsUnsupported: true"},
                            {"Limit", "AttachmentProcessingLimitExceeded: true"}}));
    sim.run(mail_with({{"a.txt", "words"}, {"b.pdf", "%PDF-1.4"}, {"c.docx", docx("x")}}));
    CHECK(sim.fired().empty());
    sim.run(mail_with({{"logo.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10)}}));
    CHECK(sim.fired() == strings{"Unsupported"});
    std::string nested = "x";
    for (int level = 0; level < 6; ++level) nested = zip_of({{"n.zip", nested}});
    sim.run(mail_with({{"n.zip", nested}}));
    CHECK(sim.fired() == strings{"Limit"});
  }

  TEST_CASE("the loader checks Property:words and $false adds no condition") {
    const auto rules = mfsim::rules::load_rule_set_yaml(
        rules_of({{"Off", "AttachmentIsUnsupported: false"}}), "t.yaml");
    CHECK(rules.transport_rules.at(0).conditions.empty());
    try {
      (void)mfsim::rules::load_rule_set_yaml(
          rules_of({{"Bad", "AttachmentPropertyContainsWords: [Confidentiality]"}}), "t.yaml");
      FAIL("a property without words loaded");
    } catch (const mfsim::load_error& e) {
      CHECK(std::string(e.what()).find("expected \"PropertyName:word1,word2\"") !=
            std::string::npos);
    }
  }

  TEST_CASE("explain's trace shows the file and text each content condition matched") {
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(
        rules_of({{"Words", "AttachmentContainsWords: [falcon]"},
                  {"Unsupported", "AttachmentIsUnsupported: true"}}),
        "t.yaml"));
    mfsim::scratch s;
    mfsim::evaluation_trace trace;
    const std::string m = mail_with({{"plan.docx", docx("Project Falcon")}});
    (void)mfsim::evaluate(*plan, m, {}, s, nullptr, &trace);
    REQUIRE(trace.conditions.size() == 2);
    const auto& words = trace.conditions[0];
    CHECK(words.result);
    CHECK(words.match.value.substr(0, 11) == "plan.docx: ");
    REQUIRE(words.match.offset);
    CHECK(words.match.value.substr(*words.match.offset, words.match.length) == "falcon");
    const auto& unsupported = trace.conditions[1];
    CHECK_FALSE(unsupported.result);
    REQUIRE(unsupported.decoded_values.size() == 1);
    CHECK(unsupported.decoded_values[0].find("plan.docx: word") == 0);
  }

  // "Use mail flow rules to inspect message attachments in Exchange Online"
  // (learn.microsoft.com/exchange/security-and-compliance/mail-flow-rules/
  // inspect-message-attachments), of the conditions it lists, file name and file extension
  // among them: "All of these conditions will scan compressed archive attachments"
  // (decision 407).
  TEST_CASE("the file name conditions read the names of the files inside archives") {
    simulator sim(R"(mfsim: 1
name: archived-names
transport_rules:
  - Name: Extension
    AttachmentExtensionMatchesWords: [exe, js]
    SetAuditSeverity: Low
  - Name: Name
    AttachmentNameMatchesPatterns: ['^invoice']
    SetAuditSeverity: Low
)");
    sim.run(mail_with({{"bundle.zip", zip_of({{"docs/", ""}, {"docs/Invoice-7.EXE", "MZ"}})}}));
    CHECK(sim.fired() == strings{"Extension", "Name"});
    // An archive inside an archive, and the one file of a gzip stream.
    sim.run(mail_with({{"outer.zip", zip_of({{"inner.zip", zip_of({{"run.js", "x"}})}})}}));
    CHECK(sim.fired() == strings{"Extension"});
    sim.run(mail_with({{"setup.exe.gz", gzip_of("MZ")}}));
    CHECK(sim.fired() == strings{"Extension"});
    // The archive's own names decide nothing more: other files, a folder, the archive itself.
    sim.run(mail_with({{"bundle.zip", zip_of({{"invoice.exe/", ""}, {"readme.txt", "hi"}})}}));
    CHECK(sim.fired().empty());
    // A document is not an archive: the parts of a .docx are not files the rules name.
    sim.run(mail_with({{"plan.docx", docx("Quarterly plan")}}));
    CHECK(sim.fired().empty());
  }

  // The attachments page lists "Any attachment has executable content" among the conditions of
  // which "All of these conditions will scan compressed archive attachments" (decision 410).
  TEST_CASE("AttachmentHasExecutableContent finds programs inside archives") {
    simulator sim(R"(mfsim: 1
name: archived-programs
transport_rules:
  - Name: Program
    AttachmentHasExecutableContent: true
    SetAuditSeverity: Low
)");
    sim.run(mail_with({{"invoice.zip", zip_of({{"invoice.pdf", "MZ\x90"}})}}));
    CHECK(sim.fired() == strings{"Program"});
    sim.run(mail_with({{"a.zip", zip_of({{"b.zip", zip_of({{"run.scr", "MZ"}})}})}}));
    CHECK(sim.fired() == strings{"Program"});
    sim.run(mail_with({{"setup.gz", gzip_of("MZ")}}));
    CHECK(sim.fired() == strings{"Program"});
    // No program: a text file named .exe, and nothing at all.
    sim.run(mail_with({{"bundle.zip", zip_of({{"setup.exe", "hello"}})}}));
    CHECK(sim.fired().empty());
    // Inside a document is not inside an archive (decision 407).
    sim.run(mail_with({{"plan.docx", docx("Quarterly plan")}}));
    CHECK(sim.fired().empty());
  }

  // The attachments page lists "Any attachment is password protected" among the conditions of
  // which "All of these conditions will scan compressed archive attachments" (decision 411).
  TEST_CASE("AttachmentIsPasswordProtected finds locked files inside archives") {
    simulator sim(R"(mfsim: 1
name: archived-passwords
transport_rules:
  - Name: Locked
    AttachmentIsPasswordProtected: true
    SetAuditSeverity: Low
)");
    const std::string locked = mfsim::test::encrypted_package(docx("Quarterly plan"), "secret");
    sim.run(mail_with({{"plan.zip", zip_of({{"plan.docx", locked}})}}));
    CHECK(sim.fired() == strings{"Locked"});
    sim.run(mail_with({{"a.tar.gz", gzip_of(zip_of({{"plan.docx", locked}}))}}));
    CHECK(sim.fired() == strings{"Locked"});
    sim.run(mail_with({{"plan.zip", zip_of({{"plan.docx", docx("Quarterly plan")}})}}));
    CHECK(sim.fired().empty());
  }
}
