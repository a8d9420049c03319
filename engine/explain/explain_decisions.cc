// The explanation of stages [D] to [F]: the SCL path, the verdict's reasons, the anti-spam
// policy, the action and the quarantine, each from what the deciding stage recorded.
#include <fmt/format.h>

#include "engine/explain/explain_internal.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/policy/antispam_policy.h"

namespace mfsim::explain {
namespace {

std::string scl_meaning(int scl) {
  if (scl < 0) {
    return "SCL -1 skips spam filtering (malware and high confidence phish are still caught)";
  }
  if (scl <= 4) return fmt::format("SCL {} is not spam (0-4)", scl);
  if (scl <= 6) return fmt::format("SCL {} means spam (5-6)", scl);
  return fmt::format("SCL {} means high confidence spam (7-9)", scl);
}

// The verdict a Microsoft category gives by itself (none for the ones that force nothing).
std::optional<verdict> category_verdict(mail::eop_category c) {
  switch (c) {
    case mail::eop_category::malware: return verdict::malware;
    case mail::eop_category::high_confidence_phish: return verdict::high_confidence_phish;
    case mail::eop_category::phish: return verdict::phish;
    case mail::eop_category::bulk: return verdict::bulk;
    default: return std::nullopt;
  }
}

struct permission_bit {
  std::uint32_t bit;
  const char* name;
};

constexpr permission_bit kPermissions[] = {
    {rules::perm_view_header, "PermissionToViewHeader"},
    {rules::perm_download, "PermissionToDownload"},
    {rules::perm_allow_sender, "PermissionToAllowSender"},
    {rules::perm_block_sender, "PermissionToBlockSender"},
    {rules::perm_request_release, "PermissionToRequestRelease"},
    {rules::perm_release, "PermissionToRelease"},
    {rules::perm_preview, "PermissionToPreview"},
    {rules::perm_delete, "PermissionToDelete"},
};

std::optional<std::string> permission_level(const rules::quarantine_policy* policy) {
  if (policy == nullptr) return std::nullopt;
  switch (policy->permissions) {
    case 0: return "No access";
    case 43: return "Limited access";
    case 39: return "Full access";
    default: return "custom";
  }
}

std::string release_reason(release_basis basis) {
  switch (basis) {
    case release_basis::area1:
      return "only an Area 1 administrator can release it from the Area 1 quarantine";
    case release_basis::rule_quarantine:
      return "a transport rule's Quarantine puts it in the hosted quarantine, which only an admin "
             "can release";
    case release_basis::anti_malware:
      return fmt::format("malware is quarantined under {}: only an admin can release it",
                         rules::kAdminOnlyAccessPolicy);
    case release_basis::release_withheld:
      return "the policy grants PermissionToRelease, but release is never honoured for malware or "
             "high confidence phish: the recipient can only request release, an admin releases";
    case release_basis::permission_release:
      return "PermissionToRelease: the recipient releases it themselves";
    case release_basis::permission_request_release:
      return "PermissionToRequestRelease: the recipient asks, an admin releases";
    case release_basis::no_permission:
    case release_basis::none: break;
  }
  return "the policy grants neither PermissionToRelease nor PermissionToRequestRelease: only an "
         "admin can release it";
}

std::string notify_reason(const outcome& r) {
  const rules::quarantine_policy* policy = r.quarantine_policy_used;
  if (r.release_reason == release_basis::area1) {
    return "Area 1's quarantine sends no Microsoft 365 quarantine notification";
  }
  if (r.release_reason == release_basis::rule_quarantine) {
    return "the hosted quarantine of a transport rule never notifies";
  }
  if (policy == nullptr) return "unknown policy: no notification";
  return fmt::format("ESNEnabled is {} for {}", policy->notifications ? "on" : "off",
                     valid_utf8(policy->name));
}

// The anti-spam policy's setting that decided, and its parameters' values.
void explain_setting(const rules::antispam_policy& policy, const outcome& r,
                     rules::verdict_setting_id id, action_step& a) {
  const char* action_name = rules::action_parameter(id);
  const char* tag_name = rules::quarantine_tag_parameter(id);
  const rules::verdict_setting& setting = policy.setting(id);
  a.setting = action_name;
  a.policy_action = rules::parameter_value(setting.action);
  a.explanation = fmt::format("anti-spam policy {}: {} = {}", valid_utf8(policy.name), action_name,
                              rules::parameter_value(setting.action));
  if (r.action == final_action::quarantine) {
    a.quarantine_tag_setting = tag_name;
    a.quarantine_tag = valid_utf8(setting.quarantine_tag);
    a.explanation += fmt::format(", {} = {}", tag_name, *a.quarantine_tag);
  } else if (r.action == final_action::add_x_header) {
    a.explanation += fmt::format(" (header \"{}\")", valid_utf8(policy.x_header));
  } else if (r.action == final_action::modify_subject) {
    a.explanation +=
        fmt::format(" (subject prefix \"{}\")", valid_utf8(policy.modify_subject_text));
  } else if (r.action == final_action::redirect) {
    a.explanation +=
        policy.redirect_to_recipients.empty()
            ? std::string(" (no RedirectToRecipients: nowhere to deliver)")
            : fmt::format(
                  " (redirected to {})",
                  valid_utf8(fmt::format("{}", fmt::join(policy.redirect_to_recipients, ", "))));
  }
}

}  // namespace

scl_step explain_scl(const plan& p, const outcome& r, const evaluation_trace& t) {
  scl_step s;
  for (const auto& rt : t.rules) {
    if (rt.status != rule_status::applied) continue;
    if (const auto set_scl = p.rule_source(rt.rule).actions.set_scl) {
      s.steps.push_back({valid_utf8(p.rule_name(rt.rule)), *set_scl});
    }
  }
  s.recorded = t.recorded.scl;
  s.value = r.scl;
  s.source = to_string(r.scl_source);
  return s;
}

std::vector<std::string> verdict_reasons(const outcome& r, const evaluation_trace& t) {
  std::vector<std::string> why;
  if (r.decision.by == action_decider::area1) {
    why.push_back(
        "Area 1 kept the message in its own quarantine: Microsoft 365 never filtered it, so "
        "there is no verdict (not_spam)");
    return why;
  }
  if (t.recorded_ignored) {
    why.push_back("--message-verdict ignore: Microsoft's recorded verdict is not used");
  }
  const verdict_reason& v = r.why_verdict;
  if (v.scl_source == scl_origin::rule) {
    why.push_back(
        fmt::format("a transport rule set SCL {}; it replaces any SCL Microsoft recorded", *v.scl));
  } else if (v.ignored_rule_scl) {
    why.push_back(
        fmt::format("a transport rule set SCL {}, which forces no verdict (0-4): Microsoft's "
                    "recorded verdict decides (decisions.md 12)",
                    *v.ignored_rule_scl));
    if (v.scl) why.push_back(fmt::format("Microsoft recorded SCL {}", *v.scl));
  } else if (v.scl) {
    why.push_back(fmt::format("no rule set an SCL; Microsoft recorded SCL {}", *v.scl));
  } else {
    why.push_back("no SCL: no rule set one and none was recorded on the message");
  }
  if (v.scl) why.push_back(scl_meaning(*v.scl));
  if (const auto given = category_verdict(v.category)) {
    why.push_back(fmt::format("Microsoft's category CAT:{} gives {}", mail::to_string(v.category),
                              verdict_words(*given)));
  } else if (v.category == mail::eop_category::spoof) {
    why.push_back(
        "Microsoft's category CAT:SPOOF (or DMARC) gives spoof, the anti-phishing policy's "
        "verdict, unless its EnableSpoofIntelligence is off (decisions.md 13)");
  } else if (v.category != mail::eop_category::none) {
    why.push_back(fmt::format(
        "Microsoft's category CAT:{} forces no verdict; the SCL decides (decisions.md 13)",
        mail::to_string(v.category)));
  }
  if (v.bcl) {
    why.push_back(
        *v.bcl >= v.bulk_threshold
            ? fmt::format("BCL {} >= BulkThreshold {} gives bulk", *v.bcl, v.bulk_threshold)
            : fmt::format("BCL {} is below BulkThreshold {}", *v.bcl, v.bulk_threshold));
  }
  if (v.cause == verdict_cause::policy_list) {
    // The anti-spam policy's lists, weighed after filtering (decisions.md, "Allowed and
    // blocked senders").
    why.push_back(fmt::format(
        "the anti-spam policy's {} lists {}: {}", r.list_setting, r.list_entry,
        r.verdict_value == verdict::skipped
            ? "the sender skips spam filtering (SFV:SKA), unless malware or high confidence phish"
            : "the message is marked as spam (SpamAction), unless filtering found worse"));
  } else if (v.cause == verdict_cause::asf && r.asf_decided && r.antispam != nullptr) {
    // The Advanced Spam Filter (decisions.md 270-289).
    const rules::asf_info& asf = rules::info_of(*r.asf_decided);
    why.push_back(fmt::format(
        "the anti-spam policy's {} is On and found its property: X-CustomSpam: {}, SCL {} "
        "gives {}",
        asf.parameter, asf.x_custom_spam, asf.scl, to_string(r.verdict_value)));
  } else if (v.cause == verdict_cause::intra_org && r.antispam != nullptr) {
    why.push_back(fmt::format(
        "the message went between internal users and IntraOrgFilterState {} does not act on "
        "{}: filtering is skipped (SFV:SKI)",
        rules::parameter_value(r.antispam->asf.intra_org), to_string(r.intra_org_verdict)));
  } else if (v.scl && *v.scl < 0) {
    why.push_back(fmt::format(
        "skipped filtering wins unless the message is malware or high confidence phish: {}",
        to_string(r.verdict_value)));
  } else {
    why.push_back(fmt::format(
        "the highest in precedence wins (malware > high confidence phish > phish > high "
        "confidence spam > spoof > spam > bulk): {}",
        to_string(r.verdict_value)));
  }
  return why;
}

antispam_policy_step explain_antispam_policy(const plan& p, const outcome& r,
                                             std::span<const std::string> recipients) {
  const rules::rule_set& set = p.source();
  const rules::antispam_policy& policy = policy::deciding_policy(set, r);
  antispam_policy_step a;
  a.name = valid_utf8(policy.name);
  a.scoped = &policy != &set.antispam;
  for (const auto& d : policy.recipient_domain_is) a.recipient_domain_is.push_back(valid_utf8(d));
  for (const auto& s : policy.sent_to) a.sent_to.push_back(valid_utf8(s));
  for (const auto& rcpt : recipients) a.recipients.push_back(valid_utf8(rcpt));
  a.scoped_policies = set.scoped_antispam.size();
  return a;
}

action_step explain_action(const plan& p, const outcome& r) {
  const action_decision& d = r.decision;
  action_step a;
  a.value = to_string(r.action);
  a.decided_by = to_string(d.by == action_decider::none ? action_decider::anti_spam_policy : d.by);
  switch (d.by) {
    case action_decider::area1:
      a.explanation = fmt::format(
          "Area 1 keeps disposition {} in its own admin quarantine "
          "(area1.quarantine_dispositions); the message never reaches Microsoft 365",
          valid_utf8(r.disposition.value_or("?")));
      break;
    case action_decider::anti_malware:
      a.explanation = fmt::format(
          "anti-malware runs before mail flow rules and quarantines malware under {} for {} "
          "days, whatever a rule asked for",
          rules::kAdminOnlyAccessPolicy, r.retention_days.value_or(0));
      break;
    case action_decider::transport_rule: {
      const std::string name = valid_utf8(p.rule_name(d.rule.value_or(0)));
      const std::string parameter = to_parameter(d.rule_action);
      a.rule = name;
      a.policy_action = parameter;
      std::string detail;
      if (d.rule_action == rule_terminal::quarantine) {
        detail = fmt::format(": hosted quarantine, admin-only, {} days, no notification",
                             r.retention_days.value_or(0));
      } else if (d.rule_action == rule_terminal::reject) {
        detail = fmt::format(": a non-delivery report {} \"{}\"", valid_utf8(r.reject_code),
                             valid_utf8(r.reject_reason));
      }
      a.explanation = fmt::format(
          "transport rule \"{}\" applied {}, which decides over the anti-spam policy "
          "(decisions.md 16){}",
          name, parameter, detail);
      break;
    }
    case action_decider::anti_phishing_policy: {
      // The anti-phishing setting stage [E] recorded (decisions.md 13).
      const rules::antiphish_policy& ap = p.source().antiphish;
      const std::string setting = d.antiphish_setting != nullptr ? d.antiphish_setting : "";
      const std::string value = rules::parameter_value(d.antiphish_value);
      a.setting = setting;
      a.policy_action = value;
      a.explanation =
          fmt::format("anti-phishing policy {}: {} = {}", valid_utf8(ap.name), setting, value);
      if (r.action == final_action::quarantine) {
        a.quarantine_tag_setting = "SpoofQuarantineTag";
        a.quarantine_tag = valid_utf8(ap.spoof_quarantine_tag);
        a.explanation += fmt::format(", SpoofQuarantineTag = {}", *a.quarantine_tag);
      }
      break;
    }
    case action_decider::scl_bypass: {
      // Secure by default's documented exception (decisions.md 12a).
      const std::string name = valid_utf8(p.rule_name(d.rule.value_or(0)));
      a.rule = name;
      a.policy_action = "SetSCL";
      a.explanation = fmt::format(
          "transport rule \"{}\" set SCL -1 and the MX does not point to Microsoft 365: high "
          "confidence phish is delivered (secure by default's documented exception)",
          name);
      break;
    }
    case action_decider::anti_spam_policy:
    case action_decider::none:
      if (d.setting) {
        explain_setting(policy::deciding_policy(p.source(), r), r, *d.setting, a);
      } else {
        a.explanation =
            fmt::format("verdict {}: delivered to the inbox", to_string(r.verdict_value));
      }
      break;
  }
  return a;
}

std::optional<quarantine_step> explain_quarantine(const plan& p, const outcome& r) {
  if (r.quarantine_policy.empty()) return std::nullopt;
  const rules::rule_set& set = p.source();
  const rules::quarantine_policy* policy = r.quarantine_policy_used;
  quarantine_step q;
  q.policy = valid_utf8(r.quarantine_policy);
  q.kind = r.release_reason == release_basis::area1 ? "area1"
           : policy == nullptr                      ? "unknown"
           : policy->built_in                       ? "built_in"
                                                    : "custom";
  const std::uint32_t permissions = policy != nullptr ? policy->permissions : 0;
  if (policy != nullptr) q.permissions = permissions;
  for (const auto& b : kPermissions) {
    if ((permissions & b.bit) != 0) q.permission_names.push_back(b.name);
  }
  q.permission_level = permission_level(policy);
  if (r.release != release_path::none) q.release = to_string(r.release);
  q.release_reason = release_reason(r.release_reason);
  q.notify = r.notify;
  if (r.notify) q.notify_frequency = to_string(set.notify_frequency);
  q.notify_reason = notify_reason(r);
  q.retention_days = r.retention_days;
  switch (r.retention_source) {
    case retention_origin::none: break;
    case retention_origin::rule_quarantine:
    case retention_origin::anti_malware:
      q.retention_source = fmt::format("fixed {} days", r.retention_days.value_or(0));
      break;
    case retention_origin::antispam_policy:
      q.retention_source = fmt::format("QuarantineRetentionPeriod of anti-spam policy {}",
                                       valid_utf8(policy::deciding_policy(set, r).name));
      break;
  }
  if (r.received) q.received = mail::format_iso8601_utc(*r.received);
  if (r.expires) q.expires = mail::format_iso8601_utc(*r.expires);
  return q;
}

}  // namespace mfsim::explain
