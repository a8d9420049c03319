// Internal to the PowerShell importer: the type of each key of a hash table an array holds as a
// mapping item (`@(@{ 3 = 'c' })`), kept so that the table read back finds its number keys as
// numbers (decision 977; decision 1217), and the name of a table's type (decision 1245).
#pragma once

#include <cstddef>

#include "engine/rules/powershell_value.h"

namespace mfsim::rules::ps {

// A mapping keeps one letter per item in its `text`, which nothing else reads of a mapping:
// 't' a text key, 'i' an Int32, 'l' an Int64, 'd' a Double. A mapping made elsewhere (YAML,
// JSON) has none, and all its keys are texts.
[[nodiscard]] inline char key_type_letter(const ps_entry& e) noexcept {
  if (!e.number_key) return 't';
  return e.double_key ? 'd' : e.long_key ? 'l' : 'i';
}

// The key type the letter of item `index` of `mapping` gives, set on `e`.
inline void restore_key_type(const param_value& mapping, std::size_t index, ps_entry& e) noexcept {
  const char letter = index < mapping.text.size() ? mapping.text[index] : 't';
  e.number_key = letter != 't';
  e.double_key = letter == 'd';
  e.long_key = letter == 'l';
}

// What a hash table read as a text is, held in a variable or an array: its .NET type's name,
// an [ordered] one's OrderedDictionary (what PowerShell's "$h" and [string]$h give).
[[nodiscard]] inline const char* table_type_name(bool ordered) noexcept {
  return ordered ? "System.Collections.Specialized.OrderedDictionary"
                 : "System.Collections.Hashtable";
}

}  // namespace mfsim::rules::ps
