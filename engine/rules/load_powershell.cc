// The PowerShell importer: a parser for the subset of PowerShell that configuration scripts use,
// and a runner that replays Exchange's cmdlets against an empty organisation.
#include "engine/rules/load_powershell.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>

#include "engine/rules/param_readers.h"

namespace mfsim::rules {

position_map text_positions(std::string_view text, const std::string& file_name) {
  const bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
  auto starts = std::make_shared<std::vector<std::size_t>>();
  starts->push_back(bom ? 3 : 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts->push_back(i + 1);
  }
  // Columns count characters, so the map keeps the bytes' continuation flags.
  auto continuation = std::make_shared<std::vector<bool>>(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    (*continuation)[i] = (static_cast<unsigned char>(text[i]) & 0xC0u) == 0x80u;
  }
  return [starts, continuation, file_name](std::size_t offset) {
    const auto it = std::upper_bound(starts->begin(), starts->end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - starts->begin());
    const std::size_t begin = line == 0 ? 0 : (*starts)[line - 1];
    std::size_t col = 1;
    for (std::size_t i = begin; i < offset && i < continuation->size(); ++i) {
      if (!(*continuation)[i]) ++col;
    }
    return source_span{file_name, static_cast<int>(std::max<std::size_t>(line, 1)),
                       static_cast<int>(col)};
  };
}

namespace {

// ---- the parser ------------------------------------------------------------------------------

// Thrown once the syntax error is recorded; the parser resumes at the next line.
struct syntax_failure {};

bool is_letter(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_ident(char c) noexcept { return is_letter(c) || is_digit(c); }

// PowerShell reads typographic quotes and dashes (pasted from documents) like ASCII ones.
constexpr std::string_view single_quotes[] = {"'", "\u2018", "\u2019", "\u201A", "\u201B"};
constexpr std::string_view double_quotes[] = {"\"", "\u201C", "\u201D", "\u201E"};
constexpr std::string_view dashes[] = {"-", "\u2013", "\u2014", "\u2015"};

constexpr std::string_view keywords[] = {
    "if",     "elseif",   "else",     "foreach",  "for",           "while", "do",          "until",
    "switch", "function", "filter",   "param",    "try",           "catch", "finally",     "return",
    "exit",   "break",    "continue", "throw",    "trap",          "begin", "process",     "end",
    "class",  "enum",     "using",    "workflow", "configuration", "data",  "dynamicparam"};

constexpr std::size_t kMaxSyntaxErrors = 50;

class parser {
 public:
  parser(std::string_view text, const position_map& where, std::vector<diagnostic>& out)
      : s_(text), where_(where), out_(out) {}

  std::vector<ps_statement> parse();

 private:
  [[nodiscard]] bool eof() const noexcept { return i_ >= s_.size(); }
  [[nodiscard]] char peek(std::size_t k = 0) const noexcept {
    return i_ + k < s_.size() ? s_[i_ + k] : '\0';
  }
  [[nodiscard]] std::size_t match(std::span<const std::string_view> set,
                                  std::size_t k = 0) const noexcept {
    for (const auto q : set) {
      if (s_.substr(i_ + std::min(k, s_.size() - i_), q.size()) == q) return q.size();
    }
    return 0;
  }
  [[nodiscard]] source_span at(std::size_t offset) const { return where_(offset); }
  [[noreturn]] void fail(std::size_t offset, std::string message) {
    out_.push_back(diagnostic{diag_code::syntax_error, at(offset), std::move(message)});
    throw syntax_failure{};
  }
  // What stands at `offset`, for messages: one character, or "the end of the file".
  [[nodiscard]] std::string found_at(std::size_t offset) const;

  void skip_inline_space();
  void skip_separators();
  [[nodiscard]] bool at_statement_end() const noexcept {
    return eof() || peek() == '\n' || peek() == ';';
  }
  [[nodiscard]] bool at_parameter() const noexcept {
    const std::size_t d = match(dashes);
    return d > 0 && (is_letter(peek(d)) || peek(d) == '?');
  }

  std::optional<ps_statement> statement();
  void assignment();
  ps_command command();
  param_value argument();
  param_value argument_item();
  param_value expression_list(std::size_t start, bool array);
  param_value expression_item();
  param_value variable();
  std::string single_quoted();
  std::string double_quoted();
  param_value bare_word();

  std::string_view s_;
  const position_map& where_;
  std::vector<diagnostic>& out_;
  std::size_t i_ = 0;
  std::map<std::string, param_value> variables_;  // lower-cased name -> value
};

void append_flat(param_value& list, param_value item) {
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

std::vector<ps_statement> parser::parse() {
  std::vector<ps_statement> statements;
  if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
  std::size_t errors = 0;
  while (true) {
    try {
      skip_separators();
      if (eof()) break;
      if (auto st = statement()) statements.push_back(std::move(*st));
    } catch (const syntax_failure&) {
      if (++errors >= kMaxSyntaxErrors) break;
      // Resume on the next line that does not go on with the broken command's parameters.
      while (true) {
        while (!eof() && peek() != '\n') ++i_;
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
  return statements;
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

std::optional<ps_statement> parser::statement() {
  if (peek() == '$') {
    assignment();
    return std::nullopt;
  }
  if (at_parameter()) {
    const std::size_t start = i_;
    std::size_t end = i_ + match(dashes);
    while (end < s_.size() && is_ident(s_[end])) ++end;
    fail(start, fmt::format("a line starts with the parameter {}: the line before it needs a "
                            "backtick (`) as its very last character to continue the command",
                            s_.substr(start, end - start)));
  }
  if (!is_letter(peek())) {
    fail(i_, fmt::format("expected a cmdlet such as New-TransportRule, found {}", found_at(i_)));
  }
  ps_statement st;
  st.pipeline.push_back(command());
  while (true) {
    skip_inline_space();
    if (peek() != '|') break;
    ++i_;
    skip_separators();  // a pipeline may go on after a line break
    if (!is_letter(peek())) {
      fail(i_, fmt::format("expected a cmdlet after '|', found {}", found_at(i_)));
    }
    st.pipeline.push_back(command());
  }
  if (!at_statement_end()) fail(i_, fmt::format("unexpected {}", found_at(i_)));
  return st;
}

void parser::assignment() {
  const std::size_t start = i_;
  ++i_;  // '$'
  std::string name;
  while (is_ident(peek())) name += peek(), ++i_;
  const std::string lower = to_lower(name);
  if (name.empty() || lower == "true" || lower == "false" || lower == "null") {
    fail(start, fmt::format("a statement cannot start with {}: expected a cmdlet, or an "
                            "assignment such as $egress = '52.11.209.211', '104.30.32.0/24'",
                            name.empty() ? std::string("'$'") : "$" + name));
  }
  skip_inline_space();
  if (peek() != '=' || peek(1) == '=') {
    fail(i_, fmt::format("expected '=' after ${} (mfsim reads variables only as assignments of "
                         "values), found {}",
                         name, found_at(i_)));
  }
  ++i_;
  skip_inline_space();
  if (is_letter(peek())) {
    fail(i_, fmt::format("${} = ...: only values can be assigned (quoted texts, numbers, arrays); "
                         "the result of a command cannot be simulated",
                         name));
  }
  const std::size_t value_start = i_;
  param_value value = expression_item();
  skip_inline_space();
  if (peek() == ',') {
    param_value list;
    list.type = value_type::list;
    list.where = at(value_start);
    append_flat(list, std::move(value));
    while (peek() == ',') {
      ++i_;
      skip_separators();
      append_flat(list, expression_item());
      skip_inline_space();
    }
    value = std::move(list);
  }
  if (!at_statement_end())
    fail(i_, fmt::format("unexpected {} after the value of ${}", found_at(i_), name));
  variables_[lower] = std::move(value);
}

ps_command parser::command() {
  const std::size_t start = i_;
  ps_command cmd;
  while (!eof() && (is_ident(peek()) || peek() == '-' || peek() == '.')) cmd.name += peek(), ++i_;
  cmd.where = at(start);
  for (const auto keyword : keywords) {
    if (iequals(cmd.name, keyword)) {
      fail(start, fmt::format("PowerShell's '{}' is not supported: mfsim reads a plain list of "
                              "cmdlets, one after the other",
                              keyword));
    }
  }
  while (true) {
    skip_inline_space();
    if (at_statement_end() || peek() == '|' || peek() == ')' || peek() == '}') break;
    ps_element element;
    const std::size_t element_start = i_;
    element.where = at(element_start);
    if (at_parameter()) {
      element.is_parameter = true;
      i_ += match(dashes);
      while (!eof() && (is_ident(peek()) || peek() == '?')) element.name += peek(), ++i_;
      if (peek() == ':') {
        ++i_;
        skip_inline_space();
        if (at_statement_end() || peek() == '|') {
          fail(i_, fmt::format("-{}: expects a value after the colon", element.name));
        }
        element.has_value = true;
        element.value = argument();
      }
    } else {
      element.value = argument();
    }
    cmd.elements.push_back(std::move(element));
  }
  return cmd;
}

// An argument: one value, or values joined by commas (an array), as written after a parameter.
param_value parser::argument() {
  const std::size_t start = i_;
  param_value first = argument_item();
  std::size_t after = i_;
  skip_inline_space();
  if (peek() != ',') {
    i_ = after;
    return first;
  }
  param_value list;
  list.type = value_type::list;
  list.where = at(start);
  append_flat(list, std::move(first));
  while (peek() == ',') {
    ++i_;
    skip_separators();  // a line may end after a comma
    if (at_parameter()) fail(i_, "a value is missing after ','");
    append_flat(list, argument_item());
    after = i_;
    skip_inline_space();
  }
  i_ = after;
  return list;
}

param_value parser::argument_item() {
  const std::size_t start = i_;
  if (match(single_quotes) != 0) {
    param_value v{value_type::text, single_quoted(), false, {}, at(start)};
    return v;
  }
  if (match(double_quotes) != 0) {
    param_value v{value_type::text, double_quoted(), false, {}, at(start)};
    return v;
  }
  switch (peek()) {
    case '$': return variable();
    case '@':
      if (peek(1) == '(') {
        i_ += 2;
        return expression_list(start, true);
      }
      if (peek(1) == '{') fail(start, "hash tables @{...} are not supported");
      if (peek(1) == '\'' || peek(1) == '"') fail(start, "here-strings @'...'@ are not supported");
      break;
    case '(': ++i_; return expression_list(start, false);
    case '{': fail(start, "script blocks { ... } are not supported");
    case ',': fail(start, "a value is missing before ','");
    default: break;
  }
  if (at_statement_end() || peek() == '|' || peek() == ')' || peek() == '}') {
    fail(start, fmt::format("expected a value, found {}", found_at(start)));
  }
  return bare_word();
}

// The inside of @( ... ) or ( ... ): values separated by commas or line breaks. `start` is the
// offset of '@' or '('. A parenthesised single value is that value, not an array.
param_value parser::expression_list(std::size_t start, bool array) {
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
    append_flat(list, expression_item());
    skip_inline_space();
    if (peek() == ',') {
      ++i_;
      skip_separators();
      if (peek() == ')') fail(i_, "a value is missing after ','");
      continue;
    }
    if (!(at_statement_end() || peek() == ')')) {
      fail(i_, fmt::format("unexpected {} inside {}", found_at(i_), array ? "@( )" : "( )"));
    }
  }
  if (!array && list.items.size() == 1) return std::move(list.items.front());
  return list;
}

// A value in expression mode (inside parentheses, or assigned): bare words are not texts here.
param_value parser::expression_item() {
  const std::size_t start = i_;
  if (match(single_quotes) != 0) return {value_type::text, single_quoted(), false, {}, at(start)};
  if (match(double_quotes) != 0) return {value_type::text, double_quoted(), false, {}, at(start)};
  if (peek() == '$') return variable();
  if (peek() == '@' && peek(1) == '(') {
    i_ += 2;
    return expression_list(start, true);
  }
  if (peek() == '(') {
    ++i_;
    return expression_list(start, false);
  }
  if (is_digit(peek()) || ((peek() == '-' || peek() == '+') && is_digit(peek(1)))) {
    std::string digits(1, peek());
    ++i_;
    while (is_digit(peek())) digits += peek(), ++i_;
    const char next = peek();
    if (!(eof() || next == ' ' || next == '\t' || next == '\r' || next == '\n' || next == ',' ||
          next == ';' || next == ')' || next == '#')) {
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
    return {value_type::number, digits, false, {}, at(start)};
  }
  if (is_letter(peek())) {
    std::size_t end = i_;
    while (end < s_.size() && (is_ident(s_[end]) || s_[end] == '-' || s_[end] == '.')) ++end;
    const std::string_view word = s_.substr(start, end - start);
    fail(start, fmt::format("{} inside ( ) or @( ), or after '=', is read as a command: quote "
                            "texts there, as in '{}'",
                            word, word));
  }
  fail(start, fmt::format("expected a value, found {}", found_at(start)));
}

param_value parser::variable() {
  const std::size_t start = i_;
  ++i_;  // '$'
  if (peek() == '{') fail(start, "${...} variable names are not supported");
  std::string name;
  while (is_ident(peek())) name += peek(), ++i_;
  if (peek() == ':' && !name.empty()) {
    fail(start, fmt::format("scoped and drive variables (${}:...) are not supported", name));
  }
  if (name.empty()) fail(start, "'$' must be followed by a variable name");
  const std::string lower = to_lower(name);
  if (lower == "true" || lower == "false")
    return {value_type::boolean, "", lower == "true", {}, at(start)};
  if (lower == "null") return {value_type::null, "", false, {}, at(start)};
  const auto it = variables_.find(lower);
  if (it == variables_.end()) {
    fail(start, fmt::format("the variable ${} is not assigned earlier in this script", name));
  }
  param_value value = it->second;
  value.where = at(start);  // list items keep the place they were written
  return value;
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

std::string parser::double_quoted() {
  const std::size_t start = i_;
  i_ += match(double_quotes);
  std::string text;
  while (true) {
    if (eof()) fail(start, "a double-quoted string is not closed");
    if (const std::size_t q = match(double_quotes)) {
      if (const std::size_t q2 = match(double_quotes, q)) {  // "" is one quote
        text += s_.substr(i_ + q, q2);
        i_ += q + q2;
        continue;
      }
      i_ += q;
      return text;
    }
    const char c = peek();
    if (c == '`') {
      if (i_ + 1 >= s_.size()) fail(start, "a double-quoted string is not closed");
      const char e = s_[i_ + 1];
      i_ += 2;
      switch (e) {
        case '0': text += '\0'; break;
        case 'a': text += '\a'; break;
        case 'b': text += '\b'; break;
        case 'e': text += '\x1b'; break;
        case 'f': text += '\f'; break;
        case 'n': text += '\n'; break;
        case 'r': text += '\r'; break;
        case 't': text += '\t'; break;
        case 'v': text += '\v'; break;
        default: text += e; break;  // `" `' `` `$ and any other character stand for themselves
      }
      continue;
    }
    if (c == '$' && (is_letter(peek(1)) || peek(1) == '{' || peek(1) == '(')) {
      fail(i_,
           "'$' in a double-quoted string expands a variable or expression, which mfsim "
           "does not do: use single quotes, or write `$ for a dollar sign");
    }
    text += c;
    ++i_;
  }
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
    if (match(single_quotes) != 0 || match(double_quotes) != 0 || c == '$') {
      fail(i_, fmt::format("{} inside the bare word '{}': quote the whole value, as in '{}'",
                           c == '$' ? std::string("'$'") : std::string("a quote"), text,
                           text + (c == '$' ? "$..." : "...")));
    }
    text += c;
    ++i_;
  }
  if (i_ == start) fail(start, fmt::format("expected a value, found {}", found_at(start)));
  const bool number =
      !text.empty() &&
      std::all_of(text.begin() + (text.front() == '-' ? 1 : 0), text.end(), is_digit) &&
      text != "-";
  return {number ? value_type::number : value_type::text, text, false, {}, at(start)};
}

// ---- the runner ------------------------------------------------------------------------------

enum class cmdlet_kind {
  new_rule,
  set_rule,
  enable_rule,
  disable_rule,
  remove_rule,
  set_antispam,
  new_antispam,
  new_quarantine,
  set_quarantine,
  get_rule,
  get_antispam,
  get_quarantine,
  new_antispam_rule,
  set_antispam_rule,
  enable_antispam_rule,
  disable_antispam_rule,
  remove_antispam_rule,
  harmless,
};

struct cmdlet_entry {
  std::string_view name;
  cmdlet_kind kind;
};

constexpr cmdlet_entry cmdlets[] = {
    {"New-TransportRule", cmdlet_kind::new_rule},
    {"Set-TransportRule", cmdlet_kind::set_rule},
    {"Enable-TransportRule", cmdlet_kind::enable_rule},
    {"Disable-TransportRule", cmdlet_kind::disable_rule},
    {"Remove-TransportRule", cmdlet_kind::remove_rule},
    {"Set-HostedContentFilterPolicy", cmdlet_kind::set_antispam},
    {"New-HostedContentFilterPolicy", cmdlet_kind::new_antispam},
    {"New-QuarantinePolicy", cmdlet_kind::new_quarantine},
    {"Set-QuarantinePolicy", cmdlet_kind::set_quarantine},
    {"Get-TransportRule", cmdlet_kind::get_rule},
    {"Get-HostedContentFilterPolicy", cmdlet_kind::get_antispam},
    {"Get-QuarantinePolicy", cmdlet_kind::get_quarantine},
    {"New-HostedContentFilterRule", cmdlet_kind::new_antispam_rule},
    {"Set-HostedContentFilterRule", cmdlet_kind::set_antispam_rule},
    {"Enable-HostedContentFilterRule", cmdlet_kind::enable_antispam_rule},
    {"Disable-HostedContentFilterRule", cmdlet_kind::disable_antispam_rule},
    {"Remove-HostedContentFilterRule", cmdlet_kind::remove_antispam_rule},
    // Session set-up and output: they change nothing in the organisation.
    {"Connect-ExchangeOnline", cmdlet_kind::harmless},
    {"Disconnect-ExchangeOnline", cmdlet_kind::harmless},
    {"Connect-IPPSSession", cmdlet_kind::harmless},
    {"Import-Module", cmdlet_kind::harmless},
    {"Set-StrictMode", cmdlet_kind::harmless},
    {"Write-Host", cmdlet_kind::harmless},
    {"Write-Output", cmdlet_kind::harmless},
    {"Write-Verbose", cmdlet_kind::harmless},
    {"Write-Warning", cmdlet_kind::harmless},
};

constexpr std::string_view cmdlet_names[] = {"New-TransportRule",
                                             "Set-TransportRule",
                                             "Enable-TransportRule",
                                             "Disable-TransportRule",
                                             "Remove-TransportRule",
                                             "Set-HostedContentFilterPolicy",
                                             "New-HostedContentFilterPolicy",
                                             "New-QuarantinePolicy",
                                             "Set-QuarantinePolicy",
                                             "Get-TransportRule",
                                             "Get-HostedContentFilterPolicy",
                                             "Get-QuarantinePolicy",
                                             "New-HostedContentFilterRule",
                                             "Set-HostedContentFilterRule",
                                             "Enable-HostedContentFilterRule",
                                             "Disable-HostedContentFilterRule",
                                             "Remove-HostedContentFilterRule",
                                             "Connect-ExchangeOnline",
                                             "Disconnect-ExchangeOnline",
                                             "Import-Module"};

// Common parameters every cmdlet takes; they change nothing mfsim simulates.
constexpr std::string_view common_switches[] = {"Confirm", "Verbose", "Debug", "Force"};
constexpr std::string_view common_valued[] = {
    "ErrorAction",      "WarningAction",       "InformationAction", "ErrorVariable",
    "WarningVariable",  "InformationVariable", "OutVariable",       "OutBuffer",
    "PipelineVariable", "DomainController"};

// One command's arguments, bound to parameter names.
struct bound_command {
  std::vector<parameter> params;  // in the order given; the positional one named `positional`
  bool what_if = false;           // -WhatIf: Exchange only reports what it would do
  bool ok = true;
};

// A rule as the script has built it so far: its parameters, replaced by Set-TransportRule.
struct rule_entry {
  std::string name;
  source_span where;  // the New-TransportRule that created it
  std::vector<parameter> params;
  bool rejected_some = false;  // a parameter was refused: the rule is known to be incomplete
};

// A quarantine policy, an anti-spam policy other than Default, or an anti-spam rule (the
// recipient scope of such a policy), as the script has built it so far.
using quarantine_entry = named_entry;

bool contains_name(std::span<const std::string_view> names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view n) { return iequals(n, name); });
}

class runner {
 public:
  explicit runner(std::string file) : file_(std::move(file)) {}

  void run(const ps_statement& statement);
  imported_rules finish();

 private:
  void error(diag_code code, const source_span& where, std::string message) {
    out_.diagnostics.push_back(diagnostic{code, where, std::move(message)});
  }
  void dispatch(const ps_command& cmd, cmdlet_kind kind, const parameter* piped_identity);
  bound_command bind(const ps_command& cmd, std::string_view positional,
                     std::span<const std::string_view> switches, const parameter* piped_identity);
  // Keeps the mapped parameters of `family`, canonically spelled; reports the others.
  std::vector<parameter> classify(std::vector<parameter> params, cmdlet_family family,
                                  const std::string& ctx, std::string_view cmdlet,
                                  std::span<const std::string_view> handled);
  std::optional<std::string> identity(const bound_command& b, const ps_command& cmd,
                                      std::string_view what);
  rule_entry* find_rule(std::string_view name);
  // Sets a parameter, replacing one of the same name.
  static void put(std::vector<parameter>& into, parameter p);
  // As a New-/Set- command gives it: like put, but a $null value removes the parameter.
  static void update(std::vector<parameter>& into, parameter p);

  void new_rule(const ps_command& cmd);
  void set_rule(const ps_command& cmd, const parameter* piped);
  void toggle_rule(const ps_command& cmd, const parameter* piped, bool enable);
  void remove_rule(const ps_command& cmd, const parameter* piped);
  void set_antispam(const ps_command& cmd, const parameter* piped);
  void new_antispam(const ps_command& cmd);
  void new_antispam_rule(const ps_command& cmd);
  void set_antispam_rule(const ps_command& cmd, const parameter* piped);
  void toggle_antispam_rule(const ps_command& cmd, const parameter* piped, bool enable);
  void remove_antispam_rule(const ps_command& cmd, const parameter* piped);
  // The named entry `id` names, or nullptr after reporting that none is created.
  std::optional<std::string> new_name(const bound_command& b, const ps_command& cmd,
                                      std::string_view what, std::span<const named_entry> existing);
  named_entry* find_named(std::vector<named_entry>& entries, const bound_command& b,
                          std::string_view cmdlet, std::string_view id, std::string_view what);
  void new_quarantine(const ps_command& cmd);
  void set_quarantine(const ps_command& cmd, const parameter* piped);

  std::string file_;
  imported_rules out_;
  std::vector<rule_entry> rules_;  // in priority order
  std::vector<quarantine_entry> quarantine_;
  std::vector<parameter> antispam_;
  source_span antispam_where_;
  std::vector<named_entry> named_antispam_;  // New-HostedContentFilterPolicy, other than Default
  std::vector<named_entry> antispam_rules_;  // New-HostedContentFilterRule, in creation order
  std::optional<parameter> frequency_;
};

using detail::find_param;

void runner::update(std::vector<parameter>& into, parameter p) {
  if (p.value.type == value_type::null) {  // -X $null clears the parameter
    std::erase_if(into, [&](const parameter& q) { return q.name == p.name; });
  } else {
    put(into, std::move(p));
  }
}

void runner::put(std::vector<parameter>& into, parameter p) {
  for (auto& existing : into) {
    if (existing.name == p.name) {
      existing = std::move(p);
      return;
    }
  }
  into.push_back(std::move(p));
}

void runner::run(const ps_statement& statement) {
  const auto kind_of = [](const ps_command& cmd) -> std::optional<cmdlet_kind> {
    for (const auto& entry : cmdlets) {
      if (iequals(entry.name, cmd.name)) return entry.kind;
    }
    return std::nullopt;
  };
  for (const auto& cmd : statement.pipeline) {
    if (!kind_of(cmd)) {
      const std::string hint = did_you_mean(cmd.name, cmdlet_names);
      error(diag_code::unknown_key, cmd.where,
            fmt::format("unknown cmdlet '{}': mfsim reads transport rules, anti-spam "
                        "policies and rules, and quarantine policies (see docs/import.md){}",
                        cmd.name, hint));
      return;
    }
  }
  if (statement.pipeline.size() == 1) {
    dispatch(statement.pipeline[0], *kind_of(statement.pipeline[0]), nullptr);
    return;
  }
  // Get-X 'name' | Set-X ...: the Get names the object the next cmdlet changes.
  const ps_command& get = statement.pipeline[0];
  const ps_command& change = statement.pipeline[1];
  const cmdlet_kind get_kind = *kind_of(get);
  const cmdlet_kind change_kind = *kind_of(change);
  const bool rule_pair =
      get_kind == cmdlet_kind::get_rule &&
      (change_kind == cmdlet_kind::set_rule || change_kind == cmdlet_kind::enable_rule ||
       change_kind == cmdlet_kind::disable_rule || change_kind == cmdlet_kind::remove_rule);
  const bool antispam_pair =
      get_kind == cmdlet_kind::get_antispam && change_kind == cmdlet_kind::set_antispam;
  const bool quarantine_pair =
      get_kind == cmdlet_kind::get_quarantine && change_kind == cmdlet_kind::set_quarantine;
  if (statement.pipeline.size() != 2 || !(rule_pair || antispam_pair || quarantine_pair)) {
    error(diag_code::syntax_error, statement.pipeline[1].where,
          "pipelines are supported only as Get-X 'name' | Set-X ... (the Get naming one rule "
          "or policy)");
    return;
  }
  bound_command b = bind(get, "Identity", {}, nullptr);
  if (!b.ok) return;
  const parameter* id = find_param(b.params, "Identity");
  const parameter* type = find_param(b.params, "QuarantinePolicyType");
  parameter piped;
  if (quarantine_pair && type != nullptr && id == nullptr && type->value.type == value_type::text &&
      iequals(type->value.text, "GlobalQuarantinePolicy")) {
    piped = parameter{
        "Identity", param_value{value_type::text, "DefaultGlobalTag", false, {}, type->value.where},
        type->where};
  } else if (id != nullptr && b.params.size() == 1) {
    piped = *id;
  } else {
    error(diag_code::syntax_error, get.where,
          fmt::format("{} in a pipeline must name exactly one object (a name, or -Identity{})",
                      get.name,
                      quarantine_pair ? ", or -QuarantinePolicyType GlobalQuarantinePolicy" : ""));
    return;
  }
  dispatch(change, change_kind, &piped);
}

void runner::dispatch(const ps_command& cmd, cmdlet_kind kind, const parameter* piped) {
  switch (kind) {
    case cmdlet_kind::new_rule: new_rule(cmd); return;
    case cmdlet_kind::set_rule: set_rule(cmd, piped); return;
    case cmdlet_kind::enable_rule: toggle_rule(cmd, piped, true); return;
    case cmdlet_kind::disable_rule: toggle_rule(cmd, piped, false); return;
    case cmdlet_kind::remove_rule: remove_rule(cmd, piped); return;
    case cmdlet_kind::set_antispam: set_antispam(cmd, piped); return;
    case cmdlet_kind::new_antispam: new_antispam(cmd); return;
    case cmdlet_kind::new_quarantine: new_quarantine(cmd); return;
    case cmdlet_kind::set_quarantine: set_quarantine(cmd, piped); return;
    case cmdlet_kind::new_antispam_rule: new_antispam_rule(cmd); return;
    case cmdlet_kind::set_antispam_rule: set_antispam_rule(cmd, piped); return;
    case cmdlet_kind::enable_antispam_rule: toggle_antispam_rule(cmd, piped, true); return;
    case cmdlet_kind::disable_antispam_rule: toggle_antispam_rule(cmd, piped, false); return;
    case cmdlet_kind::remove_antispam_rule: remove_antispam_rule(cmd, piped); return;
    case cmdlet_kind::get_rule:
    case cmdlet_kind::get_antispam:
    case cmdlet_kind::get_quarantine:
    case cmdlet_kind::harmless: return;  // reads or session set-up: nothing changes
  }
}

bound_command runner::bind(const ps_command& cmd, std::string_view positional,
                           std::span<const std::string_view> switches,
                           const parameter* piped_identity) {
  bound_command b;
  const auto add = [&](parameter p) {
    if (const parameter* first = find_param(b.params, p.name)) {
      error(diag_code::duplicate, p.where,
            fmt::format("{}: parameter -{} is given twice (first at line {}, column {})", cmd.name,
                        first->name, first->where.line, first->where.col));
      b.ok = false;
      return;
    }
    b.params.push_back(std::move(p));
  };
  if (piped_identity != nullptr) add(*piped_identity);
  const auto& elements = cmd.elements;
  for (std::size_t k = 0; k < elements.size(); ++k) {
    const ps_element& e = elements[k];
    if (!e.is_parameter) {
      if (positional.empty() || find_param(b.params, positional) != nullptr) {
        error(diag_code::syntax_error, e.where,
              fmt::format("{}: unexpected value {}; every value after the first needs its "
                          "parameter name (-Name value)",
                          cmd.name, describe(e.value, param_style::cmdlet)));
        b.ok = false;
        continue;
      }
      add(parameter{std::string(positional), e.value, e.where});
      continue;
    }
    if (iequals(e.name, "WhatIf")) {
      b.what_if = !e.has_value || (e.value.type == value_type::boolean && e.value.flag);
      continue;
    }
    const bool is_switch =
        contains_name(common_switches, e.name) || contains_name(switches, e.name);
    if (is_switch) {
      param_value value =
          e.has_value ? e.value : param_value{value_type::boolean, "", true, {}, e.where};
      if (!contains_name(common_switches, e.name)) add(parameter{e.name, value, e.where});
      continue;
    }
    param_value value;
    if (e.has_value) {
      value = e.value;
    } else if (k + 1 < elements.size() && !elements[k + 1].is_parameter) {
      value = elements[++k].value;
    } else {
      error(diag_code::bad_value, e.where,
            fmt::format("{}: parameter -{} needs a value", cmd.name, e.name));
      b.ok = false;
      continue;
    }
    if (contains_name(common_valued, e.name)) continue;
    add(parameter{e.name, std::move(value), e.where});
  }
  return b;
}

std::vector<parameter> runner::classify(std::vector<parameter> params, cmdlet_family family,
                                        const std::string& ctx, std::string_view cmdlet,
                                        std::span<const std::string_view> handled) {
  std::vector<parameter> mapped;
  for (auto& p : params) {
    if (contains_name(handled, p.name)) continue;
    const param_info* info = find_parameter(family, p.name);
    if (info == nullptr) {
      const std::string hint = did_you_mean(p.name, parameter_names(family), "-");
      error(diag_code::unknown_key, p.where,
            fmt::format("{} has no parameter -{}{}", cmdlet, p.name, hint));
      continue;
    }
    p.name = std::string(info->name);
    switch (info->support) {
      case param_support::mapped: mapped.push_back(std::move(p)); break;
      case param_support::no_effect: break;
      case param_support::not_simulated:
        if (!is_assumed_value(p.value, info->assumed)) {
          out_.diagnostics.push_back(not_simulated_error(p, *info, ctx, param_style::cmdlet));
        }
        break;
    }
  }
  return mapped;
}

std::optional<std::string> runner::identity(const bound_command& b, const ps_command& cmd,
                                            std::string_view what) {
  const parameter* id = find_param(b.params, "Identity");
  if (id == nullptr) {
    error(diag_code::missing_key, cmd.where,
          fmt::format("{} needs -Identity (the name of the {})", cmd.name, what));
    return std::nullopt;
  }
  std::vector<diagnostic> problems;
  auto text = read_text(*id, "of " + cmd.name, param_style::cmdlet, false, problems);
  for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
  return text;
}

rule_entry* runner::find_rule(std::string_view name) {
  for (auto& rule : rules_) {
    if (iequals(rule.name, name)) return &rule;
  }
  return nullptr;
}

void runner::new_rule(const ps_command& cmd) {
  bound_command b = bind(cmd, "Name", {}, nullptr);
  if (!b.ok || b.what_if) return;
  const parameter* name_param = find_param(b.params, "Name");
  if (name_param == nullptr) {
    error(diag_code::missing_key, cmd.where,
          "New-TransportRule needs -Name (or the rule's name as its first value)");
    return;
  }
  std::vector<diagnostic> problems;
  auto name = read_name(*name_param, "of New-TransportRule", param_style::cmdlet, problems);
  for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
  if (!name) return;
  const std::string ctx = fmt::format("in transport rule '{}'", *name);
  if (const rule_entry* existing = find_rule(*name)) {
    error(diag_code::duplicate, name_param->value.where,
          fmt::format("a transport rule named '{}' already exists (created at line {}; names "
                      "are compared without case)",
                      existing->name, existing->where.line));
    return;
  }
  if (const parameter* state = find_param(b.params, "State")) {
    error(diag_code::unknown_key, state->where,
          "New-TransportRule has no parameter -State: use -Enabled $false, or "
          "Disable-TransportRule");
  }
  std::size_t position = rules_.size();
  if (const parameter* priority = find_param(b.params, "Priority")) {
    // Exchange numbers rules from 0 without gaps: a new rule goes at most right after the last.
    if (auto value = read_int(*priority, ctx, param_style::cmdlet, 0, INT_MAX, out_.diagnostics)) {
      if (static_cast<std::size_t>(*value) > rules_.size()) {
        error(diag_code::bad_value, priority->value.where,
              fmt::format("-Priority {}: expected an integer from 0 to {} (the number of rules "
                          "created before it), found {}",
                          ctx, rules_.size(), *value));
      } else {
        position = static_cast<std::size_t>(*value);
      }
    }
  }
  static constexpr std::string_view handled[] = {"Priority", "State"};
  rule_entry entry{*name, cmd.where, {}};
  const std::size_t errors_before = out_.diagnostics.size();
  for (auto& p : classify(std::move(b.params), cmdlet_family::transport_rule, ctx,
                          "New-TransportRule", handled)) {
    if (p.value.type != value_type::null) entry.params.push_back(std::move(p));
  }
  entry.rejected_some = out_.diagnostics.size() != errors_before;
  rules_.insert(rules_.begin() + static_cast<std::ptrdiff_t>(position), std::move(entry));
}

void runner::set_rule(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "rule to change");
  if (!id) return;
  rule_entry* rule = find_rule(*id);
  if (rule == nullptr) {
    error(diag_code::bad_reference, find_param(b.params, "Identity")->value.where,
          fmt::format("Set-TransportRule: no transport rule named '{}' is created earlier in "
                      "this script (mfsim starts from an organisation without rules)",
                      *id));
    return;
  }
  std::string ctx = fmt::format("in transport rule '{}'", rule->name);
  if (const parameter* name_param = find_param(b.params, "Name")) {
    std::vector<diagnostic> problems;
    auto name = read_name(*name_param, ctx, param_style::cmdlet, problems);
    for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
    if (name) {
      const rule_entry* other = find_rule(*name);
      if (other != nullptr && other != rule) {
        error(diag_code::duplicate, name_param->value.where,
              fmt::format("a transport rule named '{}' already exists (created at line {})",
                          other->name, other->where.line));
      } else {
        rule->name = *name;
        put(rule->params, parameter{"Name", name_param->value, name_param->where});
        ctx = fmt::format("in transport rule '{}'", rule->name);
      }
    }
  }
  if (const parameter* state = find_param(b.params, "State")) {
    error(diag_code::unknown_key, state->where,
          "Set-TransportRule has no parameter -State: use Enable-TransportRule or "
          "Disable-TransportRule");
  }
  if (find_param(b.params, "Enabled") != nullptr) {
    error(diag_code::unknown_key, find_param(b.params, "Enabled")->where,
          "Set-TransportRule has no parameter -Enabled: use Enable-TransportRule or "
          "Disable-TransportRule");
  }
  std::optional<std::size_t> move_to;
  if (const parameter* priority = find_param(b.params, "Priority")) {
    if (auto value = read_int(*priority, ctx, param_style::cmdlet, 0, INT_MAX, out_.diagnostics)) {
      if (static_cast<std::size_t>(*value) >= rules_.size()) {
        error(diag_code::bad_value, priority->value.where,
              fmt::format("-Priority {}: expected an integer from 0 to {} (one less than the "
                          "number of rules), found {}",
                          ctx, rules_.size() - 1, *value));
      } else {
        move_to = static_cast<std::size_t>(*value);
      }
    }
  }
  static constexpr std::string_view handled[] = {"Identity", "Name", "Priority", "State",
                                                 "Enabled"};
  const std::size_t errors_before = out_.diagnostics.size();
  for (auto& p : classify(std::move(b.params), cmdlet_family::transport_rule, ctx,
                          "Set-TransportRule", handled)) {
    update(rule->params, std::move(p));
  }
  if (out_.diagnostics.size() != errors_before) rule->rejected_some = true;
  if (move_to) {
    const auto from = rule - rules_.data();
    rule_entry moved = std::move(rules_[static_cast<std::size_t>(from)]);
    rules_.erase(rules_.begin() + from);
    rules_.insert(rules_.begin() + static_cast<std::ptrdiff_t>(*move_to), std::move(moved));
  }
}

void runner::toggle_rule(const ps_command& cmd, const parameter* piped, bool enable) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "rule");
  if (!id) return;
  rule_entry* rule = find_rule(*id);
  if (rule == nullptr) {
    error(diag_code::bad_reference, find_param(b.params, "Identity")->value.where,
          fmt::format("{}: no transport rule named '{}' is created earlier in this script",
                      cmd.name, *id));
    return;
  }
  const std::string ctx = fmt::format("in transport rule '{}'", rule->name);
  static constexpr std::string_view handled[] = {"Identity"};
  std::vector<parameter> rest;
  for (auto& p : b.params) {
    if (enable && iequals(p.name, "Mode")) {
      p.name = "Mode";
      put(rule->params, p);
    } else {
      rest.push_back(p);
    }
  }
  for (const auto& p : rest) {
    if (contains_name(handled, p.name)) continue;
    error(diag_code::unknown_key, p.where,
          fmt::format("{} has no parameter -{} (it takes -Identity{})", cmd.name, p.name,
                      enable ? " and -Mode" : ""));
  }
  put(rule->params,
      parameter{"Enabled", param_value{value_type::boolean, "", enable, {}, cmd.where}, cmd.where});
}

void runner::remove_rule(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "rule");
  if (!id) return;
  rule_entry* rule = find_rule(*id);
  if (rule == nullptr) {
    error(diag_code::bad_reference, find_param(b.params, "Identity")->value.where,
          fmt::format("Remove-TransportRule: no transport rule named '{}' is created earlier in "
                      "this script",
                      *id));
    return;
  }
  for (const auto& p : b.params) {
    if (!iequals(p.name, "Identity")) {
      error(diag_code::unknown_key, p.where,
            fmt::format("Remove-TransportRule has no parameter -{}", p.name));
    }
  }
  rules_.erase(rules_.begin() + (rule - rules_.data()));
}

void runner::set_antispam(const ps_command& cmd, const parameter* piped) {
  static constexpr std::string_view switches[] = {"MakeDefault"};
  bound_command b = bind(cmd, "Identity", switches, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam policy");
  if (!id) return;
  if (const parameter* make_default = find_param(b.params, "MakeDefault")) {
    error(diag_code::bad_value, make_default->where,
          "Set-HostedContentFilterPolicy -MakeDefault: mfsim keeps the Default policy as the "
          "one for every recipient; scope other policies with New-HostedContentFilterRule");
  }
  static constexpr std::string_view handled[] = {"Identity", "MakeDefault"};
  if (!iequals(*id, "Default")) {
    named_entry* entry =
        find_named(named_antispam_, b, "Set-HostedContentFilterPolicy", *id, "anti-spam policy");
    if (entry == nullptr) return;
    const std::string ctx = fmt::format("in anti-spam policy '{}'", entry->name);
    for (auto& p : classify(std::move(b.params), cmdlet_family::antispam_policy, ctx,
                            "Set-HostedContentFilterPolicy", handled)) {
      update(entry->params, std::move(p));
    }
    return;
  }
  if (antispam_where_.file.empty()) antispam_where_ = cmd.where;
  out_.has_antispam = true;
  for (auto& p :
       classify(std::move(b.params), cmdlet_family::antispam_policy,
                "in the Default anti-spam policy", "Set-HostedContentFilterPolicy", handled)) {
    update(antispam_, std::move(p));
  }
}

named_entry* runner::find_named(std::vector<named_entry>& entries, const bound_command& b,
                                std::string_view cmdlet, std::string_view id,
                                std::string_view what) {
  const auto entry = std::find_if(entries.begin(), entries.end(),
                                  [&](const named_entry& e) { return iequals(e.name, id); });
  if (entry != entries.end()) return &*entry;
  error(diag_code::bad_reference, find_param(b.params, "Identity")->value.where,
        fmt::format("{}: no {} named '{}' is created earlier in this script", cmdlet, what, id));
  return nullptr;
}

// The -Name of a New-* command: read, checked against `existing` (names compare without
// case); nullopt after reporting a problem.
std::optional<std::string> runner::new_name(const bound_command& b, const ps_command& cmd,
                                            std::string_view what,
                                            std::span<const named_entry> existing) {
  const parameter* name_param = find_param(b.params, "Name");
  if (name_param == nullptr) {
    error(diag_code::missing_key, cmd.where,
          fmt::format("{} needs -Name (or the {}'s name as its first value)", cmd.name, what));
    return std::nullopt;
  }
  std::vector<diagnostic> problems;
  auto name = read_name(*name_param, fmt::format("of {}", cmd.name), param_style::cmdlet, problems);
  for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
  if (!name) return std::nullopt;
  for (const auto& e : existing) {
    if (iequals(e.name, *name)) {
      error(diag_code::duplicate, name_param->value.where,
            fmt::format("an {} named '{}' already exists (created at line {})", what, e.name,
                        e.where.line));
      return std::nullopt;
    }
  }
  return name;
}

void runner::new_antispam(const ps_command& cmd) {
  bound_command b = bind(cmd, "Name", {}, nullptr);
  if (!b.ok || b.what_if) return;
  if (const parameter* p = find_param(b.params, "Name");
      p != nullptr && p->value.type == value_type::text && iequals(p->value.text, "Default")) {
    error(diag_code::bad_value, p->value.where,
          "New-HostedContentFilterPolicy -Name Default: the Default policy always exists; change "
          "it with Set-HostedContentFilterPolicy -Identity Default");
    return;
  }
  const auto name = new_name(b, cmd, "anti-spam policy", named_antispam_);
  if (!name) return;
  named_entry entry{*name, cmd.where, {}};
  static constexpr std::string_view handled[] = {"Name"};
  for (auto& p : classify(std::move(b.params), cmdlet_family::antispam_policy,
                          fmt::format("in anti-spam policy '{}'", *name),
                          "New-HostedContentFilterPolicy", handled)) {
    update(entry.params, std::move(p));
  }
  named_antispam_.push_back(std::move(entry));
}

void runner::new_antispam_rule(const ps_command& cmd) {
  bound_command b = bind(cmd, "Name", {}, nullptr);
  if (!b.ok || b.what_if) return;
  const auto name = new_name(b, cmd, "anti-spam rule", antispam_rules_);
  if (!name) return;
  if (find_param(b.params, "HostedContentFilterPolicy") == nullptr) {
    error(diag_code::missing_key, cmd.where,
          fmt::format("New-HostedContentFilterRule '{}' needs -HostedContentFilterPolicy (the "
                      "policy it scopes)",
                      *name));
    return;
  }
  named_entry entry{*name, cmd.where, {}};
  static constexpr std::string_view handled[] = {"Name"};
  for (auto& p : classify(std::move(b.params), cmdlet_family::antispam_rule,
                          fmt::format("in anti-spam rule '{}'", *name),
                          "New-HostedContentFilterRule", handled)) {
    update(entry.params, std::move(p));
  }
  antispam_rules_.push_back(std::move(entry));
}

void runner::set_antispam_rule(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam rule");
  if (!id) return;
  named_entry* entry = find_named(antispam_rules_, b, cmd.name, *id, "anti-spam rule");
  if (entry == nullptr) return;
  static constexpr std::string_view handled[] = {"Identity"};
  for (auto& p : classify(std::move(b.params), cmdlet_family::antispam_rule,
                          fmt::format("in anti-spam rule '{}'", entry->name), cmd.name, handled)) {
    update(entry->params, std::move(p));
  }
}

void runner::toggle_antispam_rule(const ps_command& cmd, const parameter* piped, bool enable) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam rule");
  if (!id) return;
  named_entry* entry = find_named(antispam_rules_, b, cmd.name, *id, "anti-spam rule");
  if (entry == nullptr) return;
  for (const auto& p : b.params) {
    if (!iequals(p.name, "Identity")) {
      error(diag_code::unknown_key, p.where,
            fmt::format("{} has no parameter -{} (it takes -Identity)", cmd.name, p.name));
    }
  }
  put(entry->params,
      parameter{"Enabled", param_value{value_type::boolean, "", enable, {}, cmd.where}, cmd.where});
}

void runner::remove_antispam_rule(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam rule");
  if (!id) return;
  named_entry* entry = find_named(antispam_rules_, b, cmd.name, *id, "anti-spam rule");
  if (entry == nullptr) return;
  antispam_rules_.erase(antispam_rules_.begin() + (entry - antispam_rules_.data()));
}

void runner::new_quarantine(const ps_command& cmd) {
  bound_command b = bind(cmd, "Name", {}, nullptr);
  if (!b.ok || b.what_if) return;
  const parameter* name_param = find_param(b.params, "Name");
  if (name_param == nullptr) {
    error(diag_code::missing_key, cmd.where,
          "New-QuarantinePolicy needs -Name (or the policy's name as its first value)");
    return;
  }
  std::vector<diagnostic> problems;
  auto name = read_name(*name_param, "of New-QuarantinePolicy", param_style::cmdlet, problems);
  for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
  if (!name) return;
  for (const auto& built_in : built_in_quarantine_policies()) {
    if (iequals(built_in.name, *name) || iequals(*name, "DefaultGlobalTag")) {
      error(diag_code::duplicate, name_param->value.where,
            fmt::format("New-QuarantinePolicy: '{}' is the name of a built-in policy; give the "
                        "custom policy another name",
                        *name));
      return;
    }
  }
  for (const auto& existing : quarantine_) {
    if (iequals(existing.name, *name)) {
      error(diag_code::duplicate, name_param->value.where,
            fmt::format("a quarantine policy named '{}' already exists (created at line {})",
                        existing.name, existing.where.line));
      return;
    }
  }
  const std::string ctx = fmt::format("in quarantine policy '{}'", *name);
  if (const parameter* f = find_param(b.params, "EndUserSpamNotificationFrequency")) {
    error(diag_code::bad_value, f->where,
          "-EndUserSpamNotificationFrequency belongs to the global settings: "
          "Set-QuarantinePolicy -Identity DefaultGlobalTag -EndUserSpamNotificationFrequency ...");
  }
  static constexpr std::string_view handled[] = {"Name", "EndUserSpamNotificationFrequency"};
  quarantine_entry entry{*name, cmd.where, {}};
  for (auto& p : classify(std::move(b.params), cmdlet_family::quarantine_policy, ctx,
                          "New-QuarantinePolicy", handled)) {
    update(entry.params, std::move(p));
  }
  quarantine_.push_back(std::move(entry));
}

void runner::set_quarantine(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "quarantine policy");
  if (!id) return;
  const source_span id_where = find_param(b.params, "Identity")->value.where;
  static constexpr std::string_view handled[] = {"Identity"};
  if (iequals(*id, "DefaultGlobalTag")) {
    for (auto& p : classify(std::move(b.params), cmdlet_family::quarantine_policy,
                            "in the global quarantine settings", "Set-QuarantinePolicy", handled)) {
      if (p.name != "EndUserSpamNotificationFrequency") {
        error(diag_code::bad_value, p.where,
              fmt::format("-{} is a setting of a quarantine policy, not of the global settings "
                          "(DefaultGlobalTag)",
                          p.name));
      } else if (p.value.type == value_type::null) {
        frequency_.reset();
      } else {
        frequency_ = std::move(p);
      }
    }
    out_.has_global_settings = true;
    return;
  }
  for (const auto& built_in : built_in_quarantine_policies()) {
    if (iequals(built_in.name, *id)) {
      error(diag_code::bad_value, id_where,
            fmt::format("Set-QuarantinePolicy: the built-in policy '{}' cannot be changed; "
                        "create a custom one with New-QuarantinePolicy",
                        built_in.name));
      return;
    }
  }
  const auto entry = std::find_if(quarantine_.begin(), quarantine_.end(),
                                  [&](const quarantine_entry& q) { return iequals(q.name, *id); });
  if (entry == quarantine_.end()) {
    error(diag_code::bad_reference, id_where,
          fmt::format("Set-QuarantinePolicy: no quarantine policy named '{}' is created earlier "
                      "in this script",
                      *id));
    return;
  }
  const std::string ctx = fmt::format("in quarantine policy '{}'", entry->name);
  for (auto& p : classify(std::move(b.params), cmdlet_family::quarantine_policy, ctx,
                          "Set-QuarantinePolicy", handled)) {
    if (p.name == "EndUserSpamNotificationFrequency") {
      error(diag_code::bad_value, p.where,
            "-EndUserSpamNotificationFrequency belongs to the global settings: "
            "Set-QuarantinePolicy -Identity DefaultGlobalTag -EndUserSpamNotificationFrequency "
            "...");
    } else {
      update(entry->params, std::move(p));
    }
  }
}

imported_rules runner::finish() {
  rule_set& set = out_.set;
  set.source = file_;
  for (std::size_t k = 0; k < rules_.size(); ++k) {
    const rule_entry& entry = rules_[k];
    const std::string ctx = fmt::format("in transport rule '{}'", entry.name);
    transport_rule rule = build_transport_rule(entry.params, ctx, param_style::cmdlet, entry.where,
                                               out_.diagnostics, entry.rejected_some);
    rule.name = entry.name;
    rule.priority = static_cast<int>(k);  // Exchange keeps priorities contiguous from 0
    rule.priority_given = true;
    set.transport_rules.push_back(std::move(rule));
  }
  for (const auto& entry : quarantine_) {
    quarantine_policy policy;
    policy.name = entry.name;
    policy.where = entry.where;
    apply_quarantine_parameters(entry.params, fmt::format("in quarantine policy '{}'", entry.name),
                                param_style::cmdlet, policy, out_.diagnostics);
    set.quarantine_policies.push_back(std::move(policy));
  }
  if (out_.has_antispam) {
    set.antispam.where = antispam_where_;
    apply_antispam_parameters(antispam_, "in the Default anti-spam policy", param_style::cmdlet,
                              set.antispam, out_.tags, out_.diagnostics);
  }
  build_scoped_antispam(named_antispam_, antispam_rules_, param_style::cmdlet, out_);
  if (frequency_) {
    if (auto f = read_notification_frequency(*frequency_, "in the global quarantine settings",
                                             param_style::cmdlet, out_.diagnostics)) {
      set.notify_frequency = *f;
    }
  }
  return std::move(out_);
}

}  // namespace

std::vector<ps_statement> parse_powershell(std::string_view text, const position_map& where,
                                           std::vector<diagnostic>& out) {
  return parser(text, where, out).parse();
}

imported_rules run_powershell(const std::vector<ps_statement>& statements,
                              const std::string& file_name) {
  runner r(file_name);
  for (const auto& statement : statements) r.run(statement);
  return r.finish();
}

imported_rules import_powershell(std::string_view text, const std::string& file_name) {
  std::vector<diagnostic> syntax;
  const auto statements = parse_powershell(text, text_positions(text, file_name), syntax);
  if (!syntax.empty()) {
    imported_rules failed;
    failed.set.source = file_name;
    failed.diagnostics = std::move(syntax);
    return failed;
  }
  return run_powershell(statements, file_name);
}

rule_set load_rule_set_powershell(std::string_view text, const std::string& file_name) {
  return finish_import(import_powershell(text, file_name));
}

}  // namespace mfsim::rules
