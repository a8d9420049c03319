// Writes seeds for the attachment_content and message_inspection targets into the folder named
// on the command line (tools/fuzz.sh): Office Open XML and OpenDocument documents, ZIP archives
// nested in each other, gzip, tar, 7z, RAR, cabinet and bzip2 archives, Word, Excel and
// PowerPoint 97-2003 files, PDF, RTF, HTML and UTF-16 text; `raw` writes the files themselves,
// `eml` a message with each as a base64 attachment.
#include <mimetic/mimetic.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/archive_writer.h"
#include "tests/support/msg_writer.h"
#include "tests/support/office97_writer.h"
#include "tests/support/ole_object_writer.h"
#include "tests/support/package_encryption_writer.h"
#include "tests/support/pdf_writer.h"
#include "tests/support/property_set_writer.h"
#include "tests/support/rar_writer.h"
#include "tests/support/word_writer.h"

namespace {

using mfsim::test::gzip_of;
using mfsim::test::zip_of;
using files = std::vector<std::pair<std::string, std::string>>;

// A compound file holding only property sets: built-in and custom properties, their names in a
// UTF-16 dictionary.
std::string properties_doc() {
  using namespace mfsim::test;
  const std::string summary = property_set_stream(
      {{kSummaryInformationFmtid, {{1, vt_i2(1252)}, {2, vt_lpstr("Merger plan")}}}});
  const std::string custom =
      property_set_stream({{kDocumentSummaryFmtid, {{1, vt_i2(1252)}, {0x0F, vt_lpstr("Contoso")}}},
                           {kUserDefinedFmtid,
                            {{1, vt_i2(1200)},
                             {0, dictionary({{2, "Confidentiality"}, {3, "Reviewed"}}, true)},
                             {2, vt_lpwstr(std::string("H\0i\0", 4))},
                             {3, vt_bool(true)}}}});
  return write_compound_file({{"\005SummaryInformation", false, summary, {}},
                              {"\005DocumentSummaryInformation", false, custom, {}}});
}

// A presentation keeping a Package object's storage in an ExOleObjStg atom (uncompressed).
std::string presentation_with_object() {
  using mfsim::test::le_bytes;
  const std::string storage = mfsim::test::write_compound_file(
      {{"\001Ole10Native", false, mfsim::test::ole10_native("a.js", "a.js", "wire transfer"), {}}});
  const std::string atom = le_bytes(0, 2) + le_bytes(0x1011, 2) +
                           le_bytes(static_cast<std::uint32_t>(storage.size()), 4) + storage;
  const std::string document = le_bytes(0xF, 2) + le_bytes(0x03E8, 2) +
                               le_bytes(static_cast<std::uint32_t>(atom.size()), 4) + atom;
  return mfsim::test::write_compound_file({{"PowerPoint Document", false, document, {}}});
}

// An archive another program wrote (tests/testdata/archives.md).
std::string archive(const std::string& name) {
  std::ifstream in(MFSIM_SOURCE_DIR "/tests/testdata/archives/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string docx() {
  return zip_of(
      {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
       {"word/document.xml",
        "<w:document><w:body><w:p><w:r><w:t>Project </w:t></w:r><w:r><w:t>Falcon</w:t></w:r>"
        "</w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>078-05-1120 &amp; wire transfer</w:t></w:r></w:p>"
        "</w:tc></w:tr></w:tbl></w:body></w:document>"},
       {"word/header1.xml", "<w:hdr><w:p><w:r><w:t>Confidential</w:t></w:r></w:p></w:hdr>"},
       {"docProps/core.xml",
        "<cp:coreProperties><dc:title>Merger</dc:title><dc:creator>Tony</dc:creator>"
        "</cp:coreProperties>"},
       {"docProps/app.xml", "<Properties><Company>Contoso</Company></Properties>"},
       {"docProps/custom.xml",
        "<Properties><property fmtid=\"{D5CDD505}\" pid=\"2\" name=\"Confidentiality\">"
        "<vt:lpwstr>High</vt:lpwstr></property></Properties>"},
       {"word/embeddings/inner.txt", "embedded words"}});
}

std::string xlsx() {
  return zip_of(
      {{"[Content_Types].xml", "<Types/>"},
       {"xl/workbook.xml", "<workbook/>"},
       {"xl/sharedStrings.xml", "<sst><si><t>IBAN</t></si><si><t>DE89 3704</t></si></sst>"}});
}

std::string pptx() {
  return zip_of({{"[Content_Types].xml", "<Types/>"},
                 {"ppt/presentation.xml", "<p:presentation/>"},
                 {"ppt/slides/slide1.xml", "<p:sld><a:p><a:r><a:t>Board</a:t></a:r></a:p></p:sld>"},
                 {"ppt/slides/slide10.xml", "<p:sld><a:p><a:r><a:t>Q3</a:t></a:r></a:p></p:sld>"}});
}

std::string odt() {
  return zip_of({{"mimetype", "application/vnd.oasis.opendocument.text"},
                 {"content.xml", "<office:text><text:p>Odf<text:s/>text</text:p></office:text>"}});
}

std::string tar_of(const std::string& name, const std::string& bytes) {
  std::string header(512, '\0');
  header.replace(0, name.size(), name);
  char size[12];
  std::snprintf(size, sizeof size, "%011o", static_cast<unsigned>(bytes.size()));
  header.replace(124, 11, size);
  header[156] = '0';
  header.replace(257, 5, "ustar");
  return header + bytes + std::string((512 - bytes.size() % 512) % 512, '\0') +
         std::string(1024, '\0');
}

files seeds() {
  const std::string nested = zip_of({{"docs/plan.docx", docx()}, {"notes.txt", "wire transfer"}});
  return {
      {"plan.docx", docx()},
      {"book.xlsx", xlsx()},
      {"deck.pptx", pptx()},
      {"letter.odt", odt()},
      {"bundle.zip", zip_of({{"inner.zip", nested}, {"logo.png", "\x89PNG\r\n\x1a\n"}})},
      {"log.txt.gz", gzip_of("error 078-05-1120")},
      {"a.tar", tar_of("a.txt", "tar words")},
      {"report.doc", mfsim::test::word_97({{"Project Falcon\r\x13 HYPERLINK \x14wire\x15", true}})},
      {"memo.rtf", "{\\rtf1{\\fonttbl{\\f0 Arial;}}Wire\\par transfer \\'e9\\u233?}"},
      {"page.html", "<!DOCTYPE html><p>Project&nbsp;<b>Falcon</b></p>"},
      {"u.txt", std::string("\xFF\xFEh\0i\0", 6)},
      {"book.xls", mfsim::test::excel_97({{"Wire transfer", false}, {"caf\xE9 total", false}},
                                         {{"label", false}}, 16)},
      {"deck.ppt", mfsim::test::powerpoint_97(
                       {{"Quarterly\rresults", false}, {std::string("h\0i\0", 4), true}})},
      {"velvet.xls", mfsim::test::excel_97({{"Wire transfer", false}}, {}, 8224,
                                           {mfsim::test::excel_encryption::method::rc4_cryptoapi,
                                            "VelvetSweatshop"})},
      {"locked.ppt", mfsim::test::powerpoint_97({{"secret", false}}, "/01Hannes Ruescher/01")},
      {"files.rar", mfsim::test::rar4_of({{"a.txt", "wire transfer"}, {"b.txt", "x", true}})},
      {"files5.rar", mfsim::test::rar5_of({{"dir/a.txt", "wire transfer"}})},
      {"props.doc", properties_doc()},
      {"objects.doc", mfsim::test::write_compound_file(
                          {{"ObjectPool",
                            true,
                            {},
                            {{"_1",
                              true,
                              {},
                              {{"\001Ole10Native",
                                false,
                                mfsim::test::ole10_native("a.js", "C:\\a.js", "wire transfer"),
                                {}}}},
                             {"_2", true, {}, {{"Package", false, xlsx(), {}}}}}}})},
      {"object.ppt", presentation_with_object()},
      {"velvet.xlsx", mfsim::test::encrypted_package(xlsx(), "VelvetSweatshop", 10)},
      {"plain.7z", archive("plain.7z")},
      {"locked.7z", archive("header-encrypted.7z")},
      {"memo.cab", archive("memo.cab")},
      {"both.tar.bz2", archive("both.tar.bz2")},
      {"invoice.pdf", mfsim::test::sample_pdf()},
      {"notice.pdf", mfsim::test::one_page_pdf("BT /F1 12 Tf [(Wire)-300(transfer)] TJ ET", true)}};
}

std::string base64(const std::string& bytes) {
  std::string out;
  mimetic::Base64::Encoder encoder;
  mimetic::encode(bytes.begin(), bytes.end(), encoder, std::back_inserter(out));
  return out;
}

std::string message_with(const std::string& name, const std::string& bytes) {
  return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: "
         "text/plain\r\n\r\nsee attached\r\n--XX\r\nContent-Type: application/octet-stream; "
         "name=\"" +
         name + "\"\r\nContent-Disposition: attachment; filename=\"" + name +
         "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(bytes) + "\r\n--XX--\r\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 3 ? argv[2] : "";
  if (mode != "raw" && mode != "eml") {
    std::fprintf(stderr, "usage: fuzz_seed_attachments FOLDER raw|eml\n");
    return 2;
  }
  for (const auto& [name, bytes] : seeds()) {
    const std::string path = std::string(argv[1]) + "/seed-attachment-" + name + "." + mode;
    std::ofstream out(path, std::ios::binary);
    out << (mode == "raw" ? bytes : message_with(name, bytes));
    if (!out) {
      std::fprintf(stderr, "fuzz_seed_attachments: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
