// ConvertTo-Json and Export-Clixml texts into records (export_records.h): each format builds a
// tree of values with offsets, and one walk turns its objects into records.
#include "engine/rules/export_records.h"

#include <fmt/format.h>

#include <utility>

#include "engine/ascii.h"
#include "engine/rules/clixml_tree.h"
#include "engine/rules/json_locator.h"
#include "engine/rules/text_positions.h"
#include "engine/rules/xml_reader.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim::rules::exports {
namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kQuotedBytes = 120;

[[noreturn]] void refuse(diag_code code, source_span where, std::string message) {
  throw load_error({diagnostic{code, std::move(where), std::move(message)}});
}

std::string_view after_space(std::string_view text) {
  text = without_utf8_bom(text);
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

// A key given twice (nlohmann keeps the last value) would misalign the offsets and hide one
// of the values: the exporting cmdlets never write it.
void refuse_repeated_key(const json_export::located& at, const position_map& where_is) {
  if (const auto twice = json_export::repeated_key(at)) {
    const auto& [key, offset] = at.keys[*twice];
    refuse(diag_code::duplicate, where_is(offset),
           fmt::format("property '{}' is given twice in this object",
                       shortened_at(key, kQuotedBytes)));
  }
}

// One object of the tree into a record; its values are moved out of the tree, so that the
// tree and the records are not held twice.
record record_of(json& object, const json_export::located& at, const position_map& where_is,
                 std::string_view what) {
  record r;
  r.where = where_is(at.offset);
  if (!object.is_object()) refuse(diag_code::bad_value, r.where, fmt::format("expected {}", what));
  refuse_repeated_key(at, where_is);
  std::size_t k = 0;
  r.properties.reserve(object.size());
  for (auto& item : object.items()) {
    const std::size_t offset = k < at.children.size() ? at.children[k].offset : at.offset;
    r.properties.push_back({item.key(), std::move(item.value()), where_is(offset)});
    ++k;
  }
  return r;
}

void visit_tree(json& root, const json_export::located& at, const position_map& where_is,
                std::string_view what, const record_visitor& visit) {
  const auto each = [&](json& items, const json_export::located& items_at) {
    for (std::size_t k = 0; k < items.size(); ++k) {
      const json_export::located& item_at =
          k < items_at.children.size() ? items_at.children[k] : items_at;
      if (!visit(record_of(items[k], item_at, where_is, what))) return;
    }
  };
  if (root.is_array()) return each(root, at);
  if (root.is_object() && root.contains("value") && root["value"].is_array()) {
    // Windows PowerShell 5.1 may wrap an array: {"value": [...], "Count": n}.
    std::size_t k = 0;
    for (const auto& item : root.items()) {
      if (item.key() == "value") break;
      ++k;
    }
    return each(root["value"], k < at.children.size() ? at.children[k] : at);
  }
  (void)visit(record_of(root, at, where_is, what));
}

}  // namespace

const property* record::find(std::string_view name) const {
  for (const auto& p : properties)
    if (ascii_iequals(p.name, name)) return &p;
  return nullptr;
}

bool starts_json(std::string_view text) noexcept {
  text = after_space(text);
  return !text.empty() && (text.front() == '[' || text.front() == '{');
}

bool starts_xml(std::string_view text) noexcept {
  text = after_space(text);
  return !text.empty() && text.front() == '<';
}

void read_json_records(std::string_view text, const std::string& file, std::string_view what,
                       const record_visitor& visit) {
  const position_map where_is = text_positions(text, file);
  json root;
  if (json_export::parse_failure why; !json_export::parse(text, root, why))
    refuse(diag_code::syntax_error, where_is(why.offset), std::move(why.message));
  // Located: the root, its items (or PowerShell 5.1's "value" list and its items) and their
  // properties; not what a property holds.
  const bool wrapped = root.is_object() && root.contains("value") && root["value"].is_array();
  const json_export::located at = json_export::locator(text, wrapped ? 3 : 2).value();
  if (wrapped) refuse_repeated_key(at, where_is);  // {"value": [...], "value": [...]}
  visit_tree(root, at, where_is, what, visit);
}

void read_clixml_records(std::string_view text, const std::string& file, std::string_view what,
                         const record_visitor& visit) {
  const position_map where_is = text_positions(text, file);
  clixml::tree tree;
  {
    xml::element root;  // freed before the records are read: the tree holds what it says
    xml::failure failure;
    if (!xml::parse(text, root, failure))
      refuse(diag_code::syntax_error, where_is(failure.offset), "invalid XML: " + failure.message);
    if (root.name != "Objs") {
      refuse(diag_code::bad_value, where_is(root.offset),
             fmt::format("expected the root element <Objs> of an Export-Clixml file, found <{}>",
                         shortened_at(root.name, kQuotedBytes)));
    }
    clixml::problem problem;
    if (!clixml::read(root, text.size(), tree, problem))
      refuse(problem.code, where_is(problem.offset), "invalid CLIXML: " + problem.message);
  }
  visit_tree(tree.root, tree.at, where_is, what, visit);
}

}  // namespace mfsim::rules::exports
