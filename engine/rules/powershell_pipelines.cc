// What the runner does with commands that define no rules: output, session and query cmdlets
// are ignored (and counted), Exchange cmdlets outside mail-flow simulation are skipped with a
// warning, and what a script written for a real tenant assumes about it (objects that exist,
// rules already there) is a warning. docs/import.md, "What each kind of command does".
#include <fmt/format.h>

#include <algorithm>

#include "engine/rules/powershell_cmdlet_catalog.h"
#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::powershell {
namespace {

std::optional<cmdlet_kind> table_kind(const ps_command& cmd) { return kind_of_cmdlet(cmd.name); }

// Output, session and query cmdlets: they change nothing in the organisation.
bool is_ignorable(const ps_command& cmd) {
  if (const auto kind = table_kind(cmd)) {
    return *kind == cmdlet_kind::harmless || *kind == cmdlet_kind::get_rule ||
           *kind == cmdlet_kind::get_antispam || *kind == cmdlet_kind::get_quarantine ||
           *kind == cmdlet_kind::get_accepted_domain;
  }
  const auto other = classify_other_cmdlet(cmd.name);
  return other.has_value() && *other != other_cmdlet::outside && *other != other_cmdlet::host;
}

bool is_outside(const ps_command& cmd) {
  return !table_kind(cmd) && classify_other_cmdlet(cmd.name) == other_cmdlet::outside;
}

}  // namespace

bool runner::settle_other_cmdlets(std::span<const ps_command>& pipeline) {
  // `New-TransportRule ... | Out-Null`, `Get-TransportRule | Format-List`: what the last stages
  // print changes nothing; the stages before them run.
  while (pipeline.size() > 1 &&
         classify_other_cmdlet(pipeline.back().name) == other_cmdlet::output) {
    ++out_.set.imported.ignored_commands;
    pipeline = pipeline.first(pipeline.size() - 1);
  }
  // It replaces every transport rule with a file's, which a script does not give (decision 541).
  const auto import = std::find_if(pipeline.begin(), pipeline.end(), [](const ps_command& cmd) {
    return ascii_iequals(cmd.name, "Import-TransportRuleCollection");
  });
  if (import != pipeline.end()) {
    error(diag_code::unknown_key, import->where,
          "Import-TransportRuleCollection replaces every transport rule with those of the XML "
          "file it reads, which mfsim does not open from a script: give that file to mfsim "
          "itself (mfsim import ExportedRules.xml, or --rules ExportedRules.xml)");
    return true;
  }
  const auto outside = std::find_if(pipeline.begin(), pipeline.end(), is_outside);
  if (outside != pipeline.end() && outside->name.size() > 23 &&
      ascii_iequals(std::string_view(outside->name).substr(outside->name.size() - 23),
                    "EOPProtectionPolicyRule")) {
    // The presets' anti-spam part is simulated, from the rule as an export gives it (549).
    warn(diag_code::unknown_key, outside->where,
         fmt::format("{}: mfsim simulates the anti-spam part of the Standard and Strict preset "
                     "security policies from an export of their rules (Microsoft365DSC's "
                     "EXOEOPProtectionPolicyRule, or Get-EOPProtectionPolicyRule | ConvertTo-Json "
                     "-Depth 5), not from a script that changes them in a tenant; the command is "
                     "skipped",
                     outside->name));
    ++out_.set.imported.skipped_commands;
    return true;
  }
  const auto hosted = std::find_if(pipeline.begin(), pipeline.end(), [](const ps_command& cmd) {
    return !table_kind(cmd) && classify_other_cmdlet(cmd.name) == other_cmdlet::host;
  });
  if (outside == pipeline.end() && hosted != pipeline.end()) {
    warn(diag_code::unknown_key, hosted->where,
         fmt::format("{} is {}; it has no effect on the rule set, and the command is skipped",
                     hosted->name, host_cmdlet_role(hosted->name)));
    ++out_.set.imported.skipped_commands;
    return true;
  }
  if (outside != pipeline.end()) {
    warn(diag_code::unknown_key, outside->where,
         fmt::format("{} changes {}, outside mail-flow simulation; the command is skipped",
                     outside->name, outside_area(outside->name)));
    ++out_.set.imported.skipped_commands;
    return true;
  }
  if (std::all_of(pipeline.begin(), pipeline.end(), is_ignorable)) {
    out_.set.imported.ignored_commands += pipeline.size();
    return true;
  }
  // A query feeding a cmdlet that changes something: the objects it returns are the tenant's.
  for (std::size_t k = 0; k + 1 < pipeline.size(); ++k) {
    if (!table_kind(pipeline[k]) && is_ignorable(pipeline[k])) {
      error(diag_code::syntax_error, pipeline[k + 1].where,
            fmt::format("{} | {}: what {} returns depends on the tenant; mfsim reads pipelines "
                        "only as Get-X 'name' | Set-X ... (the Get naming one rule or policy)",
                        pipeline[k].name, pipeline[k + 1].name, pipeline[k].name));
      return true;
    }
  }
  return false;
}

void runner::warn_priority_past_end(const parameter& priority, const std::string& ctx, int value,
                                    std::size_t last) {
  warn(diag_code::bad_value, priority.value.where,
       fmt::format("-Priority {} {}: past the rules created so far (the script was written "
                   "for a tenant that has more); the rule is placed last, at priority {}",
                   value, ctx, last));
}

void runner::warn_not_created(const ps_command& cmd, const source_span& where,
                              std::string_view what, std::string_view id) {
  warn(diag_code::bad_reference, where,
       fmt::format("{}: no {} named '{}' is created earlier in this script (mfsim starts from an "
                   "organisation without them); the command is skipped",
                   cmd.name, what, id));
}

}  // namespace mfsim::rules::powershell
