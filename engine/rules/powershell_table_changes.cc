// Hash tables as scripts change them (decision 447): `$h.Key = value`, `$h['Key'] = value`,
// .Remove(), `+` of two tables (.Add() and .Clone() sit with the other members), and a hash
// table being one object wherever it is held, as a .NET Hashtable is: `$q = $common;
// $q.Name = 'B'` changes $common too, and `foreach ($r in $rules) { $r.Name = ... }` changes
// the tables $rules holds.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "engine/rules/powershell_mapping_keys.h"
#include "engine/rules/powershell_numeric_literals.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_undo.h"

namespace mfsim::rules::ps {

namespace {

// What share_table may look through, all changes together: each change looks through every
// value the script holds (about 0.5 s at the limit), so a loop of changes beside large arrays
// costs changes x values.
constexpr std::size_t kMaxSharedTableWork = 100000000;

// Why mfsim refuses the key `key` where it is a boolean, or "" where it is not: a Hashtable keeps
// $true as a Boolean key, which neither the text 'True' nor the number 1 finds
// (about_Hash_Tables: keys "can be any .NET object type"; decision 1148). mfsim keeps texts and
// numbers only, and would find a boolean key by its text.
std::string boolean_key_refused(const ps_value& key, std::string_view written) {
  if (key.kind != ps_kind::plain || key.value.type != value_type::boolean) return {};
  return fmt::format(
      "{}: the key is the boolean {}, which mfsim does not keep as a hash table's "
      "key (it is neither the text '{}' nor the number {}); write the key as a "
      "text or a number",
      written, key.value.flag ? "$true" : "$false", key.value.flag ? "True" : "False",
      key.value.flag ? 1 : 0);
}

std::size_t index_close_on_line(std::string_view s, std::size_t open) {
  int depth = 0;
  for (std::size_t k = open; k < s.size() && s[k] != '\n'; ++k) {
    const char c = s[k];
    if (c == '\'' || c == '"') {
      std::size_t e = k + 1;
      while (e < s.size() && s[e] != c && s[e] != '\n') e += (c == '"' && s[e] == '`') ? 2 : 1;
      if (e >= s.size() || s[e] != c) return std::string_view::npos;
      k = e;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']' && --depth == 0) {
      return k;
    }
  }
  return std::string_view::npos;
}

}  // namespace

ps_value parser::identified(ps_value table) {
  if (table.kind == ps_kind::table) table.table_id = ++tables_made_;
  return table;
}

void parser::refuse_cycle(std::uint64_t table_id, const ps_value& value, std::string_view written,
                          std::size_t start) {
  // Whether `value` holds the table, at any depth; each value looked at counts as a change's.
  std::size_t looked = 0;
  const auto in_plain = [&](const auto& self, const param_value& v) -> bool {
    ++looked;
    if (v.type == value_type::mapping && v.table_id == table_id) return true;
    for (const param_value& item : v.items) {
      if (self(self, item)) return true;
    }
    return false;
  };
  const auto in_value = [&](const auto& self, const ps_value& v) -> bool {
    ++looked;
    if (v.kind == ps_kind::table && v.table_id == table_id) return true;
    for (const ps_entry& e : v.entries) {
      if (self(self, e.value)) return true;
    }
    return in_plain(in_plain, v.value);
  };
  const bool cycle = in_value(in_value, value);
  shared_table_work_ = capped_sum(shared_table_work_, looked);
  if (cycle) {
    // PowerShell holds the table in itself; mfsim's copies would lose what changes later.
    fail(start, fmt::format("{} would hold itself (the value holds the same hash table): a table "
                            "inside itself is not read",
                            written));
  }
}

bool parser::member_assignment(std::size_t start) {
  // The shape, read ahead on the line: `$name`, then `.Key` or `[...]` one or more times, `=`.
  std::size_t k = start + 1;
  while (k < s_.size() && (is_ident(s_[k]) || s_[k] == ':')) ++k;
  const std::size_t name_end = k;
  std::size_t last = std::string_view::npos;  // the last accessor: the entry set
  while (k < s_.size()) {
    if (s_[k] == '.' && k + 1 < s_.size() && is_ident(s_[k + 1])) {  // `.Key`, `.1`
      last = k++;
      while (k < s_.size() && is_ident(s_[k])) ++k;
    } else if (s_[k] == '[') {
      last = k;
      k = index_close_on_line(s_, k);
      if (k == std::string_view::npos) return false;
      ++k;
    } else {
      break;
    }
  }
  while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
  const bool append = s_.substr(k, 2) == "+=";  // $params.HeaderContainsWords += 'SPOOF'
  if (last == std::string_view::npos || k >= s_.size() ||
      (!append && (s_[k] != '=' || s_.substr(k, 2) == "==")))
    return false;
  const std::string written(s_.substr(start, last - start));  // "$rules[0]", for messages
  const std::string through =
      last == name_end
          ? ascii_lower_copy(without_scope(std::string(s_.substr(start + 1, name_end - start - 1))))
          : std::string();
  // The chain before the last accessor, read as a value: postfix() stops there. A call in the
  // chain may run a member assignment of its own, hence the outer stop kept.
  ps_value table;
  {
    struct stop_kept {
      std::size_t& stop;
      std::size_t outer;
      ~stop_kept() { stop = outer; }
    } const kept{postfix_stop_, postfix_stop_};
    postfix_stop_ = last;
    table = postfix();
  }
  if (table.kind == ps_kind::plain && table.value.type == value_type::mapping)
    table = table_from_mapping(table.value);
  std::string key;
  const bool by_index = peek() != '.';
  std::size_t number_key = std::string_view::npos;  // where `$o[0]`'s number is, if it is one
  param_value typed_key;  // `$h[5]`: the key as a Hashtable keeps it, a number a number
  if (!by_index) {
    ++i_;
    while (is_ident(peek())) key += peek(), ++i_;
    // `$h.1 = value` sets the number key 1, as `$h.1` reads it (decision 1069).
    if (!key.empty() && is_digit(key.front())) {
      const std::optional<numeric_literal> literal = numeric_literal_of(key);
      if (!literal || !literal->refused.empty() || !std::all_of(key.begin(), key.end(), is_digit)) {
        fail(i_ - key.size(), fmt::format("{}.{} = ...: a member named by a number is set only "
                                          "as a whole number, as $h.1 writes it",
                                          written, key));
      }
      key = literal->value;
      typed_key = {value_type::number, key, false, {}, {}};
      mark_int64(typed_key, literal->is_int64);
    }
  } else {
    const std::size_t open = i_++;
    skip_separators();
    const ps_value index = expression();
    skip_separators();
    if (peek() != ']') fail(i_, fmt::format("expected ']', found {}", found_at(i_)));
    ++i_;
    if (index.kind == ps_kind::plain &&
        (index.value.type == value_type::list || index.value.type == value_type::null)) {
      fail(open, fmt::format("{}[...] = ...: a hash table's entry is set by one key", written));
    }
    if (unknown_or_query(index)) {
      fail(open, fmt::format("{}[...] = ...: the key is {}, known only when the script runs",
                             written, unknown_list(index)));
    }
    if (const std::string refused =
            boolean_key_refused(index, fmt::format("{}[...] = ...", written));
        !refused.empty()) {
      fail(open, refused);
    }
    if (index.kind == ps_kind::plain && index.value.type == value_type::number) {
      number_key = open;
      typed_key = index.value;
    }
    key = to_text(index);
  }
  if (typed_key.type != value_type::number) typed_key = {value_type::text, key, false, {}, {}};
  if (table.kind != ps_kind::table || table.table_id == 0) {
    fail(start, fmt::format("{} = ...: mfsim sets a property or key only of a hash table the "
                            "script made ({} = @{{}} first)",
                            s_.substr(start, i_ - start), written));
  }
  if (number_key != std::string_view::npos && table.ordered) {
    // [ordered]'s $o[0] sets the entry at that position (OrderedDictionary's Int32 indexer),
    // which mfsim does not follow. A Hashtable's $h[5] sets the number key 5 (decision 1103).
    fail(number_key, fmt::format("{}[{}] = ...: a number as the index of an [ordered] table is "
                                 "not read (it sets the entry at that position); write the key "
                                 "as text: {}['{}']",
                                 written, key, written, key));
  }
  if (table.custom_object && (by_index || find_entry(table.entries, key) == nullptr)) {
    // A PSCustomObject's properties are fixed once made: assignment sets one, never adds one.
    fail(start, by_index ? fmt::format("{}[...] = ...: {} holds a [pscustomobject], which "
                                       "PowerShell does not index",
                                       written, written)
                         : fmt::format("{}.{} = ...: the [pscustomobject] has no property {}, "
                                       "and PowerShell adds none by assignment (Add-Member "
                                       "does)",
                                       written, key, key));
  }
  skip_inline_space();
  const std::size_t op = i_;
  i_ += append ? 2 : 1;  // '+=' or '='
  skip_inline_space();
  const std::size_t value_start = i_;
  ps_value value = expression();
  if (append) {
    // What the entry holds, plus the value, as `+` adds them. A new key reads as $h.Key does:
    // $h.Count += 1 is the table's count plus one; $null when the table has no such member.
    const ps_entry* held = find_key(table.entries, typed_key);
    ps_value before = plain({value_type::null, "", false, {}, at(op)});
    if (held != nullptr) {
      before = held->value;
    } else if (!by_index) {
      if (auto member = table_member(table, key, nullptr, op)) before = std::move(*member);
    }
    value = plus(std::move(before), std::move(value), op);
  }
  unknowns_.clear();  // judged where the table is used, as for any variable
  if (!at_statement_end() && peek() != '}') {
    fail(i_,
         fmt::format("{} after the value of {}", unexpected_at(i_), s_.substr(start, k - start)));
  }
  refuse_cycle(table.table_id, value, written, start);
  // Made in every holder of the table as it is now: the value's expression may have changed
  // the table itself (a function setting another key), which `table`, read before, lacks.
  share_table(table.table_id, keyed_entry(typed_key, at(start), std::move(value), value_start),
              false, through, start);
  return true;
}

std::optional<ps_value> parser::change_by_method(const ps_value& table, std::string_view written,
                                                 std::string_view method,
                                                 const std::vector<ps_value>& args,
                                                 std::size_t start) {
  const bool add = ascii_iequals(method, "Add");
  if (!add && !ascii_iequals(method, "Remove")) return std::nullopt;
  if (args.size() != (add ? 2U : 1U)) {
    fail(start, add ? fmt::format("{}.Add(): a hash table's Add takes a key and a value", written)
                    : fmt::format("{}.Remove(): a hash table's Remove takes a key", written));
  }
  if (table.custom_object) {
    fail(start, fmt::format("{}.{}(): a [pscustomobject] has no method {} (PowerShell: \"does not "
                            "contain a method named '{}'\")",
                            written, method, method, method));
  }
  if (unknown_or_query(args[0])) {
    fail(start, fmt::format("{}.{}(...): the key is {}, known only when the script runs", written,
                            method, unknown_list(args[0])));
  }
  if (const std::string refused = boolean_key_refused(args[0], fmt::format("{}.Add(...)", written));
      !refused.empty()) {
    // No boolean key is ever added, so Remove finds none: a statement that changes nothing,
    // as a Remove of a key the table lacks.
    if (!add) {
      ++variable_changes_;
      return plain({value_type::null, "", false, {}, at(start)});
    }
    fail(start, refused);
  }
  // A number key stays a number (decision 977): .Add(5, ...) is found by $h[5], not $h['5'].
  const bool number_key =
      args[0].kind == ps_kind::plain && args[0].value.type == value_type::number;
  const param_value typed_key =
      number_key ? args[0].value
                 : param_value{value_type::text, to_text(args[0]), false, {}, at(start)};
  std::string key = typed_key.text;
  const bool present = find_key(table.entries, typed_key) != nullptr;
  if (add && present) {
    fail(start, fmt::format("{}.Add('{}', ...): the key is in the hash table already (keys are "
                            "compared without case; PowerShell refuses it too)",
                            written, key));
  }
  if (add) refuse_cycle(table.table_id, args[1], written, start);
  ++variable_changes_;
  // Hashtable.Remove: a key the table does not have is no error, and no change.
  if (add || present) {
    share_table(table.table_id,
                keyed_entry(typed_key, at(start), add ? args[1] : ps_value{}, start), !add, {},
                start);
  }
  return plain({value_type::null, "", false, {}, at(start)});
}

ps_value parser::table_sum(const ps_value& left, const ps_value& right, std::size_t offset) {
  charge_table(left, offset);
  charge_table(right, offset);
  ps_value sum = identified(left);  // Hashtable's + makes a new table: neither operand changes
  for (const ps_entry& entry : right.entries) {
    if (find_key(sum.entries, key_of(entry)) != nullptr) {
      fail(offset, fmt::format("+: the key '{}' is in both hash tables (PowerShell refuses to "
                               "add them too)",
                               entry.key));
    }
    sum.entries.push_back(entry);
  }
  for (const auto& part : right.unknown_parts) sum.unknown_parts.push_back(part);
  return sum;
}

void parser::share_table(std::uint64_t table_id, const ps_entry& change, bool removed,
                         const std::string& changed_through, std::size_t offset) {
  if (table_id == 0) return;
  for (const table_walk& walk : tables_walked_) {
    if (walk.table_id != table_id) continue;
    // .NET's enumerator checks the table's version at each step: the walk stops with an error.
    fail(offset, fmt::format("the hash table changes while {} at line {} walks its .Keys, .Values "
                             "or .GetEnumerator(): PowerShell stops there with \"Collection was "
                             "modified; enumeration operation may not execute\" (walk a copy: "
                             "@($h.Keys))",
                             walk.what, walk.line));
  }
  // Makes the one change in each holder of the table: a variable, a caller's saved value, an
  // entry of another table, an item of an array (where it is a mapping), and what loops and
  // pipelines hold while they run. Every holder has the same entries, so the change is the same
  // in each, and costs what finding the key costs, not a copy of the table.
  struct refresher {
    parser& p;
    std::uint64_t table_id;
    const ps_entry& change;
    bool removed;
    std::size_t offset;
    std::optional<param_value> mapped{};  // the new value as arrays hold it, made once
    std::vector<std::string> mapped_unknowns{};

    void count(std::size_t units) {
      p.shared_table_work_ = capped_sum(p.shared_table_work_, units);
      if (p.shared_table_work_ > kMaxSharedTableWork) {
        p.fail(offset, fmt::format("changing hash tables looked through more than {} values in "
                                   "all (each change looks for the table in every variable and "
                                   "array; the PowerShell unrolling limit)",
                                   kMaxSharedTableWork));
      }
    }
    void set_in(std::vector<ps_entry>& entries) {
      count(entries.size());
      if (removed) {
        std::erase_if(entries, [&](const ps_entry& e) { return same_key(e, change); });
        return;
      }
      p.charge_table(change.value, offset);
      if (change.value.kind == ps_kind::plain) p.charge(change.value.value, offset);
      for (ps_entry& e : entries) {
        if (same_key(e, change)) {
          e.value = change.value;
          return;
        }
      }
      entries.push_back(change);
    }
    void set_in(param_value& mapping) {
      count(mapping.items.size());
      // The item of the changed key: the same text, and the same type (decision 1217).
      std::size_t at = 0;
      for (; at < mapping.items.size(); ++at) {
        ps_entry held{mapping.items[at].key, {}, {}, 0};
        restore_key_type(mapping, at, held);
        if (same_key(held, change)) break;
      }
      const bool found = at < mapping.items.size();
      mapping.text.resize(mapping.items.size(), 't');
      if (removed) {
        if (found) {
          mapping.items.erase(mapping.items.begin() + static_cast<std::ptrdiff_t>(at));
          mapping.text.erase(at, 1);
        }
        return;
      }
      if (!mapped) {
        const std::size_t first_unknown = p.unknowns_.size();
        mapped = p.to_plain(change.value, change.offset);
        p.take_unknowns_since(first_unknown, mapped_unknowns);
      }
      p.charge(*mapped, offset);
      if (found) {
        std::string key = std::move(mapping.items[at].key);
        mapping.items[at] = *mapped;
        mapping.items[at].key = std::move(key);
      } else {
        mapping.items.push_back(*mapped);
        mapping.items.back().key = change.key;
        mapping.text += key_type_letter(change);
      }
    }
    void in_value(ps_value& holder) {
      count(1);
      if (holder.kind == ps_kind::table) {
        if (holder.table_id == table_id) {
          set_in(holder.entries);
          return;
        }
        for (ps_entry& entry : holder.entries) in_value(entry.value);
        return;
      }
      if (holder.kind != ps_kind::plain || !in_plain(holder.value)) return;
      for (const auto& part : mapped_unknowns) {
        if (std::find(holder.unknown_parts.begin(), holder.unknown_parts.end(), part) ==
            holder.unknown_parts.end()) {
          holder.unknown_parts.push_back(part);
        }
      }
    }
    bool in_plain(param_value& value) {
      if (value.type != value_type::list && value.type != value_type::mapping) return false;
      bool any = false;
      for (param_value& item : value.items) {
        count(1);
        if (item.type == value_type::mapping && item.table_id == table_id) {
          set_in(item);
          any = true;
        } else {
          any = in_plain(item) || any;
        }
      }
      return any;
    }
  };
  refresher refresh{*this, table_id, change, removed, offset};
  // Inside an operand -and or -or does not evaluate, what the change reaches is journaled first.
  keep_what_table_reaches(*this, table_id, [&](std::size_t units) { refresh.count(units); });
  variables_.change_each([&](const ps_value& v) { return reaches_table(v, table_id); },
                         [&](ps_value& v) { refresh.in_value(v); });
  for (auto& frame : frames_) {
    for (auto& saved : frame.saved) {
      if (saved.second) refresh.in_value(*saved.second);
    }
  }
  for (auto& capture : captures_) {
    for (ps_value& value : capture) refresh.in_value(value);
  }
  for (ps_value* value : held_values_) refresh.in_value(*value);
  for (std::vector<ps_value>* items : held_items_) {
    for (ps_value& value : *items) refresh.in_value(value);
  }
  for (param_value* list : held_lists_) refresh.in_plain(*list);
  // `$q = $common` and then a change through $q: in PowerShell the change is $common's too,
  // which a script building rule after rule from one table seldom means.
  const auto alias = table_aliases_.find(changed_through);
  if (alias == table_aliases_.end()) return;
  const auto source = variables_.find(ascii_lower_copy(alias->second.source));
  if (source == variables_.end() || source->second.table_id != table_id ||
      !warned_shared_.insert(table_id).second) {
    return;
  }
  warn(offset, fmt::format("${0} and ${1} are one hash table (${0} = ${1} at line {2}): the change "
                           "shows in ${1} too, as in PowerShell; ${1}.Clone() makes a copy",
                           alias->second.name, alias->second.source, alias->second.line));
}

}  // namespace mfsim::rules::ps
