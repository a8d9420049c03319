// The primary values of PowerShell expressions: literals, variables (and --define), $( ),
// hash tables @{ } and arrays @( ). Commands written where a value goes are
// powershell_command_values.cc's.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>

#include "engine/rules/powershell_assignment_hints.h"
#include "engine/rules/powershell_numeric_literals.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"
#include "engine/rules/powershell_subexpressions.h"

namespace mfsim::rules::ps {

ps_value parser::primary() {
  const std::size_t start = i_;
  if (at_single_quote()) return plain({value_type::text, single_quoted(), false, {}, at(start)});
  if (at_double_quote() || (peek() == '@' && (peek(1) == '"' || peek(1) == '\''))) {
    const bool here = peek() == '@';
    const bool literal = here && peek(1) == '\'';
    string_unknowns_.clear();
    std::string text = here ? here_string() : double_quoted();
    ps_value v = plain({value_type::text, std::move(text), false, {}, at(start)});
    if (!literal) v.unknown_parts = std::move(string_unknowns_);
    string_unknowns_.clear();
    return v;
  }
  if (peek() == '$' && peek(1) == '(') return subexpression();
  if (peek() == '$') return variable();
  if (peek() == '@' && peek(1) == '(') {
    i_ += 2;
    const std::size_t first_unknown = unknowns_.size();
    std::optional<ps_value> whole;
    ps_value out = plain(expression_list(start, true, &whole));
    if (whole) return std::move(*whole);  // @(Get-AcceptedDomain): the query, as ( ) gives it
    // Unknown parts inside travel with the value to where it is used.
    take_unknowns_since(first_unknown, out.unknown_parts);
    return out;
  }
  if (peek() == '@' && peek(1) == '{') return hash_table();
  if (peek() == '(') {
    ++i_;
    const std::size_t first_unknown = unknowns_.size();
    skip_separators();
    // A command in parentheses gives its result; values give themselves.
    if (at_command_word()) {
      const nesting_guard guard(*this, start, "(");
      ps_value result = command_value();
      skip_separators();
      if (peek() != ')') fail(start, "'(' is not closed by ')'");
      ++i_;
      return result;
    }
    // ($rule): a variable keeps what it holds, a Get- query or a created object (decision 414
    // reads `$null -ne ($rule)` as `$null -ne $rule`); anything else is read as a list.
    if (peek() == '$' && peek(1) != '(') {
      const nesting_guard guard(*this, start, "(");
      ps_value held = expression();
      skip_separators();
      if (peek() == ')' && (held.kind == ps_kind::tenant_query || held.kind == ps_kind::created)) {
        ++i_;
        return held;
      }
      if (peek() == ')') {
        // ($i++), ($l.Add(x)): the value as expression_list makes it, without reading it twice
        // (the ++ or the Add would run twice; decision 481).
        ++i_;
        param_value list{value_type::list, "", false, {}, at(start)};
        append_flat(list, to_plain(std::move(held), start), start);
        ps_value out =
            plain(list.items.size() == 1 ? std::move(list.items.front()) : std::move(list));
        for (std::size_t k = first_unknown; k < unknowns_.size(); ++k)
          out.unknown_parts.push_back(unknowns_[k].what);
        unknowns_.resize(first_unknown);
        return out;
      }
      unknowns_.resize(first_unknown);
    }
    i_ = start + 1;
    param_value v = expression_list(start, false);
    ps_value out = plain(std::move(v));
    // Unknown parts inside travel with the value to where it is used.
    for (std::size_t k = first_unknown; k < unknowns_.size(); ++k) {
      out.unknown_parts.push_back(unknowns_[k].what);
    }
    unknowns_.resize(first_unknown);
    return out;
  }
  if (is_digit(peek()) || ((peek() == '-' || peek() == '+') && is_digit(peek(1)))) {
    std::string digits(1, peek());
    bool is_double = false;
    bool is_int64 = false;
    ++i_;
    while (is_digit(peek())) digits += peek(), ++i_;
    if (is_letter(peek()) || (peek() == '.' && is_digit(peek(1)))) {
      // `0x10`, `1kb`, `5L`, `1.5`, `2e-3`: about_Numeric_Literals (decision 764).
      const std::size_t word_start = start + (digits.front() == '-' || digits.front() == '+');
      const std::size_t digits_end = i_;
      const std::size_t digits_size = digits.size();
      while (is_letter(peek()) || is_digit(peek()) || (peek() == '.' && is_digit(peek(1))) ||
             ((peek() == '-' || peek() == '+') && is_digit(peek(1)) &&
              (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E') && s_[word_start + 1] != 'x' &&
              s_[word_start + 1] != 'X')) {
        digits += peek(), ++i_;
      }
      const std::string_view word = s_.substr(word_start, i_ - word_start);
      if (const auto literal = numeric_literal_of(word)) {
        digits = literal_number(*literal, word, digits.front() == '-', start);
        is_double = literal->is_double;
        is_int64 = literal->is_int64;
      } else {
        i_ = digits_end;  // no number: the error below names the word
        digits.resize(digits_size);
      }
    } else {
      // Decimal digits: an Int32 or Int64 as PowerShell holds it, so `007` is 7 and `-0` is 0.
      const bool sign = digits.front() == '-' || digits.front() == '+';
      const std::string_view word = std::string_view(digits).substr(sign ? 1 : 0);
      if (const auto literal = numeric_literal_of(word))
        digits = literal_number(*literal, word, digits.front() == '-', start);
    }
    const char next = peek();
    if (!(eof() || (next == '.' && peek(1) == '.') || next == ' ' || next == '\t' || next == '\r' ||
          next == '\n' || next == ',' || next == ';' || next == ')' || next == '#' || next == '}' ||
          next == ']')) {
      std::size_t end = i_;
      while (end < s_.size() && s_[end] != ' ' && s_[end] != ',' && s_[end] != ')' &&
             s_[end] != '\n' && s_[end] != '\r') {
        ++end;
      }
      fail(start, fmt::format("'{}' is not a number; inside ( ) and @( ), and after '=', quote "
                              "texts: '{}'",
                              s_.substr(start, end - start), s_.substr(start, end - start)));
    }
    if (digits.front() == '+') digits.erase(0, 1);
    ps_value number = plain({value_type::number, digits, false, {}, at(start)});
    number.value.is_double = is_double;
    mark_int64(number.value, is_int64);
    return number;
  }
  if (is_letter(peek())) {
    const std::string word = word_at(i_);
    if (at_command_word()) return command_value();
    fail(start, fmt::format("{} inside ( ) or @( ), or after '=', is read as a command: quote "
                            "texts there, as in '{}'",
                            word, word));
  }
  if (peek() == '&' || (peek() == '.' && (peek(1) == ' ' || peek(1) == '\t'))) {
    // `$x = & F` and `$x = . F`: what the function F the script defines outputs, `. F` run in
    // this scope (about_Operators; decisions 1070, 1121).
    std::size_t word = i_ + 1;
    while (word < s_.size() && (s_[word] == ' ' || s_[word] == '\t')) ++word;
    if (peek() == '&' && after_operator(start)) {
      // `1 + & F`: the call operator starts a command, which an operator's operand is not;
      // PowerShell refuses it where it parses the script (decision 1171).
      fail_parse(start,
                 "'&' after an operator: PowerShell allows the call operator only where a "
                 "command starts; write the call in parentheses, (& F)");
    }
    if (functions_.contains(ascii_lower_copy(word_at(word)))) {
      if (peek() == '.') dot_sourced_call_at_ = word;
      i_ = word;
      return command_value();
    }
  }
  // Nothing where a value goes (`1 +)`, `()`) is PowerShell's parse error; a value mfsim does
  // not read (a script block, a unary comma) is mfsim's.
  if (at_statement_end() || peek() == ')' || peek() == '}' || peek() == ']')
    fail_parse(start, fmt::format("expected a value, found {}", found_at(start)));
  fail(start, fmt::format("expected a value, found {}", found_at(start)));
}

bool parser::after_operator(std::size_t at) const {
  std::size_t k = at;
  while (k > 0 && (s_[k - 1] == ' ' || s_[k - 1] == '\t' || s_[k - 1] == '\r' || s_[k - 1] == '\n'))
    --k;
  if (k == 0) return false;
  const char c = s_[k - 1];
  if (is_ident(c)) {
    // A word: an operator's (-eq, -and, -join) after its '-', else a keyword whose statement
    // takes a pipeline (return, in, throw).
    while (k > 0 && is_ident(s_[k - 1])) --k;
    return k > 0 && s_[k - 1] == '-';
  }
  return c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == ',' || c == '!' ||
         c == '[' || c == '.';
}

std::string parser::literal_number(const numeric_literal& literal, std::string_view word,
                                   bool negative, std::size_t start) {
  if (!literal.refused.empty()) {
    fail(start, fmt::format("the number '{}': {} (about_Numeric_Literals)", word, literal.refused));
  }
  if (negative && literal.is_double && literal.value == "0")
    fail(start, negative_zero_refused(fmt::format("-{}", word)));
  return (negative && literal.value != "0" ? "-" : "") + literal.value;
}

ps_value parser::lookup(std::string_view name, std::size_t start) {
  const std::string lower = ascii_lower_copy(std::string(name));
  if (lower == "true" || lower == "false") {
    return plain({value_type::boolean, "", lower == "true", {}, at(start)});
  }
  if (lower == "null") return plain({value_type::null, "", false, {}, at(start)});
  if (broken_.contains(lower)) throw syntax_failure{};  // its assignment's error is reported
  if (const auto it = variables_.find(lower); it != variables_.end()) {
    if (it->second.kind == ps_kind::plain) charge(it->second.value, start);
    charge_table(it->second, start);  // every read of a table copies it
    ps_value value = it->second;
    if (value.kind == ps_kind::plain) value.value.where = at(start);  // items keep their place
    if (lower == "input" && !frames_.empty() && frames_.back().piped != nullptr) {
      // $input is an enumerator: once read, it is spent, and a second read finds it empty
      // (about_Automatic_Variables; decision 1215). Journaled: an operand -and or -or skips
      // reads it without spending it (decision 1220).
      *variables_.changeable(lower) =
          plain(param_value{value_type::list, "", false, {}, at(start)});
    }
    for (const auto& d : context_.defines) {
      if (ascii_iequals(d.name, name)) defines_read_.insert(lower);
    }
    return value;
  }
  for (const auto& d : context_.defines) {
    if (ascii_iequals(d.name, name)) {
      defines_read_.insert(lower);
      return plain({value_type::text, d.value, false, {}, at(start)});
    }
  }
  if (ascii_iequals(name, "ConfigurationData"))
    return unknown_value("$ConfigurationData", at(start));
  if (ascii_iequals(name, "PSCmdlet")) return unknown_value("$PSCmdlet", at(start));
  return unknown_value(
      fmt::format("${} (not assigned in this script{})", name, unassigned_hint(lower)), at(start));
}

const std::string& parser::unassigned_hint(const std::string& lower) {
  static const std::string none;
  // A loop may read the same unknown name many times: each name is weighed once; names and
  // candidates longer than a typo's reach are not weighed at all.
  constexpr std::size_t kLongestName = 64;
  constexpr std::size_t kMostNamesWeighed = 256;
  if (const auto it = unassigned_hints_.find(lower); it != unassigned_hints_.end()) {
    return it->second;
  }
  if (lower.size() > kLongestName || unassigned_hints_.size() >= kMostNamesWeighed) return none;
  std::vector<std::string_view> candidates = {"true", "false", "null"};
  for (const auto& [assigned, value] : variables_) {
    const std::size_t gap = assigned.size() > lower.size() ? assigned.size() - lower.size()
                                                           : lower.size() - assigned.size();
    if (gap <= 2 && assigned.size() <= kLongestName) candidates.push_back(assigned);
  }
  std::string hint;
  if (const auto guess = closest(lower, candidates)) {
    hint = fmt::format("; did you mean '${}'?", *guess);
  } else if (const assignment_place seen = written_assignment(s_, lower);
             seen.kind != assignment_seen::none) {
    hint = assignment_hint(seen, at(seen.offset).line, s_.substr(seen.offset, lower.size()));
  }
  return unassigned_hints_.emplace(lower, std::move(hint)).first->second;
}

ps_value parser::variable() {
  const std::size_t start = i_;
  ++i_;  // '$'
  std::string name;
  if (peek() == '{') {
    ++i_;
    while (!eof() && peek() != '}' && peek() != '\n') name += peek(), ++i_;
    if (peek() != '}') fail(start, "${ is not closed by '}'");
    ++i_;
  } else {
    while (is_ident(peek())) name += peek(), ++i_;
  }
  if (name.empty()) fail(start, "'$' must be followed by a variable name");
  if (peek() == ':' && is_letter(peek(1))) {  // $env:NAME, $script:name, $global:name
    ++i_;
    std::string inner;
    while (is_ident(peek())) inner += peek(), ++i_;
    const std::string scoped = fmt::format("{}:{}", name, inner);
    bool outlives = false;
    if (std::string unscoped = without_scope(scoped, &outlives); unscoped.size() < scoped.size()) {
      // $script:n in a function that has its own $n reads the script's (decision 1101).
      std::optional<script_variable_scope> script_variable;
      if (outlives) script_variable.emplace(*this, ascii_lower_copy(unscoped));
      return lookup(unscoped, start);
    }
    return unknown_value(fmt::format("${}:{}", name, inner), at(start));
  }
  return lookup(name, start);
}

ps_value parser::subexpression() {
  const std::size_t start = i_;
  const nesting_guard guard(*this, start, "$(");
  i_ += 2;
  skip_separators();
  if (peek() == ')') {
    ++i_;
    return plain({value_type::null, "", false, {}, at(start)});
  }
  // $(if ($c) { 'On' } else { 'Off' }), $($n = 2; $n * 3): statements (decision 1212).
  if (starts_statement(*this)) return subexpression_statements(*this, start, std::nullopt);
  ps_value value = at_command_word() ? command_value() : expression();
  skip_inline_space();
  // "$($items | Out-String)": a pipeline's output, as in an assignment (decision 795).
  if (peek() == '|') value = piped_value(std::move(value), start, true);
  skip_inline_space();
  if (peek() == ';' || peek() == '\n') {
    const std::size_t separator = i_;
    skip_separators();
    const bool more = !eof() && peek() != ')';
    i_ = separator;
    if (more) return subexpression_statements(*this, start, std::move(value));
  }
  skip_separators();
  if (eof()) fail(start, "'$(' is not closed by ')'");
  if (peek() != ')') fail_parse(i_, fmt::format("{} inside $( )", unexpected_at(i_)));
  ++i_;
  return value;
}

ps_value parser::hash_table() {
  const std::size_t start = i_;
  i_ += 2;  // "@{"
  ps_value table;
  table.kind = ps_kind::table;
  table.value.where = at(start);
  table.entries = table_entries(start, "@{");
  return identified(std::move(table));
}

// Key = value pairs up to the closing '}', separated by ';' or line breaks; the '{' is read.
std::vector<ps_entry> parser::table_entries(std::size_t start, std::string_view opener) {
  const nesting_guard guard(*this, start, opener);
  std::vector<ps_entry> entries;
  while (true) {
    skip_separators();
    if (eof()) fail(start, fmt::format("'{}' is not closed by '}}'", opener));
    if (peek() == '}') {
      ++i_;
      return entries;
    }
    const std::size_t key_start = i_;
    std::string key;
    bool quoted = true;
    if (at_single_quote()) {
      key = single_quoted();
    } else if (at_double_quote()) {
      key = double_quoted();
    } else {
      quoted = false;
      while (is_ident(peek()) || peek() == '-') key += peek(), ++i_;
    }
    // A key written as a number literal is that number, not a text (decision 977).
    // `-1 = ...` is the number -1 (unary minus on the literal; decision 1028).
    const bool minus = !quoted && key.size() > 1 && key.front() == '-';
    const std::optional<numeric_literal> number =
        quoted ? std::nullopt : numeric_literal_of(minus ? key.substr(1) : key);
    const bool number_key = number && number->refused.empty();
    if (number_key) key = (minus && number->value != "0" ? "-" : "") + number->value;
    if (key.empty()) {
      fail(key_start, fmt::format("expected a key (Name = value) in {} }}, found {}", opener,
                                  found_at(key_start)));
    }
    skip_inline_space();
    if (peek() != '=') {
      fail(i_, fmt::format("expected '=' after the key {} in {} }}, found {}", key, opener,
                           found_at(i_)));
    }
    ++i_;
    skip_separators();
    // A value is a statement, as after '=' (`@{ Sender = if (...) { ... } else { ... } }`).
    const std::size_t value_start = i_;
    std::optional<ps_value> statement = statement_value(value_start);
    ps_value value = statement ? std::move(*statement) : expression();
    skip_inline_space();
    if (peek() == '|') value = piped_value(std::move(value), value_start);
    if (!(at_statement_end() || peek() == '}')) {
      fail_parse(i_,
                 fmt::format("{} after the value of {} in {} }}", unexpected_at(i_), key, opener));
    }
    param_value typed_key{
        number_key ? value_type::number : value_type::text, key, false, {}, at(key_start)};
    typed_key.is_double = number_key && number->is_double;
    mark_int64(typed_key, number_key && number->is_int64);
    if (const ps_entry* first = find_key(entries, typed_key)) {
      fail(key_start, fmt::format("the key '{}' is given twice in {} }} (first at line {}); keys "
                                  "are compared without case",
                                  key, opener, first->where.line));
    }
    entries.push_back(keyed_entry(typed_key, at(key_start), std::move(value), key_start));
  }
}

std::string parser::variable_between(std::size_t start) const {
  if (start >= i_ || s_[start] != '$' || start + 1 >= i_ || !is_letter(s_[start + 1])) return {};
  std::size_t end = start + 1;
  while (end < i_ && is_ident(s_[end])) ++end;
  if (end + 1 < i_ && s_[end] == ':' && is_letter(s_[end + 1])) {
    // $script:results is $results (decision 1213); $env:NAME is no variable of the script's.
    for (++end; end < i_ && is_ident(s_[end]);) ++end;
    const std::string name(s_.substr(start + 1, end - start - 1));
    if (without_scope(name) == name) return {};
  }
  for (std::size_t k = end; k < i_; ++k) {
    if (s_[k] != ' ' && s_[k] != '\t') return {};
  }
  return ascii_lower_copy(without_scope(std::string(s_.substr(start + 1, end - start - 1))));
}

std::optional<ps_value> parser::add_to_variable(const std::string& name,
                                                const std::vector<ps_value>& args,
                                                std::size_t start) {
  ps_value* const held = variables_.changeable(name);
  if (held == nullptr) return std::nullopt;
  ps_value& target = *held;
  if (target.kind != ps_kind::plain || target.value.type != value_type::list) return std::nullopt;
  if (target.collection == new_collection::none) {
    fail(start, fmt::format("${0}.Add(...): ${0} holds an array, whose size is fixed: PowerShell "
                            "fails the call (\"Collection was of a fixed size\") and the array "
                            "stays as it was; write ${0} += value, or make ${0} a list "
                            "([System.Collections.Generic.List[string]]::new())",
                            name));
  }
  if (args.size() != 1) fail(start, fmt::format("${}.Add(): a list's Add takes one value", name));
  if (args[0].kind != ps_kind::plain && args[0].kind != ps_kind::unknown &&
      args[0].kind != ps_kind::table) {
    fail(start, fmt::format("${}.Add(...): only texts, numbers and hash tables are added to a list",
                            name));
  }
  if (target.items_are == list_item::any && args[0].kind == ps_kind::plain &&
      args[0].value.type == value_type::list) {
    // .NET adds the array as one item (ArrayList.Add(object)); mfsim's lists hold no arrays.
    fail(start, fmt::format("${0}.Add(...): Add adds the array as one item of ${0}, an array "
                            "inside the list, which mfsim's lists cannot hold; add the items one "
                            "by one: foreach ($x in ...) {{ [void]${0}.Add($x) }}",
                            name));
  }
  // A value only the running script knows is converted when the script runs.
  param_value item = is_unknown(args[0]) ? to_plain(args[0], start)
                                         : list_item_of(target, to_plain(args[0], start), start);
  charge(item, start);
  const std::size_t index = target.value.items.size();
  if (target.collection == new_collection::hash_set && held_in_set(target.value.items, item))
    return plain({value_type::boolean, "", false, {}, at(start)});  // not added again
  append_flat(target.value, std::move(item), start);
  for (const auto& part : args[0].unknown_parts) target.unknown_parts.push_back(part);
  ++variable_changes_;
  // What Add returns, which a function outputs unless cast away: List[T] nothing, ArrayList the
  // new item's index, HashSet[T] whether it was added.
  switch (target.collection) {
    case new_collection::array_list:
      return plain({value_type::number, std::to_string(index), false, {}, at(start)});
    case new_collection::hash_set: return plain({value_type::boolean, "", true, {}, at(start)});
    default: return plain({value_type::null, "", false, {}, at(start)});
  }
}

}  // namespace mfsim::rules::ps
