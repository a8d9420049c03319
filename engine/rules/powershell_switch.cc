// PowerShell's switch statement, as about_Switch defines it: `switch [-Regex | -Wildcard |
// -Exact] [-CaseSensitive] (value) { condition { action } ... default { action } }`. Each item of
// the value (an array item by item; anything else, $null too, as one item) is in $_ while every
// clause whose condition holds runs, in order; default runs for an item no other clause took;
// break ends the switch, continue its item. Conditions are compared as texts. Like foreach, the
// clauses are read again for each item, within the unrolling budget (docs/decisions.md 455-459).
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/case_fold.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

// Where the clause condition at `from` ends, as written: a script block, ( ), a quoted text, a
// variable and its members, or a bare word; npos when a bracket or quote is not closed. Read only
// to judge a switch mfsim skips.
std::size_t condition_end(const parser& p, std::size_t from) {
  const std::string_view s = p.s_;
  std::size_t k = from;
  while (k < s.size()) {
    const char c = s[k];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '}') break;
    // The action's '{' ends the condition; `${name}`, `@{ }` and a leading script block do not.
    if (c == '{' && k > from && s[k - 1] != '$' && s[k - 1] != '@') break;
    if (c == '{' || c == '(' || c == '[') {
      k = p.block_end(k);
      if (k == std::string_view::npos) return k;
    } else if (c == '\'') {
      std::size_t e = s.find('\'', k + 1);
      while (e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '\'')
        e = s.find('\'', e + 2);  // '' is one quote
      if (e == std::string_view::npos) return e;
      k = e + 1;
    } else if (c == '"') {
      std::size_t e = k + 1;
      while (e < s.size() && s[e] != '"') e += s[e] == '`' ? 2 : 1;
      if (e >= s.size()) return std::string_view::npos;
      k = e + 1;
    } else {
      k += c == '`' ? 2 : 1;
    }
  }
  return std::min(k, s.size());
}

}  // namespace

switch_options parser::switch_parameters() {
  // PowerShell takes any start of a parameter's name (-r, -case), tried in this order.
  constexpr std::string_view kNames[] = {"regex", "wildcard", "exact", "casesensitive", "file"};
  switch_options options;
  while (true) {
    skip_separators();
    if (!at_parameter()) return options;
    const std::size_t at_name = i_;
    i_ += dash_length();
    std::string written;
    while (is_ident(peek())) written += peek(), ++i_;
    const std::string lower = ascii_lower_copy(written);
    std::string_view name;
    for (const auto candidate : kNames) {
      if (!lower.empty() && candidate.starts_with(lower)) {
        name = candidate;
        break;
      }
    }
    if (name == "regex") {
      options.how = switch_options::match::regex;
    } else if (name == "wildcard") {
      options.how = switch_options::match::wildcard;
    } else if (name == "exact") {
      options.how = switch_options::match::exact;
    } else if (name == "casesensitive") {
      options.case_sensitive = true;
    } else if (name == "file") {
      fail(at_name,
           "switch -File reads the lines of a file on the machine that runs the script, which "
           "mfsim does not have: write the values in the script, as in switch ('a', 'b') { ... }",
           diag_code::bad_value);
    } else {
      fail(at_name, fmt::format("switch has no parameter -{} (it takes -Regex, -Wildcard, -Exact, "
                                "-CaseSensitive and -File)",
                                written));
    }
  }
}

void parser::count_switch_work(std::size_t start) {
  if (unrolled_ > kMaxUnrolledStatements) {
    fail(start, fmt::format("switch runs more than {} items, conditions and statements (the "
                            "PowerShell unrolling limit)",
                            kMaxUnrolledStatements));
  }
}

void parser::switch_statement(std::size_t start) {
  std::string label = take_label(start);  // `:outer switch`
  i_ += 6;                                // "switch"
  const switch_options options = switch_parameters();
  if (peek() != '(') fail(i_, fmt::format("expected '(' after switch, found {}", found_at(i_)));
  const std::size_t open = i_;
  ps_value input;
  {
    const nesting_guard guard(*this, open, "(");
    ++i_;
    skip_separators();
    const std::size_t value_start = i_;
    input = expression();
    unknowns_.clear();
    skip_inline_space();
    if (peek() == '|') input = piped_value(std::move(input), value_start, true);
    skip_separators();
    if (peek() != ')') fail(open, "the switch's '(' is not closed by ')'");
    ++i_;
  }
  skip_separators();
  if (peek() != '{')
    fail(i_, fmt::format("expected '{{' after switch ( ), found {}", found_at(i_)));
  const std::size_t body = i_;
  if (unknown_or_query(input)) {
    const std::string depends_on = unknown_list(input);
    if (skip_harmless_switch(open, body, depends_on)) return;
    fail(open + 1,
         fmt::format("the switch's value depends on {}, known only when the script runs (from "
                     "the tenant, the machine or whoever runs it): mfsim cannot choose the "
                     "clauses to run ({})",
                     depends_on,
                     how_to_give(input.unknown_parts.empty() ? input.value.text
                                                             : input.unknown_parts.front())),
         diag_code::bad_value);
  }
  // An array's items (a hash table it holds a table again), none for an empty one; any other
  // value, $null and a hash table too, one item (about_Switch: "If the expression returns more
  // than one value, ... each enumerated value separately"), as a pipeline sends them.
  std::vector<ps_value> items = pipeline_items(input);
  const held<std::vector<ps_value>*> live(held_items_, &items);  // reached by changes
  std::optional<held<table_walk>> walk;
  if (input.walks_table != 0)
    walk.emplace(tables_walked_, table_walk{input.walks_table, "switch", at(start).line});
  const std::size_t end = block_end(body);
  if (items.empty() || end == std::string_view::npos) {
    skip_block(start);  // reports a '{' not closed
    return;
  }
  const current_item_scope item_variable(*this);  // $_ / $PSItem
  // break ends the switch, continue its item (about_Switch), unless they name another label.
  const jump_scope scope(*this, {jump_kind::switch_clauses, std::move(label)});
  const auto ours = [&] {
    if (!jump_label_.empty() && jump_label_ != jump_targets_.back().label) return false;
    jump_label_.clear();
    return true;
  };
  const std::size_t construct = construct_start_;
  std::size_t counted = statements_.size();
  const auto count_statements = [&] {
    unrolled_ += statements_.size() - counted;
    counted = statements_.size();
    count_switch_work(start);
  };
  try {
    for (const auto& item : items) {
      unrolled_ += 1;
      count_switch_work(start);
      try {
        switch_item(item, options, body, start);
      } catch (const loop_continue&) {
        if (!ours()) throw;
        construct_start_ = construct;  // the clause's blocks ended where it stood
      }
      charge_reread(body, start);
      count_statements();
    }
  } catch (const loop_break&) {
    if (!ours()) throw;
    construct_start_ = construct;
    charge_reread(body, start);
    count_statements();
  }
  i_ = end;
}

void parser::switch_item(const ps_value& item, const switch_options& options, std::size_t body,
                         std::size_t start) {
  i_ = body + 1;
  bool matched = false;
  bool any_clause = false;
  std::size_t default_body = std::string_view::npos;
  while (true) {
    skip_separators();
    if (eof()) {
      fail(body, fmt::format("'{{' is not closed by '}}': the file ends first (the block of the "
                             "switch at line {})",
                             at(start).line));
    }
    if (peek() == '}') {
      ++i_;
      break;
    }
    const std::size_t clause = i_;
    const std::string word = word_at(i_);
    const bool is_default = ascii_iequals(word, "default");
    bool holds = false;
    if (is_default) {
      // One default at most (PowerShell's parser refuses a second); it runs after every other
      // clause, wherever it is written.
      if (default_body != std::string_view::npos)
        fail(clause, "a switch has one default clause at most");
      i_ += word.size();
    } else {
      unrolled_ += 1;
      count_switch_work(start);
      holds = switch_condition(item, options);
    }
    any_clause = true;
    skip_separators();
    if (peek() != '{') {
      fail(i_, fmt::format("expected '{{' after the switch clause's condition, found {}",
                           found_at(i_)));
    }
    if (is_default) {
      default_body = i_;
      skip_block(clause);
    } else if (holds) {
      matched = true;
      variables_["_"] = variables_["psitem"] = item;
      block();
    } else {
      skip_block(clause);
    }
  }
  if (!any_clause) fail(body, "a switch needs at least one clause: a condition and its { }");
  if (!matched && default_body != std::string_view::npos) {
    const std::size_t after = i_;
    i_ = default_body;
    variables_["_"] = variables_["psitem"] = item;
    block();
    i_ = after;
  }
}

bool parser::switch_condition(const ps_value& item, const switch_options& options) {
  const std::size_t condition_start = i_;
  ps_value condition;
  bool script_block = false;
  if (peek() == '{') {
    // { $_ -like 'a*' }: run for the item, true or false (about_Switch); one expression is read.
    script_block = true;
    variables_["_"] = variables_["psitem"] = item;
    const nesting_guard guard(*this, i_, "{");
    ++i_;
    skip_separators();
    decided_.clear();
    decided_environment_.clear();
    condition = peek() == '}' ? plain({value_type::null, "", false, {}, at(i_)}) : expression();
    unknowns_.clear();
    skip_separators();
    if (peek() != '}') {
      fail(i_, fmt::format("a switch clause's condition {{ }} is read when it is one expression, "
                           "as in {{ $_ -like 'a*' }}; found {}",
                           found_at(i_)));
    }
    ++i_;
  } else if (at_single_quote() || at_double_quote() || peek() == '$' || peek() == '(' ||
             peek() == '@') {
    condition = postfix();
    unknowns_.clear();
  } else {
    condition = plain(bare_word());  // Strict, 10.*, 5: as in a command's argument
  }
  if (unknown_or_query(condition)) {
    fail(
        condition_start,
        fmt::format("this switch clause's condition depends on {}, known only when the script "
                    "runs: mfsim cannot tell whether the clause runs ({})",
                    unknown_list(condition),
                    how_to_give(condition.unknown_parts.empty() ? condition.value.text
                                                                : condition.unknown_parts.front())),
        diag_code::bad_value);
  }
  if (script_block) return truthy(condition);
  return switch_matches(item, condition, options, condition_start);
}

// about_Switch: "The switch statement converts all values to strings before comparison";
// -Regex, -Wildcard and -CaseSensitive apply when the condition is a text, and are ignored for any
// other value (a number, $true, $null), which is compared exactly, without case.
bool parser::switch_matches(const ps_value& item, const ps_value& condition,
                            const switch_options& options, std::size_t offset) {
  const std::string text = to_text(item);
  const std::string wanted = to_text(condition);
  const bool is_text = condition.kind == ps_kind::plain && condition.value.type == value_type::text;
  if (is_text && options.how == switch_options::match::regex)
    return regex_match(text, wanted, options.case_sensitive, offset, true);  // sets $Matches
  if (is_text && options.how == switch_options::match::wildcard)
    return wildcard_match(text, wanted, options.case_sensitive, offset);
  if (is_text && options.case_sensitive) return text == wanted;
  return case_folded_copy(text) == case_folded_copy(wanted);
}

bool parser::skip_harmless_switch(std::size_t open, std::size_t body, std::string_view depends_on) {
  // The code the clauses would run: their actions, and conditions other than literals.
  std::vector<std::pair<std::size_t, std::size_t>> clauses;
  const std::size_t resume = i_;
  i_ = body + 1;
  bool judged = true;
  while (true) {
    skip_separators();
    if (eof()) {
      judged = false;
      break;
    }
    if (peek() == '}') {
      ++i_;
      break;
    }
    const std::size_t condition = i_;
    const std::size_t condition_close = condition_end(*this, condition);
    if (condition_close == std::string_view::npos || condition_close == condition) {
      judged = false;
      break;
    }
    const char first = s_[condition];
    if (first == '{' || first == '(' || first == '$' || first == '@' || first == '"')
      clauses.emplace_back(condition, condition_close);
    i_ = condition_close;
    skip_separators();
    const std::size_t action_close = peek() == '{' ? block_end(i_) : std::string_view::npos;
    if (action_close == std::string_view::npos) {
      judged = false;
      break;
    }
    clauses.emplace_back(i_, action_close);
    i_ = action_close;
  }
  const std::size_t end = i_;
  i_ = resume;
  if (!judged) return false;
  // break and continue in a clause end the switch or its item, not the run.
  const std::optional<harmless_reading> reading = read_harmless(clauses, true);
  if (!reading) return false;
  std::string message = fmt::format(
      "the switch's value depends on {}, known only when the script runs; no clause of this "
      "switch changes mail flow ({}), so mfsim skips it",
      depends_on, harmless_commands(*reading));
  if (!reading->ending.empty()) {
    message += fmt::format(
        " ({} in a clause would end the run: mfsim reads the script as the run that goes on)",
        reading->ending);
  }
  warn(open + 1, std::move(message));
  forget_assigned(*reading, "clause");
  output_skipped(*reading, "switch", open, depends_on);
  i_ = end;
  return true;
}

}  // namespace mfsim::rules::ps
