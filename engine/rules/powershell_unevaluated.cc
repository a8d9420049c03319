// The right operand of -and after a false left one, or of -or after a true one: PowerShell does
// not evaluate it (about_Logical_Operators; decision 1167). mfsim reads it, to know where it
// ends, and then undoes what reading it did: the variables it assigned, the commands it ran, the
// warnings it gave and the once-per-script warnings it used up. What only running it could
// raise, an error, an exit, a return, a break or a continue, is not raised: the
// operand is then passed over to where its text ends.
#include <exception>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
namespace {

// Puts `saved` back into `live` without moving `live`'s elements: a loop may be walking them now
// (unroll, process_each_item), and assigning a whole vector would free what it walks.
template <class T>
void restore_in_place(std::vector<T>& live, std::vector<T>& saved) {
  if (live.size() != saved.size()) {
    live.assign(std::make_move_iterator(saved.begin()), std::make_move_iterator(saved.end()));
    return;
  }
  for (std::size_t n = 0; n < live.size(); ++n) live[n] = std::move(saved[n]);
}

// Whether `word` after a '-' is an operator of -and's precedence, which ends the operand.
bool ends_operand(std::string_view word) {
  return ascii_iequals(word, "and") || ascii_iequals(word, "or") || ascii_iequals(word, "xor");
}

}  // namespace

void parser::unevaluated_operand() {
  // Where the operand ends, read as text only (brackets and quotes matched): at -and, -or,
  // -xor, or what ends an expression; npos when a bracket or quote does not close.
  const auto operand_end = [this](std::size_t start) -> std::size_t {
    bool continues = true;  // after an operator, its operand may start on the next line
    for (std::size_t k = start; k < s_.size();) {
      const char c = s_[k];
      if (c == ' ' || c == '\t') {
        ++k;
      } else if (c == '\r' || c == '\n') {
        if (!continues) return k;
        ++k;
      } else if (c == '`') {
        k += 2;  // an escaped character, a line continuation among them
      } else if (c == ';' || c == ')' || c == '}' || c == ']' || c == '|' || c == '>' || c == '#' ||
                 (c == ',' && commas_separate_)) {
        return k;
      } else if (c == '-' && k + 1 < s_.size() && is_letter(s_[k + 1])) {
        std::size_t e = k + 1;
        while (e < s_.size() && is_ident(s_[e])) ++e;
        if (ends_operand(s_.substr(k + 1, e - k - 1))) return k;
        k = e;  // -eq, -join, -not ...: an operand follows
        continues = true;
      } else if (c == '(' || c == '{' || c == '[' ||
                 ((c == '$' || c == '@') && k + 1 < s_.size() &&
                  (s_[k + 1] == '(' || s_[k + 1] == '{'))) {
        const std::size_t open = c == '$' || c == '@' ? k + 1 : k;
        const std::size_t close = block_end(open);
        if (close == std::string_view::npos) return close;
        k = close;
        continues = false;
      } else if (c == '\'' || c == '"') {
        std::size_t close;
        if (k > 0 && s_[k - 1] == '@') {  // a here-string, to the line starting with its quote
          close = s_.find(std::string("\n") + c + "@", k);
          if (close != std::string_view::npos) close += 2;
        } else {
          close = text_close(s_, k, s_.size());
        }
        if (close == std::string_view::npos) return close;
        k = close + 1;
        continues = false;
      } else {
        continues = c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == ',' ||
                    c == '!' || c == '.';
        ++k;
      }
    }
    return s_.size();
  };

  const std::size_t start = i_;
  // Only an operand that assigns, calls, runs a block or steps a variable can change variables,
  // functions, rules or the items loops hold; copying those for every other operand made
  // `1..20000 | ForEach-Object { if ($false -and $_) {} }` quadratic (34 s). Read as text: a
  // '(' or '{' in a string counts too, which only costs the copy.
  const std::size_t text_end = operand_end(start);
  const std::string_view text = s_.substr(
      start, text_end == std::string_view::npos ? std::string_view::npos : text_end - start);
  const bool may_change =
      text_end == std::string_view::npos || text.find_first_of("({=&") != std::string_view::npos ||
      text.find("++") != std::string_view::npos || text.find("--") != std::string_view::npos;
  struct changeable_state {
    decltype(variables_) variables;
    decltype(typed_variables_) typed;
    decltype(functions_) functions;
    decltype(created_) created;
    decltype(table_aliases_) aliases;
    decltype(broken_) broken;
    // What loops and pipelines hold outside variables, which a change to a hash table reaches.
    std::vector<ps_value> values;
    std::vector<std::vector<ps_value>> items;
    std::vector<param_value> lists;
  };
  std::optional<changeable_state> saved;
  if (may_change) {
    saved.emplace(changeable_state{
        variables_, typed_variables_, functions_, created_, table_aliases_, broken_, {}, {}, {}});
    for (const ps_value* v : held_values_) saved->values.push_back(*v);
    for (const std::vector<ps_value>* v : held_items_) saved->items.push_back(*v);
    for (const param_value* v : held_lists_) saved->lists.push_back(*v);
  }
  const auto defines_read = defines_read_;
  const auto defines_overriding = defines_overriding_;
  const auto dsc_skipped = dsc_skipped_;
  const auto warned = warned_;
  const auto warned_shared = warned_shared_;
  const bool warned_unordered = warned_unordered_, warned_add_output = warned_add_output_;
  const std::size_t statements = statements_.size(), dsc_rules = dsc_rules_.size();
  const std::size_t warnings = warnings_.size(), unknowns = unknowns_.size();
  const std::size_t errors = out_.size();
  const std::size_t decided = decided_.size(), decided_environment = decided_environment_.size();
  const std::size_t changes = variable_changes_, writes = file_writes_;
  const std::size_t captured = captures_.empty() ? 0 : captures_.back().size();
  const std::size_t construct = construct_start_;
  const std::string jump_label = jump_label_;

  std::exception_ptr stopped;  // what only running the operand raises
  try {
    static_cast<void>(bitwise());
  } catch (const syntax_failure&) {
    stopped = std::current_exception();
  } catch (const script_exit&) {
    stopped = std::current_exception();
  } catch (const function_return&) {
    stopped = std::current_exception();
  } catch (const loop_break&) {
    stopped = std::current_exception();
  } catch (const loop_continue&) {
    stopped = std::current_exception();
  } catch (const undecided_jump&) {
    stopped = std::current_exception();
  }
  if (stopped) {
    if (text_end == std::string_view::npos) std::rethrow_exception(stopped);  // unclosed: an error
    i_ = text_end;
  }

  if (saved) {
    variables_ = std::move(saved->variables);
    typed_variables_ = std::move(saved->typed);
    functions_ = std::move(saved->functions);
    created_ = std::move(saved->created);
    table_aliases_ = std::move(saved->aliases);
    broken_ = std::move(saved->broken);
    for (std::size_t k = 0; k < saved->values.size(); ++k)
      *held_values_[k] = std::move(saved->values[k]);
    for (std::size_t k = 0; k < saved->items.size(); ++k)
      restore_in_place(*held_items_[k], saved->items[k]);
    // A foreach walks a held list's items (unroll): they are put back in place, the rest whole.
    for (std::size_t k = 0; k < saved->lists.size(); ++k) {
      param_value& live = *held_lists_[k];
      std::vector<param_value> list_items = std::move(saved->lists[k].items);
      saved->lists[k].items = std::move(live.items);
      live = std::move(saved->lists[k]);
      restore_in_place(live.items, list_items);
    }
  }
  defines_read_ = defines_read;
  defines_overriding_ = defines_overriding;
  dsc_skipped_ = dsc_skipped;
  warned_ = warned;
  warned_shared_ = warned_shared;
  warned_unordered_ = warned_unordered;
  warned_add_output_ = warned_add_output;
  statements_.resize(statements);
  dsc_rules_.resize(dsc_rules);
  warnings_.resize(warnings);
  unknowns_.resize(unknowns);
  out_.resize(errors);
  decided_.resize(decided);
  decided_environment_.resize(decided_environment);
  variable_changes_ = changes;
  file_writes_ = writes;
  construct_start_ = construct;
  jump_label_ = jump_label;
  if (!captures_.empty()) captures_.back().resize(captured);
}

}  // namespace mfsim::rules::ps
