// Office Open XML (ECMA-376 Part 2 packaging; WordprocessingML, SpreadsheetML, PresentationML)
// and OpenDocument packages: their kind, their text parts and their document properties.
#include "engine/mail/office_documents.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/mail/markup_text.h"

namespace mfsim::mail {
namespace {

// Entries under `folder` named prefix*.xml directly (not in a subfolder), in numeric order:
// slide2.xml before slide10.xml (shorter names first, then by name).
std::vector<const zip_entry*> numbered_parts(const zip_archive& zip, std::string_view folder,
                                             std::string_view prefix) {
  std::vector<const zip_entry*> out;
  for (const auto& e : zip.entries()) {
    const std::string_view name = e.name;
    if (!name.starts_with(folder)) continue;
    const std::string_view file = name.substr(folder.size());
    if (file.find('/') != std::string_view::npos) continue;
    if (file.starts_with(prefix) && file.ends_with(".xml")) out.push_back(&e);
  }
  std::stable_sort(out.begin(), out.end(), [](const zip_entry* a, const zip_entry* b) {
    return a->name.size() != b->name.size() ? a->name.size() < b->name.size() : a->name < b->name;
  });
  return out;
}

void add_part(const zip_archive& zip, std::string_view name, std::vector<const zip_entry*>& out) {
  if (const zip_entry* e = zip.find(name)) out.push_back(e);
}

// The names Office shows for the core (Dublin Core, OPC) and application properties.
constexpr std::pair<std::string_view, std::string_view> kBuiltinNames[] = {
    {"title", "Title"},          {"subject", "Subject"},      {"creator", "Author"},
    {"keywords", "Keywords"},    {"description", "Comments"}, {"category", "Category"},
    {"contentStatus", "Status"}, {"Company", "Company"},      {"Manager", "Manager"}};

// OpenDocument's meta.xml (ODF 1.2 Part 1, 4.3): the names its readers show. The author is
// the initial creator; dc:creator names whoever saved it last.
constexpr std::pair<std::string_view, std::string_view> kOpenDocumentNames[] = {
    {"title", "Title"},
    {"subject", "Subject"},
    {"description", "Comments"},
    {"keyword", "Keywords"},
    {"initial-creator", "Author"}};

std::string property_value(std::string_view inner_xml) {
  std::string text;
  append_xml_text(inner_xml, text, 4096);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  const auto first = text.find_first_not_of(' ');
  return case_folded_copy(first == std::string::npos ? "" : std::string_view(text).substr(first));
}

// Calls visit(tag, at, after) for each tag of `xml`: its text between < and >, where its '<'
// is and the offset just past its '>'; declarations, comments and empty tags are skipped. One
// pass: a '<' inside a tag starts the next tag.
template <typename Visit>
void for_each_tag(std::string_view xml, Visit&& visit) {
  std::size_t at = xml.find('<');
  while (at != std::string_view::npos) {
    const auto end = xml.find_first_of("<>", at + 1);
    if (end == std::string_view::npos) return;
    if (xml[end] == '<') {
      at = end;
      continue;
    }
    const std::string_view tag = xml.substr(at + 1, end - at - 1);
    if (!tag.empty() && tag.front() != '?' && tag.front() != '!') visit(tag, at, end + 1);
    at = xml.find('<', end + 1);
  }
}

// Properties that are leaf elements (<dc:title>Plan</dc:title>, <Company>Contoso</Company>)
// whose local name `names` maps to the name Office shows, appended to `out`.
template <std::size_t N>
void read_leaf_properties(std::string_view xml,
                          const std::pair<std::string_view, std::string_view> (&names)[N],
                          std::vector<document_property>& out) {
  std::string_view open_name;
  std::size_t content = 0;
  const auto shown = [&](std::string_view local) {
    const auto it = std::find_if(std::begin(names), std::end(names),
                                 [&](const auto& n) { return n.first == local; });
    return it == std::end(names) ? std::string_view() : it->second;
  };
  for_each_tag(xml, [&](std::string_view tag, std::size_t at, std::size_t after) {
    if (!open_name.empty() && tag.front() == '/' && xml_local_name(tag) == open_name &&
        out.size() < kMaxDocumentProperties) {
      out.push_back(
          {std::string(shown(open_name)), property_value(xml.substr(content, at - content))});
    }
    open_name = {};
    if (tag.front() == '/' || tag.back() == '/') return;
    const std::string_view local = xml_local_name(tag);
    if (!shown(local).empty()) {
      open_name = local;
      content = after;
    }
  });
}

// Properties that are elements named `element` whose attribute `attribute` holds the
// property's name and whose content its value, appended to `out`.
void read_named_properties(std::string_view xml, std::string_view element,
                           std::string_view attribute, std::vector<document_property>& out) {
  std::string name;
  std::size_t content = 0;
  for_each_tag(xml, [&](std::string_view tag, std::size_t at, std::size_t after) {
    if (xml_local_name(tag) != element) return;
    if (tag.front() != '/') {
      name = xml_attribute(tag, attribute);
      content = after;
    } else if (!name.empty() && out.size() < kMaxDocumentProperties) {
      out.push_back({std::move(name), property_value(xml.substr(content, at - content))});
      name.clear();
    }
  });
}

}  // namespace

content_type package_type(zip_archive& zip) {
  if (zip.find("[Content_Types].xml") != nullptr) {
    if (zip.find("word/document.xml") != nullptr) return content_type::word;
    if (zip.find("xl/workbook.xml") != nullptr || zip.find("xl/workbook.bin") != nullptr) {
      return content_type::spreadsheet;
    }
    if (zip.find("ppt/presentation.xml") != nullptr) return content_type::presentation;
    return content_type::office_package;
  }
  if (const zip_entry* m = zip.find("mimetype")) {
    std::string type;
    (void)zip.read(*m, 128, type);
    if (type.starts_with("application/vnd.oasis.opendocument.")) {
      return content_type::open_document;
    }
  }
  return content_type::archive;
}

std::vector<const zip_entry*> text_parts(const zip_archive& zip, content_type type) {
  std::vector<const zip_entry*> out;
  switch (type) {
    case content_type::word:
      add_part(zip, "word/document.xml", out);
      for (const auto prefix : {"header", "footer"}) {
        for (const zip_entry* e : numbered_parts(zip, "word/", prefix)) out.push_back(e);
      }
      for (const auto name : {"word/footnotes.xml", "word/endnotes.xml", "word/comments.xml"}) {
        add_part(zip, name, out);
      }
      break;
    case content_type::spreadsheet: add_part(zip, "xl/sharedStrings.xml", out); break;
    case content_type::presentation: out = numbered_parts(zip, "ppt/slides/", "slide"); break;
    case content_type::open_document: add_part(zip, "content.xml", out); break;
    default: break;
  }
  return out;
}

namespace {

// The application whose main part a content type names (ECMA-376 Part 1 and the macro-enabled
// forms of [MS-OFFMACRO]: "...wordprocessingml.document.main+xml",
// "application/vnd.ms-excel.sheet.macroEnabled.main+xml", ...); office_package for any other.
content_type main_part_type(std::string_view lower) {
  if (!lower.ends_with(".main+xml") && !lower.ends_with(".main"))
    return content_type::office_package;
  if (lower.find("wordprocessingml") != std::string_view::npos ||
      lower.find("ms-word") != std::string_view::npos)
    return content_type::word;
  if (lower.find("spreadsheetml") != std::string_view::npos ||
      lower.find("ms-excel") != std::string_view::npos)
    return content_type::spreadsheet;
  if (lower.find("presentationml") != std::string_view::npos ||
      lower.find("ms-powerpoint") != std::string_view::npos)
    return content_type::presentation;
  return content_type::office_package;
}

// Whether a part of this content type holds text of a document of type `type` besides its main
// part: the parts text_parts() reads by name.
bool is_text_part(std::string_view lower, content_type type) {
  constexpr std::string_view kWord[] = {
      "wordprocessingml.header+xml", "wordprocessingml.footer+xml",
      "wordprocessingml.footnotes+xml", "wordprocessingml.endnotes+xml",
      "wordprocessingml.comments+xml"};
  switch (type) {
    case content_type::word:
      return std::any_of(std::begin(kWord), std::end(kWord),
                         [&](std::string_view t) { return lower.ends_with(t); });
    case content_type::spreadsheet: return lower.ends_with("spreadsheetml.sharedstrings+xml");
    case content_type::presentation: return lower.ends_with("presentationml.slide+xml");
    default: return false;
  }
}

}  // namespace

declared_package declared_package_parts(const zip_archive& zip, std::string_view types_xml) {
  std::vector<std::pair<const zip_entry*, std::string>> declared;  // each part and its type
  for_each_tag(types_xml, [&](std::string_view tag, std::size_t, std::size_t) {
    if (xml_local_name(tag) != "Override" || declared.size() >= kMaxZipEntries) return;
    std::string name = xml_attribute(tag, "PartName");
    if (name.starts_with('/')) name.erase(0, 1);
    if (const zip_entry* e = zip.find(name))
      declared.emplace_back(e, ascii_lower_copy(xml_attribute(tag, "ContentType")));
  });
  declared_package out;
  for (const auto& [entry, type] : declared) {
    const content_type main = main_part_type(type);
    if (main == content_type::office_package) continue;
    out.type = main;
    // Word's main part is its body; a workbook's and a presentation's hold no text of their own
    // (text_parts reads their shared strings and slides).
    if (main == content_type::word) out.text.push_back(entry);
    break;
  }
  if (out.type == content_type::office_package) return out;
  // Each part once, however often it is declared (a part read again and again only spends
  // the unpacking budget).
  std::vector<bool> taken(zip.entries().size());
  for (const zip_entry* e : out.text)
    taken[static_cast<std::size_t>(e - zip.entries().data())] = true;
  for (const auto& [entry, type] : declared) {
    const auto at = static_cast<std::size_t>(entry - zip.entries().data());
    if (taken[at] || !is_text_part(type, out.type)) continue;
    taken[at] = true;
    out.text.push_back(entry);
  }
  return out;
}

std::vector<const zip_entry*> embedded_files(const zip_archive& zip) {
  std::vector<const zip_entry*> out;
  for (const auto& e : zip.entries()) {
    if (e.name.find("/embeddings/") != std::string::npos) out.push_back(&e);
  }
  return out;
}

void read_builtin_properties(std::string_view xml, std::vector<document_property>& out) {
  read_leaf_properties(xml, kBuiltinNames, out);
}

void read_open_document_properties(std::string_view xml, std::vector<document_property>& out) {
  read_leaf_properties(xml, kOpenDocumentNames, out);
  // <meta:user-defined meta:name="Confidentiality" meta:value-type="string">High</...>
  read_named_properties(xml, "user-defined", "meta:name", out);
}

void read_custom_properties(std::string_view xml, std::vector<document_property>& out) {
  // <property fmtid="{...}" pid="2" name="Confidentiality"><vt:lpwstr>High</vt:lpwstr></property>
  read_named_properties(xml, "property", "name", out);
}

}  // namespace mfsim::mail
