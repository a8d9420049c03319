// A subexpression $( ) holding statements (about_Operators, "Subexpression operator $( )"): each
// statement runs in turn, what it outputs is collected, and the subexpression's value is that
// output, as a function's (powershell_output.cc): `$(if ($c) { 'On' } else { 'Off' })` is 'On'
// or 'Off', `$($n = 2; $n * 2)` is 4, `$($null = 1)` is $null.
#include "engine/rules/powershell_subexpressions.h"

#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

// The statements whose output an assignment may take (decision 442), which a value cannot be.
constexpr std::string_view kStatementWords[] = {"if",    "switch", "foreach", "for",
                                                "while", "do",     "try"};

// Whether `$name =` (or +=, -=, ...), `$h.Key =` or `$h['k'] =` starts at `k`: an assignment,
// not a comparison.
bool assignment_at(std::string_view s, std::size_t k) {
  if (k + 1 >= s.size() || s[k] != '$' || !(is_letter(s[k + 1]) || s[k + 1] == '{')) return false;
  ++k;
  if (s[k] == '{') {
    while (k < s.size() && s[k] != '}' && s[k] != '\n') ++k;
    ++k;
  } else {
    while (k < s.size() && (is_ident(s[k]) || s[k] == ':')) ++k;
  }
  // Members and indexes before the '=' (decision 447's `$h.Key = value`), brackets matched.
  while (k < s.size() && (s[k] == '.' || s[k] == '[')) {
    if (s[k] == '.') {
      for (++k; k < s.size() && is_ident(s[k]);) ++k;
      continue;
    }
    int depth = 0;
    for (; k < s.size(); ++k) {
      if (s[k] == '\n') return false;
      depth += s[k] == '[' ? 1 : s[k] == ']' ? -1 : 0;
      if (depth == 0) break;
    }
    ++k;
  }
  while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
  if (k < s.size() && s[k] == '=') return s.substr(k, 2) != "==";
  return k + 1 < s.size() && s[k + 1] == '=' &&
         std::string_view("+-*/%").find(s[k]) != std::string_view::npos;
}

}  // namespace

bool starts_statement(const parser& p) {
  if (assignment_at(p.s_, p.i_)) return true;
  const std::string word = p.word_at(p.i_);
  const std::size_t after = p.i_ + word.size();
  const char next = after < p.s_.size() ? p.s_[after] : '\0';
  if (!(next == ' ' || next == '\t' || next == '(' || next == '{' || next == '\r' || next == '\n'))
    return false;
  for (const auto keyword : kStatementWords) {
    if (ascii_iequals(word, keyword)) return true;
  }
  return false;
}

ps_value subexpression_statements(parser& p, std::size_t start, std::optional<ps_value> first) {
  const std::size_t close = p.block_end(start + 1);  // after the ')'
  if (close == std::string_view::npos) p.fail(start, "'$(' is not closed by ')'");
  // Each statement ends at the ')' as at a line end, as a for loop's clause ends at its ')'.
  const std::size_t outer_end = p.clause_end_;
  const std::size_t outer_construct = p.construct_start_;
  p.clause_end_ = close - 1;
  std::vector<ps_value> items;
  try {
    output_capture capture(p);
    if (first) p.output(std::move(*first), start);
    while (true) {
      p.skip_separators();
      if (p.i_ >= close - 1 || p.eof()) break;
      p.statement();
    }
    items = capture.take();
  } catch (...) {
    p.clause_end_ = outer_end;
    // An error inside: the statement holding the $( ) is passed over, not a construct started
    // inside it (whose end is no statement's).
    p.construct_start_ = outer_construct;
    throw;
  }
  p.clause_end_ = outer_end;
  p.construct_start_ = outer_construct;
  if (p.i_ != close - 1) p.fail(p.i_, fmt::format("{} inside $( )", p.unexpected_at(p.i_)));
  p.i_ = close;
  return p.collected(std::move(items), start);
}

}  // namespace mfsim::rules::ps
