// PowerShell's other loops as configuration scripts use them (about_For, about_While, about_Do):
// for (init; condition; step), while (condition) and do { } while / until (condition) run pass
// by pass as foreach is unrolled, their body read again each pass within the unrolling and
// re-reading budgets, their conditions decided as if's are. break and continue [label] end or go
// on with the loop under way, foreach's too (about_Break, about_Continue); and the counters
// $i++, $i--, ++$i, --$i and $i -= n that loops step with (docs/decisions.md 450 to 453).
#include <fmt/format.h>

#include <charconv>
#include <utility>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

constexpr auto npos = std::string_view::npos;

// Ends an initializer, condition or step of for ( ... ).
bool at_clause_break(char c) { return c == ';' || c == '\n'; }

}  // namespace

std::size_t parser::loop_body(std::size_t start, std::string_view after) {
  skip_separators();
  if (peek() != '{') fail(i_, fmt::format("expected '{{' after {}, found {}", after, found_at(i_)));
  const std::size_t body = i_;
  skip_block(start);
  return body;
}

void parser::while_statement(std::size_t start) {
  i_ += 5;  // "while"
  skip_inline_space();
  if (peek() != '(') fail(i_, fmt::format("expected '(' after while, found {}", found_at(i_)));
  loop_text loop("while", start);
  loop.condition = i_;
  const std::size_t close = block_end(i_);
  if (close == npos) fail(i_, "the condition's '(' is not closed by ')'");
  i_ = close;
  loop.body = loop_body(start, "while ( )");
  loop.end = i_;
  loop.reread.emplace_back(loop.condition, loop.end);
  run_loop(loop);
}

void parser::do_statement(std::size_t start) {
  i_ += 2;  // "do"
  loop_text loop("do", start);
  loop.test_after = true;
  loop.body = loop_body(start, "do");
  const std::size_t body_end = i_;
  skip_line_breaks();
  const std::size_t word = i_;
  if (next_word_is("until")) {
    loop.until = true;  // the passes go on while the condition is false (about_Do)
  } else if (!next_word_is("while")) {
    fail(word, fmt::format("expected while or until after do {{ }}, found {}", found_at(word)));
  }
  skip_line_breaks();
  if (peek() != '(') {
    fail(i_, fmt::format("expected '(' after {}, found {}", loop.until ? "until" : "while",
                         found_at(i_)));
  }
  loop.condition = i_;
  loop.end = block_end(i_);
  if (loop.end == npos) fail(i_, "the condition's '(' is not closed by ')'");
  loop.reread.emplace_back(loop.body, body_end);  // the word while / until is not judged
  loop.reread.emplace_back(loop.condition, loop.end);
  run_loop(loop);
}

void parser::for_statement(std::size_t start) {
  i_ += 3;  // "for"
  skip_inline_space();
  if (peek() != '(') fail(i_, fmt::format("expected '(' after for, found {}", found_at(i_)));
  const std::size_t open = i_;
  const std::size_t close = block_end(open);
  if (close == npos) fail(open, "the for loop's '(' is not closed by ')'");
  loop_text loop("for", start);
  loop.bare_condition = true;
  loop.clause_end = close - 1;
  i_ = close;
  loop.body = loop_body(start, "for ( )");
  loop.end = i_;
  loop.reread.emplace_back(open, loop.end);
  // The initializer runs once; then the condition, the body and the step, pass by pass. The
  // parts are separated by ';' or line breaks, and any may be left out (about_For).
  i_ = open + 1;
  skip_line_breaks();
  if (peek() != ';' && i_ != loop.clause_end) for_clause(loop);
  skip_inline_space();
  if (i_ != loop.clause_end) {
    if (!at_clause_break(peek())) {
      fail(i_, fmt::format("{} in the for loop's initializer", unexpected_at(i_)));
    }
    ++i_;
    skip_line_breaks();
    loop.condition = i_;
  }
  run_loop(loop);
}

void parser::for_clause(const loop_text& loop) {
  const std::size_t outer = clause_end_;  // a function called here may run a for loop of its own
  clause_end_ = loop.clause_end;
  try {
    while (true) {
      if (peek() == '(') {
        // (($i = 0), ($j = 0)): values whose assignments count, not output (about_For's example
        // prints only what the body outputs).
        (void)expression();
        unknowns_.clear();
      } else {
        statement();
      }
      skip_inline_space();
      if (peek() != ',') break;  // $i++, $j++
      ++i_;
      skip_line_breaks();
    }
  } catch (...) {
    clause_end_ = outer;
    throw;
  }
  clause_end_ = outer;
}

void parser::run_loop(loop_text& loop) {
  const jump_scope scope(*this, {jump_kind::loop, take_label(loop.start)});
  for (bool first = true;; first = false) {
    const std::size_t before = statements_.size();
    if (!loop.test_after) {
      const std::optional<bool> test = loop_test(loop, first);
      if (!test) return;  // skipped whole
      if (!*test) break;
    }
    unrolled_ += 1;  // counted as it begins: a pass a jump to an outer loop abandons counts
    const pass_end end = loop_pass(loop);
    if (end == pass_end::skipped) return;
    bool again = end == pass_end::next;
    if (again && loop.test_after) {
      const std::optional<bool> test = loop_test(loop, first);
      if (!test) return;
      again = *test;
    }
    // Every pass counts, as foreach's items do: a loop that never ends stops at the budget.
    unrolled_ += statements_.size() - before;
    i_ = loop.end;
    charge_reread(loop.reread.front().first, loop.start);
    if (unrolled_ > kMaxUnrolledStatements) {
      fail(loop.start, fmt::format("the {} loop does not end within {} passes and statements (the "
                                   "PowerShell unrolling limit)",
                                   loop.keyword, kMaxUnrolledStatements));
    }
    if (!again) break;
  }
  i_ = loop.end;
}

std::optional<bool> parser::loop_test(loop_text& loop, bool first) {
  decided_.clear();
  decided_environment_.clear();
  if (loop.condition == npos) return true;  // for ($i = 0): no condition, no step
  i_ = loop.condition;
  std::size_t where = loop.condition + 1;  // the error of an undecided condition points inside
  ps_value value = plain(param_value{value_type::boolean, "", true, {}, at(loop.condition)});
  if (loop.bare_condition) {
    where = loop.condition;
    if (i_ != loop.clause_end && !at_clause_break(peek())) {
      value = expression();
      unknowns_.clear();
      skip_inline_space();
    }
    // The step starts after the condition's ';' or line break.
    if (i_ == loop.clause_end) {
      loop.step = npos;
    } else if (at_clause_break(peek())) {
      ++i_;
      skip_line_breaks();
      loop.step = i_ == loop.clause_end ? npos : i_;
    } else {
      fail(i_, fmt::format("{} after the for loop's condition", unexpected_at(i_)));
    }
  } else {
    value = condition_value();
  }
  if (is_undecided(value)) {
    skip_undecided_loop(loop, where, value, false);
    return std::nullopt;
  }
  const bool holds = truthy(value);
  if (first) warn_decided(loop.condition, holds);
  return holds != loop.until;
}

parser::pass_end parser::loop_pass(const loop_text& loop) {
  const std::size_t construct = construct_start_;
  const bool pipeline = jump_targets_.back().kind == jump_kind::pipeline;
  // Whether the break or continue under way is this loop's: unlabelled, or labelled with its
  // label; another loop's goes on out.
  const auto ours = [&] {
    if (!jump_label_.empty() && jump_label_ != jump_targets_.back().label) return false;
    jump_label_.clear();
    return true;
  };
  // After a jump out of the middle of the body: the statements under way are abandoned (the
  // guards that counted their nesting have unwound, a function's frame is gone) and the pass
  // ends at the body's '}'.
  const auto abandon = [&] {
    construct_start_ = construct;
    unknowns_.clear();
    string_unknowns_.clear();
    i_ = loop.body;
    skip_block(loop.start);
  };
  // One try for the body and the step: a jump another loop catches is rethrown once per loop.
  bool body_done = false;
  while (true) {
    try {
      if (!body_done) {
        i_ = loop.body;
        block();
        body_done = true;
      }
      if (loop.step != npos) {
        i_ = loop.step;
        for_clause(loop);
        skip_line_breaks();
        if (i_ != loop.clause_end)
          fail(i_, fmt::format("{} in the for loop's step", unexpected_at(i_)));
      }
      return pass_end::next;
    } catch (const loop_break&) {
      if (!ours()) throw;
      abandon();
      return pass_end::broke;
    } catch (const loop_continue&) {
      if (!ours()) throw;
      abandon();
      if (body_done) return pass_end::next;  // from a function the step called
      body_done = true;                      // a for loop's step still runs (about_Continue)
    } catch (const function_return&) {
      if (!pipeline) throw;
      abandon();  // return ends a ForEach-Object script block: the next item (decision 452)
      return pass_end::next;
    } catch (const undecided_jump& jump) {
      abandon();
      skip_undecided_loop(loop, jump.open + 1, jump.condition, true);
      return pass_end::skipped;
    }
  }
}

void parser::skip_undecided_loop(const loop_text& loop, std::size_t at, const ps_value& condition,
                                 bool from_if) {
  const std::optional<harmless_reading> reading =
      loop.end == npos ? std::nullopt : read_harmless(loop.reread);
  if (!reading) {
    undecidable(
        at, condition,
        from_if ? std::string("mfsim cannot choose a branch")
                : fmt::format("mfsim cannot tell how many times the {} loop runs", loop.keyword));
  }
  std::string message =
      from_if ? fmt::format(
                    "the condition depends on {}, known only when the script runs, and a "
                    "branch of this if ends or goes on with the {} loop; the loop changes "
                    "no mail flow ({}), so mfsim skips it",
                    unknown_list(condition), loop.keyword, harmless_commands(*reading))
              : fmt::format(
                    "the {} loop's condition depends on {}, known only when the script "
                    "runs; the loop changes no mail flow ({}), so mfsim skips it",
                    loop.keyword, unknown_list(condition), harmless_commands(*reading));
  if (!reading->ending.empty() && !reading->jumps) {
    message += fmt::format(
        " ({} in the loop would end the run: mfsim reads the script as the run that goes on)",
        reading->ending);
  }
  warn(at, std::move(message));
  forget_assigned(*reading);
  output_skipped(*reading, loop.keyword, loop.start, unknown_list(condition));
  i_ = loop.end;
}

void parser::jump_statement(std::size_t start, bool is_break) {
  const std::string_view keyword = is_break ? "break" : "continue";
  const std::string_view page = is_break ? "about_Break" : "about_Continue";
  i_ += keyword.size();
  skip_inline_space();
  std::string label;
  while (is_ident(peek())) label += peek(), ++i_;
  skip_inline_space();
  if (!at_statement_end() && peek() != '}') {
    fail(i_, fmt::format("{} after {}: a label is written as a name ({} outer)", unexpected_at(i_),
                         keyword, keyword));
  }
  const std::string written =
      label.empty() ? std::string(keyword) : fmt::format("{} {}", keyword, label);
  label = ascii_lower_copy(label);
  if (jump_targets_.empty()) {
    // PowerShell looks for a loop in the scripts and functions that called this one, and with
    // none quietly ends the whole run (decision 451).
    fail(start,
         fmt::format("{} outside a loop: PowerShell would quietly end the whole script "
                     "here ({}); mfsim reads {} only inside foreach, for, while, do and switch "
                     "(write exit to end the script)",
                     written, page, keyword));
  }
  for (auto target = jump_targets_.rbegin(); target != jump_targets_.rend(); ++target) {
    if (target->kind == jump_kind::pipeline) {
      fail(start,
           fmt::format("{} in a ForEach-Object script block does not {}: PowerShell {} the loop "
                       "around the pipeline or, with none, ends the whole script ({}); mfsim does "
                       "not read it there (write {})",
                       written, is_break ? "end the pipeline" : "go on with the next item",
                       is_break ? "ends" : "goes on with", page,
                       is_break ? "foreach ($x in ...) { } to stop early"
                                : "return to go on with the next item"));
    }
    if (!label.empty() && target->label != label) continue;
    jump_label_ = label;
    if (is_break) throw loop_break{};
    throw loop_continue{};
  }
  fail(start, fmt::format("{}: no loop labelled :{} is under way here", written, label));
}

void parser::labelled_statement(std::size_t start) {
  ++i_;  // ':'
  std::string label;
  while (is_ident(peek())) label += peek(), ++i_;
  skip_line_breaks();
  const std::string word = word_at(i_);
  const std::string lower = ascii_lower_copy(word);
  if (lower != "foreach" && lower != "for" && lower != "while" && lower != "do" &&
      lower != "switch") {
    fail(start, fmt::format(":{} labels a loop: expected foreach, for, while or do after it, "
                            "found {}",
                            label, word.empty() ? found_at(i_) : "'" + word + "'"));
  }
  // Labels are compared without case, as PowerShell's names are.
  pending_label_ = ascii_lower_copy(label);
  pending_label_at_ = i_;
  const auto forget = [&] {
    pending_label_.clear();
    pending_label_at_ = npos;
  };
  try {
    keyword_statement(word);
  } catch (...) {
    forget();
    throw;
  }
  forget();
}

std::string parser::take_label(std::size_t start) {
  if (pending_label_at_ != start) return {};
  pending_label_at_ = npos;
  return std::move(pending_label_);
}

bool parser::counter_statement(std::size_t start) {
  const bool prefix = (peek() == '+' && peek(1) == '+') || (peek() == '-' && peek(1) == '-');
  std::size_t k = prefix ? i_ + 2 : i_;
  if (k + 1 >= s_.size() || s_[k] != '$' || !is_letter(s_[k + 1])) return false;
  const std::size_t dollar = k++;
  std::string written_name;
  while (k < s_.size() && (is_ident(s_[k]) || s_[k] == ':')) written_name += s_[k++];
  std::string_view op = s_.substr(i_, 2);  // "++", "--" or "-="
  if (!prefix) {
    while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
    op = s_.substr(k, 2);
    if (op != "++" && op != "--" && op != "-=") return false;
    k += 2;
  }
  if (without_scope(written_name).find(':') != std::string::npos)
    return false;  // $env:X: read as today, an error
  i_ = k;
  const std::string what = prefix ? fmt::format("{}${}", op, without_scope(written_name))
                                  : fmt::format("${}{}", without_scope(written_name), op);
  std::optional<ps_value> amount;
  if (op == "-=") {
    skip_inline_space();
    amount = expression();
    unknowns_.clear();
  }
  skip_inline_space();
  if (!at_statement_end() && peek() != '}' && !(clause_end_ != npos && peek() == ',')) {
    fail(i_, fmt::format("{} after {}", unexpected_at(i_), what));
  }
  (void)change_counter(written_name, op, amount, what, start, dollar);
  return true;
}

}  // namespace mfsim::rules::ps
