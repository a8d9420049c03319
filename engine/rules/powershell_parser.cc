// The PowerShell parser: the subset of PowerShell that configuration scripts use (quoting,
// arrays, comments, line continuations, variables), into statements of cmdlets and values.
// This file reads characters, statements and plain values; the files named in
// powershell_parser.h read the rest. The runner (powershell_runner.cc) gives them meaning.
#include "engine/rules/powershell_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "engine/rules/powershell_cmdlet_catalog.h"
#include "engine/rules/powershell_piped_values.h"
#include "engine/rules/powershell_runner.h"
#include "engine/rules/powershell_scopes.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim::rules {
namespace ps {
namespace {

// PowerShell reads typographic quotes and dashes (pasted from documents) like ASCII ones.
constexpr std::string_view single_quotes[] = {"'", "\u2018", "\u2019", "\u201A", "\u201B"};
constexpr std::string_view double_quotes[] = {"\"", "\u201C", "\u201D", "\u201E"};
constexpr std::string_view dashes[] = {"-", "\u2013", "\u2014", "\u2015"};

}  // namespace

parser::parser(std::string_view text, const position_map& where, const script_context& context,
               std::vector<diagnostic>& errors, std::vector<diagnostic>& warnings)
    : parser_state(text, where, context, errors, warnings) {}

nesting_guard::nesting_guard(parser& p, std::size_t offset, std::string_view what,
                             bool commas_separate)
    : p_(p), outer_commas_separate_(p.commas_separate_) {
  if (p_.depth_ >= kMaxNesting) {
    p_.fail(offset, fmt::format("'{}' nested more than {} levels deep (the PowerShell nesting "
                                "limit)",
                                what, kMaxNesting));
  }
  ++p_.depth_;
  p_.commas_separate_ = commas_separate;
}

std::size_t parser::match(std::span<const std::string_view> set, std::size_t k) const noexcept {
  for (const auto q : set) {
    if (s_.substr(i_ + std::min(k, s_.size() - i_), q.size()) == q) return q.size();
  }
  return 0;
}

bool parser::at_single_quote() const noexcept { return match(single_quotes) != 0; }
bool parser::at_double_quote() const noexcept { return match(double_quotes) != 0; }

std::size_t parser::dash_length() const noexcept { return match(dashes); }

bool parser::at_parameter() const noexcept {
  const std::size_t d = dash_length();
  return d > 0 && (is_letter(peek(d)) || peek(d) == '?');
}

void parser::fail(std::size_t offset, std::string message, diag_code code) {
  out_.push_back(diagnostic{code, at(offset), std::move(message)});
  throw syntax_failure{};
}

void parser::fail_parse(std::size_t offset, std::string message) {
  out_.push_back(diagnostic{diag_code::syntax_error, at(offset), std::move(message)});
  throw parse_failure{};
}

void parser::warn(std::size_t offset, std::string message) {
  // A loop's passes read the same statement again: its warning is given once (decision 454).
  if (!warned_.emplace(offset, message).second) return;
  warnings_.push_back(diagnostic{diag_code::bad_value, at(offset), std::move(message)});
}

void parser::append_flat(param_value& list, param_value item, std::size_t offset) {
  charge(item, offset);
  if (item.type == value_type::list) {
    for (auto& inner : item.items) list.items.push_back(std::move(inner));
  } else {
    list.items.push_back(std::move(item));
  }
}

std::string parser::found_at(std::size_t offset) const {
  if (offset >= s_.size()) return "the end of the file";
  if (s_[offset] == '\n' || s_[offset] == '\r') return "the end of the line";
  std::size_t length = 1;
  while (offset + length < s_.size() &&
         (static_cast<unsigned char>(s_[offset + length]) & 0xC0u) == 0x80u) {
    ++length;
  }
  return fmt::format("'{}'", s_.substr(offset, length));
}

std::string parser::unexpected_at(std::size_t offset) const {
  if (offset >= s_.size()) return "unexpected end of the file";
  if (s_[offset] == '\n' || s_[offset] == '\r') return "unexpected end of the line";
  return "unexpected " + found_at(offset);
}

std::string parser::word_at(std::size_t offset) const {
  std::size_t end = offset;
  while (end < s_.size() && (is_ident(s_[end]) || s_[end] == '-' || s_[end] == '.')) ++end;
  return std::string(s_.substr(offset, end - offset));
}

void parser::emit(ps_statement statement) {
  for (const auto& cmd : statement.pipeline) {
    // New-X -Name N (or New-X N) makes N: a later Get-X N finds it (docs/decisions.md).
    if (cmd.name.size() > 4 && ascii_iequals(cmd.name.substr(0, 4), "New-")) {
      for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
        const ps_element& e = cmd.elements[k];
        const param_value* name = nullptr;
        if (!e.is_parameter && k == 0) name = &e.value;
        if (e.is_parameter && ascii_iequals(e.name, "Name")) {
          if (e.has_value)
            name = &e.value;
          else if (k + 1 < cmd.elements.size())
            name = &cmd.elements[k + 1].value;
        }
        if (name != nullptr && name->type == value_type::text) {
          created_.insert(ascii_lower_copy(cmd.name.substr(4) + "|" + name->text));
          break;
        }
      }
    }
  }
  statements_.push_back(std::move(statement));
}

std::vector<ps_statement> parser::parse() {
  i_ = utf8_bom_length(s_);
  std::size_t errors = 0;
  std::size_t statement_start = 0;
  while (true) {
    try {
      skip_separators();
      if (eof()) break;
      construct_start_ = std::string_view::npos;
      statement_start = i_;
      statement();
    } catch (const script_exit&) {
      break;
    } catch (const syntax_failure&) {
      std::size_t resume_at = std::string_view::npos;
      depth_ = 0;
      unknowns_.clear();
      string_unknowns_.clear();
      if (construct_start_ != std::string_view::npos) {
        skip_construct(construct_start_);
      } else {
        // The rest of the statement's block, and of each block the statement opens after it on
        // the line where it closes (`} | ForEach-Object {`): their lines are no statements of
        // their own. A ';' there ends it: the next statement starts after it.
        std::size_t semicolon = std::string_view::npos;
        std::size_t end = end_of_block_opened_in(statement_start, i_, &semicolon);
        if (end == std::string_view::npos && semicolon != std::string_view::npos)
          resume_at = semicolon + 1;  // `$x = 'a' 5; foreach (...) {`: the foreach is read
        while (end != std::string_view::npos && end > i_) {
          i_ = end;
          std::size_t k = i_;
          while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
          if (k < s_.size() && s_[k] == ';') {
            resume_at = k + 1;
            break;
          }
          if (k >= s_.size() || s_[k] == '\n' || s_[k] == '\r' || s_[k] == '#') break;
          end = end_of_block_opened_in(i_, i_);
        }
      }
      if (++errors >= kMaxSyntaxErrors) break;
      if (resume_at != std::string_view::npos) {
        i_ = resume_at;
        continue;
      }
      // Resume on the next line that does not go on with the broken command's parameters.
      while (true) {
        skip_rest_of_line();
        const std::size_t line = i_;
        if (!eof()) ++i_;
        while (!eof() && (peek() == ' ' || peek() == '\t')) ++i_;
        if (eof() || !at_parameter()) {
          i_ = line;
          break;
        }
      }
    }
  }
  for (const auto& d : context_.defines) {
    if (!defines_read_.contains(ascii_lower_copy(d.name))) {
      warnings_.push_back(diagnostic{diag_code::unknown_key, at(0),
                                     fmt::format("{} {}: the script never reads ${} (nor "
                                                 "$ConfigurationData.NonNodeData.{})",
                                                 d.option, d.name, d.name, d.name)});
    }
  }
  return std::move(statements_);
}

// Spaces, tabs, line continuations and comments, but not the end of a line.
void parser::skip_inline_space() {
  while (!eof()) {
    const char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i_;
    } else if (s_.substr(i_, 2) == "\xC2\xA0") {  // no-break space
      i_ += 2;
    } else if (c == '`') {
      std::size_t k = i_ + 1;
      while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
      const bool line_end = k >= s_.size() || s_[k] == '\n' || s_.substr(k, 2) == "\r\n";
      if (!line_end) return;  // an escaped character starts a bare word
      if (k != i_ + 1) {
        fail(i_,
             "spaces follow the backtick at the end of the line: a backtick continues the "
             "command only as the very last character of its line");
      }
      i_ = k >= s_.size() ? k : k + (s_[k] == '\r' ? 2 : 1);
    } else if (s_.substr(i_, 2) == "<#") {
      const std::size_t end = s_.find("#>", i_ + 2);
      if (end == std::string_view::npos) fail(i_, "block comment <# is not closed by #>");
      i_ = end + 2;
    } else if (c == '#') {
      while (!eof() && peek() != '\n') ++i_;
    } else {
      return;
    }
  }
}

void parser::skip_separators() {
  while (true) {
    skip_inline_space();
    if (!eof() && (peek() == '\n' || peek() == ';')) {
      ++i_;
      continue;
    }
    return;
  }
}

void parser::skip_line_breaks() {
  skip_inline_space();
  while (!eof() && peek() == '\n') {
    ++i_;
    skip_inline_space();
  }
}

void parser::statement() {
  const std::size_t start = i_;
  if (counter_statement(start)) return;  // $i++, $i -= 2 (decision 450)
  if (peek() == ':' && is_letter(peek(1))) {
    labelled_statement(start);  // :outer while (...) (decision 451)
    return;
  }
  if (peek() == '$' && (is_letter(peek(1)) || peek(1) == '{')) {
    // An assignment, or a value piped to ForEach-Object.
    std::size_t k = i_ + 1;
    if (peek(1) == '{') {
      while (k < s_.size() && s_[k] != '}' && s_[k] != '\n') ++k;
      ++k;
    } else {
      while (k < s_.size() && (is_ident(s_[k]) || s_[k] == ':')) ++k;
    }
    while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
    const bool assigns =
        k < s_.size() && (s_[k] == '=' || s_.substr(k, 2) == "+=") && s_.substr(k, 2) != "==";
    if (assigns) {
      assignment();
      return;
    }
    // `$h.Key = value`, `$h['Key'] = value`, `$rules[0].Name = value` (decision 447).
    if (peek(1) != '{' && member_assignment(start)) return;
  }
  if (peek() == '$' || peek() == '@' || peek() == '(' || peek() == '[' || at_single_quote() ||
      at_double_quote() || is_digit(peek())) {
    expression_statement(start);
    return;
  }
  if (at_parameter()) {
    const std::size_t param_start = i_;
    std::size_t end = i_ + match(dashes);
    while (end < s_.size() && is_ident(s_[end])) ++end;
    fail(param_start, fmt::format("a line starts with the parameter {}: the line before it needs a "
                                  "backtick (`) as its very last character to continue the command",
                                  s_.substr(param_start, end - param_start)));
  }
  if (other_script(start)) return;
  if (!is_letter(peek())) {
    fail(i_, fmt::format("expected a cmdlet such as New-TransportRule, found {}", found_at(i_)));
  }
  if (keyword_statement(word_at(i_))) return;
  if ((!frames_.empty() || !captures_.empty()) && write_output(start)) return;
  const std::size_t redirections_before = output_redirections_;
  ps_statement st;
  st.pipeline.push_back(command());
  skip_inline_space();
  // `Get-Domains | Add-Rule`, Get-Domains a function the script defines (decision 1213).
  if (peek() == '|' && piped_function_output(*this, st.pipeline.front(), start)) return;
  while (true) {
    skip_inline_space();
    if (peek() != '|') break;
    ++i_;
    skip_separators();  // a pipeline may go on after a line break
    if (!is_letter(peek()) && peek() != '%' && peek() != '?') {  // % and ?: about_Aliases
      fail(i_, fmt::format("expected a cmdlet after '|', found {}", found_at(i_)));
    }
    st.pipeline.push_back(command());
    skip_inline_space();
    if (peek() == '{') {
      pipeline_block(st, start);
      return;
    }
  }
  if (!at_statement_end() && peek() != '}') fail(i_, fmt::format("{}", unexpected_at(i_)));
  const bool output_redirected = output_redirections_ != redirections_before;
  if (call_function(st, start, output_redirected)) return;
  if (st.pipeline.size() == 1 &&
      ascii_iequals(st.pipeline.front().name, "Set-QuarantinePermissions")) {
    set_quarantine_permissions(st.pipeline.front(), start);  // changes a variable, not the tenant
    return;
  }
  // A Configuration's own name, run at the end of the file, compiles it: nothing to simulate.
  if (configurations_.contains(ascii_lower_copy(st.pipeline.front().name))) return;
  if (!captures_.empty() && !output_redirected) {
    if (std::optional<ps_value> out = command_output(st, start)) output(std::move(*out), start);
  }
  emit(std::move(st));
}

void parser::assignment() {
  const std::size_t start = i_;
  ++i_;  // '$'
  std::string name;
  if (peek() == '{') {
    ++i_;
    while (!eof() && peek() != '}' && peek() != '\n') name += peek(), ++i_;
    if (peek() != '}') fail(start, "${ is not closed by '}'");
    ++i_;
  } else {
    while (is_ident(peek()) || peek() == ':') name += peek(), ++i_;
  }
  // $script:n is $n, as lookups read it; in a function its value stays after the call.
  bool outlives = false;
  name = without_scope(std::move(name), &outlives);
  const std::string lower = ascii_lower_copy(name);
  if (name.empty() || lower == "true" || lower == "false") {
    fail(start, fmt::format("a statement cannot start with {}: expected a cmdlet, or an "
                            "assignment such as $egress = '52.11.209.211', '104.30.32.0/24'",
                            name.empty() ? std::string("'$'") : "$" + name));
  }
  skip_inline_space();
  const bool append = peek() == '+';
  if (append) ++i_;
  ++i_;  // '='
  skip_inline_space();
  const std::size_t value_start = i_;
  ps_value value;
  try {
    // `$a = $b = value` assigns both (about_Assignment_Operators, decision 792).
    std::optional<ps_value> chained = chained_assignment();
    // `$x = if (...) { ... }`: the statement's output.
    std::optional<ps_value> statement = chained ? std::move(chained) : statement_value(value_start);
    value = statement ? std::move(*statement) : expression();
  } catch (const syntax_failure&) {
    broken_.insert(lower);
    throw;
  }
  broken_.erase(lower);
  // The variable holds the array Write-Output -NoEnumerate gave, as any other array.
  value.unenumerated_at = std::string_view::npos;
  unknowns_.clear();  // an unknown value is judged where it is used, not where it is kept
  if (!at_statement_end() && peek() != '}' && peek() != '|') {
    if (peek() == '=' && clause_end_ != std::string_view::npos) {
      // for ($i = 0, $j = 10; ...): about_For writes (($i = 0), ($j = 10)).
      std::string_view written = s_.substr(value_start, i_ - value_start);
      while (!written.empty() && (written.back() == ' ' || written.back() == '\t'))
        written.remove_suffix(1);
      fail(i_, fmt::format("for (${} = {} = ...) is one assignment to the array {}, which "
                           "PowerShell refuses: write each assignment in parentheses, as in "
                           "((${} = ...), ($x = ...)) (about_For)",
                           name, written, written, name));
    }
    fail(i_, fmt::format("{} after the value of ${}", unexpected_at(i_), name));
  }
  if (peek() == '|') value = piped_value(std::move(value), start);
  if (lower == "null") return;  // $null = New-X ...: the result is discarded
  // --define wins over the script's own assignment (docs/decisions.md 110 and 402).
  const script_define* define = nullptr;
  for (const auto& d : context_.defines) {
    if (ascii_iequals(d.name, name)) define = &d;
  }
  if (define != nullptr) {
    defines_read_.insert(lower);
    const bool known = value.kind != ps_kind::unknown && value.kind != ps_kind::tenant_query &&
                       value.unknown_parts.empty();
    const bool differs =
        known && !(value.kind == ps_kind::plain && value.value.type == value_type::text &&
                   value.value.text == define->value);
    if (differs && defines_overriding_.insert(lower).second) {
      warn(start, fmt::format("${} is assigned here, but {} {}={} gives it its value; "
                              "the assignment is ignored (leave out {} to keep it)",
                              name, define->option, define->name, define->value, define->option));
    }
    return;
  }
  // Named after the variable, so that the error where it is used can offer --define NAME.
  const auto named = [&](const std::string& what) {
    // Another variable's part: its name is enough ("$a (assigned $b at line 3)").
    const std::string_view source = std::string_view(what).substr(0, what.find(" (assigned "));
    return fmt::format("${} (assigned {} at line {})", name, source, at(start).line);
  };
  for (auto& part : value.unknown_parts) part = named(part);
  if (value.kind == ps_kind::tenant_query && value.unknown_parts.empty()) {
    value.unknown_parts.push_back(named(value.value.text));
  }
  // $script:n in a function that has its own $n assigns the script's (decision 1101).
  std::optional<script_variable_scope> script_variable;
  if (outlives) {
    script_variable.emplace(*this, lower);
  } else {
    will_assign(lower);
  }
  if (append) {
    ps_value* const held = variables_.changeable(lower);
    if (held == nullptr) fail(start, fmt::format("${} += ...: ${} is not assigned", name, name));
    ps_value& old = *held;
    if (old.kind == ps_kind::table && value.kind == ps_kind::table) {
      if (old.custom_object)
        fail(value_start, fmt::format("${} += ...: a [pscustomobject] is added to nothing "
                                      "(PowerShell refuses it too)",
                                      name));
      // $h += @{Key = value}: the keys are added; one the table has already is an error.
      for (auto& entry : value.entries) {
        if (find_key(old.entries, key_of(entry)) != nullptr) {
          fail(entry.offset,
               fmt::format("${} += ...: the key '{}' is in the table already", name, entry.key));
        }
        old.entries.push_back(std::move(entry));
      }
      old = identified(std::move(old));  // a new table, as Hashtable's + makes: `$b = $a` keeps a's
      table_aliases_.erase(lower);
      return;
    }
    if (old.kind == ps_kind::plain && old.value.type == value_type::list &&
        value.kind == ps_kind::table) {
      // $rules += @{ Name = ... }: the table is one item more (a mapping, decision 447).
      for (const auto& part : value.unknown_parts) old.unknown_parts.push_back(part);
      append_flat(old.value, to_plain(std::move(value), value_start), value_start);
      unknowns_.clear();
      old.collection = new_collection::none;  // an array, as plus() makes (decision 483)
      old.items_are = list_item::any;
      old = retyped(lower, std::move(old), value_start);
      return;
    }
    if ((old.kind == ps_kind::tenant_query || old.kind == ps_kind::unknown) &&
        value.kind != ps_kind::table) {
      // What a query or the run gave, with more added, is known only when the script runs
      // (decision 1140): an error only where a rule needs it.
      for (auto& part : value.unknown_parts) old.unknown_parts.push_back(std::move(part));
      old.kind = ps_kind::unknown;
      unknowns_.clear();
      return;
    }
    if (old.kind != ps_kind::plain ||
        (value.kind != ps_kind::plain && value.kind != ps_kind::unknown)) {
      fail(value_start, fmt::format("${} += ...: only texts, numbers, arrays and hash tables "
                                    "added to arrays are added",
                                    name));
    }
    old = plus(std::move(old), std::move(value), value_start);  // as `$x = $x + value`
    // [List[string]]$l = ...: the variable converts what it is assigned, the array += made too.
    old = retyped(lower, std::move(old), value_start);
    return;
  }
  // `$q = $common`: one hash table in two variables, remembered for the warning when it changes.
  const std::string source = variable_between(value_start);
  if (value.kind == ps_kind::table && !source.empty()) {
    table_aliases_[lower] = {name, std::string(s_.substr(value_start + 1, source.size())),
                             at(start).line};
  } else {
    table_aliases_.erase(lower);
  }
  // [int]$n = 1 before: $n = '7' holds 7 (decision 979).
  variables_[lower] = retyped(lower, std::move(value), value_start);
}

// `$x = value | Cmdlet ...`: what a pipeline outputs is known only when the script runs (a
// tenant query stays one, decided as a condition the same way); its stages run nothing mfsim
// simulates, and a stage that would change the organisation is an error (docs/decisions.md 417).
ps_value parser::piped_value(ps_value input, std::size_t start, bool in_parens) {
  const bool known =
      (input.kind == ps_kind::plain || input.kind == ps_kind::table) && input.unknown_parts.empty();
  known_pipeline piped = run_known_pipeline(input, start, in_parens, known);
  if (piped.unread.empty()) return collected(std::move(piped.items), start);
  if (input.kind == ps_kind::tenant_query) {
    input.value.text += piped.unread;
    return input;
  }
  return unknown_value(fmt::format("the output of {}{}", to_text_brief(input), piped.unread),
                       at(start));
}

std::string parser::to_text_brief(const ps_value& value) const {
  if (value.kind == ps_kind::unknown || value.kind == ps_kind::tenant_query)
    return value.unknown_parts.empty() ? value.value.text : value.unknown_parts.front();
  const std::string text = to_text(value);
  // Cut between characters: a byte cut from a UTF-8 character would be no text in the message.
  return "'" + (text.size() > 40 ? shortened_at(text, 37) : text) + "'";
}

// The inside of @( ... ) or ( ... ): values separated by commas or line breaks. `start` is the
// offset of '@' or '('. A parenthesised single value is that value, not an array.
param_value parser::expression_list(std::size_t start, bool array, std::optional<ps_value>* whole) {
  const nesting_guard guard(*this, start, array ? "@(" : "(");
  param_value list;
  list.type = value_type::list;
  list.where = at(start);
  while (true) {
    skip_separators();
    if (eof()) fail(start, fmt::format("'{}' is not closed by ')'", array ? "@(" : "("));
    if (peek() == ')') {
      ++i_;
      break;
    }
    const std::size_t item_start = i_;
    std::optional<ps_value> assigned;
    if (!array && list.items.empty()) assigned = parenthesized_assignment(start);
    ps_value item = assigned ? std::move(*assigned) : expression();
    skip_inline_space();
    // @($policy | Select-Object -ExpandProperty X): a pipeline's output, as in an assignment.
    if (peek() == '|' && list.items.empty()) item = piped_value(std::move(item), item_start, true);
    if (whole != nullptr && list.items.empty() &&
        (item.kind == ps_kind::tenant_query || item.kind == ps_kind::unknown)) {
      const std::size_t after_item = i_;
      skip_separators();
      if (peek() == ')') {
        ++i_;
        *whole = std::move(item);
        return list;
      }
      // More items follow on the next lines (`@(\n $rule.List | ...\n $group\n)`, decision
      // 791): the line break between them separates items, as below.
      i_ = after_item;
    }
    if (array) refuse_nested(item, "@( )");
    append_flat(list, to_plain(std::move(item), item_start), item_start);
    skip_inline_space();
    if (peek() == ',') {
      ++i_;
      skip_line_breaks();
      if (peek() == ')' || peek() == ';') fail_parse(i_, "a value is missing after ','");
      continue;
    }
    if (!(at_statement_end() || peek() == ')')) {
      fail_parse(i_, fmt::format("{} inside {}", unexpected_at(i_), array ? "@( )" : "( )"));
    }
  }
  if (!array && list.items.size() == 1) return std::move(list.items.front());
  return list;
}

std::string parser::single_quoted() {
  const std::size_t start = i_;
  i_ += match(single_quotes);
  std::string text;
  while (true) {
    if (eof()) fail(start, "a single-quoted string is not closed");
    if (const std::size_t q = match(single_quotes)) {
      if (const std::size_t q2 = match(single_quotes, q)) {  // '' is one quote
        text += s_.substr(i_ + q, q2);
        i_ += q + q2;
        continue;
      }
      i_ += q;
      return text;
    }
    text += peek();
    ++i_;
  }
}

}  // namespace ps

std::vector<ps_statement> parse_powershell(std::string_view text, const position_map& where,
                                           const script_context& context,
                                           std::vector<diagnostic>& out,
                                           std::vector<diagnostic>& warnings) {
  return ps::parser(text, where, context, out, warnings).parse();
}

std::vector<ps_statement> parse_powershell(std::string_view text, const position_map& where,
                                           std::vector<diagnostic>& out) {
  const script_context none;
  std::vector<diagnostic> warnings;
  return parse_powershell(text, where, none, out, warnings);
}

}  // namespace mfsim::rules
