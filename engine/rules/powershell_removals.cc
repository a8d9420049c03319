// Remove-HostedContentFilterPolicy and Remove-QuarantinePolicy: removing a policy the script
// created, as Exchange Online does (built-in and Default policies cannot be removed).
#include <fmt/format.h>

#include <algorithm>

#include "engine/rules/param_readers.h"
#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::powershell {

using detail::find_param;

void runner::remove_antispam(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam policy");
  if (!id) return;
  if (ascii_iequals(*id, "Default")) {
    error(diag_code::bad_value, find_param(b.params, "Identity")->value.where,
          "Remove-HostedContentFilterPolicy: the Default anti-spam policy cannot be removed");
    return;
  }
  named_entry* entry = find_named(named_antispam_, b, cmd.name, *id, "anti-spam policy");
  if (entry == nullptr) return;
  // Exchange keeps the policy's rule, which then scopes nothing: it is dropped with a warning.
  std::erase_if(antispam_rules_, [&](const named_entry& rule) {
    const parameter* target = find_param(rule.params, "HostedContentFilterPolicy");
    const bool orphaned = target != nullptr && target->value.type == value_type::text &&
                          ascii_iequals(target->value.text, entry->name);
    if (orphaned) {
      warn(diag_code::bad_reference, cmd.where,
           fmt::format("Remove-HostedContentFilterPolicy: the anti-spam rule '{}' still names "
                       "'{}'; Exchange keeps it, applying no policy, and mfsim leaves it out",
                       rule.name, entry->name));
    }
    return orphaned;
  });
  named_antispam_.erase(named_antispam_.begin() + (entry - named_antispam_.data()));
}

void runner::remove_quarantine(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "quarantine policy");
  if (!id) return;
  const source_span id_where = find_param(b.params, "Identity")->value.where;
  const auto& built_ins = built_in_quarantine_policies();
  const bool built_in = ascii_iequals(*id, "DefaultGlobalTag") ||
                        std::any_of(built_ins.begin(), built_ins.end(), [&](const auto& policy) {
                          return ascii_iequals(policy.name, *id);
                        });
  if (built_in) {
    error(diag_code::bad_value, id_where,
          fmt::format("Remove-QuarantinePolicy: '{}' is built in and cannot be removed", *id));
    return;
  }
  const auto entry =
      std::find_if(quarantine_.begin(), quarantine_.end(),
                   [&](const quarantine_entry& q) { return ascii_iequals(q.name, *id); });
  if (entry == quarantine_.end()) {
    warn_not_created(cmd, id_where, "quarantine policy", *id);
    return;
  }
  quarantine_.erase(entry);
}

}  // namespace mfsim::rules::powershell
