// Verdict precedence and the anti-spam policy's action per verdict.
#include "engine/policy/antispam_policy.h"

#include <algorithm>

#include "engine/policy/quarantine_policy.h"

namespace mfsim::policy {
namespace {

constexpr int kBulkScl = 6;  // what MarkAsSpamBulkMail On converts bulk to

}  // namespace

// Precedence from mailflow-model.md section 6: spoof between high-confidence spam and spam.
int verdict_rank(verdict v) noexcept {
  switch (v) {
    case verdict::malware: return 8;
    case verdict::high_confidence_phish: return 7;
    case verdict::phish: return 6;
    case verdict::high_confidence_spam: return 5;
    case verdict::spoof: return 4;
    case verdict::spam: return 3;
    case verdict::bulk: return 2;
    case verdict::skipped: return 1;
    case verdict::not_spam: return 0;
  }
  return 0;
}

namespace {

verdict from_scl(int scl) noexcept {
  if (scl < 0) return verdict::skipped;
  if (scl >= 7) return verdict::high_confidence_spam;
  if (scl >= 5) return verdict::spam;
  return verdict::not_spam;
}

verdict from_category(mail::eop_category category, bool spoof_intelligence) noexcept {
  switch (category) {
    case mail::eop_category::malware: return verdict::malware;
    case mail::eop_category::high_confidence_phish: return verdict::high_confidence_phish;
    case mail::eop_category::phish: return verdict::phish;
    case mail::eop_category::bulk: return verdict::bulk;
    case mail::eop_category::spoof: return spoof_intelligence ? verdict::spoof : verdict::not_spam;
    default: return verdict::not_spam;
  }
}

final_action from_spoof_action(rules::spoof_action a) noexcept {
  switch (a) {
    case rules::spoof_action::move_to_jmf: return final_action::junk;
    case rules::spoof_action::quarantine: return final_action::quarantine;
    case rules::spoof_action::reject: return final_action::reject;
  }
  return final_action::junk;
}

}  // namespace

verdict decide_verdict(const verdict_inputs& in, verdict_reason& why) noexcept {
  why = {};
  why.category = in.message.category;
  why.bcl = in.message.bcl;
  why.bulk_threshold = in.bulk_threshold;
  why.bulk_service = in.message.bulk_service;
  why.dmarc = in.message.dmarc;
  // A rule's SCL 0..4 forces nothing: the message's own SCL keeps deciding.
  std::optional<int> scl = in.message.scl;
  scl_origin scl_source = scl ? scl_origin::message : scl_origin::none;
  const bool rule_forces = in.rule_scl && (*in.rule_scl < 0 || *in.rule_scl >= 5);
  if (rule_forces) {
    scl = in.rule_scl;
    scl_source = scl_origin::rule;
  } else if (in.rule_scl) {
    why.ignored_rule_scl = in.rule_scl;
  }
  why.scl = scl;
  why.scl_source = scl_source;

  const verdict category = from_category(in.message.category, in.spoof_intelligence);
  if (scl && *scl < 0) {
    // Skipped filtering still catches malware and high-confidence phish.
    if (verdict_rank(category) >= verdict_rank(verdict::high_confidence_phish)) {
      why.cause = verdict_cause::category;
      return category;
    }
    why.cause = verdict_cause::scl;
    return verdict::skipped;
  }
  // Microsoft's bulk signals: CAT:BULK, SRV:BULK, or a BCL at or over the policy's threshold.
  const bool over_threshold = in.message.bcl && *in.message.bcl >= in.bulk_threshold;
  const bool bulk = category == verdict::bulk || in.message.bulk_service || over_threshold;
  const verdict_cause bulk_cause = over_threshold ? verdict_cause::bcl : verdict_cause::category;
  verdict best = verdict::not_spam;
  if (scl) {
    best = from_scl(*scl);
    why.cause = verdict_cause::scl;
  }
  // MarkAsSpamBulkMail On turns bulk into SCL 6 and takes the Bulk action: a recorded SCL of
  // exactly 6 on bulk mail that spam filtering did not call spam (CAT:SPM) is that conversion
  // (an SCL 5 is spam filtering's own). Off: bulk is only stamped, that SCL is not given.
  const bool converted_bulk = bulk && !rule_forces && scl && *scl == kBulkScl &&
                              in.message.category != mail::eop_category::spam;
  if (converted_bulk) {
    best = in.mark_as_spam_bulk_mail ? verdict::bulk : verdict::not_spam;
    why.cause = in.mark_as_spam_bulk_mail ? bulk_cause : verdict_cause::none;
  }
  if (category != verdict::bulk && verdict_rank(category) > verdict_rank(best)) {
    best = category;
    why.cause = verdict_cause::category;
  }
  if (bulk && in.mark_as_spam_bulk_mail && verdict_rank(verdict::bulk) > verdict_rank(best)) {
    best = verdict::bulk;
    why.cause = bulk_cause;
  }
  return best;
}

verdict decide_verdict(const verdict_inputs& in) noexcept {
  verdict_reason unused;
  return decide_verdict(in, unused);
}

bool scl_bypass_delivers(verdict v, std::optional<int> rule_scl,
                         bool mx_points_to_microsoft365) noexcept {
  return v == verdict::high_confidence_phish && rule_scl && *rule_scl < 0 &&
         !mx_points_to_microsoft365;
}

spoof_decision spoof_action_for(const rules::antiphish_policy& policy,
                                mail::dmarc_policy sender_policy) noexcept {
  if (policy.honor_dmarc_policy && sender_policy == mail::dmarc_policy::quarantine) {
    return {from_spoof_action(policy.dmarc_quarantine_action), "DmarcQuarantineAction",
            policy.dmarc_quarantine_action};
  }
  if (policy.honor_dmarc_policy && sender_policy == mail::dmarc_policy::reject) {
    return {from_spoof_action(policy.dmarc_reject_action), "DmarcRejectAction",
            policy.dmarc_reject_action};
  }
  return {from_spoof_action(policy.authentication_fail_action), "AuthenticationFailAction",
          policy.authentication_fail_action};
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
    case verdict::spoof:  // the anti-phishing policy's: spoof_action_for
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

namespace {

bool in_any_domain(std::string_view recipient, const std::vector<std::string>& domains) noexcept {
  return std::any_of(domains.begin(), domains.end(),
                     [&](const std::string& d) { return mail::address_in_domain(recipient, d); });
}

bool listed(std::string_view recipient, const std::vector<std::string>& addresses) noexcept {
  return std::find(addresses.begin(), addresses.end(), recipient) != addresses.end();
}

// Whether the recipient belongs to an entry that the flags mark.
bool flagged(std::string_view recipient, const std::vector<std::uint8_t>& flags,
             const directory::directory_index* dir) noexcept {
  if (dir == nullptr || flags.empty()) return false;
  const auto hit = dir->find_address(recipient);
  return hit && flags[hit->entry] != 0;
}

}  // namespace

bool in_scope(const scoped_policy& scoped, std::string_view r,
              const directory::directory_index* dir) noexcept {
  const rules::antispam_policy& p = *scoped.policy;
  // Different kinds of condition are ANDed; the values of one kind are ORed.
  if (!p.recipient_domain_is.empty() && !in_any_domain(r, p.recipient_domain_is)) return false;
  if (!p.sent_to.empty() && !listed(r, p.sent_to)) return false;
  if (!p.sent_to_member_of.empty() && !flagged(r, scoped.in_groups, dir)) return false;
  // Any exception takes the recipient out.
  return !in_any_domain(r, p.except_recipient_domain_is) && !listed(r, p.except_sent_to) &&
         !flagged(r, scoped.in_except_groups, dir);
}

const rules::antispam_policy& policy_for(const rules::antispam_policy& default_policy,
                                         std::span<const scoped_policy> scoped,
                                         std::span<const std::string> recipients,
                                         const directory::directory_index* dir) noexcept {
  for (const scoped_policy& policy : scoped) {
    for (const std::string& r : recipients) {
      if (in_scope(policy, r, dir)) return *policy.policy;
    }
  }
  return default_policy;
}

const rules::antispam_policy& deciding_policy(const rules::rule_set& set,
                                              const outcome& out) noexcept {
  return out.antispam != nullptr ? *out.antispam : set.antispam;
}

}  // namespace mfsim::policy
