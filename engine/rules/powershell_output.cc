// What functions and statements output, for where a script uses it as a value: `$words =
// Get-Words`, `$scl = if ($strict) { 9 } else { 6 }`, `return $rule`. PowerShell sends every
// value a statement leaves, `return value` and `Write-Output value` to the output of the
// function or statement (about_Return, about_Functions); mfsim collects it while a capture is
// under way and gives the rest, as the host would print it, to nobody (docs/decisions.md 442).
#include <fmt/format.h>

#include <utility>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

// Statements whose output an assignment may take: the language's grammar puts a statement on
// the right of '=' (decision 442).
constexpr std::string_view kValueStatements[] = {"if",    "switch", "foreach", "for",
                                                 "while", "do",     "try"};

}  // namespace

// Cmdlets that output nothing a script would keep: they change the organisation, write to the
// host or a file, or set up the session.
bool outputs_nothing(std::string_view name) {
  constexpr std::string_view kVerbs[] = {"Set-",     "Enable-",    "Disable-", "Remove-",
                                         "Add-",     "Clear-",     "Out-",     "Write-",
                                         "Connect-", "Disconnect-"};
  for (const auto verb : kVerbs) {
    if (name.size() > verb.size() && ascii_iequals(name.substr(0, verb.size()), verb))
      return !ascii_iequals(name, "Write-Output");
  }
  return ascii_iequals(name, "Import-Module") || ascii_iequals(name, "Start-Sleep") ||
         ascii_iequals(name, "Set-StrictMode");
}

output_capture::output_capture(parser& p) : p_(p) { p_.captures_.emplace_back(); }
output_capture::~output_capture() { p_.captures_.pop_back(); }
std::vector<ps_value> output_capture::take() { return std::move(p_.captures_.back()); }

void parser::output(ps_value value, std::size_t offset) {
  if (captures_.empty()) return;  // the host prints it: nothing mfsim simulates
  if (value.kind == ps_kind::plain) charge(value.value, offset);
  charge_table(value, offset);
  captures_.back().push_back(std::move(value));
}

ps_value parser::collected(std::vector<ps_value> items, std::size_t start) {
  if (items.empty()) return plain({value_type::null, "", false, {}, at(start)});
  if (items.size() == 1) return std::move(items.front());
  for (const auto& item : items) refuse_nested(item, "the output, with the other values output,");
  // Several values make an array; an array output is output item by item (about_Pipelines).
  param_value list{value_type::list, "", false, {}, at(start)};
  const std::size_t first_unknown = unknowns_.size();
  for (auto& item : items) append_flat(list, to_plain(std::move(item), start), start);
  ps_value out = plain(std::move(list));
  take_unknowns_since(first_unknown, out.unknown_parts);
  return out;
}

std::optional<ps_value> parser::command_output(const ps_statement& st, std::size_t start) {
  const ps_command& first = st.pipeline.front();
  const ps_command& last = st.pipeline.back();
  if (outputs_nothing(last.name)) return std::nullopt;  // `... | Out-File x`, `... | Write-Host`
  if (st.pipeline.size() == 1) {
    if (first.name.size() > 4 && ascii_iequals(first.name.substr(0, 4), "New-"))
      return created_value(first, start);  // New-TransportRule outputs the rule it creates
    if (first.name.size() > 4 && ascii_iequals(first.name.substr(0, 4), "Get-"))
      return query_value(st, start);
  }
  std::string what = first.name;
  for (std::size_t k = 1; k < st.pipeline.size(); ++k) what += " | " + st.pipeline[k].name;
  return unknown_value(fmt::format("the output of {}", what), at(start));
}

ps_value parser::function_value(const ps_function& f, const ps_statement& st, std::size_t start) {
  // `F | G` where a value goes is piped_function_value's (decision 1213): here F stands alone.
  std::vector<ps_value> items;
  {
    output_capture capture(*this);
    run_function(f, st.pipeline.front(), start, dot_sourced_call_at_ == start);  // `$x = . F`
    items = capture.take();
  }
  return collected(std::move(items), start);
}

std::optional<ps_value> parser::statement_value(std::size_t start) {
  const std::string word = word_at(i_);
  const char after = i_ + word.size() < s_.size() ? s_[i_ + word.size()] : '\0';
  if (!(after == ' ' || after == '\t' || after == '(' || after == '{' || after == '\r' ||
        after == '\n'))
    return std::nullopt;
  bool known = false;
  for (const auto keyword : kValueStatements) known = known || ascii_iequals(word, keyword);
  if (!known) return std::nullopt;
  output_capture capture(*this);
  keyword_statement(word);
  skip_inline_space();  // to the ';' or line end that ends the assignment
  return collected(capture.take(), start);
}

void parser::return_statement(std::size_t start) {
  i_ += 6;  // "return"
  skip_inline_space();
  if (!at_statement_end() && peek() != '}') {
    ps_value value = at_command_word() ? command_value() : expression();
    unknowns_.clear();  // judged where the caller uses it
    skip_inline_space();
    if (peek() == '|') value = piped_value(std::move(value), start);
    output(std::move(value), start);
  }
  throw function_return{};
}

}  // namespace mfsim::rules::ps
