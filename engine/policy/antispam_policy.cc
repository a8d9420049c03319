// Verdict precedence and the anti-spam policy's action per verdict.
#include "engine/policy/antispam_policy.h"

#include "engine/policy/quarantine_policy.h"

namespace mfsim::policy {
namespace {

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

verdict decide_verdict(const verdict_inputs& in, verdict_reason& why) noexcept {
  why = {};
  why.category = in.message.category;
  why.bcl = in.message.bcl;
  why.bulk_threshold = in.bulk_threshold;
  // A rule's SCL 0..4 forces nothing: the message's own SCL keeps deciding.
  std::optional<int> scl = in.message.scl;
  scl_origin scl_source = scl ? scl_origin::message : scl_origin::none;
  if (in.rule_scl && (*in.rule_scl < 0 || *in.rule_scl >= 5)) {
    scl = in.rule_scl;
    scl_source = scl_origin::rule;
  } else if (in.rule_scl) {
    why.ignored_rule_scl = in.rule_scl;
  }
  why.scl = scl;
  why.scl_source = scl_source;

  const verdict category = from_category(in.message.category);
  if (scl && *scl < 0) {
    // Skipped filtering still catches malware and high-confidence phish.
    if (rank(category) >= rank(verdict::high_confidence_phish)) {
      why.cause = verdict_cause::category;
      return category;
    }
    why.cause = verdict_cause::scl;
    return verdict::skipped;
  }
  verdict best = verdict::not_spam;
  if (scl) {
    best = from_scl(*scl);
    why.cause = verdict_cause::scl;
  }
  if (rank(category) > rank(best)) {
    best = category;
    why.cause = verdict_cause::category;
  }
  if (in.message.bcl && *in.message.bcl >= in.bulk_threshold && rank(verdict::bulk) > rank(best)) {
    best = verdict::bulk;
    why.cause = verdict_cause::bcl;
  }
  return best;
}

verdict decide_verdict(const verdict_inputs& in) noexcept {
  verdict_reason unused;
  return decide_verdict(in, unused);
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

std::optional<rules::verdict_setting_id> setting_for(verdict v) noexcept {
  switch (v) {
    case verdict::bulk: return rules::verdict_setting_id::bulk;
    case verdict::spam: return rules::verdict_setting_id::spam;
    case verdict::high_confidence_spam: return rules::verdict_setting_id::high_confidence_spam;
    case verdict::phish: return rules::verdict_setting_id::phish;
    case verdict::high_confidence_phish: return rules::verdict_setting_id::high_confidence_phish;
    case verdict::not_spam:
    case verdict::skipped:
    case verdict::malware: break;
  }
  return std::nullopt;
}

policy_action action_for(const rules::antispam_policy& policy, verdict v) noexcept {
  if (v == verdict::malware) {
    return {final_action::quarantine,       rules::kAdminOnlyAccessPolicy, kFixedRetentionDays,
            retention_origin::anti_malware, action_decider::anti_malware,  std::nullopt};
  }
  policy_action result;
  result.setting = setting_for(v);
  if (!result.setting) return result;  // not_spam, skipped: delivered
  const rules::verdict_setting& setting = policy.setting(*result.setting);
  result.action = to_final_action(setting.action);
  if (result.action == final_action::quarantine) {
    result.quarantine_tag = setting.quarantine_tag;
    result.retention_days = policy.quarantine_retention_days;
    result.retention_source = retention_origin::antispam_policy;
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
