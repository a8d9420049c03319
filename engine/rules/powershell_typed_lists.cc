// Typed lists: a List[T] or HashSet[T] holds items of type T, and .NET converts what a script
// adds to T as PowerShell's casts do (`[List[int]]` .Add('5') holds the number 5, and a
// HashSet[int] keeps 1 and '1' as one item); an item that cannot be converted is PowerShell's
// error (docs/decisions.md 482). mfsim converts to [string] and [int]; lists of other types
// keep their items as given.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "engine/rules/powershell_mapping_keys.h"
#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

list_item list_item_named(std::string_view type) {
  const std::size_t open = type.find('[');
  const std::size_t close = type.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open)
    return list_item::any;
  std::string inner = ascii_lower_copy(std::string(type.substr(open + 1, close - open - 1)));
  if (inner.starts_with("system.")) inner.erase(0, 7);
  if (inner == "string") return list_item::text;
  if (inner == "int" || inner == "int32" || inner == "int64" || inner == "long")
    return list_item::whole_number;
  return list_item::any;
}

std::string_view declared_type(std::string_view attribute) {
  if (attribute.size() < 2 || attribute.front() != '[' || attribute.back() != ']') return {};
  return attribute.substr(1, attribute.size() - 2);
}

std::string_view typed_array_item(std::string_view lower) {
  if (!lower.ends_with("[]")) return {};
  static constexpr std::array<std::string_view, 8> kItems = {"int",  "int32",  "int64", "long",
                                                             "byte", "double", "bool",  "boolean"};
  std::string_view item = lower.substr(0, lower.size() - 2);
  if (item.starts_with("system.")) item.remove_prefix(7);
  return std::find(kItems.begin(), kItems.end(), item) != kItems.end() ? item : std::string_view{};
}

bool converts_assignments(std::string_view type) {
  std::string t = ascii_lower_copy(std::string(type));
  if (t.starts_with("system.")) t.erase(0, 7);
  static constexpr std::array<std::string_view, 13> kConverted = {
      "string", "int",     "int32",  "int64",    "long",  "byte",    "double",
      "bool",   "boolean", "switch", "string[]", "array", "object[]"};
  if (std::find(kConverted.begin(), kConverted.end(), t) != kConverted.end()) return true;
  if (!typed_array_item(t).empty()) return true;  // [int[]]$a = 1, 2 (decision 1067)
  const new_collection made = collection_named(type);
  return made != new_collection::none && made != new_collection::table;
}

param_value parser::list_item_of(const ps_value& list, param_value item, std::size_t offset) {
  if (list.items_are == list_item::any) return item;
  const bool number = list.items_are == list_item::whole_number;
  if (item.type == value_type::null) {  // [int]$null is 0; a List[string] holds a null
    if (number) return {value_type::number, "0", false, {}, item.where};
    return item;
  }
  if (item.type == value_type::mapping) {
    // A hash table is no number; as a text it is its .NET type's name.
    if (number || item.table_custom_object)
      fail(offset,
           fmt::format("[{}] cannot convert a {} (PowerShell fails too)", number ? "int" : "string",
                       item.table_custom_object ? "[pscustomobject]" : "hash table"));
    return {value_type::text, table_type_name(item.table_ordered), false, {}, item.where};
  }
  // The cast's own conversion, and its error: "[int] cannot convert 'abc' to a number".
  return cast(offset, number ? "int" : "string", plain(std::move(item))).value;
}

ps_value parser::typed_collection(new_collection made, std::string_view type, std::size_t start) {
  ps_value out = empty_collection(made, at(start));
  if (made != new_collection::table) out.items_are = list_item_named(type);
  return identified(std::move(out));
}

void parser::constrain(const std::string& lower, std::string_view type) {
  if (converts_assignments(type))
    typed_variables_[lower] = std::string(type);
  else
    typed_variables_.erase(lower);
}

ps_value parser::retyped(const std::string& lower, ps_value value, std::size_t offset) {
  const auto typed = typed_variables_.find(lower);
  if (typed == typed_variables_.end()) return value;
  const new_collection made = collection_named(typed->second);
  if (made == new_collection::none) return cast(offset, typed->second, std::move(value));
  // A list type: the array `+=` made becomes that list again (decision 483).
  if (value.kind != ps_kind::plain || value.value.type != value_type::list) return value;
  if (is_unknown(value)) {  // the items stay as given; the list stays growable
    value.collection = collection_named(typed->second);
    value.items_are = list_item_named(typed->second);
    return value;
  }
  return cast(offset, typed->second, std::move(value));
}

}  // namespace mfsim::rules::ps
