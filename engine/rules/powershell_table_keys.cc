// A hash table's keys as a .NET Hashtable compares them (about_Hash_Tables: "the keys and values
// can be any .NET object type"): a text key without case, a number key by its value and its
// type, so that the Int32 1, the Int64 1, the Double 1 and the text '1' are four keys
// (decisions 977 and 1115).
#include <climits>

#include "engine/rules/powershell_value.h"

namespace mfsim::rules::ps {

bool is_int64_number(const param_value& v) {
  if (v.type != value_type::number || v.is_double) return false;
  if (marked_int64(v)) return true;
  const std::optional<long long> n = whole_number_in(v.text);
  return n && (*n < INT_MIN || *n > INT_MAX);
}

ps_entry keyed_entry(const param_value& key, const source_span& where, ps_value value,
                     std::size_t offset) {
  ps_entry entry{key.text, where, std::move(value), offset};
  entry.number_key = key.type == value_type::number;
  entry.double_key = entry.number_key && key.is_double;
  entry.long_key = is_int64_number(key);
  return entry;
}

bool same_key(const ps_entry& a, const ps_entry& b) noexcept {
  return a.number_key == b.number_key && a.double_key == b.double_key && a.long_key == b.long_key &&
         (a.number_key ? a.key == b.key : ascii_iequals(a.key, b.key));
}

const ps_entry* find_entry(const std::vector<ps_entry>& entries, std::string_view key) noexcept {
  for (const auto& e : entries) {
    if (!e.number_key && ascii_iequals(e.key, key)) return &e;
  }
  return nullptr;
}

const ps_entry* find_key(const std::vector<ps_entry>& entries, const param_value& key) noexcept {
  if (key.type == value_type::text) return find_entry(entries, key.text);
  if (key.type != value_type::number) return nullptr;
  const bool long_key = is_int64_number(key);
  for (const auto& e : entries) {
    if (e.number_key && e.double_key == key.is_double && e.long_key == long_key &&
        e.key == key.text) {
      return &e;
    }
  }
  return nullptr;
}

param_value key_of(const ps_entry& entry) {
  param_value key{
      entry.number_key ? value_type::number : value_type::text, entry.key, false, {}, entry.where};
  key.is_double = entry.double_key;
  mark_int64(key, entry.long_key);
  return key;
}

}  // namespace mfsim::rules::ps
