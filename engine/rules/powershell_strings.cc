// PowerShell's expanding strings: "..." and @"..."@ expand $name, ${name}, $env:NAME and
// $( ... ) and read backtick escapes; @'...'@ is literal. A value only a tenant knows is
// written as it stands in the script and recorded (string_unknowns_) for the warning or error
// where the string is used.
#include <fmt/format.h>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
namespace {

constexpr std::string_view double_quotes[] = {"\"", "\u201C", "\u201D", "\u201E"};

char escaped(char e) {
  switch (e) {
    case '0': return '\0';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'e': return '\x1b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return e;  // `" `' `` `$ and any other character stand for themselves
  }
}

}  // namespace

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
      text += escaped(s_[i_ + 1]);
      i_ += 2;
      continue;
    }
    if (c == '$') {
      expand_dollar(text, start);
      continue;
    }
    text += c;
    ++i_;
  }
}

// At @" or @': the text from the line after the opener to the line that starts with "@ or '@.
std::string parser::here_string() {
  const std::size_t start = i_;
  const char quote = peek(1);
  i_ += 2;
  while (peek() == ' ' || peek() == '\t' || peek() == '\r') ++i_;
  if (peek() != '\n') {
    fail(start, fmt::format("a here-string's text starts on the line after @{}: nothing may "
                            "follow @{} on its line",
                            quote, quote));
  }
  ++i_;
  std::string text;
  while (true) {
    if (eof()) {
      fail(start, fmt::format("the here-string @{} is not closed by {}@ at the start of a line",
                              quote, quote));
    }
    const bool line_start = i_ > 0 && s_[i_ - 1] == '\n';
    if (line_start && peek() == quote && peek(1) == '@') {
      if (!text.empty() && text.back() == '\n') text.pop_back();
      if (!text.empty() && text.back() == '\r') text.pop_back();
      i_ += 2;
      return text;
    }
    const char c = peek();
    if (quote == '"' && c == '`' && i_ + 1 < s_.size()) {
      text += escaped(s_[i_ + 1]);
      i_ += 2;
      continue;
    }
    if (quote == '"' && c == '$') {
      expand_dollar(text, start);
      continue;
    }
    text += c;
    ++i_;
  }
}

// At '$' inside an expanding string: appends what it expands to, or the '$' itself.
void parser::expand_dollar(std::string& text, std::size_t string_start) {
  const std::size_t start = i_;
  const char next = peek(1);
  if (!(is_letter(next) || next == '{' || next == '(')) {
    text += '$';
    ++i_;
    return;
  }
  // Inside the string, $( ) runs as code: its unknown parts belong to this string.
  std::vector<std::string> outer = std::move(string_unknowns_);
  string_unknowns_.clear();
  const std::size_t first_unknown = unknowns_.size();
  ps_value value = next == '(' ? subexpression() : variable();
  (void)string_start;
  take_unknowns_since(first_unknown, outer);
  for (auto& part : string_unknowns_) outer.push_back(std::move(part));
  // A query's result kept in a variable is named by the variable (its unknown part).
  const bool named = !value.unknown_parts.empty();
  for (auto& part : value.unknown_parts) outer.push_back(std::move(part));
  if (value.kind == ps_kind::tenant_query && !named) outer.push_back(value.value.text);
  if (joined_by_unknown_ofs(value)) outer.emplace_back("$OFS");
  string_unknowns_ = std::move(outer);
  if (value.kind == ps_kind::unknown || value.kind == ps_kind::tenant_query) {
    text += s_.substr(start, i_ - start);  // kept as the script wrote it
  } else {
    text += to_text(value);
  }
  charge_text(text.size(), start);
}

}  // namespace mfsim::rules::ps
