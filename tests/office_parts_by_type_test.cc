// Office Open XML documents whose parts are not where Office writes them: their type and text
// come from the content types [Content_Types].xml declares (engine/mail/office_documents).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "tests/support/archive_writer.h"

namespace {

namespace mail = mfsim::mail;
using mfsim::test::zip_of;

std::string content_types(const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::string xml =
      "<?xml version=\"1.0\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";
  for (const auto& [part, type] : overrides)
    xml += "<Override PartName=\"" + part + "\" ContentType=\"" + type + "\"/>";
  return xml + "</Types>";
}

constexpr const char* kMl = "application/vnd.openxmlformats-officedocument.";

mail::attachment_contents inspect(const std::string& name, const std::string& bytes) {
  mail::attachment_contents out;
  mail::inspect_attachment(name, bytes, mail::content_limits{}, out);
  return out;
}

}  // namespace

TEST_SUITE("office parts by type") {
  TEST_CASE("a Word document whose body is not word/document.xml is read as Word") {
    const std::string docx =
        zip_of({{"[Content_Types].xml",
                 content_types(
                     {{"/word/body.xml", std::string(kMl) + "wordprocessingml.document.main+xml"},
                      {"/word/top.xml", std::string(kMl) + "wordprocessingml.header+xml"},
                      {"/word/top.xml", std::string(kMl) + "wordprocessingml.header+xml"}})},
                {"word/body.xml",
                 "<w:document><w:body><w:p><w:r><w:t>wire the secret funds</w:t>"
                 "</w:r></w:p></w:body></w:document>"},
                {"word/top.xml", "<w:hdr><w:p><w:r><w:t>Confidential</w:t></w:r></w:p></w:hdr>"}});
    const auto out = inspect("plan.docx", docx);
    REQUIRE(out.files.size() == 1);
    CHECK(out.files[0].type == mail::content_type::word);
    CHECK(out.files[0].text_lower.find("wire the secret funds") == 0);
    // The header, declared twice, is read once.
    const std::string& text = out.files[0].text_lower;
    REQUIRE(text.find("confidential") != std::string::npos);
    CHECK(text.find("confidential", text.find("confidential") + 1) == std::string::npos);
  }

  TEST_CASE("a workbook's shared strings and a presentation's slides, by their types") {
    const auto book = inspect(
        "book.xlsx",
        zip_of(
            {{"[Content_Types].xml",
              content_types({{"/x/b.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"},
                             {"/x/s.xml", std::string(kMl) + "spreadsheetml.sharedStrings+xml"}})},
             {"x/b.xml", "<workbook/>"},
             {"x/s.xml", "<sst><si><t>payroll</t></si></sst>"}}));
    CHECK(book.files[0].type == mail::content_type::spreadsheet);
    CHECK(book.files[0].text_lower.find("payroll") != std::string::npos);
    const auto deck = inspect(
        "deck.pptx",
        zip_of({{"[Content_Types].xml",
                 content_types(
                     {{"/p/main.xml", std::string(kMl) + "presentationml.presentation.main+xml"},
                      {"/p/one.xml", std::string(kMl) + "presentationml.slide+xml"}})},
                {"p/main.xml", "<p:presentation/>"},
                {"p/one.xml", "<p:sld><a:t>merger</a:t></p:sld>"}}));
    CHECK(deck.files[0].type == mail::content_type::presentation);
    CHECK(deck.files[0].text_lower.find("merger") != std::string::npos);
  }

  TEST_CASE("a package that declares no Office main part stays an Office package") {
    const auto out = inspect(
        "d.vsdx",
        zip_of({{"[Content_Types].xml",
                 content_types({{"/v/d.xml", "application/vnd.ms-visio.drawing.main+xml"}})},
                {"v/d.xml", "<VisioDocument>text</VisioDocument>"}}));
    CHECK(out.files[0].type == mail::content_type::office_package);
    CHECK(out.files[0].text_lower.empty());
  }
}
