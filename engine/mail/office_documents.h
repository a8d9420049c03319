// Office Open XML and OpenDocument files, for the attachment content conditions: which parts
// hold a document's text, and the document properties Office shows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "engine/mail/zip_archive.h"

namespace mfsim::mail {

// What kind of package a ZIP archive is: word, spreadsheet, presentation or office_package
// (an Office Open XML package: it has [Content_Types].xml), open_document (its `mimetype`
// entry names an OpenDocument type), or archive (any other ZIP).
[[nodiscard]] content_type package_type(zip_archive& zip);

// The entries whose XML holds the text of a package of that type, in reading order:
// word/document.xml then headers, footers, notes and comments; xl/sharedStrings.xml; the
// slides in slide order; content.xml.
[[nodiscard]] std::vector<const zip_entry*> text_parts(const zip_archive& zip, content_type type);

// A Word, Excel or PowerPoint package whose parts are not where Office writes them: Office finds
// a part by the content type [Content_Types].xml (`types_xml`) declares for it, not by its name.
// `type` is office_package (and `text` empty) when it declares no such main part.
struct declared_package {
  content_type type = content_type::office_package;
  std::vector<const zip_entry*> text;  // as text_parts: the main part, then the others
};
[[nodiscard]] declared_package declared_package_parts(const zip_archive& zip,
                                                      std::string_view types_xml);

// The files embedded in an Office Open XML package (word/embeddings/..., ...).
[[nodiscard]] std::vector<const zip_entry*> embedded_files(const zip_archive& zip);

// The most properties kept per document: real documents have tens; a docProps part of a
// million empty elements made a vector of a million strings (an audit's 7.5 KB message of
// eleven such documents held 144 MB). What comes after is not read.
inline constexpr std::size_t kMaxDocumentProperties = 1000;

// Properties from docProps/core.xml and docProps/app.xml (Title, Subject, Author, Keywords,
// Comments, Category, Status, Company, Manager) appended to `out`, up to kMaxDocumentProperties
// in `out` (the same for custom properties).
void read_builtin_properties(std::string_view xml, std::vector<document_property>& out);
// Properties from docProps/custom.xml (each <property name="..."> with its value).
void read_custom_properties(std::string_view xml, std::vector<document_property>& out);
// Properties from an OpenDocument's meta.xml: Title, Subject, Comments, Keywords (one each),
// Author (the initial creator), and each <meta:user-defined meta:name="..."> with its value.
void read_open_document_properties(std::string_view xml, std::vector<document_property>& out);

}  // namespace mfsim::mail
