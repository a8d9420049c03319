// ConvertTo-Json and Export-Clixml texts into records (export_records.h): each object of the
// list is parsed into values with offsets and made a record alone, so that reading a list takes
// its largest object, not the file.
#include "engine/rules/export_records.h"

#include <fmt/format.h>

#include <set>
#include <string>
#include <utility>

#include "engine/ascii.h"
#include "engine/json_text.h"
#include "engine/rules/clixml_tree.h"
#include "engine/rules/json_locator.h"
#include "engine/rules/text_positions.h"
#include "engine/rules/xml_reader.h"
#include "engine/utf8.h"

namespace mfsim::rules::exports {
namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kQuotedBytes = 120;

[[noreturn]] void refuse(diag_code code, source_span where, std::string message) {
  throw load_error({diagnostic{code, std::move(where), std::move(message)}});
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

// The items of the array that opens at `open`, each parsed and located alone, then read: a
// list of a million objects is never a tree of a million objects.
void visit_items(std::string_view text, std::size_t open, const position_map& where_is,
                 std::string_view what, const record_visitor& visit) {
  for (std::size_t i = open + 1; i < text.size();) {
    const char c = text[i];
    if (c == ']') return;
    if (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    // Its properties located, and the offset of what each holds.
    json_export::locator one(text, 1, i);
    const json_export::located at = one.value();
    i = one.end();
    json item = mfsim::parse_ordered_json(text.substr(at.offset, i - at.offset));
    if (!visit(record_of(item, at, where_is, what))) return;
  }
}

}  // namespace

const property* record::find(std::string_view name) const {
  for (const auto& p : properties)
    if (ascii_iequals(p.name, name)) return &p;
  return nullptr;
}

void read_json_records(std::string_view text, const std::string& file, std::string_view what,
                       const record_visitor& visit) {
  const position_map where_is = text_positions(text, file);
  if (json_export::parse_failure why; !json_export::check(text, why)) {
    // A tenant's ConvertTo-Json export reaches the cap; its other forms do not (decision 1128).
    if (why.too_many_values)
      why.message += fmt::format(
          ": a ConvertTo-Json export holds about {} objects of 8 values at most; export a "
          "larger tenant with Export-Csv or Export-Clixml, or split it",
          json_export::kMaxJsonValues / 8);
    refuse(diag_code::syntax_error, where_is(why.offset), std::move(why.message));
  }
  // The root, and an object's properties where they start; what each holds is passed over.
  const json_export::located top = json_export::locator(text, 1).value();
  if (text[top.offset] == '[') return visit_items(text, top.offset, where_is, what, visit);
  if (text[top.offset] == '{') {
    refuse_repeated_key(top, where_is);  // {"value": [...], "value": [...]} too
    for (std::size_t k = 0; k < top.keys.size(); ++k) {
      // Windows PowerShell 5.1 may wrap an array: {"value": [...], "Count": n}.
      const std::size_t value_at = top.children[k].offset;
      if (top.keys[k].first == "value" && text[value_at] == '[')
        return visit_items(text, value_at, where_is, what, visit);
    }
  }
  json root = mfsim::parse_ordered_json(text);
  (void)visit(record_of(root, top, where_is, what));
}

void read_clixml_records(std::string_view text, const std::string& file, std::string_view what,
                         const record_visitor& visit) {
  const position_map where_is = text_positions(text, file);
  // Each item of <Objs> is read as it closes, then freed: only the objects a later <Ref> names
  // are kept, so those are found first, in a reading of the whole document that refuses it
  // before any object is read when it is not XML (a cut file), as a JSON text is checked whole.
  std::set<std::string> referenced;
  xml::element root;
  xml::failure failure;
  const std::size_t budget = clixml::expansion_budget(text.size());
  if (!xml::check(text, root, "Ref", "RefId", referenced, failure, budget)) {
    // RefIds past the budget of what <Ref>s take, before any object, as an XML problem is.
    if (failure.over_budget)
      refuse(diag_code::bad_value, where_is(failure.offset),
             fmt::format("invalid CLIXML: <Ref> elements name more objects than an export "
                         "holds: their RefIds take more than {} MiB to keep (a Ref fan-out)",
                         budget >> 20));
    refuse(diag_code::syntax_error, where_is(failure.offset), "invalid XML: " + failure.message);
  }
  if (root.name != "Objs") {
    refuse(diag_code::bad_value, where_is(root.offset),
           fmt::format("expected the root element <Objs> of an Export-Clixml file, found <{}>",
                       shortened_at(root.name, kQuotedBytes)));
  }
  clixml::item_reader reader(text.size(), std::move(referenced));
  const xml::child_visitor read_item = [&](xml::element&& item) {
    clixml::tree values;
    clixml::problem problem;
    if (!reader.read(item, values, problem))
      refuse(problem.code, where_is(problem.offset), "invalid CLIXML: " + problem.message);
    item = xml::element{};  // the values hold what it says
    for (std::size_t k = 0; k < values.root.size(); ++k)
      if (!visit(record_of(values.root[k], values.at.children[k], where_is, what))) return false;
    return true;
  };
  if (xml::element objs; !xml::parse_children(text, objs, read_item, failure))
    refuse(diag_code::syntax_error, where_is(failure.offset), "invalid XML: " + failure.message);
}

}  // namespace mfsim::rules::exports
