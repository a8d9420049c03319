// Hash tables as scripts change them (decision 447): `$h.Key = value`, `$h['Key'] = value`,
// .Remove(), `+` of two tables (.Add() and .Clone() sit with the other members), and a hash
// table being one object wherever it is held, as a .NET Hashtable is: `$q = $common;
// $q.Name = 'B'` changes $common too, and `foreach ($r in $rules) { $r.Name = ... }` changes
// the tables $rules holds.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

namespace {

// What share_table may look through, all changes together: each change looks through every
// value the script holds (about 0.5 s at the limit), so a loop of changes beside large arrays
// costs changes x values.
constexpr std::size_t kMaxSharedTableWork = 100000000;

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

bool parser::member_assignment(std::size_t start) {
  // The shape, read ahead on the line: `$name`, then `.Key` or `[...]` one or more times, `=`.
  std::size_t k = start + 1;
  while (k < s_.size() && (is_ident(s_[k]) || s_[k] == ':')) ++k;
  const std::size_t name_end = k;
  std::size_t last = std::string_view::npos;  // the last accessor: the entry set
  while (k < s_.size()) {
    if (s_[k] == '.' && k + 1 < s_.size() && is_letter(s_[k + 1])) {
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
  if (last == std::string_view::npos || k >= s_.size() || s_[k] != '=' || s_.substr(k, 2) == "==")
    return false;
  const std::string written(s_.substr(start, last - start));  // "$rules[0]", for messages
  bool outlives = false;
  const std::string through =
      last == name_end ? ascii_lower_copy(without_scope(
                             std::string(s_.substr(start + 1, name_end - start - 1)), &outlives))
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
  if (peek() == '.') {
    ++i_;
    while (is_ident(peek())) key += peek(), ++i_;
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
    if (is_unknown(index)) {
      fail(open, fmt::format("{}[...] = ...: the key is {}, known only when the script runs",
                             written, unknown_list(index)));
    }
    key = to_text(index);
  }
  if (table.kind != ps_kind::table || table.table_id == 0) {
    fail(start, fmt::format("{} = ...: mfsim sets a property or key only of a hash table the "
                            "script made ({} = @{{}} first)",
                            s_.substr(start, i_ - start), written));
  }
  skip_inline_space();
  ++i_;  // '='
  skip_inline_space();
  const std::size_t value_start = i_;
  ps_value value = expression();
  unknowns_.clear();  // judged where the table is used, as for any variable
  if (!at_statement_end() && peek() != '}') {
    fail(i_, fmt::format("unexpected {} after the value of {}", found_at(i_),
                         s_.substr(start, k - start)));
  }
  ps_entry* entry = nullptr;
  for (auto& e : table.entries) {
    if (ascii_iequals(e.key, key)) entry = &e;
  }
  if (entry != nullptr) {
    entry->value = std::move(value);
  } else {
    table.entries.push_back({std::move(key), at(start), std::move(value), value_start});
  }
  share_table(table, through, start);
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
  if (is_unknown(args[0])) {
    fail(start, fmt::format("{}.{}(...): the key is {}, known only when the script runs", written,
                            method, unknown_list(args[0])));
  }
  const std::string key = to_text(args[0]);
  ps_value changed = table;
  if (add) {
    if (find_entry(changed.entries, key) != nullptr) {
      fail(start, fmt::format("{}.Add('{}', ...): the key is in the hash table already (keys are "
                              "compared without case; PowerShell refuses it too)",
                              written, key));
    }
    changed.entries.push_back({key, at(start), args[1], start});
  } else {
    // Hashtable.Remove: a key the table does not have is no error.
    std::erase_if(changed.entries, [&](const ps_entry& e) { return ascii_iequals(e.key, key); });
  }
  ++variable_changes_;
  share_table(changed, {}, start);
  return plain({value_type::null, "", false, {}, at(start)});
}

ps_value parser::table_sum(const ps_value& left, const ps_value& right, std::size_t offset) {
  charge_table(left, offset);
  charge_table(right, offset);
  ps_value sum = identified(left);  // Hashtable's + makes a new table: neither operand changes
  for (const ps_entry& entry : right.entries) {
    if (find_entry(sum.entries, entry.key) != nullptr) {
      fail(offset, fmt::format("+: the key '{}' is in both hash tables (PowerShell refuses to "
                               "add them too)",
                               entry.key));
    }
    sum.entries.push_back(entry);
  }
  for (const auto& part : right.unknown_parts) sum.unknown_parts.push_back(part);
  return sum;
}

void parser::share_table(const ps_value& table, const std::string& changed_through,
                         std::size_t offset) {
  if (table.table_id == 0) return;
  // Copies the table's entries into each holder of the same table: a variable, a caller's saved
  // value, an entry of another table, an item of an array (where it is a mapping).
  struct refresher {
    parser& p;
    const ps_value& table;
    std::size_t offset;
    std::optional<param_value> mapping{};  // the table as arrays hold it, made once
    std::vector<std::string> mapping_unknowns{};

    void count() {
      if (++p.shared_table_work_ > kMaxSharedTableWork) {
        p.fail(offset, fmt::format("changing hash tables looked through more than {} values in "
                                   "all (each change looks for the table in every variable and "
                                   "array; the PowerShell unrolling limit)",
                                   kMaxSharedTableWork));
      }
    }
    bool in_value(ps_value& holder) {
      count();
      if (holder.kind == ps_kind::table) {
        if (holder.table_id == table.table_id) {
          if (&holder == &table) return true;
          p.charge_table(table, offset);
          holder.entries = table.entries;
          return true;
        }
        bool any = false;
        for (ps_entry& entry : holder.entries) any = in_value(entry.value) || any;
        return any;
      }
      if (holder.kind != ps_kind::plain || !in_plain(holder.value)) return false;
      for (const auto& part : mapping_unknowns) {
        if (std::find(holder.unknown_parts.begin(), holder.unknown_parts.end(), part) ==
            holder.unknown_parts.end()) {
          holder.unknown_parts.push_back(part);
        }
      }
      return true;
    }
    bool in_plain(param_value& value) {
      if (value.type != value_type::list && value.type != value_type::mapping) return false;
      bool any = false;
      for (param_value& item : value.items) {
        count();
        if (item.type == value_type::mapping && item.table_id == table.table_id) {
          if (!mapping) {
            const std::size_t first_unknown = p.unknowns_.size();
            mapping = p.to_plain(table, offset);
            for (std::size_t k = first_unknown; k < p.unknowns_.size(); ++k)
              mapping_unknowns.push_back(p.unknowns_[k].what);
            p.unknowns_.resize(first_unknown);
          }
          p.charge(*mapping, offset);
          std::string key = std::move(item.key);
          item = *mapping;
          item.key = std::move(key);
          any = true;
        } else {
          any = in_plain(item) || any;
        }
      }
      return any;
    }
  };
  refresher refresh{*this, table, offset};
  for (auto& variable : variables_) refresh.in_value(variable.second);
  for (auto& frame : frames_) {
    for (auto& saved : frame.saved) {
      if (saved.second) refresh.in_value(*saved.second);
    }
  }
  for (auto& capture : captures_) {
    for (ps_value& value : capture) refresh.in_value(value);
  }
  // `$q = $common` and then a change through $q: in PowerShell the change is $common's too,
  // which a script building rule after rule from one table seldom means.
  const auto alias = table_aliases_.find(changed_through);
  if (alias == table_aliases_.end()) return;
  const auto source = variables_.find(ascii_lower_copy(alias->second.source));
  if (source == variables_.end() || source->second.table_id != table.table_id ||
      !warned_shared_.insert(table.table_id).second) {
    return;
  }
  warn(offset, fmt::format("${0} and ${1} are one hash table (${0} = ${1} at line {2}): the change "
                           "shows in ${1} too, as in PowerShell; ${1}.Clone() makes a copy",
                           alias->second.name, alias->second.source, alias->second.line));
}

}  // namespace mfsim::rules::ps
