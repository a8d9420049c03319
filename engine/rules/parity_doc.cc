// docs/parity.md from the parameter tables and their notes: every parameter of every cmdlet
// family, grouped, with its status and why, and the counts at the top.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "engine/rules/parity.h"

namespace mfsim::rules {
namespace {

constexpr std::string_view kExceptIf = "ExceptIf";

const parity_note* note_of(cmdlet_family family, std::string_view name) {
  for (const auto& note : parity_notes(family)) {
    if (ascii_iequals(note.name, name)) return &note;
  }
  // An exception shares its condition's note.
  if (name.size() > kExceptIf.size() && name.substr(0, kExceptIf.size()) == kExceptIf) {
    return note_of(family, name.substr(kExceptIf.size()));
  }
  return nullptr;
}

// The statuses a note may give a parameter of each table support.
bool note_fits(param_support support, parity_status status) {
  switch (support) {
    case param_support::mapped:
      return status == parity_status::simulated || status == parity_status::user_data;
    case param_support::no_effect: return status == parity_status::no_effect;
    case param_support::not_simulated:
      return status == parity_status::cannot_simulate || status == parity_status::not_simulated_yet;
    case param_support::warned: return status == parity_status::cannot_simulate;
  }
  return false;
}

parity_status from_table(param_support support) {
  switch (support) {
    case param_support::mapped: return parity_status::simulated;
    case param_support::no_effect: return parity_status::no_effect;
    case param_support::not_simulated: return parity_status::not_simulated_yet;
    case param_support::warned: return parity_status::cannot_simulate;
  }
  return parity_status::not_simulated_yet;
}

parity_row row_of(cmdlet_family family, std::string_view name) {
  parity_row row{std::string(name), parity_of(family, name), {}};
  const parity_note* note = note_of(family, name);
  if (note != nullptr && note->status == row.status) row.detail = note->detail;
  return row;
}

bool is_condition(std::string_view name) {
  const std::string twin = std::string(kExceptIf) + std::string(name);
  return find_parameter(cmdlet_family::transport_rule, twin) != nullptr;
}

std::string_view transport_group(std::string_view name) {
  if (is_condition(name)) return "Conditions";
  if (name.substr(0, std::min(name.size(), kExceptIf.size())) == kExceptIf &&
      is_condition(name.substr(kExceptIf.size()))) {
    return "Exceptions";
  }
  return is_transport_action(name) ? "Actions" : "Properties";
}

// Every name of a family: its table's, and the reference's (with ExceptIf twins of conditions).
std::set<std::string, std::less<>> names_of(cmdlet_family family) {
  std::set<std::string, std::less<>> names;
  for (const auto name : parameter_names(family)) names.emplace(name);
  for (const auto name : reference_parameters(family)) {
    names.emplace(name);
    if (family == cmdlet_family::transport_rule && is_condition(name)) {
      names.emplace(std::string(kExceptIf) + std::string(name));
    }
  }
  return names;
}

constexpr std::string_view label(parity_status status) {
  switch (status) {
    case parity_status::simulated: return "simulated";
    case parity_status::no_effect: return "no effect on the outcome";
    case parity_status::user_data: return "reads data the user supplies";
    case parity_status::cannot_simulate: return "cannot be simulated";
    case parity_status::not_simulated_yet: return "not simulated yet";
  }
  return "";
}

constexpr std::array kStatuses = {parity_status::simulated, parity_status::user_data,
                                  parity_status::no_effect, parity_status::cannot_simulate,
                                  parity_status::not_simulated_yet};

using counts = std::array<std::size_t, kStatuses.size()>;

void count(counts& c, const parity_section& section) {
  for (const auto& group : section.groups) {
    for (const auto& row : group.rows) ++c[static_cast<std::size_t>(row.status)];
  }
}

void print_counts(std::string& out, std::string_view what, const counts& c) {
  std::size_t total = 0;
  for (const auto n : c) total += n;
  out += fmt::format("| {} | {} |", what, total);
  for (const auto status : kStatuses)
    out += fmt::format(" {} |", c[static_cast<std::size_t>(status)]);
  out += '\n';
}

}  // namespace

parity_status parity_of(cmdlet_family family, std::string_view name) {
  const param_info* info = find_parameter(family, name);
  const parity_note* note = note_of(family, name);
  if (info == nullptr) return note ? note->status : parity_status::not_simulated_yet;
  if (note != nullptr && note_fits(info->support, note->status)) return note->status;
  return from_table(info->support);
}

std::vector<parity_section> parity_sections() {
  struct family_title {
    std::string_view cmdlets;
    cmdlet_family family;
  };
  constexpr family_title families[] = {
      {"New-TransportRule", cmdlet_family::transport_rule},
      {"New-/Set-HostedContentFilterPolicy", cmdlet_family::antispam_policy},
      {"New-/Set-HostedContentFilterRule", cmdlet_family::antispam_rule},
      {"New-QuarantinePolicy", cmdlet_family::quarantine_policy},
  };
  std::vector<parity_section> sections;
  for (const auto& [cmdlets, family] : families) {
    parity_section section{cmdlets, family, {}};
    if (family == cmdlet_family::transport_rule) {
      for (const auto title : {"Conditions", "Exceptions", "Actions", "Properties"}) {
        section.groups.push_back({title, {}});
      }
    } else {
      section.groups.push_back({"Parameters", {}});
    }
    for (const auto& name : names_of(family)) {
      const std::string_view title =
          family == cmdlet_family::transport_rule ? transport_group(name) : "Parameters";
      const auto group = std::find_if(section.groups.begin(), section.groups.end(),
                                      [&](const parity_group& g) { return g.title == title; });
      group->rows.push_back(row_of(family, name));
    }
    sections.push_back(std::move(section));
  }
  return sections;
}

std::string parity_markdown() {
  const auto sections = parity_sections();
  std::string out =
      "# Exchange parity\n\n"
      "What mfsim does with every parameter of the cmdlets it reads, as Microsoft's cmdlet\n"
      "reference lists them. Written by `mfsim parity > docs/parity.md` from the parameter\n"
      "tables (engine/rules/param_tables.cc) and their notes (engine/rules/parity_notes.cc);\n"
      "a test fails when this file and the tables differ, so do not edit it by hand.\n\n"
      "- **simulated**: changes the outcome as Exchange documents it.\n"
      "- **reads data the user supplies**: simulated from the data named (without it, as "
      "noted).\n"
      "- **no effect on the outcome**: accepted and ignored, for the reason given.\n"
      "- **cannot be simulated**: needs what mfsim cannot have, as noted; refused.\n"
      "- **not simulated yet**: refused (a rule file that gives it another value than the one\n"
      "  mfsim assumes stops with an error) until it is built.\n\n"
      "| Cmdlets | Parameters |";
  for (const auto status : kStatuses) out += fmt::format(" {} |", label(status));
  out += "\n|---|---:|";
  for (std::size_t k = 0; k < kStatuses.size(); ++k) out += "---:|";
  out += '\n';
  counts all{};
  for (const auto& section : sections) {
    counts c{};
    count(c, section);
    print_counts(out, section.cmdlets, c);
    for (std::size_t k = 0; k < c.size(); ++k) all[k] += c[k];
  }
  print_counts(out, "**All**", all);
  for (const auto& section : sections) {
    out += fmt::format("\n## {}\n", section.cmdlets);
    for (const auto& group : section.groups) {
      if (section.groups.size() > 1)
        out += fmt::format("\n### {} ({})\n", group.title, group.rows.size());
      out += "\n| Parameter | Status | Why, or which data |\n|---|---|---|\n";
      for (const auto& row : group.rows) {
        out += fmt::format("| `{}` | {} | {} |\n", row.name, label(row.status), row.detail);
      }
    }
  }
  return out;
}

}  // namespace mfsim::rules
