// The document properties of Office 97-2003 files (engine/mail/ole_properties.h) and
// OpenDocument files (meta.xml), for AttachmentPropertyContainsWords (decision 253).
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/mail/ole_properties.h"
#include "tests/support/archive_writer.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/msg_writer.h"
#include "tests/support/property_set_writer.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::mail::document_property;
using namespace mfsim::test;
using properties = std::vector<std::pair<std::string, std::string>>;

properties properties_of(const std::string& name, const std::string& bytes) {
  const auto read = inspect(name, bytes);
  properties found;
  for (const document_property& p : read.files.at(0).properties)
    found.emplace_back(p.name, p.value_lower);
  return found;
}

std::string utf16(const std::string& ascii) {
  std::string out;
  for (const char c : ascii) out += std::string(1, c) + '\0';
  return out;
}

// An Office 97-2003 file holding only its two property set streams.
std::string with_property_sets(const std::string& summary, const std::string& document_summary) {
  return write_compound_file({{"\005SummaryInformation", false, summary, {}},
                              {"\005DocumentSummaryInformation", false, document_summary, {}}});
}

// SummaryInformation in Windows-1252 ("Caf\xE9": é), DocumentSummaryInformation with its
// built-in set and its custom properties, their names in a UTF-16 or 8-bit dictionary.
std::string sample(bool unicode_custom) {
  const std::string summary =
      property_set_stream({{kSummaryInformationFmtid,
                            {{1, vt_i2(1252)},
                             {2, vt_lpstr("Merger Plan")},
                             {4, vt_lpstr("Caf\xE9 Owner")},
                             {5, vt_lpwstr(utf16("falcon wire"))},
                             {8, vt_lpstr("last saved by: not a property mfsim reads")}}}});
  const std::string names_code_page = unicode_custom ? vt_i2(1200) : vt_i2(1252);
  const std::string document_summary = property_set_stream(
      {{kDocumentSummaryFmtid, {{1, vt_i2(1252)}, {0x0F, vt_lpstr("Contoso")}}},
       {kUserDefinedFmtid,
        {{1, names_code_page},
         {0, dictionary({{2, "Confidentiality"}, {3, "Reviewed"}, {4, "Revision"}, {5, "Greeting"}},
                        unicode_custom)},
         {2,
          unicode_custom ? vt_lpwstr(utf16("Highly Restricted")) : vt_lpstr("Highly Restricted")},
         {3, vt_bool(true)},
         {4, vt_i4(-42)},
         // An 8-bit string in a UTF-16 set is UTF-16 too ([MS-OLEPS] 2.5): its last
         // character's high byte is a NUL that is not a terminator.
         {5, unicode_custom ? vt_lpstr(utf16("Hi")) : vt_lpstr("Hi")}}}});
  return with_property_sets(summary, document_summary);
}

}  // namespace

TEST_SUITE("document properties") {
  TEST_CASE(
      "Office 97-2003 property sets: built-in and custom properties by the names Office shows") {
    for (const bool unicode : {false, true}) {
      INFO(unicode);
      CHECK(properties_of("a.doc", sample(unicode)) ==
            properties{{"Title", "merger plan"},
                       {"Author", "caf\xC3\xA9 owner"},
                       {"Keywords", "falcon wire"},
                       {"Company", "contoso"},
                       {"Confidentiality", "highly restricted"},
                       {"Reviewed", "true"},
                       {"Revision", "-42"},
                       {"Greeting", "hi"}});
    }
  }

  TEST_CASE("damaged property sets are read as far as they go, never a crash") {
    const std::string file = sample(true);
    for (std::size_t cut = 0; cut < file.size(); cut += 53)
      (void)properties_of("a.doc", file.substr(0, cut));
    // Counts and offsets past the stream.
    std::string summary = property_set_stream({{kSummaryInformationFmtid, {{2, vt_lpstr("T")}}}});
    std::string huge = summary;
    huge[summary.size() - 8] = '\xFF';  // the string's byte count: 0x7F0000FF
    huge[summary.size() - 5] = '\x7F';
    std::string offsets = summary;
    offsets[48 + 4] = '\xFF';   // the set's property count
    offsets[48 + 12] = '\xF0';  // the property's offset
    for (const std::string& stream : {huge, offsets, std::string(27, '\xFE')}) {
      const auto found = properties_of("a.doc", with_property_sets(stream, ""));
      CHECK(found.size() <= 1);
    }
  }

  TEST_CASE(
      "OpenDocument's meta.xml: title, subject, keywords, author and user-defined properties") {
    const std::string odt = zip_of(
        {{"mimetype", "application/vnd.oasis.opendocument.text"},
         {"content.xml",
          "<office:document-content><text:p>Body</text:p></office:document-content>"},
         {"meta.xml",
          "<office:document-meta><office:meta><dc:title>Merger Plan</dc:title>"
          "<meta:keyword>falcon</meta:keyword><meta:keyword>wire</meta:keyword>"
          "<meta:initial-creator>Tony Smith</meta:initial-creator><dc:creator>Kim "
          "Akers</dc:creator>"
          "<meta:user-defined meta:name=\"Confidentiality\" meta:value-type=\"string\">Highly "
          "Restricted</meta:user-defined></office:meta></office:document-meta>"}});
    CHECK(properties_of("a.odt", odt) == properties{{"Title", "merger plan"},
                                                    {"Keywords", "falcon"},
                                                    {"Keywords", "wire"},
                                                    {"Author", "tony smith"},
                                                    {"Confidentiality", "highly restricted"}});
  }

  TEST_CASE("AttachmentPropertyContainsWords reads Office 97-2003 properties") {
    simulator sim(
        "mfsim: 1\nname: properties\ntransport_rules:\n"
        "  - Name: Label\n    AttachmentPropertyContainsWords: ['Confidentiality:Restricted']\n"
        "    SetAuditSeverity: Low\n"
        "  - Name: Author\n    AttachmentPropertyContainsWords: ['Author:Kim Akers']\n"
        "    SetAuditSeverity: Low\n");
    sim.run(mail_with({{"plan.doc", sample(true)}}));
    CHECK(sim.fired() == std::vector<std::string>{"Label"});
  }
}
