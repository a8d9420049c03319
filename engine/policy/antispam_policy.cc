// Verdict precedence and the anti-spam policy's action per verdict.
#include "engine/policy/antispam_policy.h"

namespace mfsim::policy {
namespace {

constexpr int kMalwareRetentionDays = 30;

// Precedence from mailflow-model.md section 6 (spoof has no verdict of its own here).
int rank(verdict v) noexcept {
  switch (v) {
    case verdict::malware: return 7;
    case verdict::high_confidence_phish: return 6;
    case verdict::phish: return 5;
    case verdict::high_confidence_spam: return 4;
    case verdict::spam: return 3;
    case verdict::bulk: return 2;
    case verdict::skipped: return 1;
    case verdict::not_spam: return 0;
  }
  return 0;
}

verdict from_scl(int scl) noexcept {
  if (scl < 0) return verdict::skipped;
  if (scl >= 7) return verdict::high_confidence_spam;
  if (scl >= 5) return verdict::spam;
  return verdict::not_spam;
}

verdict from_category(mail::eop_category category) noexcept {
  switch (category) {
    case mail::eop_category::malware: return verdict::malware;
    case mail::eop_category::high_confidence_phish: return verdict::high_confidence_phish;
    case mail::eop_category::phish: return verdict::phish;
    case mail::eop_category::bulk: return verdict::bulk;
    default: return verdict::not_spam;
  }
}

}  // namespace

verdict decide_verdict(const verdict_inputs& in) noexcept {
  // A rule's SCL 0..4 forces nothing: the message's own SCL keeps deciding.
  std::optional<int> scl = in.message.scl;
  if (in.rule_scl && (*in.rule_scl < 0 || *in.rule_scl >= 5)) scl = in.rule_scl;

  const verdict category = from_category(in.message.category);
  if (scl && *scl < 0) {
    // Skipped filtering still catches malware and high-confidence phish.
    return rank(category) >= rank(verdict::high_confidence_phish) ? category : verdict::skipped;
  }
  verdict best = scl ? from_scl(*scl) : verdict::not_spam;
  if (rank(category) > rank(best)) best = category;
  if (in.message.bcl && *in.message.bcl >= in.bulk_threshold && rank(verdict::bulk) > rank(best)) {
    best = verdict::bulk;
  }
  return best;
}

final_action to_final_action(rules::spam_action action) noexcept {
  switch (action) {
    case rules::spam_action::move_to_jmf: return final_action::junk;
    case rules::spam_action::add_x_header: return final_action::add_x_header;
    case rules::spam_action::modify_subject: return final_action::modify_subject;
    case rules::spam_action::redirect: return final_action::redirect;
    case rules::spam_action::delete_message: return final_action::delete_message;
    case rules::spam_action::quarantine: return final_action::quarantine;
    case rules::spam_action::no_action: return final_action::deliver;
  }
  return final_action::deliver;
}

policy_action action_for(const rules::antispam_policy& policy, verdict v) noexcept {
  const rules::verdict_setting* setting = nullptr;
  switch (v) {
    case verdict::not_spam:
    case verdict::skipped: return {};
    case verdict::malware:
      return {final_action::quarantine, "AdminOnlyAccessPolicy", kMalwareRetentionDays};
    case verdict::bulk: setting = &policy.bulk; break;
    case verdict::spam: setting = &policy.spam; break;
    case verdict::high_confidence_spam: setting = &policy.high_confidence_spam; break;
    case verdict::phish: setting = &policy.phish; break;
    case verdict::high_confidence_phish: setting = &policy.high_confidence_phish; break;
  }
  policy_action result;
  result.action = to_final_action(setting->action);
  if (result.action == final_action::quarantine) {
    result.quarantine_tag = setting->quarantine_tag;
    result.retention_days = policy.quarantine_retention_days;
  }
  return result;
}

const rules::antispam_policy& policy_for(const rules::antispam_policy& default_policy,
                                         std::span<const rules::antispam_policy* const> scoped,
                                         std::span<const std::string> recipients) noexcept {
  for (const rules::antispam_policy* policy : scoped) {
    for (const std::string& r : recipients) {
      for (const auto& address : policy->sent_to) {
        if (r == address) return *policy;
      }
      for (const auto& domain : policy->recipient_domain_is) {
        if (mail::address_in_domain(r, domain)) return *policy;
      }
    }
  }
  return default_policy;
}

const rules::antispam_policy& deciding_policy(const rules::rule_set& set,
                                              const outcome& out) noexcept {
  return out.antispam != nullptr ? *out.antispam : set.antispam;
}

}  // namespace mfsim::policy
