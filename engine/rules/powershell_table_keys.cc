// A hash table's keys as a .NET Hashtable compares them (about_Hash_Tables: "the keys and values
// can be any .NET object type"): a text key without case, a number key by its value and its
// type, so that the Int32 1, the Double 1 and the text '1' are three keys (decision 977).
#include "engine/rules/powershell_value.h"

namespace mfsim::rules::ps {

const ps_entry* find_entry(const std::vector<ps_entry>& entries, std::string_view key) noexcept {
  for (const auto& e : entries) {
    if (!e.number_key && ascii_iequals(e.key, key)) return &e;
  }
  return nullptr;
}

const ps_entry* find_key(const std::vector<ps_entry>& entries, const param_value& key) noexcept {
  if (key.type == value_type::text) return find_entry(entries, key.text);
  if (key.type != value_type::number) return nullptr;
  for (const auto& e : entries) {
    if (e.number_key && e.double_key == key.is_double && e.key == key.text) return &e;
  }
  return nullptr;
}

param_value key_of(const ps_entry& entry) {
  param_value key{
      entry.number_key ? value_type::number : value_type::text, entry.key, false, {}, entry.where};
  key.is_double = entry.double_key;
  return key;
}

}  // namespace mfsim::rules::ps
