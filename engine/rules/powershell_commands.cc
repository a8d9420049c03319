// A command's name and elements as PowerShell's argument mode reads them: parameters
// (-Name value, -Name:value, -Switch), splatted hash tables, Exchange's @{Add=...; Remove=...}
// edits, bare words, and redirections read and dropped.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/rules/powershell_cmdlet_catalog.h"
#include "engine/rules/powershell_numeric_literals.h"
#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
namespace {

// Whether a hash table is Exchange's multi-value edit: only the keys Add and Remove.
bool is_edit_table(const ps_value& table) {
  return table.kind == ps_kind::table && !table.entries.empty() &&
         std::all_of(table.entries.begin(), table.entries.end(), [](const ps_entry& e) {
           return ascii_iequals(e.key, "Add") || ascii_iequals(e.key, "Remove");
         });
}

}  // namespace

ps_command parser::command() {
  const std::size_t start = i_;
  ps_command cmd;
  if (peek() == '%' || peek() == '?') {
    cmd.name = peek();
    ++i_;
  }
  while (!eof() && (is_ident(peek()) || peek() == '-' || peek() == '.')) cmd.name += peek(), ++i_;
  // `select`, `ft`, `?`: what the alias stands for, as PowerShell runs it.
  cmd.name = std::string(powershell::cmdlet_of_alias(cmd.name));
  cmd.where = at(start);
  if (functions_.contains(ascii_lower_copy(cmd.name))) {  // unknowns of an earlier run, gone
    // The call's entries are adjacent in the map: erasing their range scans no other call's.
    const auto line = static_cast<std::size_t>(cmd.where.line);
    const auto col = static_cast<std::size_t>(cmd.where.col);
    call_unknowns_.erase(call_unknowns_.lower_bound({line, col, 0}),
                         call_unknowns_.lower_bound({line, col + 1, 0}));
  }
  while (true) {
    skip_inline_space();
    if (at_statement_end() || peek() == '|' || peek() == ')' || peek() == '}') break;
    if (peek() == '{') {
      if (!filter_block_argument(cmd)) break;  // a script block: ForEach-Object's, the caller's
      continue;
    }
    command_element(cmd);
  }
  return cmd;
}

// `Get-Mailbox -Filter {RecipientTypeDetails -eq 'UserMailbox'}`: a query's filter, the argument
// of the parameter before it, which the tenant evaluates and mfsim never runs (decision 1185).
// Read as the block's text; false, reading nothing, for any other block.
bool parser::filter_block_argument(ps_command& cmd) {
  const bool query = cmd.name.size() > 4 && ascii_iequals(cmd.name.substr(0, 4), "Get-");
  if (!query || cmd.elements.empty() || !cmd.elements.back().is_parameter ||
      cmd.elements.back().has_value) {
    return false;
  }
  const std::size_t start = i_;
  skip_block(start);
  ps_element filter;
  filter.where = at(start);
  filter.value = {
      value_type::text, std::string(s_.substr(start, i_ - start)), false, {}, at(start)};
  cmd.elements.push_back(std::move(filter));
  return true;
}

// A redirection at `i_` (`2>$null`, `*>&1`, `> log.txt`, `>> log.txt`): where the command's
// output goes changes nothing mfsim simulates (about_Redirection), so it is read and dropped;
// only that the output went away is kept, for a value collecting it.
bool parser::skip_redirection() {
  std::size_t k = i_;
  if (k + 1 < s_.size() && (is_digit(s_[k]) || s_[k] == '*') && s_[k + 1] == '>') ++k;
  if (k >= s_.size() || s_[k] != '>') return false;
  ++k;
  if (k < s_.size() && s_[k] == '>') ++k;
  if (k + 1 < s_.size() && s_[k] == '&' && is_digit(s_[k + 1])) {  // 2>&1: streams merged
    i_ = k + 2;
    return true;
  }
  // `> file`, `1> $null`, `*> $null` take the output itself away (about_Redirection).
  if (s_[i_] == '>' || s_[i_] == '1' || s_[i_] == '*') ++output_redirections_;
  i_ = k;
  skip_inline_space();
  if (at_statement_end() || peek() == '|') fail(i_, "a redirection needs a target, as in 2>$null");
  (void)argument();  // the file or $null the output goes to
  unknowns_.clear();
  return true;
}

void parser::command_element(ps_command& cmd) {
  if (skip_redirection()) return;
  const std::size_t element_start = i_;
  const std::size_t first_unknown = unknowns_.size();
  ps_element element;
  element.where = at(element_start);
  if (peek() == '@' && is_letter(peek(1))) {  // splatting: @params
    ++i_;
    std::string name;
    while (is_ident(peek())) name += peek(), ++i_;
    const ps_value table = lookup(name, element_start);
    if (table.kind != ps_kind::table) {
      fail(element_start, fmt::format("@{} splats a hash table of parameters, but ${} holds no "
                                      "hash table",
                                      name, name));
    }
    for (const auto& entry : table.entries) {
      ps_element e;
      e.is_parameter = true;
      e.name = entry.key;
      e.has_value = true;
      e.where = entry.where;
      if (is_edit_table(entry.value)) {
        fail(element_start, fmt::format("@{}: the value of {} is a hash table; only "
                                        "-{} @{{Add=...; Remove=...}} written on the command "
                                        "is read",
                                        name, entry.key, entry.key));
      }
      e.value = to_plain(entry.value, entry.offset);  // warnings point at the table's key
      cmd.elements.push_back(std::move(e));
      settle_unknowns(cmd, first_unknown);
    }
    return;
  }
  if (at_parameter()) {
    element.is_parameter = true;
    i_ += dash_length();
    while (!eof() && (is_ident(peek()) || peek() == '?')) element.name += peek(), ++i_;
    if (peek() == ':') {
      ++i_;
      skip_inline_space();
      if (at_statement_end() || peek() == '|') {
        fail(i_, fmt::format("-{}: expects a value after the colon", element.name));
      }
      element.has_value = true;
      const std::size_t value_start = i_;
      element.value = argument();
      element.variable = variable_between(value_start);
    }
  } else if (peek() == '@' && peek(1) == '{') {
    ps_value table = hash_table();
    if (is_edit_table(table)) {  // -Name @{Add=...; Remove=...}
      element.is_edit = true;
      for (const auto& entry : table.entries) {
        param_value* into = ascii_iequals(entry.key, "Add") ? &element.add : &element.remove;
        // A value only the run knows is judged with the command's other values: a command
        // mfsim skips takes it (decision 103).
        if (entry.value.kind == ps_kind::table) {
          fail(element_start, fmt::format("@{{{}=...}}: the values to add or remove must be "
                                          "plain values",
                                          entry.key));
        }
        *into = to_plain(entry.value, element_start);
      }
    } else {  // a hash table value, or the first of a list of them
      element.value = rest_of_argument(element_start, to_plain(std::move(table), element_start));
    }
  } else {
    element.value = argument();
    element.variable = variable_between(element_start);
  }
  charge(element.value, element_start);
  cmd.elements.push_back(std::move(element));
  settle_unknowns(cmd, first_unknown);
}

// An argument: one value, or values joined by commas (an array), as written after a parameter.
param_value parser::argument() {
  const std::size_t start = i_;
  return rest_of_argument(start, argument_item());
}

// The items after the first of an argument, when commas follow it.
param_value parser::rest_of_argument(std::size_t start, param_value first) {
  std::size_t after = i_;
  skip_inline_space();
  if (peek() != ',') {
    i_ = after;
    return first;
  }
  param_value list;
  list.type = value_type::list;
  list.where = at(start);
  append_flat(list, std::move(first), start);
  while (peek() == ',') {
    ++i_;
    skip_line_breaks();  // a line may end after a comma; a ';' ends the command
    if (at_parameter() || peek() == ';') fail_parse(i_, "a value is missing after ','");
    const std::size_t item_start = i_;
    append_flat(list, argument_item(), item_start);
    after = i_;
    skip_inline_space();
  }
  i_ = after;
  return list;
}

param_value parser::argument_item() {
  const std::size_t start = i_;
  // In argument mode '[' starts a bare word, not a cast ([EXTERNAL] is text; about_Parsing).
  if (at_single_quote() || at_double_quote() || peek() == '$' ||
      (peek() == '@' && (peek(1) == '(' || peek(1) == '"' || peek(1) == '\''))) {
    argument_start_ = start;  // `-Name $i++` is not a step (powershell_inline_assignments.cc)
    return to_plain(postfix(), start);
  }
  switch (peek()) {
    case '@':
      if (peek(1) == '{') return to_plain(postfix(), start);  // a hash table value
      break;
    case '(': return to_plain(postfix(), start);
    case '{': fail(start, "script blocks { ... } are read only after ForEach-Object");
    case ',': fail(start, "a value is missing before ','");
    default: break;
  }
  if (at_statement_end() || peek() == '|' || peek() == ')' || peek() == '}') {
    fail(start, fmt::format("expected a value, found {}", found_at(start)));
  }
  param_value word = bare_word();
  // A bare 0.0 or 1e3 is a number in PowerShell's argument mode, which mfsim keeps as a text;
  // where it was is kept for a [bool] parameter, which takes it and refuses a quoted '1'.
  if (word.type == value_type::text && numeric_literal_of(word.text))
    bare_numbers_.insert({word.where.line, word.where.col});
  return word;
}

// A bare word in argument mode: UCE, 104.30.32.0/24, X-Area1Security-Disposition, 5, -1.
param_value parser::bare_word() {
  const std::size_t start = i_;
  std::string text;
  while (!eof()) {
    const char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == ',' || c == '|' ||
        c == ')' || c == '(' || c == '{' || c == '}' || s_.substr(i_, 2) == "\xC2\xA0") {
      break;
    }
    if (c == '`') {
      if (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n') || i_ + 1 >= s_.size()) break;
      text += peek(1);
      i_ += 2;
      continue;
    }
    if (c == '<' && peek(1) != '#') {
      // PowerShell reserves '<': a placeholder such as <rule name> copied from a documentation
      // page stops the script there (decision 1141).
      fail_parse(i_,
                 "'<' is reserved in PowerShell, which refuses the script here (\"The '<' operator "
                 "is reserved for future use\"): replace the placeholder <...> with the value, "
                 "quoted if it holds spaces");
    }
    if (at_single_quote() || at_double_quote() || c == '$') {
      fail(i_, fmt::format("{} inside the bare word '{}': quote the whole value, as in '{}'",
                           c == '$' ? std::string("'$'") : std::string("a quote"), text,
                           text + (c == '$' ? "$..." : "...")));
    }
    text += c;
    ++i_;
  }
  if (i_ == start) fail(start, fmt::format("expected a value, found {}", found_at(start)));
  std::size_t after = i_;
  while (after < s_.size() && (s_[after] == ' ' || s_[after] == '\t' || s_[after] == '\r')) ++after;
  if (text == "-" && (after == s_.size() || s_[after] == '\n' || s_[after] == '#')) {
    // A parameter's name wrapped onto the next line, as text pasted from a page (decision 1141).
    fail(start,
         "a lone '-' ends the line: PowerShell passes it as the text '-' and runs the "
         "next line as a command of its own; write the parameter's name right after its "
         "'-', on this line");
  }
  const bool number =
      !text.empty() &&
      std::all_of(text.begin() + (text.front() == '-' ? 1 : 0), text.end(), is_digit) &&
      text != "-";
  return {number ? value_type::number : value_type::text, text, false, {}, at(start)};
}

}  // namespace mfsim::rules::ps
