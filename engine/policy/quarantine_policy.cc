// Release paths and quarantine policy lookup.
#include "engine/policy/quarantine_policy.h"

#include <algorithm>

#include "engine/ascii.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/policy/policy_lists.h"

namespace mfsim::policy {

release_decision release_decision_for(std::uint32_t permissions, verdict v) noexcept {
  const bool release_forbidden = v == verdict::malware || v == verdict::high_confidence_phish;
  if ((permissions & rules::perm_release) != 0) {
    return release_forbidden
               ? release_decision{release_path::request, release_basis::release_withheld}
               : release_decision{release_path::user, release_basis::permission_release};
  }
  if ((permissions & rules::perm_request_release) != 0) {
    return {release_path::request, release_basis::permission_request_release};
  }
  return {release_path::admin, release_basis::no_permission};
}

release_path release_for(std::uint32_t permissions, verdict v) noexcept {
  return release_decision_for(permissions, v).path;
}

const rules::quarantine_policy* find_quarantine_policy(const rules::rule_set& set,
                                                       std::string_view name) noexcept {
  for (const auto& p : set.quarantine_policies) {
    if (ascii_iequals(p.name, name)) return &p;  // Exchange ignores case
  }
  for (const auto& p : rules::built_in_quarantine_policies()) {
    if (ascii_iequals(p.name, name)) return &p;  // Exchange ignores case
  }
  return nullptr;
}

}  // namespace mfsim::policy

namespace mfsim::policy {

void apply_quarantine(outcome& out, const rules::rule_set& set, std::string_view policy_name,
                      int retention_days, retention_origin retention_source) noexcept {
  out.action = final_action::quarantine;
  const rules::quarantine_policy* policy = find_quarantine_policy(set, policy_name);
  out.quarantine_policy_used = policy;
  out.quarantine_policy = policy != nullptr ? std::string_view(policy->name) : policy_name;
  const std::uint32_t permissions = policy != nullptr ? policy->permissions : 0;
  const bool admin_only = retention_source == retention_origin::rule_quarantine;
  if (admin_only) {
    out.release = release_path::admin;
    out.release_reason = release_basis::rule_quarantine;
  } else {
    const release_decision release = release_decision_for(permissions, out.verdict_value);
    out.release = release.path;
    out.release_reason = retention_source == retention_origin::anti_malware
                             ? release_basis::anti_malware
                             : release.basis;
  }
  // Messages the anti-spam policy's blocked sender lists quarantined notify only when the
  // policy says IncludeMessagesFromBlockedSenderAddress (decision 301).
  out.notify = !admin_only && policy != nullptr && policy->notifications &&
               (!blocked_sender_list(out.list_setting) || policy->notify_blocked_senders);
  out.retention_days = retention_days;
  out.retention_source = retention_source;
  // Kept within year 9999, so that `expires` stays an ISO 8601 date of four-digit years.
  if (out.received) {
    out.expires = std::min(*out.received + retention_days * kSecondsPerDay, mail::kLastDateSecond);
  }
}

void keep_in_area1(outcome& out) noexcept {
  out.action = final_action::area1_quarantine;
  out.quarantine_policy = kArea1Quarantine;
  out.release = release_path::admin;
  out.release_reason = release_basis::area1;
  out.decision.by = action_decider::area1;
}

}  // namespace mfsim::policy
