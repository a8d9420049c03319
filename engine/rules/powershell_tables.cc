// Hash tables as configuration scripts walk them: the members .Keys, .Values, .Count,
// .GetEnumerator(), .ContainsKey(), .Contains() and .Clone() (about_Hash_Tables), and hash tables
// kept in arrays (`$rules = @(@{Name=...}, @{Name=...}); foreach ($r in $rules) { $r.Name }`),
// which an array holds as mapping items and a loop or an index gives back as tables.
#include <fmt/format.h>

#include <utility>

#include "engine/rules/powershell_mapping_keys.h"
#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

ps_value table_from_mapping(const param_value& mapping) {
  ps_value table;
  table.kind = ps_kind::table;
  table.table_id = mapping.table_id;  // the same table the array was given (decision 447)
  table.ordered = mapping.table_ordered;
  table.custom_object = mapping.table_custom_object;
  table.value.where = mapping.where;
  for (const param_value& item : mapping.items) {
    ps_value value = item.type == value_type::mapping ? table_from_mapping(item) : plain(item);
    value.value.key.clear();
    table.entries.push_back({item.key, item.where, std::move(value), 0});
    restore_key_type(mapping, table.entries.size() - 1, table.entries.back());
  }
  return table;
}

namespace {

// A list of what `table` holds (.Keys, .Values, .GetEnumerator()), which a loop walking it walks
// the table itself, live, in PowerShell.
ps_value walking(const ps_value& table, ps_value list) {
  list.walks_table = table.table_id;
  return list;
}

}  // namespace

ps_value parser::as_list_of(const ps_value& table, std::size_t start,
                            const std::function<ps_value(const ps_entry&)>& item_of) {
  param_value list{value_type::list, "", false, {}, at(start)};
  const std::size_t first_unknown = unknowns_.size();
  for (const ps_entry& entry : table.entries) {
    param_value item = to_plain(item_of(entry), start);
    charge(item, start);
    list.items.push_back(std::move(item));
  }
  ps_value out = plain(std::move(list));
  take_unknowns_since(first_unknown, out.unknown_parts);
  return out;
}

std::optional<ps_value> parser::table_member(const ps_value& table, std::string_view member,
                                             const std::vector<ps_value>* args, std::size_t start) {
  const std::string lower = ascii_lower_copy(std::string(member));
  if (table.custom_object) {
    // An object, not a dictionary: a property it lacks is $null, .Count is PowerShell's 1 for
    // any single object, and a dictionary's methods are missing (PowerShell's error).
    if (args == nullptr) {
      return lower == "count" ? plain({value_type::number, "1", false, {}, at(start)})
                              : plain({value_type::null, "", false, {}, at(start)});
    }
    fail(start, fmt::format(".{}(): a [pscustomobject] has no method {} (PowerShell: \"does not "
                            "contain a method named '{}'\"); its properties are "
                            ".PSObject.Properties",
                            member, member, member));
  }
  const bool walks = lower == "keys" || lower == "values" || lower == "getenumerator";
  if (walks && table.entries.size() > 1 && !table.ordered && !warned_unordered_) {
    // A Hashtable's keys come in the order of their hash codes, which .NET randomises per
    // process: rules created while walking one get no order anyone can predict.
    warned_unordered_ = true;
    warn(start, fmt::format(".{}: PowerShell gives the keys of a hash table in no set order "
                            "(write [ordered]@{{ ... }} to keep the order written); mfsim takes "
                            "them in the order written",
                            member));
  }
  if (args == nullptr) {
    if (lower == "count") {
      return plain(
          {value_type::number, std::to_string(table.entries.size()), false, {}, at(start)});
    }
    if (lower == "keys") {
      return walking(table, as_list_of(table, start, [&](const ps_entry& e) {
                       param_value key = key_of(e);
                       key.where = at(e.offset);
                       return plain(std::move(key));
                     }));
    }
    if (lower == "values") {
      return walking(table, as_list_of(table, start, [](const ps_entry& e) { return e.value; }));
    }
    return std::nullopt;
  }
  if (lower == "getenumerator" && args->empty()) {
    // Each entry as an object with a Key and a Value, which an array holds as a mapping; and
    // Name, the alias of Key that PowerShell's type data gives a DictionaryEntry.
    return walking(table, as_list_of(table, start, [&](const ps_entry& e) {
                     ps_value pair;
                     pair.kind = ps_kind::table;
                     pair.value.where = at(start);
                     const ps_value key = plain(key_of(e));
                     pair.entries.push_back({"Key", e.where, key, e.offset});
                     pair.entries.push_back({"Value", e.where, e.value, e.offset});
                     pair.entries.push_back({"Name", e.where, key, e.offset});
                     return pair;
                   }));
  }
  if (lower == "clone" && args->empty()) {
    // OrderedDictionary has no Clone(): PowerShell's error, and no copy.
    if (table.ordered) {
      fail(start,
           ".Clone(): an [ordered] table has no method Clone (PowerShell: \"does not "
           "contain a method named 'Clone'\"); copy it key by key into a new "
           "[ordered]@{}");
    }
    // A copy: changing it leaves the table (entries that are tables stay shared, as .NET's
    // shallow Hashtable.Clone leaves them).
    charge_table(table, start);
    return identified(table);
  }
  if ((lower == "containskey" || lower == "contains") && args->size() == 1) {
    const ps_value& key = args->front();
    if (key.kind != ps_kind::plain || !key.unknown_parts.empty()) {
      return unknown_value(fmt::format("whether the hash table has the key {}", to_text_brief(key)),
                           at(start));
    }
    const bool found =
        find_key(table.entries,
                 key.value.type == value_type::number
                     ? key.value
                     : param_value{value_type::text, to_text(key), false, {}, at(start)}) !=
        nullptr;
    return plain({value_type::boolean, "", found, {}, at(start)});
  }
  return std::nullopt;
}

ps_value parser::object_properties(const ps_value& object, std::size_t start) {
  if (!(peek() == '.' && ascii_iequals(s_.substr(i_ + 1, 10), "Properties") &&
        !is_ident(peek(11)) && peek(11) != '(')) {
    fail(start, "of .PSObject mfsim reads .PSObject.Properties (of a [pscustomobject])");
  }
  if (!object.custom_object) {
    // PowerShell's adapter gives a Hashtable's own .NET properties (Count, Keys, IsReadOnly,
    // ...), never its keys: a script walking them meant .Keys or .GetEnumerator().
    fail(start,
         ".PSObject.Properties of a hash table are the .NET Hashtable's own (Count, Keys, "
         "IsReadOnly, ...), not its keys: walk .Keys or .GetEnumerator() instead");
  }
  i_ += 11;  // ".Properties"
  // Each property as an object with a Name and a Value (a PSNoteProperty), in the order written.
  return as_list_of(object, start, [&](const ps_entry& e) {
    ps_value property;
    property.kind = ps_kind::table;
    property.custom_object = true;
    property.value.where = at(start);
    property.entries.push_back(
        {"Name", e.where, plain({value_type::text, e.key, false, {}, e.where}), e.offset});
    property.entries.push_back({"Value", e.where, e.value, e.offset});
    return property;
  });
}

}  // namespace mfsim::rules::ps
