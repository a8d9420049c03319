// How PowerShell finds the parameter a script names: the whole name, a common parameter's alias
// (-EA for -ErrorAction), or the start of exactly one of the cmdlet's parameter names
// (-SubjectContains for -SubjectContainsWords); a start that several names share is an error
// (about_Parameters, about_CommonParameters; docs/decisions.md 386).
#include <fmt/format.h>

#include <utility>
#include <vector>

#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::powershell {
namespace {

// The common parameters' aliases (about_CommonParameters), which PowerShell matches whole only.
constexpr std::pair<std::string_view, std::string_view> kCommonAliases[] = {
    {"db", "Debug"},
    {"ea", "ErrorAction"},
    {"ev", "ErrorVariable"},
    {"infa", "InformationAction"},
    {"iv", "InformationVariable"},
    {"ob", "OutBuffer"},
    {"ov", "OutVariable"},
    {"pv", "PipelineVariable"},
    {"proga", "ProgressAction"},
    {"vb", "Verbose"},
    {"wa", "WarningAction"},
    {"wv", "WarningVariable"},
    {"wi", "WhatIf"},
    {"cf", "Confirm"}};

// Every parameter of the cmdlet but the common ones: its family's (Microsoft's reference), and
// -Identity for the cmdlets that change or read an existing object.
std::vector<std::string_view> own_parameters(cmdlet_kind kind) {
  std::vector<std::string_view> out;
  const auto family = [&](cmdlet_family f) {
    const auto names = parameter_names(f);
    out.insert(out.end(), names.begin(), names.end());
  };
  switch (kind) {
    case cmdlet_kind::new_rule: family(cmdlet_family::transport_rule); break;
    case cmdlet_kind::set_rule:
      family(cmdlet_family::transport_rule);
      out.push_back("Identity");
      break;
    case cmdlet_kind::enable_rule: out = {"Identity", "Mode"}; break;
    case cmdlet_kind::new_antispam: family(cmdlet_family::antispam_policy); break;
    case cmdlet_kind::set_antispam:
      family(cmdlet_family::antispam_policy);
      out.push_back("Identity");
      break;
    case cmdlet_kind::new_quarantine: family(cmdlet_family::quarantine_policy); break;
    case cmdlet_kind::set_quarantine:
      family(cmdlet_family::quarantine_policy);
      out.push_back("Identity");
      break;
    case cmdlet_kind::new_antispam_rule: family(cmdlet_family::antispam_rule); break;
    case cmdlet_kind::set_antispam_rule:
      family(cmdlet_family::antispam_rule);
      out.push_back("Identity");
      break;
    case cmdlet_kind::new_accepted_domain: family(cmdlet_family::accepted_domain); break;
    case cmdlet_kind::set_accepted_domain:
      family(cmdlet_family::accepted_domain);
      out.push_back("Identity");
      break;
    case cmdlet_kind::set_antiphish:
      out = antiphish_parameter_names();
      out.push_back("Identity");
      break;
    case cmdlet_kind::get_quarantine: out = {"Identity", "QuarantinePolicyType"}; break;
    case cmdlet_kind::disable_rule:
    case cmdlet_kind::remove_rule:
    case cmdlet_kind::enable_antispam_rule:
    case cmdlet_kind::disable_antispam_rule:
    case cmdlet_kind::remove_antispam_rule:
    case cmdlet_kind::remove_antispam:
    case cmdlet_kind::remove_quarantine:
    case cmdlet_kind::remove_accepted_domain:
    case cmdlet_kind::get_rule:
    case cmdlet_kind::get_antispam:
    case cmdlet_kind::get_accepted_domain: out = {"Identity"}; break;
    case cmdlet_kind::harmless: break;  // their parameters are never read
  }
  return out;
}

bool starts_with_nocase(std::string_view name, std::string_view start) {
  return name.size() >= start.size() && ascii_iequals(name.substr(0, start.size()), start);
}

}  // namespace

bool is_common_parameter(std::string_view written) {
  for (const auto& [alias, name] : kCommonAliases) {
    if (ascii_iequals(alias, written)) return true;
  }
  return contains_name(common_valued, written) || contains_name(common_switches, written) ||
         ascii_iequals(written, "WhatIf");
}

std::optional<std::string> runner::full_parameter_name(const ps_command& cmd, const ps_element& e) {
  for (const auto& [alias, name] : kCommonAliases) {
    if (ascii_iequals(alias, e.name)) return std::string(name);
  }
  const auto kind = kind_of_cmdlet(cmd.name);
  if (!kind || *kind == cmdlet_kind::harmless) return e.name;
  std::vector<std::string_view> names = own_parameters(*kind);
  names.insert(names.end(), std::begin(common_switches), std::end(common_switches));
  names.insert(names.end(), std::begin(common_valued), std::end(common_valued));
  names.push_back("WhatIf");
  std::vector<std::string_view> starting;
  for (const std::string_view name : names) {
    if (ascii_iequals(name, e.name)) return e.name;  // whole: kept as written
    if (starts_with_nocase(name, e.name) && !contains_name(starting, name))
      starting.push_back(name);
  }
  if (starting.size() == 1) return std::string(starting.front());
  if (starting.empty()) return e.name;  // unknown: the cmdlet's reader says so, with a hint
  std::vector<std::string> dashed;
  for (const auto name : starting) dashed.push_back("-" + std::string(name));
  const std::vector<std::string_view> listed(dashed.begin(), dashed.end());
  error(diag_code::unknown_key, e.where,
        fmt::format("{}: -{} could be any of {} (PowerShell reads the start of a parameter "
                    "name only when one name starts so); write the whole name",
                    cmd.name, e.name, join(listed)));
  return std::nullopt;
}

std::string runner::missing_dash_hint(const ps_command& cmd, const param_value& value) const {
  const auto kind = kind_of_cmdlet(cmd.name);
  if (!kind || *kind == cmdlet_kind::harmless || value.type != value_type::text) return {};
  // A value that is one of the cmdlet's parameter names lost its dash (`-Name x From a@b.com`).
  for (const std::string_view name : own_parameters(*kind)) {
    if (ascii_iequals(name, value.text)) return fmt::format(" (did you mean -{}?)", name);
  }
  return {};
}

}  // namespace mfsim::rules::powershell
