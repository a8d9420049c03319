// PowerShell expressions as configuration scripts write them: operators (+, -f, -join,
// comparisons, -and/-or/-not), casts on literals, and what values become as texts, truths and
// rule parameters. Members and indexes are powershell_members.cc's. Values only a tenant knows stay
// `unknown` and are judged where they are used (powershell_parser.cc, settle_unknowns).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "engine/rules/powershell_mapping_keys.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

ps_value boolean_value(bool flag, const source_span& where) {
  return plain(param_value{value_type::boolean, "", flag, {}, where});
}

void merge_unknowns(ps_value& into, const ps_value& from) {
  for (const auto& part : from.unknown_parts) into.unknown_parts.push_back(part);
}

}  // namespace

bool parser::at_operator(std::string_view name) const noexcept {
  if (peek() != '-' || s_.substr(i_ + 1, name.size()).size() != name.size()) return false;
  if (!ascii_iequals(s_.substr(i_ + 1, name.size()), name)) return false;
  return !is_ident(peek(1 + name.size()));
}

std::string parser::to_text(const ps_value& value) const {
  switch (value.kind) {
    case ps_kind::table: return table_type_name(value.ordered);
    case ps_kind::created: {
      const ps_entry* name = find_entry(value.entries, "Name");
      return name != nullptr ? to_text(name->value) : std::string();
    }
    case ps_kind::tenant_query:
    case ps_kind::unknown:
    case ps_kind::plain: break;
  }
  const param_value& v = value.value;
  switch (v.type) {
    case value_type::null: return "";
    case value_type::boolean: return v.flag ? "True" : "False";
    case value_type::list: {
      // $OFS, a space unless the script set it, between every two items, an empty one
      // included: @('', 'a') is " a" (decisions 698, 732).
      std::string separator = " ";
      if (const auto ofs = variables_.find("ofs");
          ofs != variables_.end() && ofs->second.value.type != value_type::null) {
        separator = to_text(ofs->second);
      }
      std::string out;
      for (const auto& item : v.items) {
        if (&item != &v.items.front()) out += separator;
        out += to_text(plain(item));
      }
      return out;
    }
    case value_type::mapping: return table_type_name(v.table_ordered);  // as a table's text
    case value_type::text:
    case value_type::number: return v.text;
  }
  return v.text;
}

bool parser::joined_by_unknown_ofs(const ps_value& value) const {
  if (value.kind != ps_kind::plain || value.value.type != value_type::list ||
      value.value.items.size() < 2) {
    return false;
  }
  const auto ofs = variables_.find("ofs");
  return ofs != variables_.end() &&
         (ofs->second.kind == ps_kind::unknown || ofs->second.kind == ps_kind::tenant_query);
}

bool parser::truthy(const ps_value& value) {
  switch (value.kind) {
    case ps_kind::table:
    case ps_kind::created: return true;
    case ps_kind::tenant_query:
      (value.environment ? decided_environment_ : decided_).push_back(value.value.text);
      return value.exists;
    case ps_kind::unknown:
    case ps_kind::plain: break;
  }
  const param_value& v = value.value;
  switch (v.type) {
    case value_type::null: return false;
    case value_type::boolean: return v.flag;
    case value_type::number: return v.text.find_first_not_of("-0") != std::string::npos;
    case value_type::text: return !v.text.empty();
    // A list of one item is as true as the item (a filter such as @(0) -eq 0 keeps one).
    case value_type::list:
      return v.items.size() == 1 ? truthy(plain(v.items[0])) : !v.items.empty();
    case value_type::mapping: return true;
  }
  return false;
}

param_value parser::to_plain(ps_value value, std::size_t offset) {
  const bool named = !value.unknown_parts.empty();  // a query's result kept in a variable
  for (auto& part : value.unknown_parts) unknowns_.push_back({std::move(part), offset});
  switch (value.kind) {
    case ps_kind::table: {
      // A hash table value (MessageContainsDataClassifications' @{Name=...; minCount=...}).
      param_value table{value_type::mapping, "", false, {}, value.value.where};
      table.table_id = value.table_id;
      table.table_ordered = value.ordered;
      table.table_custom_object = value.custom_object;
      for (auto& entry : value.entries) {
        table.text += key_type_letter(entry);  // a number key stays a number (decision 1217)
        param_value item = to_plain(std::move(entry.value), entry.offset);
        item.key = std::move(entry.key);
        table.items.push_back(std::move(item));
      }
      return table;
    }
    case ps_kind::created: return text_value(to_text(value), at(offset)).value;
    case ps_kind::tenant_query:
      if (!named) unknowns_.push_back({value.value.text, offset});
      return param_value{value_type::text, value.value.text, false, {}, at(offset)};
    case ps_kind::unknown:
    case ps_kind::plain: break;
  }
  return std::move(value.value);
}

ps_value parser::expression() { return logical(); }

ps_value parser::logical() {
  ps_value left = bitwise();
  while (true) {
    skip_inline_space();
    const bool is_and = at_operator("and");
    if (!is_and && !at_operator("or")) return left;
    const std::size_t op = i_;
    i_ += is_and ? 4 : 3;
    skip_line_breaks();
    const bool left_decided = !is_undecided(left);
    const bool l = left_decided && truthy(left);
    if (left_decided && l != is_and) {
      // $false -and ..., $true -or ...: decided without the right operand (decision 1167).
      unevaluated_operand();
      left = boolean_value(l, at(op));
      continue;
    }
    ps_value right = bitwise();
    // A Get- query kept in a variable is decided here too, as in `if ($rule)` (decision 1139).
    if (!left_decided || is_undecided(right)) {
      merge_unknowns(left, right);
      left.kind = ps_kind::unknown;
      continue;
    }
    const bool r = truthy(right);
    left = boolean_value(is_and ? (l && r) : (l || r), at(op));
  }
}

ps_value parser::comparison() {
  ps_value left = additive();
  while (true) {
    skip_inline_space();
    std::size_t end = i_ + 1;
    while (end < s_.size() && is_letter(s_[end])) ++end;
    const std::string word(peek() == '-' ? s_.substr(i_ + 1, end - i_ - 1) : std::string_view());
    const bool whole = end >= s_.size() || !is_ident(s_[end]);
    const std::optional<comparison_operator> compared =
        whole ? parse_comparison_operator(word) : std::nullopt;
    const std::optional<string_operator> string_op =
        whole && !compared ? parse_string_operator(word) : std::nullopt;
    const bool shift = whole && (ascii_iequals(word, "shl") || ascii_iequals(word, "shr"));
    const std::string_view op = compared    ? std::string_view(compared->base)
                                : string_op ? std::string_view("split or replace")
                                : whole && ascii_iequals(word, "join") ? std::string_view("join")
                                : shift                                ? std::string_view("shift")
                                                                       : std::string_view();
    if (op.empty()) {
      if (peek() == '-' && is_letter(peek(1)) && !at_operator("and") && !at_operator("or") &&
          !at_operator("f") && !(whole && is_bitwise_operator(word))) {
        fail(i_, fmt::format("the operator -{} is not read (mfsim reads the comparisons -eq, "
                             "-ne, -gt, -ge, -lt, -le, -like, -notlike, -match, -notmatch, "
                             "-contains, -notcontains, -in and -notin, and -split, -replace, "
                             "-join, -f, +, -, *, /, %, -band, -bor, -bxor, -bnot, -shl, -shr, "
                             "-and, -or and -not)",
                             word_at(i_ + 1)));
      }
      return left;
    }
    const std::size_t at_op = i_;
    i_ = end;
    skip_line_breaks();
    ps_value right = additive();
    if (op == "shift") {  // with the comparisons, left to right (about_Arithmetic_Operators)
      left = bitwise_operation(ascii_lower_copy(word), std::move(left), std::move(right), at_op);
      continue;
    }
    if (op == "join") {
      if (is_unknown(left) || is_unknown(right)) {
        merge_unknowns(left, right);
      }
      std::string joined;
      const std::string separator = to_text(right);
      const param_value& items = left.value;
      if (items.type == value_type::list) {
        // The separator is copied once per item: the result is charged before it is built.
        std::size_t size = 0;
        for (std::size_t k = 0; k < items.items.size(); ++k) {
          size = capped_sum(size,
                            (k > 0 ? separator.size() : 0) + to_text(plain(items.items[k])).size());
        }
        charge_text(size, at_op);
        joined.reserve(size);
        for (std::size_t k = 0; k < items.items.size(); ++k) {
          if (k > 0) joined += separator;
          joined += to_text(plain(items.items[k]));
        }
      } else {
        joined = to_text(left);
      }
      ps_value out = text_value(std::move(joined), at(at_op));
      out.unknown_parts = std::move(left.unknown_parts);
      left = std::move(out);
      continue;
    }
    // A Get-X compared with $null asks whether the tenant has the object.
    const bool left_query = left.kind == ps_kind::tenant_query;
    const bool right_query = right.kind == ps_kind::tenant_query;
    if (left_query || right_query) {
      const ps_value& query = left_query ? left : right;
      const ps_value& other = left_query ? right : left;
      if (other.kind == ps_kind::plain && other.value.type == value_type::null &&
          (op == "eq" || op == "ne")) {
        const bool exists = truthy(query);
        const bool equal = !exists;  // $null -eq (nothing found)
        left = boolean_value(op == "eq" ? equal : !equal, at(at_op));
        continue;
      }
    }
    if (is_unknown(left) || is_unknown(right) || left_query || right_query) {
      if (left_query) left.unknown_parts.push_back(left.value.text);
      if (right_query) left.unknown_parts.push_back(right.value.text);
      merge_unknowns(left, right);
      left.kind = ps_kind::unknown;
      continue;
    }
    left = string_op ? apply_string_operator(*string_op, left, right, at_op)
                     : compare(*compared, left, right, at_op);
  }
}

ps_value parser::additive() {
  ps_value left = multiplicative();
  while (true) {
    skip_inline_space();
    if (at_arithmetic_operator("-")) {  // $priority - 1
      const std::size_t op = i_++;
      skip_line_breaks();
      left = arithmetic('-', std::move(left), multiplicative(), op);
      continue;
    }
    if (peek() != '+' || peek(1) == '=') return left;
    const std::size_t op = i_;
    ++i_;
    skip_line_breaks();
    left = plus(std::move(left), multiplicative(), op);
  }
}

ps_value parser::plus(ps_value left, ps_value right, std::size_t op) {
  // $null + x is x, whatever x is (about_Arithmetic_Operators: $null is ignored in addition).
  if (left.kind == ps_kind::plain && left.value.type == value_type::null && !is_unknown(left))
    return right;
  merge_unknowns(left, right);
  if (left.kind == ps_kind::table && right.kind == ps_kind::table && !left.custom_object)
    return table_sum(left, right, op);  // $common + @{ Name = 'A' } (decision 447)
  if (left.kind == ps_kind::table)
    fail(op, left.custom_object
                 ? "+: a [pscustomobject] is added to nothing (PowerShell refuses it too)"
                 : "+: a hash table is added only to another hash table (PowerShell refuses it "
                   "too)");
  if (left.kind == ps_kind::unknown) left.kind = ps_kind::plain;
  if (left.value.type == value_type::list) {
    // A list plus anything is a new object[], fixed in size (about_Arrays): a List[T] or an
    // ArrayList on the left gives an array, whose .Add() fails (decision 483).
    left.collection = new_collection::none;
    left.items_are = list_item::any;
    append_flat(left.value, to_plain(right, op), op);
    unknowns_.clear();
    return left;
  }
  if (left.kind == ps_kind::plain && left.value.type == value_type::boolean) {
    // $true + 1: a boolean on the left adds as the number 1 or 0 (decision 1169).
    left.value = *number_operand(left.value, nullptr);
  }
  if (left.value.type == value_type::number && right.kind == ps_kind::plain &&
      right.value.type != value_type::null) {
    // The left operand decides: a text is converted to a number (1 + '2' is 3, 1 + '0.5' 1.5),
    // as PowerShell does, or it is PowerShell's error.
    const std::optional<param_value> number = number_operand(right.value, &left.value);
    if (!number) {
      fail(op, fmt::format("+: {} cannot be added to the number {} (PowerShell converts the right "
                           "operand to a number, and fails)",
                           to_text_brief(right), left.value.text));
    }
    const source_span where = left.value.where;
    left.value = compute('+', left.value, *number, op);
    left.value.where = where;
    return left;
  }
  if (left.value.type == value_type::number && right.kind == ps_kind::plain)
    return left;  // 1 + $null
  std::string text = to_text(left) + to_text(right);
  charge_text(text.size(), op);
  ps_value joined = text_value(std::move(text), left.value.where);
  joined.unknown_parts = std::move(left.unknown_parts);
  if (joined_by_unknown_ofs(right)) joined.unknown_parts.emplace_back("$OFS");
  return joined;
}

ps_value parser::comma_list() {
  const std::size_t start = i_;
  ps_value first = unary();
  skip_inline_space();
  if (peek() != ',' || commas_separate_) return first;
  ps_value list;
  list.value.type = value_type::list;
  list.value.where = at(start);
  merge_unknowns(list, first);
  append_flat(list.value, to_plain(std::move(first), start), start);
  while (peek() == ',') {
    ++i_;
    skip_line_breaks();
    if (peek() == ')') fail_parse(i_, "a value is missing after ','");
    if (eof()) break;  // the caller names what is left open
    const std::size_t item_start = i_;
    ps_value item = unary();
    merge_unknowns(list, item);
    append_flat(list.value, to_plain(std::move(item), item_start), item_start);
    skip_inline_space();
  }
  unknowns_.clear();  // kept in the list's unknown_parts, recorded where the list is used
  return list;
}

ps_value parser::unary() {
  const std::size_t start = i_;
  const bool negate = at_operator("not") || (peek() == '!' && peek(1) != '=');
  if (negate) {
    const nesting_guard guard(*this, start, "-not");
    i_ += peek() == '!' ? 1 : 4;
    skip_inline_space();
    ps_value operand = unary();
    if (is_unknown(operand) && operand.kind != ps_kind::tenant_query) return operand;
    return boolean_value(!truthy(operand), at(start));
  }
  if (at_operator("bnot")) return bitwise_not(start);
  if (at_operator("join")) {
    // -join (48..57): the items' texts joined with nothing between (about_Join).
    const nesting_guard guard(*this, start, "-join");
    i_ += 5;
    skip_inline_space();
    ps_value operand = unary();
    if (is_unknown(operand) || operand.kind == ps_kind::tenant_query) return operand;
    std::vector<std::string> texts;
    std::size_t size = 0;
    for (const param_value& item : operand_items(operand.value)) {
      texts.push_back(to_text(plain(item)));
      size = capped_sum(size, texts.back().size());
    }
    charge_text(size, start);  // before the joined text is built
    std::string joined;
    for (const auto& text : texts) joined += text;
    return text_value(std::move(joined), at(start));
  }
  if (std::optional<ps_value> stepped = prefix_increment()) return std::move(*stepped);
  bool before_text = false;  // -'1,000', -"2": a minus before a quoted text
  if (peek() == '-') {
    ++i_;
    before_text = at_single_quote() || at_double_quote();
    --i_;
  }
  if (peek() == '-' &&
      (peek(1) == ' ' || peek(1) == '\t' || peek(1) == '(' || peek(1) == '$' || before_text)) {
    // `- - 1`, `-(2)`, `-$n`, `-'1,000'`: 0 minus the value, which converts a text as
    // arithmetic does (about_Arithmetic_Operators, decisions 666 and 1168); `-1` is a number,
    // read by primary.
    const nesting_guard guard(*this, start, "-");
    ++i_;
    skip_inline_space();
    ps_value operand = unary();
    if (is_unknown(operand)) {
      return unknown_value(fmt::format("-{}", to_text_brief(operand)), at(start));
    }
    const std::optional<param_value> number =
        operand.kind == ps_kind::plain ? number_operand(operand.value, nullptr) : std::nullopt;
    if (!number) fail(start, fmt::format("-{}: mfsim reads - on numbers", to_text_brief(operand)));
    // 0 - 0.0 is 0, but the negative of the Double 0 is -0 (decision 921).
    if (number->is_double && number->text == "0")
      fail(start, negative_zero_refused(fmt::format("-{}", to_text_brief(operand))));
    return arithmetic('-', plain({value_type::number, "0", false, {}, at(start)}),
                      std::move(operand), start);
  }
  if (peek() == '[') {
    const std::size_t close = s_.find(']', i_);
    std::size_t end = close;
    if (end != std::string_view::npos && s_.substr(end + 1, 1) == "]") ++end;  // [string[]]
    if (close == std::string_view::npos ||
        s_.substr(i_, end - i_).find('\n') != std::string_view::npos) {
      fail(start, "'[' is not closed by ']'");
    }
    const std::string type(s_.substr(i_ + 1, end - i_ - 1));
    i_ = end + 1;
    if (s_.substr(i_, 2) == "::") {
      // [System.Collections.Generic.List[Object]]::new(): an empty collection, as New-Object.
      const new_collection made = collection_named(type);
      if (made != new_collection::none && ascii_iequals(s_.substr(i_, 7), "::new()")) {
        i_ += 7;
        return typed_collection(made, type, start);
      }
      return static_call(type, start);
    }
    const nesting_guard guard(*this, start, "[cast]");
    return cast(start, type, unary());
  }
  return postfix();
}

ps_value parser::cast(std::size_t start, std::string_view written, ps_value value) {
  std::string type = ascii_lower_copy(std::string(written));
  if (type.starts_with("system.")) type.erase(0, 7);
  if (type == "void")
    return plain({value_type::null, "", false, {}, at(start)});  // [void]$l.Add(x)
  if (type == "ordered" || type == "pscustomobject") {
    value.ordered = true;  // an OrderedDictionary, or an object's properties: as written
    // [pscustomobject]$h is an object of its own; [ordered]@{ } is the table written.
    if (type != "pscustomobject") return value;
    value.custom_object = value.kind == ps_kind::table;
    return identified(std::move(value));
  }
  if (value.kind != ps_kind::plain || is_unknown(value)) return value;  // judged where it is used
  param_value& v = value.value;
  if (type == "string") {
    // A bare 1.5 made a text is a String to a [bool] parameter, which refuses it (decision
    // 1117): it is no longer where a bare number was.
    const bool bare =
        v.type == value_type::text && bare_numbers_.contains({v.where.line, v.where.col});
    ps_value text = text_value(to_text(value), bare ? at(start) : v.where);
    if (joined_by_unknown_ofs(value)) text.unknown_parts.emplace_back("$OFS");
    return text;
  }
  if (type == "int" || type == "int32" || type == "int64" || type == "long" || type == "byte") {
    // [int] 3000000000 and [byte] 256 are PowerShell's error: the number is past the type.
    const bool wide = type == "int64" || type == "long";
    const std::optional<long long> n = int_cast_of(v, wide ? 64 : type == "byte" ? 8 : 32);
    const long long low = wide             ? std::numeric_limits<long long>::min()
                          : type == "byte" ? 0
                                           : std::numeric_limits<std::int32_t>::min();
    const long long high = wide             ? std::numeric_limits<long long>::max()
                           : type == "byte" ? 255
                                            : std::numeric_limits<std::int32_t>::max();
    if (!n || *n < low || *n > high) {
      fail(start, fmt::format("[{}] cannot convert '{}' to a number", written, to_text(value)));
    }
    param_value whole{value_type::number, std::to_string(*n), false, {}, v.where};
    mark_int64(whole, wide);  // [long]1 is not the key [int]1 (decision 1115)
    return plain(std::move(whole));
  }
  if (type == "double") {  // [double]'2.5' (decision 864)
    std::optional<param_value> real = double_cast_of(v);
    if (!real) {
      fail(start, fmt::format("[{}] cannot convert '{}' to a Double that mfsim writes as "
                              "PowerShell does",
                              written, to_text(value)));
    }
    return plain(std::move(*real));
  }
  if (type == "bool" || type == "boolean" || type == "switch") {
    return boolean_value(truthy(value), v.where);
  }
  if (type == "string[]" || type == "array" || type == "object[]") {
    // $null converts to no array: an unbound [string[]] parameter is $null (decision 1026).
    if (v.type == value_type::null) return value;
    value.collection = new_collection::none;  // an array again: its size is fixed
    value.items_are = list_item::any;
    if (v.type == value_type::list) return value;
    param_value list;
    list.type = value_type::list;
    list.where = v.where;
    if (v.type != value_type::null) list.items.push_back(v);
    return plain(std::move(list));
  }
  if (const std::string_view item_type = typed_array_item(type); !item_type.empty()) {
    // [int[]]$a = 1, 2 and [int[]]'5': each item converted as the cast [int] converts it
    // (LanguagePrimitives' array conversion; decision 1067), a scalar an array of one, $null
    // $null as for [string[]].
    if (v.type == value_type::null) return value;
    param_value list;
    list.type = value_type::list;
    list.where = v.where;
    for (param_value& given : operand_items(v)) {
      const std::string written_item(item_type);
      list.items.push_back(cast(start, written_item, plain(std::move(given))).value);
    }
    ps_value array = plain(std::move(list));
    array.unknown_parts = std::move(value.unknown_parts);
    return array;
  }
  if (type == "object" || type == "psobject" || type == "hashtable") return value;
  if (const new_collection made = collection_named(type);
      made != new_collection::none && made != new_collection::table) {
    // [System.Collections.Generic.List[string]]@('a', 'b'): a list of the items, growable.
    ps_value list = empty_collection(made, v.where);
    list.items_are = list_item_named(written);
    list.unknown_parts = std::move(value.unknown_parts);
    for (param_value& given : operand_items(v)) {
      if (given.type == value_type::null) continue;
      param_value item = list_item_of(list, std::move(given), start);
      if (made != new_collection::hash_set || !held_in_set(list.value.items, item))
        list.value.items.push_back(std::move(item));
    }
    return list;
  }
  fail(start,
       fmt::format("the cast [{}] is not read (mfsim reads [string], [int], [double], [bool], "
                   "their arrays [string[]], [int[]], ..., [hashtable] and the lists List[T], "
                   "ArrayList and HashSet[T])",
                   written));
}

}  // namespace mfsim::rules::ps
