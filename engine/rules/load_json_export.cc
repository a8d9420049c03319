// The JSON-export importer: nlohmann parses, a small locator finds where each key and value
// starts (nlohmann keeps no positions), and export_objects.cc reads the objects.
#include "engine/rules/load_json_export.h"

#include <fmt/format.h>

#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "engine/rules/export_objects.h"
#include "engine/rules/json_locator.h"
#include "engine/rules/load_powershell.h"

namespace mfsim::rules {
namespace {

using json = nlohmann::ordered_json;
using json_export::located;
using json_export::locator;

// {"value": [...], "Count": n} (PowerShell 5) or {"@odata.context": ..., "value": [...]}: the
// index of "value" among the root's members, if the root is such a wrapper.
std::optional<std::size_t> array_wrapper_value(const json& root) {
  if (!root.is_object()) return std::nullopt;
  std::optional<std::size_t> value;
  std::size_t k = 0;
  for (const auto& item : root.items()) {
    if (ascii_iequals(item.key(), "value")) {
      if (!value && !item.value().is_array()) return std::nullopt;
      if (!value) value = k;
    } else if (!ascii_iequals(item.key(), "Count") && item.key().find('@') == std::string::npos) {
      return std::nullopt;
    }
    ++k;
  }
  return value;
}

imported_rules failed(std::string_view text, const std::string& file, std::size_t offset,
                      std::string message) {
  imported_rules out;
  out.set.source = file;
  out.diagnostics.push_back(
      diagnostic{diag_code::syntax_error, text_positions(text, file)(offset), std::move(message)});
  return out;
}

}  // namespace

imported_rules import_json_export(std::string_view text, const std::string& file_name) {
  json root;
  if (json_export::parse_failure why; !json_export::parse(text, root, why))
    return failed(text, file_name, why.offset, std::move(why.message));
  located top = locator(text).value();
  // PowerShell 5 sometimes wraps an array: {"value": [...], "Count": n}.
  // The REST form: {"@odata.context": "...", "value": [...]}.
  if (const auto k = array_wrapper_value(root)) {
    // {"value": [...], "value": [...]}: nlohmann keeps the last list, the locator the first.
    if (const auto twice = json_export::repeated_key(top)) {
      return failed(text, file_name, top.keys[*twice].second,
                    fmt::format("property '{}' is given twice in the object around the list",
                                top.keys[*twice].first));
    }
    located inner = std::move(top.children[*k]);
    top = std::move(inner);
    json items = std::move(std::next(root.begin(), static_cast<std::ptrdiff_t>(*k)).value());
    root = std::move(items);
  }
  return read_export_objects(root, top, text, file_name, kJsonExport);
}

rule_set load_rule_set_json_export(std::string_view text, const std::string& file_name) {
  return finish_import(import_json_export(text, file_name));
}

}  // namespace mfsim::rules
