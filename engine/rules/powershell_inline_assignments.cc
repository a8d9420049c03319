// Assignments inside expressions (about_Assignment_Operators): ++ and -- as statements ($i++,
// counter_statement in powershell_loops.cc) and inside expressions (`$rules[$i++]`,
// `$n = ++$count`, `while (++$a -lt 3)`), where the prefix form gives the new value and the
// postfix form the old one; `$i -= n` as a statement; and `($x = value)`, whose value is the
// value assigned, as about_For's `for (($i = 0), ($j = 0); ...)` uses it (docs/decisions.md 450,
// 481).
#include <fmt/format.h>

#include <utility>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

constexpr auto npos = std::string_view::npos;

[[nodiscard]] bool is_step(std::string_view two) noexcept { return two == "++" || two == "--"; }

}  // namespace

std::pair<ps_value, ps_value> parser::change_counter(std::string_view written_name,
                                                     std::string_view op,
                                                     const std::optional<ps_value>& amount,
                                                     std::string_view what, std::size_t start,
                                                     std::size_t dollar) {
  bool outlives = false;
  const std::string name = without_scope(std::string(written_name), &outlives);
  const std::string lower = ascii_lower_copy(name);
  // $script:n++ in a function that has its own $n changes the script's (decision 1101).
  std::optional<script_variable_scope> script_variable;
  if (outlives) script_variable.emplace(*this, lower);
  const ps_value held = lookup(name, dollar);
  for (const auto& d : context_.defines) {
    if (ascii_iequals(d.name, name)) {  // --define wins, as over an assignment
      defines_read_.insert(lower);
      return {held, held};
    }
  }
  ps_value result;
  const bool known = !is_undecided(held) && held.kind == ps_kind::plain &&
                     (!amount || (!is_undecided(*amount) && amount->kind == ps_kind::plain));
  if (!known) {
    result = unknown_value(
        fmt::format("${} (changed by {} at line {})", name, what, at(start).line), at(start));
  } else {
    // $null counts from 0; anything else but a number is PowerShell's error too.
    const auto number = [&](const ps_value& v) {
      if (v.value.type == value_type::null)
        return param_value{value_type::number, "0", false, {}, v.value.where};
      if (v.value.type != value_type::number) {
        fail(start,
             fmt::format("{}: {} is {}, not a number (++, -- and -= change numbers)", what,
                         &v == &held ? "$" + name : std::string("the value"), to_text_brief(v)));
      }
      return v.value;
    };
    const param_value one{value_type::number, "1", false, {}, at(start)};
    result =
        plain(compute(op == "++" ? '+' : '-', number(held), amount ? number(*amount) : one, start));
  }
  if (!outlives) will_assign(lower);  // a function's first change makes its own variable, untyped
  result = retyped(lower, std::move(result), start);  // [int]$i: $i -= 0.5 (decision 979)
  broken_.erase(lower);
  variables_[lower] = result;
  return {held, std::move(result)};
}

std::optional<ps_value> parser::prefix_increment() {
  const std::size_t start = i_;
  if (!is_step(s_.substr(i_, 2)) || peek(2) != '$' || !is_letter(peek(3))) return std::nullopt;
  const std::size_t dollar = i_ + 2;
  std::size_t k = dollar + 1;
  std::string written_name;
  while (k < s_.size() && (is_ident(s_[k]) || s_[k] == ':')) written_name += s_[k++];
  const std::string op(s_.substr(start, 2));
  const std::string what = fmt::format("{}${}", op, without_scope(written_name));
  if (without_scope(written_name).find(':') != std::string::npos || s_.substr(k, 1) == "." ||
      s_.substr(k, 1) == "[") {
    fail(start, fmt::format("{}: mfsim reads ++ and -- on a variable, not on a member, an index "
                            "or $env:",
                            s_.substr(start, k - start)));
  }
  i_ = k;
  return change_counter(written_name, op, std::nullopt, what, start, dollar).second;
}

std::optional<ps_value> parser::postfix_increment(std::size_t start) {
  if (!is_step(s_.substr(i_, 2)) || start >= i_ || s_[start] != '$') return std::nullopt;
  // A command's argument `$i++` is read in argument mode, where it is the text '3++' and no
  // step (about_Parsing: `Write-Output $a/H` gives "4/H"): the error of a value after it stays.
  if (start == argument_start_) return std::nullopt;
  // Only right after a variable of the script's own: `$a++`, `$script:a--`.
  std::string written_name(s_.substr(start + 1, i_ - start - 1));
  for (const char c : written_name) {
    if (!is_ident(c) && c != ':') return std::nullopt;
  }
  if (written_name.empty() || without_scope(written_name).find(':') != npos) return std::nullopt;
  const std::string op(s_.substr(i_, 2));
  const std::string what = fmt::format("${}{}", without_scope(written_name), op);
  i_ += 2;
  return change_counter(written_name, op, std::nullopt, what, start, start).first;
}

std::optional<ps_value> parser::chained_assignment() {
  if (peek() != '$' || !is_letter(peek(1))) return std::nullopt;
  std::size_t k = i_ + 1;
  while (k < s_.size() && (is_ident(s_[k]) || s_[k] == ':')) ++k;
  const std::string written_name(s_.substr(i_ + 1, k - i_ - 1));
  while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
  if (k >= s_.size() || s_[k] != '=' || s_.substr(k, 2) == "==") return std::nullopt;
  const std::size_t dollar = i_;
  assignment();  // the inner one first; the outer variable gets what it holds then
  return lookup(without_scope(written_name), dollar);
}

std::optional<ps_value> parser::parenthesized_assignment(std::size_t open) {
  if (peek() != '$' || !is_letter(peek(1))) return std::nullopt;
  std::size_t k = i_ + 1;
  while (k < s_.size() && (is_ident(s_[k]) || s_[k] == ':')) ++k;
  const std::string written_name(s_.substr(i_ + 1, k - i_ - 1));
  while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
  const bool assigns =
      k < s_.size() && (s_[k] == '=' || s_.substr(k, 2) == "+=") && s_.substr(k, 2) != "==";
  const std::size_t close = block_end(open);
  if (!assigns || close == npos) return std::nullopt;
  // The assignment ends at the ')', as a for loop's initializer ends at its ')'.
  const std::size_t outer = clause_end_;
  clause_end_ = close - 1;
  const std::size_t dollar = i_;
  try {
    assignment();
  } catch (...) {
    clause_end_ = outer;
    throw;
  }
  clause_end_ = outer;
  return lookup(without_scope(written_name), dollar);
}

}  // namespace mfsim::rules::ps
