// Exchange's multi-value edits: -BlockedSenders @{Add='a@b.example'; Remove='c@d.example'}
// adds values to and removes them from what the object holds, leaving the others. On a New-
// cmdlet the object holds nothing yet. docs/decisions.md, "Add and Remove on multi-value
// parameters".
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/rules/param_readers.h"
#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::powershell {
namespace {

std::vector<param_value> items_of(const param_value& v) {
  if (v.type == value_type::list) return v.items;
  if (v.type == value_type::null) return {};
  return {v};
}

bool same_value(const param_value& a, const param_value& b) {
  return a.type == b.type && ascii_iequals(a.text, b.text) && a.flag == b.flag;
}

// The object's name as the command gives it: piped, -Identity, or the first value.
std::optional<std::string> identity_of(const ps_command& cmd, const parameter* piped) {
  if (piped != nullptr) return piped->value.text;
  for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
    const ps_element& e = cmd.elements[k];
    if (e.is_parameter && ascii_iequals(e.name, "Identity")) {
      if (e.has_value) return e.value.text;
      if (k + 1 < cmd.elements.size()) return cmd.elements[k + 1].value.text;
    }
    if (!e.is_parameter && k == 0) return e.value.text;
  }
  return std::nullopt;
}

}  // namespace

const std::vector<parameter>* runner::current_params(const ps_command& cmd, cmdlet_kind kind,
                                                     const parameter* piped) {
  const auto id = identity_of(cmd, piped);
  if (!id) return nullptr;
  const auto named = [&](std::vector<named_entry>& entries) -> const std::vector<parameter>* {
    for (const auto& e : entries) {
      if (ascii_iequals(e.name, *id)) return &e.params;
    }
    return nullptr;
  };
  switch (kind) {
    case cmdlet_kind::set_rule: {
      const rule_entry* rule = find_rule(*id);
      return rule != nullptr ? &rule->params : nullptr;
    }
    case cmdlet_kind::set_antispam:
      return ascii_iequals(*id, "Default") ? &antispam_ : named(named_antispam_);
    case cmdlet_kind::set_antispam_rule: return named(antispam_rules_);
    case cmdlet_kind::set_quarantine: return named(quarantine_);
    default: return nullptr;
  }
}

ps_command runner::resolve_edits(const ps_command& cmd, cmdlet_kind kind, const parameter* piped) {
  const bool creates = kind == cmdlet_kind::new_rule || kind == cmdlet_kind::new_antispam ||
                       kind == cmdlet_kind::new_antispam_rule ||
                       kind == cmdlet_kind::new_quarantine;
  const bool changes = kind == cmdlet_kind::set_rule || kind == cmdlet_kind::set_antispam ||
                       kind == cmdlet_kind::set_antispam_rule ||
                       kind == cmdlet_kind::set_quarantine;
  const std::vector<parameter>* current = changes ? current_params(cmd, kind, piped) : nullptr;
  ps_command out = cmd;
  out.elements.clear();
  for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
    const ps_element& e = cmd.elements[k];
    if (!e.is_edit) {
      out.elements.push_back(e);
      continue;
    }
    const bool named =
        !out.elements.empty() && out.elements.back().is_parameter && !out.elements.back().has_value;
    if (!named || !(creates || changes)) {
      error(diag_code::syntax_error, e.where,
            fmt::format("{}: @{{Add=...; Remove=...}} changes a multi-value parameter of a New- "
                        "or Set- cmdlet, after the parameter's name",
                        cmd.name));
      continue;
    }
    const std::string& name = out.elements.back().name;
    std::vector<param_value> values;
    if (current != nullptr) {
      for (const auto& p : *current) {
        if (ascii_iequals(p.name, name)) values = items_of(p.value);
      }
    }
    for (const auto& add : items_of(e.add)) {
      const bool present = std::any_of(values.begin(), values.end(),
                                       [&](const param_value& v) { return same_value(v, add); });
      if (!present) values.push_back(add);
    }
    for (const auto& remove : items_of(e.remove)) {
      std::erase_if(values, [&](const param_value& v) { return same_value(v, remove); });
    }
    ps_element resolved = out.elements.back();
    out.elements.pop_back();
    resolved.has_value = true;
    if (values.empty()) {
      resolved.value = param_value{value_type::null, "", false, {}, e.where};
    } else {
      resolved.value = param_value{value_type::list, "", false, std::move(values), e.where};
    }
    out.elements.push_back(std::move(resolved));
  }
  return out;
}

}  // namespace mfsim::rules::powershell
