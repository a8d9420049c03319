// Internal to the PowerShell importer: the values a script holds while mfsim reads it (texts,
// numbers, lists, hash tables, created objects, tenant queries, values only the running script
// knows), and what tells them apart. The parser's class is powershell_parser.h.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/rules/load_powershell.h"

namespace mfsim::rules::ps {

[[nodiscard]] inline bool is_letter(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
[[nodiscard]] inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] inline bool is_ident(char c) noexcept { return is_letter(c) || is_digit(c); }
// Where the text opened by the quote at `open` closes: the index of its closing quote, a
// backtick in "..." escaping the character after it ("say `"hi"); npos when it does not close
// before `limit`. The scans that skip texts (block_end, end_of_block_opened_in, ...) share it.
[[nodiscard]] inline std::size_t text_close(std::string_view s, std::size_t open,
                                            std::size_t limit) noexcept {
  const char quote = s[open];
  limit = std::min(limit, s.size());
  std::size_t e = open + 1;
  while (e < limit && s[e] != quote) e += (quote == '"' && s[e] == '`') ? 2 : 1;
  return e < limit ? e : std::string_view::npos;
}

// The .NET collection a type name makes empty, by New-Object or [T]::new(), or a cast converts
// to (powershell_command_values.cc): lists whose .Add() outputs nothing (List[T]), the new item's
// index (ArrayList) or whether it was added (HashSet[T]), or a hash table (Hashtable,
// Dictionary[K,V]). `none`: no collection, which for an array is a fixed-size object[].
enum class new_collection { none, list, array_list, hash_set, table };

// What a typed list converts its items to (List[string], HashSet[int]; decision 482): texts,
// whole numbers, or (`any`: ArrayList, List[object] and other item types) the items as given.
enum class list_item { any, text, whole_number };

struct ps_entry;

// What an expression evaluates to while the script is read.
enum class ps_kind {
  plain,         // a value: text, number, boolean, null or a list of them
  table,         // a hash table @{ Key = value }
  created,       // the result of New-X / Set-X: the object, its properties the parameters
  tenant_query,  // the result of Get-X: only a tenant knows it; a condition over it is decided
  unknown,       // only a tenant or the machine running the script knows it
};

struct ps_value {
  ps_kind kind = ps_kind::plain;
  param_value value;              // plain; unknown: the text as written, kept literally
  std::vector<ps_entry> entries;  // table, in order written; created: the named parameters
  bool exists = false;            // tenant_query: the script itself created what it asks for
  bool environment = false;       // tenant_query: asks the machine's set-up (is_environment_query)
  bool ordered = false;  // table: [ordered] or [pscustomobject], its keys in the order written
  // table: a [pscustomobject], whose properties are set, not added. Kept beside the other flags:
  // a table's every read copies its entries, each of which holds a ps_value.
  bool custom_object = false;
  // A list made growable (List[T], ArrayList, HashSet[T]): what its .Add() does (decision 462);
  // none for an array, whose .Add() fails in PowerShell.
  new_collection collection = new_collection::none;
  list_item items_are = list_item::any;  // a List[T] or HashSet[T]: what T converts items to
  // table: which hash table (0: one no script can change, such as $Matches). Copies share it, as
  // variables share a .NET Hashtable: a change through one shows through all (decision 447).
  std::uint64_t table_id = 0;
  // A list of .Keys, .Values or .GetEnumerator(): the table_id of the table it walks, which
  // PowerShell's foreach, switch and pipeline walk live (0: none).
  std::uint64_t walks_table = 0;
  // An array Write-Output -NoEnumerate output as one item (decision 480): where that was written,
  // for the error where PowerShell would nest it in another array (mfsim's arrays are flat);
  // npos for any other value. An assignment keeps the array, not the mark.
  std::size_t unenumerated_at = std::string_view::npos;
  // What the value holds that only a tenant knows ("$(Get-Date)", "$env:USERNAME"), for the
  // warning or error where it is used.
  std::vector<std::string> unknown_parts;
};

struct ps_entry {
  std::string key;  // as written; a text key is looked up without case
  source_span where;
  ps_value value;
  std::size_t offset = 0;  // of the key
  // A key that is a number (`@{ 1 = 'a' }`, .Add(5, ...)): `key` its digits as .NET writes
  // them. A Hashtable keeps a key's type: the number 1 and the text '1' are two keys, a number
  // never found by a text and a text never by a number (decision 977).
  bool number_key = false;
  bool double_key = false;  // ... and a Double (`@{ 1.0 = ... }` is not the Int32 1)
  bool long_key = false;    // ... or an Int64 (`$h.Add([long]1, ...)`; decision 1115)
};

// A number marked an Int64 ([long] 1, the literal 1L, arithmetic with one; decision 1115), where
// a whole number an Int32 holds would be taken for an Int32. The mark is the number's `flag`,
// which only a boolean uses otherwise.
[[nodiscard]] inline bool marked_int64(const param_value& v) noexcept {
  return v.type == value_type::number && v.flag;
}
inline void mark_int64(param_value& v, bool int64) noexcept {
  if (v.type == value_type::number) v.flag = int64;
}
// Whether the number `v` is an Int64: marked so, or a whole number past an Int32.
[[nodiscard]] bool is_int64_number(const param_value& v);
// The entry of the key `key` (a number key keeps its type, any other its text) holding `value`.
[[nodiscard]] ps_entry keyed_entry(const param_value& key, const source_span& where, ps_value value,
                                   std::size_t offset);
// Whether two entries have the same key as a Hashtable compares them: of the same type, a text
// one without case (decision 977).
[[nodiscard]] bool same_key(const ps_entry& a, const ps_entry& b) noexcept;

// A plain value; a value only a tenant knows, written `what` (kept as written, named in messages).
[[nodiscard]] inline ps_value plain(param_value value) {
  ps_value v;
  v.value = std::move(value);
  return v;
}
[[nodiscard]] inline ps_value text_value(std::string text, const source_span& where) {
  return plain(param_value{value_type::text, std::move(text), false, {}, where});
}
// The items an operator reads from its operand: a list's, else the value itself ($null too, as
// PowerShell treats a scalar as a collection of one).
[[nodiscard]] inline std::vector<param_value> operand_items(const param_value& value) {
  return value.type == value_type::list ? value.items : std::vector<param_value>{value};
}
[[nodiscard]] inline ps_value unknown_value(std::string what, const source_span& where) {
  ps_value v;
  v.kind = ps_kind::unknown;
  v.value = param_value{value_type::text, what, false, {}, where};
  v.unknown_parts.push_back(std::move(what));
  return v;
}

// Where the script used a value it cannot know, recorded until the parameter it went to is known.
struct unknown_use {
  std::string what;
  std::size_t offset = 0;
};

// The hash table an array holds as a mapping item (`@(@{Name = 'a'}, ...)`), as a loop or an
// index gives it back (powershell_tables.cc).
[[nodiscard]] ps_value table_from_mapping(const param_value& mapping);

// The items a value sends down a pipeline: an array's one by one (hash tables it holds as
// tables again), else the value itself (powershell_known_pipelines.cc).
[[nodiscard]] std::vector<ps_value> pipeline_items(const ps_value& value);

[[nodiscard]] new_collection collection_named(std::string_view type);
// The item type of an array type a cast converts item by item ("int" of "int[]", of
// "system.int32[]" "int32"), `lower` lower-cased; empty for another type, [string[]] among them
// (powershell_typed_lists.cc).
[[nodiscard]] std::string_view typed_array_item(std::string_view lower);
// What the list type `type` (List[int], System.Collections.Generic.HashSet[string], ...) converts
// its items to (powershell_typed_lists.cc).
[[nodiscard]] list_item list_item_named(std::string_view type);
// Whether a HashSet[T] holds `item` already: its default comparer is ordinal ('UCE' and 'uce'
// are two items).
[[nodiscard]] inline bool held_in_set(const std::vector<param_value>& items,
                                      const param_value& item) {
  for (const param_value& held : items) {
    if (held.type == item.type && held.text == item.text && held.flag == item.flag) return true;
  }
  return false;
}
[[nodiscard]] ps_value empty_collection(new_collection made, const source_span& where);

// The property `key` of a hash table or created object (case-insensitive), or nullptr; a text
// finds only a text key.
[[nodiscard]] const ps_entry* find_entry(const std::vector<ps_entry>& entries,
                                         std::string_view key) noexcept;
// The entry of the key `key` as a Hashtable looks it up (decision 977): a text the text key
// without case, a number the number key of the same value and type; nullptr for none.
[[nodiscard]] const ps_entry* find_key(const std::vector<ps_entry>& entries,
                                       const param_value& key) noexcept;
// The key of `entry` as a value (.Keys, .GetEnumerator()): a number key a number.
[[nodiscard]] param_value key_of(const ps_entry& entry);

// What `value` holds that only the running script knows, "a, b", for a message
// (powershell_blocks.cc).
[[nodiscard]] std::string unknown_list(const ps_value& value);
// Whether a condition's value is known only when the script runs (a Get- query is decided).
[[nodiscard]] bool is_undecided(const ps_value& value);
// Whether a value holds anything only the running script knows.
[[nodiscard]] inline bool is_unknown(const ps_value& v) {
  return v.kind == ps_kind::unknown || !v.unknown_parts.empty();
}
// Whether what a value selects (a switch's clauses, the items a Where-Object keeps) is known only
// when the script runs: an unknown value, or a Get- query.
[[nodiscard]] inline bool unknown_or_query(const ps_value& v) {
  return is_unknown(v) || v.kind == ps_kind::tenant_query;
}
// The whole number `text` writes in decimal, all of it; nullopt for anything else
// (powershell_ranges.cc).
[[nodiscard]] std::optional<long long> whole_number_in(std::string_view text);
// What [int] makes of a known value, as Windows PowerShell 5.1 converts (decisions 478 and
// 1118): $true 1, $false, $null and '' 0, a text with white space around it (but not white space
// alone), a hexadecimal 0x10 without a sign, its digits the bits of a `bits`-bit type (32, 64, or
// 8 for a Byte), a fraction or an exponent rounded half to even ('3.5' 4, '2.5' 2); nullopt where
// PowerShell fails too (powershell_int_cast.cc). The caller checks the type's range.
[[nodiscard]] std::optional<long long> int_cast_of(const param_value& v, int bits);
// The number .NET's Double.Parse reads in `text` with NumberStyles.Float | AllowThousands and
// the invariant culture, as PowerShell's conversions of a text to a number fall back to
// (LanguagePrimitives.ConvertNumericThroughDouble; decision 1066): '1,000' is 1000, '2.5e1' 25;
// nullopt for anything else, infinities and NaN among them.
[[nodiscard]] std::optional<double> invariant_number_in(std::string_view text);
// `d` rounded half to even as Convert.ToInt64 does; nullopt past an Int64.
[[nodiscard]] std::optional<long long> rounded_to_whole(double d);

}  // namespace mfsim::rules::ps
