// The PowerShell parser: the subset of PowerShell that configuration scripts use (quoting,
// arrays, comments, line continuations, variables), into statements of cmdlets and values.
// The runner (powershell_runner.cc) gives them meaning.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>

#include "engine/rules/load_powershell.h"

namespace mfsim::rules {
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

// Budgets against hostile scripts (docs/reliability.md): ( ) and @( ) recurse, and variables
// copied into lists ($b = $a,$a,$a ...) would multiply a small file into gigabytes.
constexpr int kMaxNesting = 64;
constexpr std::size_t kMaxValueBytes = std::size_t{256} << 20;

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

  // Charges a value the parser made (or a variable copied) to the value budget.
  void charge(const param_value& value, std::size_t offset);
  void append_flat(param_value& list, param_value item, std::size_t offset);

  std::string_view s_;
  const position_map& where_;
  std::vector<diagnostic>& out_;
  std::size_t i_ = 0;
  std::map<std::string, param_value> variables_;  // lower-cased name -> value
  int depth_ = 0;                                 // ( ) and @( ) open around the current value
  std::size_t value_bytes_ = 0;                   // charged so far
};

// What a value holds in memory, roughly: its record, its text and where it was written.
std::size_t footprint(const param_value& value) {
  std::size_t bytes = sizeof(param_value) + value.text.size() + value.where.file.size();
  for (const auto& item : value.items) bytes += footprint(item);
  return bytes;
}

void parser::charge(const param_value& value, std::size_t offset) {
  value_bytes_ += footprint(value);
  if (value_bytes_ > kMaxValueBytes) {
    fail(offset, fmt::format("the script's values pass {} MiB (the PowerShell value budget; "
                             "variables copied into lists count every copy)",
                             kMaxValueBytes >> 20));
  }
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
  const std::string lower = ascii_lower_copy(name);
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
    append_flat(list, std::move(value), value_start);
    while (peek() == ',') {
      ++i_;
      skip_separators();
      const std::size_t item_start = i_;
      append_flat(list, expression_item(), item_start);
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
    if (ascii_iequals(cmd.name, keyword)) {
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
    charge(element.value, element_start);
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
  append_flat(list, std::move(first), start);
  while (peek() == ',') {
    ++i_;
    skip_separators();  // a line may end after a comma
    if (at_parameter()) fail(i_, "a value is missing after ','");
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
  if (depth_ >= kMaxNesting) {
    fail(start, fmt::format("'{}' nested more than {} levels deep (the PowerShell nesting limit)",
                            array ? "@(" : "(", kMaxNesting));
  }
  ++depth_;  // and one level less however this returns:
  const std::unique_ptr<int, void (*)(int*)> leave(&depth_, [](int* depth) { --*depth; });
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
    append_flat(list, expression_item(), item_start);
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
  const std::string lower = ascii_lower_copy(name);
  if (lower == "true" || lower == "false")
    return {value_type::boolean, "", lower == "true", {}, at(start)};
  if (lower == "null") return {value_type::null, "", false, {}, at(start)};
  const auto it = variables_.find(lower);
  if (it == variables_.end()) {
    fail(start, fmt::format("the variable ${} is not assigned earlier in this script", name));
  }
  charge(it->second, start);
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

}  // namespace

std::vector<ps_statement> parse_powershell(std::string_view text, const position_map& where,
                                           std::vector<diagnostic>& out) {
  return parser(text, where, out).parse();
}

}  // namespace mfsim::rules
