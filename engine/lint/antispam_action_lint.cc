// MF016: an anti-spam policy that redirects a verdict without saying where to.
#include <fmt/format.h>

#include "engine/lint/lint.h"

namespace mfsim::lint {
namespace {

constexpr rules::verdict_setting_id kVerdictSettings[] = {
    rules::verdict_setting_id::spam, rules::verdict_setting_id::high_confidence_spam,
    rules::verdict_setting_id::phish, rules::verdict_setting_id::high_confidence_phish,
    rules::verdict_setting_id::bulk};

void redirect_without_recipients(const rules::antispam_policy& policy, std::vector<finding>& out) {
  if (!policy.redirect_to_recipients.empty()) return;
  std::string settings;
  for (const auto id : kVerdictSettings) {
    if (policy.setting(id).action != rules::spam_action::redirect) continue;
    if (!settings.empty()) settings += ", ";
    settings += rules::action_parameter(id);
  }
  if (settings.empty()) return;
  out.push_back(finding{
      "MF016", severity::warning, policy.where,
      fmt::format("anti-spam policy '{}' sets {} to Redirect but gives no RedirectToRecipients: "
                  "the redirected message has no recipient to go to",
                  policy.name, settings),
      fmt::format("Set-HostedContentFilterPolicy -Identity '{}' -RedirectToRecipients "
                  "<address> (YAML: RedirectToRecipients: [address]), or choose another action",
                  policy.name)});
}

}  // namespace

std::vector<finding> antispam_action_findings(const rules::rule_set& set) {
  std::vector<finding> out;
  redirect_without_recipients(set.antispam, out);
  for (const auto& policy : set.scoped_antispam) redirect_without_recipients(policy, out);
  return out;
}

}  // namespace mfsim::lint
