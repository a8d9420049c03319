// A value piped on as a statement of its own: `$rules | Format-Table`, `$domains | ForEach-Object
// { ... }`, and the output of a function the script defines piped to a stage, `Get-Domains |
// Add-Rule` (about_Pipelines: each command's output is the next one's input; decision 1213).
#include "engine/rules/powershell_piped_values.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {

void piped_statement(parser& p, ps_value input, std::size_t start) {
  if ((input.kind == ps_kind::plain || input.kind == ps_kind::table) &&
      input.unknown_parts.empty()) {
    known_pipeline piped = p.run_known_pipeline(input, start, false);
    if (piped.unread.empty()) {
      for (auto& item : piped.items) p.output(std::move(item), start);
    } else if (!outputs_nothing(piped.unread_commands.back().name)) {
      // What the stages mfsim did not run output (`$x | ConvertTo-Json`) only the run knows.
      p.output(
          unknown_value(fmt::format("the output of {}{}", p.to_text_brief(input), piped.unread),
                        p.at(start)),
          start);
    }
    if (!piped.unread_commands.empty()) {
      // `$rules | Format-Table`: shown, for the runner to count as output it ignores.
      ps_statement shown;
      shown.pipeline = std::move(piped.unread_commands);
      p.emit(std::move(shown));
    }
    return;
  }
  if (input.kind == ps_kind::tenant_query && !input.exists) {
    // `$r = Get-Recipient; $r | Where-Object { ... }`: as the query piped itself (decision 1140).
    p.warn(start, fmt::format("{} | ...: only a tenant knows what the query returns; mfsim reads "
                              "the script as run against a tenant that has none, so the "
                              "pipeline runs for no object",
                              input.value.text));
    std::vector<ps_command> stages;
    p.read_stages(stages);
    p.unknowns_.clear();
    if (!p.at_statement_end() && p.peek() != '}')
      p.fail(p.i_, fmt::format("{}", p.unexpected_at(p.i_)));
    return;
  }
  if (p.piped_query_object(input)) return;
  ++p.i_;
  p.skip_separators();
  p.foreach_object(input, start);
}

namespace {

// What the function `f` outputs, called as `first`, as the input of the stages after it: nothing
// output is no item, where a $null piped would be one.
ps_value function_output(parser& p, const ps_function& f, const ps_command& first,
                         std::size_t start) {
  std::vector<ps_value> items;
  {
    output_capture capture(p);
    p.run_function(f, first, start, p.dot_sourced_call_at_ == start);  // `. F | G` too
    items = capture.take();
  }
  if (items.empty()) return plain(param_value{value_type::list, "", false, {}, p.at(start)});
  return p.collected(std::move(items), start);
}

// Whether the pipeline from `k` (its '|') ends at a ')' (`(F | G)`, `$(F | G)`), not at a line
// end, a ';' or a '}': brackets and texts on the way are passed over whole.
bool ends_at_parenthesis(const parser& p, std::size_t k) {
  const std::string_view s = p.s_;
  while (k < s.size()) {
    const char c = s[k];
    if (c == ')') return true;
    if (c == '}' || c == '\n' || c == ';' || c == '#') return false;  // '#': a comment to the end
    if (c == '`') {
      k += 2;  // an escaped character, a line continuation among them
    } else if (c == '(' || c == '{' || c == '[') {
      const std::size_t close = p.block_end(k);
      if (close == std::string_view::npos) return false;
      k = close;
    } else if (c == '\'' || c == '"') {
      const std::size_t close = text_close(s, k, s.size());
      if (close == std::string_view::npos) return false;
      k = close + 1;
    } else {
      ++k;
    }
  }
  return false;
}

}  // namespace

bool piped_function_output(parser& p, const ps_command& first, std::size_t start) {
  const auto it = p.functions_.find(ascii_lower_copy(first.name));
  if (it == p.functions_.end()) return false;
  const ps_function f = it->second;  // the body may define functions again
  piped_statement(p, function_output(p, f, first, start), start);
  return true;
}

ps_value piped_function_value(parser& p, const ps_function& f, const ps_command& first,
                              std::size_t start) {
  const bool in_parens = ends_at_parenthesis(p, p.i_);
  return p.piped_value(function_output(p, f, first, start), start, in_parens);
}

}  // namespace mfsim::rules::ps
