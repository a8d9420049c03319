// Files embedded in Office 97-2003 documents and OLE objects (engine/mail/embedded_objects.h,
// decision 380): Package objects and embedded Office 2007 documents, read as files of their
// own, within the budgets.
#include "engine/mail/embedded_objects.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "tests/support/archive_writer.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/le_bytes.h"
#include "tests/support/msg_writer.h"
#include "tests/support/ole_object_writer.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::mail::content_type;
using mfsim::test::cfb_node;
using mfsim::test::inspect;
using mfsim::test::ole10_native;
using mfsim::test::write_compound_file;

// A Word 97-2003 document's object pool: a Package object holding a script, and a workbook
// embedded whole (its ZIP in a Package stream).
std::string document_with_objects() {
  const std::string xlsx = mfsim::test::zip_of(
      {{"[Content_Types].xml", "<Types/>"},
       {"xl/workbook.xml", "<workbook/>"},
       {"xl/sharedStrings.xml", "<sst><si><t>Quarterly results</t></si></sst>"}});
  return write_compound_file(
      {{"WordDocument", false, std::string(64, '\0'), {}},
       {"ObjectPool",
        true,
        {},
        {{"_1234",
          true,
          {},
          {{"\001Ole10Native",
            false,
            ole10_native("invoice.js", "C:\\tmp\\invoice.js", "// wire transfer now\nrun();"),
            {}}}},
         {"_5678", true, {}, {{"Package", false, xlsx, {}}}}}}});
}

// A PowerPoint 97-2003 presentation whose one object keeps a Package object's storage in an
// ExOleObjStg atom ([MS-PPT] 2.10.34-2.10.35), zlib-compressed or not.
std::string presentation_with_object(bool compressed) {
  using mfsim::test::le_bytes;
  const std::string storage =
      write_compound_file({{"\001Ole10Native",
                            false,
                            ole10_native("notes.txt", "C:\\notes.txt", "wire transfer"),
                            {}}});
  std::string data = storage;
  if (compressed) {
    uLongf size = compressBound(static_cast<uLong>(storage.size()));
    std::string packed(size, '\0');
    REQUIRE(compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
                      reinterpret_cast<const Bytef*>(storage.data()),
                      static_cast<uLong>(storage.size()), 9) == Z_OK);
    packed.resize(size);
    data = le_bytes(static_cast<std::uint32_t>(storage.size()), 4) + packed;
  }
  const std::string atom = le_bytes(compressed ? 0x10 : 0, 2) + le_bytes(0x1011, 2) +
                           le_bytes(static_cast<std::uint32_t>(data.size()), 4) + data;
  const std::string document = le_bytes(0xF, 2) + le_bytes(0x03E8, 2) +
                               le_bytes(static_cast<std::uint32_t>(atom.size()), 4) + atom;
  return write_compound_file({{"PowerPoint Document", false, document, {}}});
}

}  // namespace

TEST_SUITE("embedded objects") {
  TEST_CASE("a presentation's objects, kept in its own records, give up their packaged files") {
    for (const bool compressed : {true, false}) {
      INFO(compressed);
      const auto read = inspect("deck.ppt", presentation_with_object(compressed));
      REQUIRE(read.files.size() == 2);
      CHECK(read.files[1].path == "deck.ppt/notes.txt");
      CHECK(read.files[1].text_lower == "wire transfer");
    }
  }

  TEST_CASE("a document's Package objects and embedded documents are files of their own") {
    const auto read = inspect("report.doc", document_with_objects());
    REQUIRE(read.files.size() == 3);
    CHECK(read.files[0].type == content_type::office_binary);
    CHECK(read.files[1].path == "report.doc/invoice.js");
    CHECK(read.files[1].type == content_type::text);
    CHECK(read.files[1].text_lower == "// wire transfer now\nrun();");
    CHECK(read.files[2].path == "report.doc/ObjectPool/_5678/Package");
    CHECK(read.files[2].type == content_type::spreadsheet);
    CHECK(read.files[2].text_lower == "quarterly results ");
  }

  TEST_CASE("an Office Open XML package's OLE object gives up its packaged file") {
    const std::string object =
        write_compound_file({{"\001Ole10Native",
                              false,
                              ole10_native("setup.exe", "D:\\setup.exe", "MZ\x90\x00rest"),
                              {}}});
    const std::string docx = mfsim::test::zip_of(
        {{"[Content_Types].xml", "<Types/>"},
         {"word/document.xml",
          "<w:document><w:p><w:r><w:t>See the object</w:t></w:r></w:p></w:document>"},
         {"word/embeddings/oleObject1.bin", object}});
    const auto read = inspect("memo.docx", docx);
    REQUIRE(read.files.size() == 3);
    CHECK(read.files[1].path == "memo.docx/word/embeddings/oleObject1.bin");
    CHECK(read.files[2].path == "memo.docx/word/embeddings/oleObject1.bin/setup.exe");
    CHECK(read.files[2].type == content_type::executable);
  }

  TEST_CASE("native data of another layout is kept whole; budgets and damage hold") {
    // Only the size and the data ([MS-OLEDS] 2.3.6), as some writers store it.
    const std::string raw = std::string("\x0B\x00\x00\x00", 4) + "plain words";
    const auto read = inspect("a.doc", write_compound_file({{"\001Ole10Native", false, raw, {}}}));
    REQUIRE(read.files.size() == 2);
    CHECK(read.files[1].path == "a.doc/\001Ole10Native");
    CHECK(read.files[1].text_lower == "plain words");
    // The files budget: the document and one embedded file.
    mfsim::mail::content_limits two;
    two.max_files = 2;
    const auto limited = inspect("report.doc", document_with_objects(), two);
    CHECK(limited.files.size() == 2);
    CHECK(limited.limit_exceeded);
    // An object larger than the bytes left to unpack is not inspected cut short: the budget
    // says it was reached.
    mfsim::mail::content_limits small;
    small.max_file_bytes = 64;
    // Not a structured binding: INFO captures the name, and clang 14 refuses to capture one.
    for (const auto& named :
         {std::pair{std::string("report.doc"), document_with_objects()},
          std::pair{std::string("deck.ppt"), presentation_with_object(true)},
          std::pair{std::string("deck.ppt"), presentation_with_object(false)}}) {
      const std::string& name = named.first;
      INFO(name);
      const auto cut = inspect(name, named.second, small);
      CHECK(cut.files.size() == 1);
      CHECK(cut.limit_exceeded);
      CHECK(cut.limit_reason.find("unpacks to more than 64 bytes") != std::string::npos);
    }
    // Cut anywhere: never a crash.
    const std::string doc = document_with_objects();
    for (std::size_t cut = 0; cut < doc.size(); cut += 101)
      (void)inspect("a.doc", doc.substr(0, cut));
    const std::string native = ole10_native("a.txt", "a.txt", "words");
    for (std::size_t cut = 0; cut < native.size(); ++cut)
      (void)inspect("a.doc",
                    write_compound_file({{"\001Ole10Native", false, native.substr(0, cut), {}}}));
  }

  TEST_CASE("a rule finds the words of a file packaged in a document") {
    mfsim::test::simulator sim(
        "mfsim: 1\nname: embedded\ntransport_rules:\n"
        "  - Name: Words\n    AttachmentContainsWords: [wire transfer]\n    SetAuditSeverity: "
        "Low\n");
    sim.run(mfsim::test::mail_with({{"report.doc", document_with_objects()}}));
    CHECK(sim.fired() == std::vector<std::string>{"Words"});
  }
}
