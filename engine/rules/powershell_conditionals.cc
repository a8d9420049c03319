// if / elseif / else over conditions mfsim can decide (a tenant query decided as run against a
// tenant that has none, with a warning naming it), and try with its catch blocks unread.
#include <fmt/format.h>

#include <exception>
#include <optional>
#include <utility>

#include "engine/rules/powershell_condition_slips.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

// "a, b, c": the queries a condition asked, for its warning.
std::string comma_list_of(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += out.empty() ? item : ", " + item;
  return out;
}

}  // namespace

// A Get- query kept in a variable ($rule = Get-TransportRule X; if ($rule)) is decided as the
// query itself is: its unknown part only names it for other uses.
bool is_undecided(const ps_value& value) {
  return value.kind == ps_kind::unknown ||
         (!value.unknown_parts.empty() && value.kind != ps_kind::tenant_query);
}

ps_value parser::condition_value() {
  const std::size_t open = i_;
  const nesting_guard guard(*this, open, "(");
  ++i_;
  skip_separators();
  decided_.clear();
  decided_environment_.clear();
  // `if ($rule = Get-TransportRule X)` assigns, and tests the value assigned (decision 1216).
  refuse_assignment_slip(*this, open);
  std::optional<ps_value> assigned = parenthesized_assignment(open);
  ps_value value = assigned ? std::move(*assigned) : expression();
  unknowns_.clear();
  skip_separators();
  if (peek() == '=' || (peek() == '+' && peek(1) == '=') || (peek() == '-' && peek(1) == '='))
    refuse_misplaced_equals(*this);
  if (peek() != ')') fail(open, "the condition's '(' is not closed by ')'");
  ++i_;
  return value;
}

std::optional<ps_value> parser::condition(std::size_t start) {
  if (peek() != '(') fail(i_, fmt::format("expected '(' after if, found {}", found_at(i_)));
  const std::size_t open = i_;
  ps_value value = condition_value();
  if (is_undecided(value)) {
    // No branch left can change mail flow: the chain is skipped (decision 436).
    if (skip_harmless_chain(open, value)) return std::nullopt;
    undecidable(open + 1, value, "mfsim cannot choose a branch");
  }
  (void)start;
  return value;
}

void parser::undecidable(std::size_t at, const ps_value& value, std::string_view consequence) {
  fail(at,
       fmt::format("the condition depends on {}, known only when the script runs (from the "
                   "tenant, the machine or whoever runs it): {} ({})",
                   unknown_list(value), consequence,
                   how_to_give(value.unknown_parts.empty() ? value.value.text
                                                           : value.unknown_parts.front())),
       diag_code::bad_value);
}

void parser::warn_decided(std::size_t at, bool chosen) {
  if (!decided_.empty()) {
    warn(at, fmt::format("this condition asks the tenant {}; mfsim reads the script as run "
                         "against a tenant that holds its built-in policies and what the script "
                         "creates, so the condition is {}",
                         comma_list_of(decided_), chosen ? "true" : "false"));
  }
  if (!decided_environment_.empty()) {
    warn(at, fmt::format("this condition asks the machine running the script {}; mfsim reads "
                         "the script as run where its modules and session are set up, so the "
                         "condition is {}",
                         comma_list_of(decided_environment_), chosen ? "true" : "false"));
  }
}

void parser::if_statement(std::size_t start) {
  i_ += 2;  // "if"
  bool taken = false;
  while (true) {
    skip_inline_space();
    const std::size_t branch = i_;
    bool chosen = false;
    if (taken) {
      if (peek() != '(') fail(i_, fmt::format("expected '(' after if, found {}", found_at(i_)));
      skip_parens(branch);
    } else {
      const std::optional<ps_value> value = condition(start);
      if (!value.has_value()) return;  // skipped whole, the place after the chain
      chosen = truthy(*value);
      warn_decided(branch, chosen);
    }
    skip_separators();
    if (peek() != '{')
      fail(i_, fmt::format("expected '{{' after the condition, found {}", found_at(i_)));
    if (chosen) {
      block();
      taken = true;
    } else {
      skip_block(i_);
    }
    const std::size_t after = i_;
    skip_separators();
    if (next_word_is("elseif")) continue;
    if (next_word_is("else")) {
      skip_separators();
      if (peek() != '{') fail(i_, fmt::format("expected '{{' after else, found {}", found_at(i_)));
      if (taken)
        skip_block(i_);
      else
        block();
      return;
    }
    i_ = after;
    return;
  }
}

void parser::try_statement(std::size_t start) {
  i_ += 3;  // "try"
  skip_separators();
  if (peek() != '{') fail(i_, fmt::format("expected '{{' after try, found {}", found_at(i_)));
  // break, continue and return leave the try block through its finally block, which runs first.
  const std::size_t body = i_;
  std::exception_ptr leaving;
  try {
    block();
  } catch (const loop_break&) {
    leaving = std::current_exception();
  } catch (const loop_continue&) {
    leaving = std::current_exception();
  } catch (const function_return&) {
    leaving = std::current_exception();
  }
  const std::string label = jump_label_;  // `break outer`: a loop in finally may clear it
  if (leaving) {
    i_ = body;
    skip_block(start);
    charge_reread(body, start);  // read again to its end: nested try blocks each scan theirs
  }
  bool warned = false;
  while (true) {
    const std::size_t after = i_;
    skip_separators();
    const std::size_t clause = i_;
    if (next_word_is("catch")) {
      while (!eof() && peek() != '{') ++i_;  // exception types
      if (eof()) fail(clause, "expected '{' after catch");
      skip_block(clause);
      if (!warned) {
        warn(clause,
             "catch blocks are not read: mfsim reads the script as if every command in "
             "the try block succeeded");
        warned = true;
      }
      continue;
    }
    if (next_word_is("finally")) {
      skip_separators();
      if (peek() != '{') fail(i_, "expected '{' after finally");
      block();
      continue;
    }
    i_ = after;
    if (leaving) {
      jump_label_ = label;
      std::rethrow_exception(leaving);
    }
    return;
  }
}

}  // namespace mfsim::rules::ps
