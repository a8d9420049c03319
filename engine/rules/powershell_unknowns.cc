// What becomes of a value only a tenant (or the machine running the script) knows, once the
// parameter it went to is known: kept as written in metadata, "next" in -Priority, else an
// error naming it (docs/decisions.md, "Values a script cannot know").
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::ps {
namespace {

// Parameters that change nothing mfsim evaluates: a value only a tenant knows is kept as
// written there (docs/decisions.md, "Values a script cannot know").
constexpr std::string_view metadata_parameters[] = {"Comments", "AdminDisplayName", "Description"};

bool contains(std::span<const std::string_view> names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view n) { return ascii_iequals(n, name); });
}

}  // namespace

// What the script's user can do about an unknown value: a variable can be given with
// --define; anything else (a query's property, a method's result) needs a literal.
std::string how_to_give(std::string_view what) {
  // A function's mandatory parameter is given by its call (decision 437).
  if (what.find(" (a mandatory parameter of the function ") != std::string_view::npos)
    return "give it a value where the function is called";
  std::size_t end = what.starts_with('$') ? 1 : 0;
  while (end > 0 && end < what.size() && is_ident(what[end])) ++end;
  const bool variable = end > 1 && (end == what.size() || what.substr(end).starts_with(" ("));
  std::string how = "assign it a literal in the script";
  if (variable) how += fmt::format(", or give --define {}=VALUE", what.substr(1, end - 1));
  // The tenant's accepted domains are what --accepted-domain declares (decision 431).
  const std::string lower = ascii_lower_copy(what);
  if (lower.find("(get-accepteddomain).domainname") != std::string::npos ||
      lower.find("(get-accepteddomain).name") != std::string::npos) {
    how +=
        ", or give each of the tenant's accepted domains with --accepted-domain DOMAIN to "
        "run, check, diff, explain or agree";
  }
  return how;
}

void parser::take_unknowns_since(std::size_t first, std::vector<std::string>& parts) {
  for (std::size_t k = first; k < unknowns_.size(); ++k) parts.push_back(unknowns_[k].what);
  unknowns_.resize(std::min(first, unknowns_.size()));
}

void parser::settle_unknowns(ps_command& cmd, std::size_t first_unknown) {
  if (unknowns_.size() <= first_unknown) return;
  const std::vector<unknown_use> uses(unknowns_.begin() + static_cast<long>(first_unknown),
                                      unknowns_.end());
  unknowns_.resize(first_unknown);
  // A function's argument: judged where the function uses its parameter.
  if (functions_.contains(ascii_lower_copy(cmd.name)) && !cmd.elements.empty()) {
    auto& parts =
        call_unknowns_[{static_cast<std::size_t>(cmd.where.line),
                        static_cast<std::size_t>(cmd.where.col), cmd.elements.size() - 1}];
    parts.clear();
    for (const auto& u : uses) parts.push_back(u.what);
    return;
  }
  // A command the runner skips or ignores (Connect-ExchangeOnline, Write-Host, a cmdlet
  // outside mail flow) may be given anything: only what changes the organisation must be known.
  if (!powershell::applies_to_organisation(cmd.name)) {
    unknowns_ignored_ += uses.size();
    return;
  }
  // The parameter the value went to: this element's, or the one before a plain value.
  std::string param;
  if (cmd.elements.empty()) {
    fail(uses.front().offset,
         fmt::format("{}: the value of {} is known only when the script runs", cmd.name,
                     uses.front().what),
         diag_code::bad_value);
  }
  auto& last = cmd.elements.back();
  if (last.is_parameter) {
    param = last.name;
  } else if (cmd.elements.size() >= 2 && cmd.elements[cmd.elements.size() - 2].is_parameter &&
             !cmd.elements[cmd.elements.size() - 2].has_value) {
    param = cmd.elements[cmd.elements.size() - 2].name;
  }
  const unknown_use& use = uses.front();
  if (powershell::is_common_parameter(param)) return;  // -ErrorAction $pref, -ErrorVariable $e
  if (contains(metadata_parameters, param)) {
    for (const auto& u : uses) {
      warn(u.offset, fmt::format("{} -{}: {} is known only when the script runs; kept as "
                                 "written (-{} changes nothing mfsim evaluates)",
                                 cmd.name, param, u.what, param));
    }
    return;
  }
  if (ascii_iequals(param, "Priority")) {
    warn(use.offset, fmt::format("{} -Priority: {} is known only when the script runs; read as "
                                 "the next priority (after the rules created so far)",
                                 cmd.name, use.what));
    if (!last.is_parameter) cmd.elements.pop_back();
    cmd.elements.pop_back();
    return;
  }
  fail(use.offset,
       fmt::format("{}{}: the value of {} is known only when the script runs (from the tenant, "
                   "the machine or whoever runs it); mfsim cannot simulate with it ({})",
                   cmd.name, param.empty() ? std::string() : " -" + param, use.what,
                   how_to_give(use.what)),
       diag_code::bad_value);
}

std::string unknown_list(const ps_value& v) {
  std::string out;
  for (const auto& part : v.unknown_parts) {
    if (out.find(part) != std::string::npos) continue;
    out += out.empty() ? part : ", " + part;
  }
  if (out.empty()) out = v.value.text;
  return out;
}

}  // namespace mfsim::rules::ps
