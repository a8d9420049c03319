// The PowerShell runner: binds each command's arguments to parameter names, dispatches it to
// its cmdlet (powershell_cmdlets.cc), and turns what the script built into a rule set.
#include "engine/rules/powershell_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "engine/rules/export_metadata.h"
#include "engine/rules/param_readers.h"

namespace mfsim::rules {
namespace powershell {

using detail::find_param;

namespace {

// " (did you mean 'Remove-TransportRule' or 'Remove-HostedContentFilterRule'?)" for Remove-Rule,
// as Remove-HostedContentFilterRule's own example writes it: the cmdlets of the verb written
// whose noun ends with the noun written, where no name is a slip away (decision 545).
std::string same_verb_hint(std::string_view name) {
  const std::size_t dash = name.find('-');
  if (dash == std::string_view::npos || dash + 1 == name.size()) return {};
  const std::string_view verb = name.substr(0, dash + 1);
  const std::string_view noun = name.substr(dash + 1);
  std::string names;
  for (const std::string_view known : cmdlet_names) {
    if (known.size() <= name.size() || !ascii_iequals(known.substr(0, verb.size()), verb) ||
        !ascii_iequals(known.substr(known.size() - noun.size()), noun)) {
      continue;
    }
    names += fmt::format("{}'{}'", names.empty() ? "" : " or ", known);
  }
  return names.empty() ? std::string() : fmt::format(" (did you mean {}?)", names);
}

}  // namespace

void runner::update(std::vector<parameter>& into, parameter p) {
  if (p.value.type == value_type::null) {  // -X $null clears the parameter
    std::erase_if(into, [&](const parameter& q) { return q.name == p.name; });
  } else {
    put(into, std::move(p));
  }
}

void runner::put(std::vector<parameter>& into, parameter p) {
  for (auto& existing : into) {
    if (existing.name == p.name) {
      existing = std::move(p);
      return;
    }
  }
  into.push_back(std::move(p));
}

void runner::run(const ps_statement& statement) {
  // Output, session and query cmdlets, and those outside mail-flow simulation, are settled
  // first (powershell_pipelines.cc); what is left defines rules or policies.
  std::span<const ps_command> pipeline = statement.pipeline;
  if (settle_other_cmdlets(pipeline)) return;
  const auto kind_of = [](const ps_command& cmd) { return kind_of_cmdlet(cmd.name); };
  for (const auto& cmd : pipeline) {
    if (!kind_of(cmd)) {
      std::string hint = did_you_mean(cmd.name, cmdlet_names);
      if (hint.empty()) hint = same_verb_hint(cmd.name);
      error(
          diag_code::unknown_key, cmd.where,
          fmt::format(
              "unknown cmdlet '{}': mfsim reads transport rules, anti-spam "
              "policies and rules, quarantine policies and accepted domains (see docs/import.md){}",
              cmd.name, hint));
      return;
    }
  }
  if (pipeline.size() == 1) {
    dispatch(pipeline[0], *kind_of(pipeline[0]), nullptr);
    return;
  }
  // Get-X 'name' | Set-X ...: the Get names the object the next cmdlet changes.
  const ps_command& get = pipeline[0];
  const ps_command& change = pipeline[1];
  const cmdlet_kind get_kind = *kind_of(get);
  const cmdlet_kind change_kind = *kind_of(change);
  const bool rule_pair =
      get_kind == cmdlet_kind::get_rule &&
      (change_kind == cmdlet_kind::set_rule || change_kind == cmdlet_kind::enable_rule ||
       change_kind == cmdlet_kind::disable_rule || change_kind == cmdlet_kind::remove_rule);
  const bool antispam_pair =
      get_kind == cmdlet_kind::get_antispam && change_kind == cmdlet_kind::set_antispam;
  const bool quarantine_pair =
      get_kind == cmdlet_kind::get_quarantine && change_kind == cmdlet_kind::set_quarantine;
  const bool domain_pair = get_kind == cmdlet_kind::get_accepted_domain &&
                           (change_kind == cmdlet_kind::set_accepted_domain ||
                            change_kind == cmdlet_kind::remove_accepted_domain);
  if (pipeline.size() != 2 || !(rule_pair || antispam_pair || quarantine_pair || domain_pair)) {
    error(diag_code::syntax_error, pipeline[1].where,
          "pipelines are supported only as Get-X 'name' | Set-X ... (the Get naming one rule "
          "or policy)");
    return;
  }
  bound_command b = bind(get, "Identity", {}, nullptr);
  if (!b.ok) return;
  const parameter* id = find_param(b.params, "Identity");
  const parameter* type = find_param(b.params, "QuarantinePolicyType");
  parameter piped;
  if (quarantine_pair && type != nullptr && id == nullptr && type->value.type == value_type::text &&
      ascii_iequals(type->value.text, "GlobalQuarantinePolicy")) {
    piped = parameter{
        "Identity", param_value{value_type::text, "DefaultGlobalTag", false, {}, type->value.where},
        type->where};
  } else if (id != nullptr && b.params.size() == 1) {
    piped = *id;
  } else {
    error(diag_code::syntax_error, get.where,
          fmt::format("{} in a pipeline must name exactly one object (a name, or -Identity{})",
                      get.name,
                      quarantine_pair ? ", or -QuarantinePolicyType GlobalQuarantinePolicy" : ""));
    return;
  }
  dispatch(change, change_kind, &piped);
}

void runner::dispatch(const ps_command& cmd, cmdlet_kind kind, const parameter* piped) {
  if (std::any_of(cmd.elements.begin(), cmd.elements.end(),
                  [](const ps_element& e) { return e.is_edit; })) {
    dispatch(resolve_edits(cmd, kind, piped), kind, piped);
    return;
  }
  switch (kind) {
    case cmdlet_kind::new_rule: new_rule(cmd); return;
    case cmdlet_kind::set_rule: set_rule(cmd, piped); return;
    case cmdlet_kind::enable_rule: toggle_rule(cmd, piped, true); return;
    case cmdlet_kind::disable_rule: toggle_rule(cmd, piped, false); return;
    case cmdlet_kind::remove_rule: remove_rule(cmd, piped); return;
    case cmdlet_kind::set_antispam: set_antispam(cmd, piped); return;
    case cmdlet_kind::new_antispam: new_antispam(cmd); return;
    case cmdlet_kind::new_quarantine: new_quarantine(cmd); return;
    case cmdlet_kind::set_quarantine: set_quarantine(cmd, piped); return;
    case cmdlet_kind::new_antispam_rule: new_antispam_rule(cmd); return;
    case cmdlet_kind::set_antispam_rule: set_antispam_rule(cmd, piped); return;
    case cmdlet_kind::enable_antispam_rule: toggle_antispam_rule(cmd, piped, true); return;
    case cmdlet_kind::disable_antispam_rule: toggle_antispam_rule(cmd, piped, false); return;
    case cmdlet_kind::remove_antispam_rule: remove_antispam_rule(cmd, piped); return;
    case cmdlet_kind::remove_antispam: remove_antispam(cmd, piped); return;
    case cmdlet_kind::remove_quarantine: remove_quarantine(cmd, piped); return;
    case cmdlet_kind::set_antiphish: set_antiphish(cmd, piped); return;
    case cmdlet_kind::new_accepted_domain: new_accepted_domain(cmd); return;
    case cmdlet_kind::set_accepted_domain: set_accepted_domain(cmd, piped); return;
    case cmdlet_kind::remove_accepted_domain: remove_accepted_domain(cmd, piped); return;
    case cmdlet_kind::get_accepted_domain:
    case cmdlet_kind::get_rule:
    case cmdlet_kind::get_antispam:
    case cmdlet_kind::get_quarantine:
    case cmdlet_kind::harmless: return;  // reads or session set-up: nothing changes
  }
}

bound_command runner::bind(const ps_command& cmd, std::string_view positional,
                           std::span<const std::string_view> switches,
                           const parameter* piped_identity) {
  bound_command b;
  const auto add = [&](parameter p) {
    if (const parameter* first = find_param(b.params, p.name)) {
      error(diag_code::duplicate, p.where,
            fmt::format("{}: parameter -{} is given twice (first at line {}, column {})", cmd.name,
                        first->name, first->where.line, first->where.col));
      b.ok = false;
      return;
    }
    b.params.push_back(std::move(p));
  };
  if (piped_identity != nullptr) add(*piped_identity);
  const auto& elements = cmd.elements;
  for (std::size_t k = 0; k < elements.size(); ++k) {
    const ps_element& e = elements[k];
    if (!e.is_parameter) {
      if (positional.empty() || find_param(b.params, positional) != nullptr) {
        const std::string hint = missing_dash_hint(cmd, e.value);
        error(diag_code::syntax_error, e.where,
              fmt::format("{}: unexpected value {}{}; every value after the first needs its "
                          "parameter name (-Name value)",
                          cmd.name, describe(e.value, param_style::cmdlet), hint));
        b.ok = false;
        // The value after a parameter name that lost its dash is that parameter's: one error.
        if (!hint.empty() && k + 1 < elements.size() && !elements[k + 1].is_parameter) ++k;
        continue;
      }
      add(parameter{std::string(positional), e.value, e.where});
      continue;
    }
    const auto full = full_parameter_name(cmd, e);
    if (!full) {
      b.ok = false;
      if (!e.has_value && k + 1 < elements.size() && !elements[k + 1].is_parameter) ++k;
      continue;
    }
    const std::string& name = *full;
    if (ascii_iequals(name, "WhatIf")) {
      b.what_if = !e.has_value || (e.value.type == value_type::boolean && e.value.flag);
      continue;
    }
    const bool is_switch = contains_name(common_switches, name) || contains_name(switches, name);
    if (is_switch) {
      param_value value =
          e.has_value ? e.value : param_value{value_type::boolean, "", true, {}, e.where};
      if (!contains_name(common_switches, name)) add(parameter{name, value, e.where});
      continue;
    }
    param_value value;
    if (e.has_value) {
      value = e.value;
    } else if (k + 1 < elements.size() && !elements[k + 1].is_parameter) {
      value = elements[++k].value;
    } else {
      error(diag_code::bad_value, e.where,
            fmt::format("{}: parameter -{} needs a value", cmd.name, name));
      b.ok = false;
      continue;
    }
    if (contains_name(common_valued, name)) continue;
    add(parameter{name, std::move(value), e.where});
  }
  return b;
}

std::vector<parameter> runner::classify(std::vector<parameter> params, cmdlet_family family,
                                        const std::string& ctx, std::string_view cmdlet,
                                        std::span<const std::string_view> handled) {
  std::vector<parameter> mapped;
  for (auto& p : params) {
    if (contains_name(handled, p.name)) continue;
    const param_info* info = find_parameter(family, p.name);
    if (info == nullptr) {
      // A parameter the reference retired: what replaced it (decision 1238).
      const std::optional<std::string_view> retired = retired_parameter(family, p.name);
      const std::string hint = retired ? fmt::format(" (retired: {})", *retired)
                                       : unknown_parameter_hint(family, p.name, "-");
      error(diag_code::unknown_key, p.where,
            fmt::format("{} has no parameter -{}{}", cmdlet, p.name, hint));
      continue;
    }
    p.name = std::string(info->name);
    (void)keep_by_support(std::move(p), *info, ctx, param_style::cmdlet, mapped, out_.diagnostics);
  }
  return mapped;
}

std::optional<std::string> runner::identity(const bound_command& b, const ps_command& cmd,
                                            std::string_view what) {
  const parameter* id = find_param(b.params, "Identity");
  if (id == nullptr) {
    error(diag_code::missing_key, cmd.where,
          fmt::format("{} needs -Identity (the name of the {})", cmd.name, what));
    return std::nullopt;
  }
  std::vector<diagnostic> problems;
  auto text = read_text(*id, "of " + cmd.name, param_style::cmdlet, false, problems);
  for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
  return text;
}

rule_entry* runner::find_rule(std::string_view name) {
  for (auto& rule : rules_) {
    if (ascii_iequals(rule.name, name)) return &rule;
  }
  return nullptr;
}

imported_rules runner::finish() {
  rule_set& set = out_.set;
  set.source = file_;
  for (std::size_t k = 0; k < rules_.size(); ++k) {
    const rule_entry& entry = rules_[k];
    const std::string ctx = fmt::format("in transport rule '{}'", entry.name);
    transport_rule rule = build_transport_rule(entry.params, ctx, param_style::cmdlet, entry.where,
                                               out_.diagnostics, entry.rejected_some);
    rule.name = entry.name;
    rule.priority = static_cast<int>(k);  // Exchange keeps priorities contiguous from 0
    rule.priority_given = true;
    set.transport_rules.push_back(std::move(rule));
  }
  for (const auto& entry : quarantine_) {
    quarantine_policy policy;
    policy.name = entry.name;
    policy.where = entry.where;
    apply_quarantine_parameters(entry.params, fmt::format("in quarantine policy '{}'", entry.name),
                                param_style::cmdlet, policy, out_.diagnostics);
    set.quarantine_policies.push_back(std::move(policy));
  }
  if (!made_default_.empty()) promote_default();
  if (out_.has_antispam) {
    set.antispam.where = antispam_where_;
    if (!made_default_.empty()) set.antispam.name = made_default_;
    apply_antispam_parameters(antispam_, "in the Default anti-spam policy", param_style::cmdlet,
                              set.antispam, out_.tags, out_.diagnostics);
  }
  build_scoped_antispam(named_antispam_, antispam_rules_, param_style::cmdlet, out_);
  if (!antiphish_where_.file.empty()) {
    set.antiphish.where = antiphish_where_;
    apply_antiphish_parameters(antiphish_, set.antiphish, out_.tags, out_.diagnostics);
  }
  build_accepted_domains();
  if (frequency_) {
    if (auto f = read_notification_frequency(*frequency_, "in the global quarantine settings",
                                             param_style::cmdlet, out_.diagnostics)) {
      set.notify_frequency = *f;
    }
  }
  return std::move(out_);
}

}  // namespace powershell

imported_rules run_powershell(const std::vector<ps_statement>& statements,
                              const std::string& file_name) {
  powershell::runner r(file_name);
  for (const auto& statement : statements) r.run(statement);
  return r.finish();
}

imported_rules import_powershell(std::string_view text, const std::string& file_name) {
  return import_powershell(text, file_name, script_context{});
}

rule_set load_rule_set_powershell(std::string_view text, const std::string& file_name) {
  return finish_import(import_powershell(text, file_name));
}

}  // namespace mfsim::rules
