// The YAML writer: the model back to docs/rule-format.md's keys, quoting only where needed.
#include "engine/rules/write_yaml.h"

#include <fmt/format.h>

#include <vector>

#include "engine/escape.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/rules/other_actions.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {
namespace {

// `key: [a, b]`, wrapped before 100 columns with the next lines indented under the key.
void write_list(std::string& y, std::string_view indent, std::string_view key,
                const std::vector<std::string>& items) {
  constexpr std::size_t kWidth = 100;
  std::string line = fmt::format("{}{}: [", indent, key);
  const std::string continuation = std::string(indent) + "  ";
  for (std::size_t k = 0; k < items.size(); ++k) {
    const std::string item = yaml_scalar(items[k], true) + (k + 1 < items.size() ? "," : "]");
    if (k > 0 && line.size() + 1 + item.size() > kWidth) {
      y += line + "\n";
      line = continuation + item;
    } else {
      line += (k > 0 ? " " : "") + item;
    }
  }
  if (items.empty()) line += "]";
  y += line + "\n";
}

void write_text(std::string& y, std::string_view indent, std::string_view key,
                std::string_view value) {
  y += fmt::format("{}{}: {}\n", indent, key, yaml_scalar(value));
}

// The parameter names a condition is written with.
struct condition_keys {
  std::string header_key;  // empty when the condition has no header partner
  std::string values_key;
};

condition_keys keys_of(const condition& c, bool exception) {
  const std::string prefix = exception ? "ExceptIf" : "";
  condition_keys keys{"", prefix + parameter_name(c.kind)};
  if (c.kind == condition_kind::header_contains_words) {
    keys.header_key = prefix + "HeaderContainsMessageHeader";
  }
  if (c.kind == condition_kind::header_matches_patterns) {
    keys.header_key = prefix + "HeaderMatchesMessageHeader";
  }
  return keys;
}

// MessageContainsDataClassifications: one mapping per type, with the keys that differ from
// their defaults.
void write_classifications(std::string& y, std::string_view key,
                           const std::vector<data_classification>& types) {
  y += fmt::format("    {}:\n", key);
  for (const auto& d : types) {
    std::string item = fmt::format("Name: {}", yaml_scalar(d.name, true));
    if (d.min_count != 1) item += fmt::format(", minCount: {}", d.min_count);
    if (d.max_count != -1) item += fmt::format(", maxCount: {}", d.max_count);
    if (d.min_confidence >= 0) item += fmt::format(", minConfidence: {}", d.min_confidence);
    if (d.max_confidence != 100) item += fmt::format(", maxConfidence: {}", d.max_confidence);
    y += fmt::format("      - {{{}}}\n", item);
  }
}

void write_condition(std::string& y, const condition& c, bool exception) {
  const auto keys = keys_of(c, exception);
  constexpr std::string_view indent = "    ";
  if (!keys.header_key.empty()) write_text(y, indent, keys.header_key, c.header_name);
  if (c.kind == condition_kind::scl_over) {
    y += fmt::format("{}{}: {}\n", indent, keys.values_key, c.scl);
  } else if ((c.kind == condition_kind::from_scope || c.kind == condition_kind::sent_to_scope) &&
             !c.values.empty()) {
    write_text(y, indent, keys.values_key, c.values.front());  // one value: InOrganization, ...
  } else if (c.kind == condition_kind::attachment_has_executable_content ||
             c.kind == condition_kind::attachment_is_password_protected ||
             c.kind == condition_kind::attachment_is_unsupported ||
             c.kind == condition_kind::attachment_processing_limit_exceeded ||
             c.kind == condition_kind::has_no_classification ||
             c.kind == condition_kind::has_sender_override) {
    y += fmt::format("{}{}: true\n", indent, keys.values_key);
  } else if (c.kind == condition_kind::message_contains_data_classifications) {
    write_classifications(y, keys.values_key, c.classifications);
  } else if (c.kind == condition_kind::message_size_over ||
             c.kind == condition_kind::attachment_size_over) {
    y += fmt::format("{}{}: {}\n", indent, keys.values_key, c.size_bytes);
  } else if (c.kind == condition_kind::sender_management_relationship) {
    write_text(y, indent, keys.values_key, c.qualifier);
  } else if (c.kind == condition_kind::ad_comparison) {
    write_text(y, indent, keys.values_key, c.values.empty() ? "" : c.values.front());
    write_text(y, indent, (exception ? "ExceptIf" : "") + std::string("ADComparisonOperator"),
               c.qualifier);
  } else if (c.kind == condition_kind::manager_for_evaluated_user) {
    write_list(y, indent, keys.values_key, c.values);
    write_text(y, indent, (exception ? "ExceptIf" : "") + std::string("ManagerForEvaluatedUser"),
               c.qualifier);
  } else if (c.kind == condition_kind::between_member_of) {
    write_list(y, indent, keys.values_key, c.values);
    write_list(y, indent, (exception ? "ExceptIf" : "") + std::string("BetweenMemberOf2"),
               c.values2);
  } else {
    write_list(y, indent, keys.values_key, c.values);
  }
}

// The actions read by build_rule_actions.cc, under the same names.
void write_other_actions(std::string& y, std::string_view indent, const rule_actions& a) {
  for_each_other_action(a, [&](const action_parameter_value& v) {
    using shape = action_parameter_value::shape;
    switch (v.kind) {
      case shape::flag: y += fmt::format("{}{}: true\n", indent, v.name); break;
      case shape::number: y += fmt::format("{}{}: {}\n", indent, v.name, v.text); break;
      case shape::text: write_text(y, indent, v.name, v.text); break;
      case shape::list: write_list(y, indent, v.name, *v.list); break;
    }
  });
}

void write_rule(std::string& y, const transport_rule& r) {
  constexpr std::string_view indent = "    ";
  y += fmt::format("  - Name: {}\n", yaml_scalar(r.name));
  if (r.priority_given) y += fmt::format("{}Priority: {}\n", indent, r.priority);
  y += fmt::format("{}State: {}\n{}Mode: {}\n", indent, parameter_value(r.state), indent,
                   parameter_value(r.mode));
  if (r.sender_address_location != sender_location::header) {
    y += fmt::format("{}SenderAddressLocation: {}\n", indent,
                     parameter_value(r.sender_address_location));
  }
  if (r.on_error != rule_error_action::ignore) {
    y += fmt::format("{}RuleErrorAction: {}\n", indent, parameter_value(r.on_error));
  }
  if (r.activation_date) {
    y +=
        fmt::format("{}ActivationDate: {}\n", indent, mail::format_iso8601_utc(*r.activation_date));
  }
  if (r.expiry_date) {
    y += fmt::format("{}ExpiryDate: {}\n", indent, mail::format_iso8601_utc(*r.expiry_date));
  }
  if (!r.comments.empty()) write_text(y, indent, "Comments", r.comments);
  for (const auto& c : r.conditions) write_condition(y, c, false);
  for (const auto& c : r.exceptions) write_condition(y, c, true);
  const auto& a = r.actions;
  if (a.set_scl) y += fmt::format("{}SetSCL: {}\n", indent, *a.set_scl);
  if (a.set_header_name) {
    write_text(y, indent, "SetHeaderName", *a.set_header_name);
    write_text(y, indent, "SetHeaderValue", a.set_header_value.value_or(""));
  }
  if (a.remove_header) write_text(y, indent, "RemoveHeader", *a.remove_header);
  if (a.prepend_subject) write_text(y, indent, "PrependSubject", *a.prepend_subject);
  if (a.quarantine) y += fmt::format("{}Quarantine: true\n", indent);
  if (a.delete_message) y += fmt::format("{}DeleteMessage: true\n", indent);
  if (!a.redirect_message_to.empty()) {
    write_list(y, indent, "RedirectMessageTo", a.redirect_message_to);
  }
  if (a.stop_rule_processing) y += fmt::format("{}StopRuleProcessing: true\n", indent);
  if (a.reject_reason) write_text(y, indent, "RejectMessageReasonText", *a.reject_reason);
  if (a.reject_status_code) {
    write_text(y, indent, "RejectMessageEnhancedStatusCode", *a.reject_status_code);
  }
  if (a.set_audit_severity) {
    y += fmt::format("{}SetAuditSeverity: {}\n", indent, parameter_value(*a.set_audit_severity));
  }
  write_other_actions(y, indent, a);
}

// The settings every anti-spam policy has, at `indent`.
void write_antispam_settings(std::string& y, std::string_view indent, const antispam_policy& as) {
  const auto verdict = [&](std::string_view action_key, std::string_view tag_key,
                           const verdict_setting& v) {
    y += fmt::format("{}{}: {}\n", indent, action_key, parameter_value(v.action));
    write_text(y, indent, tag_key, v.quarantine_tag);
  };
  verdict("SpamAction", "SpamQuarantineTag", as.spam);
  verdict("HighConfidenceSpamAction", "HighConfidenceSpamQuarantineTag", as.high_confidence_spam);
  verdict("PhishSpamAction", "PhishQuarantineTag", as.phish);
  verdict("HighConfidencePhishAction", "HighConfidencePhishQuarantineTag",
          as.high_confidence_phish);
  verdict("BulkSpamAction", "BulkQuarantineTag", as.bulk);
  y += fmt::format("{}BulkThreshold: {}\n", indent, as.bulk_threshold);
  y += fmt::format("{}QuarantineRetentionPeriod: {}\n", indent, as.quarantine_retention_days);
  write_text(y, indent, "AddXHeaderValue", as.x_header);
  if (!as.modify_subject_text.empty()) {
    write_text(y, indent, "ModifySubjectValue", as.modify_subject_text);
  }
  if (!as.mark_as_spam_bulk_mail) y += fmt::format("{}MarkAsSpamBulkMail: Off\n", indent);
  // Sender, language and region lists, only when set (issue 15).
  const auto list = [&](std::string_view key, const std::vector<std::string>& items) {
    if (!items.empty()) write_list(y, indent, key, items);
  };
  list("AllowedSenders", as.allowed_senders);
  list("AllowedSenderDomains", as.allowed_sender_domains);
  list("BlockedSenders", as.blocked_senders);
  list("BlockedSenderDomains", as.blocked_sender_domains);
  if (as.enable_language_block_list) y += fmt::format("{}EnableLanguageBlockList: true\n", indent);
  list("LanguageBlockList", as.language_block_list);
  if (as.enable_region_block_list) y += fmt::format("{}EnableRegionBlockList: true\n", indent);
  list("RegionBlockList", as.region_block_list);
  list("RedirectToRecipients", as.redirect_to_recipients);
  // Advanced Spam Filter settings and IntraOrgFilterState, only when set (issue 15).
  for (const auto& setting : asf_settings()) {
    const asf_state state = as.asf.of(setting.id);
    if (state != asf_state::off) {
      y += fmt::format("{}{}: {}\n", indent, setting.parameter, parameter_value(state));
    }
  }
  if (as.asf.test_action != asf_test_action::none) {
    y += fmt::format("{}TestModeAction: {}\n", indent, parameter_value(as.asf.test_action));
  }
  list("TestModeBccToRecipients", as.asf.test_bcc);
  if (as.asf.intra_org != intra_org_filter::not_set) {
    y += fmt::format("{}IntraOrgFilterState: {}\n", indent, parameter_value(as.asf.intra_org));
  }
}

// The organisation's accepted domains, when it has any.
void write_organization(std::string& y, const rule_set& set) {
  if (set.accepted_domains.empty()) return;
  y += "organization:\n  accepted_domains:\n";
  for (const auto& d : set.accepted_domains) {
    y += fmt::format("    - DomainName: {}\n", yaml_scalar(d.domain));
    y += fmt::format("      DomainType: {}\n", parameter_value(d.type));
    if (d.name != d.domain) write_text(y, "      ", "Name", d.name);
  }
}

// The anti-phishing policy's spoof settings, when any differs from New-AntiPhishPolicy's.
void write_antiphish(std::string& y, const antiphish_policy& ap) {
  const antiphish_policy defaults;
  if (ap.name == defaults.name &&
      ap.enable_spoof_intelligence == defaults.enable_spoof_intelligence &&
      ap.authentication_fail_action == defaults.authentication_fail_action &&
      ap.spoof_quarantine_tag == defaults.spoof_quarantine_tag &&
      ap.honor_dmarc_policy == defaults.honor_dmarc_policy &&
      ap.dmarc_quarantine_action == defaults.dmarc_quarantine_action &&
      ap.dmarc_reject_action == defaults.dmarc_reject_action) {
    return;
  }
  y += "antiphish_policy:\n";
  write_text(y, "  ", "Name", ap.name);
  y += fmt::format("  EnableSpoofIntelligence: {}\n", ap.enable_spoof_intelligence);
  y += fmt::format("  AuthenticationFailAction: {}\n",
                   parameter_value(ap.authentication_fail_action));
  write_text(y, "  ", "SpoofQuarantineTag", ap.spoof_quarantine_tag);
  y += fmt::format("  HonorDmarcPolicy: {}\n", ap.honor_dmarc_policy);
  y += fmt::format("  DmarcQuarantineAction: {}\n", parameter_value(ap.dmarc_quarantine_action));
  y += fmt::format("  DmarcRejectAction: {}\n", parameter_value(ap.dmarc_reject_action));
}

}  // namespace

std::string write_rule_set_yaml(const rule_set& set, std::string_view comment) {
  std::string y;
  for (std::size_t start = 0; start < comment.size();) {
    const std::size_t end = std::min(comment.find('\n', start), comment.size());
    y += fmt::format("# {}\n", comment.substr(start, end - start));
    start = end + 1;
  }
  y += "mfsim: 1\n";
  if (!set.name.empty()) write_text(y, "", "name", set.name);
  if (!set.description.empty()) write_text(y, "", "description", set.description);

  const auto& a1 = set.area1;
  y += "area1:\n";
  write_text(y, "  ", "disposition_header", a1.disposition_header);
  write_list(y, "  ", "quarantine_dispositions", a1.quarantine_dispositions);
  if (!a1.egress_list.empty()) write_text(y, "  ", "egress_list", a1.egress_list);
  write_text(y, "  ", "configured_as", a1.configured_as);
  write_text(y, "  ", "forwarding_to", a1.forwarding_to);
  y += fmt::format("  outbound_tls: {}\n", a1.outbound_tls ? "true" : "false");
  write_list(y, "  ", "ip_restrictions", a1.ip_restrictions);

  if (!set.ip_lists.empty()) {
    y += "ip_lists:\n";
    for (const auto& list : set.ip_lists) {
      y += fmt::format("  {}:\n", yaml_scalar(list.name));
      if (!list.comment.empty()) write_text(y, "    ", "comment", list.comment);
      write_list(y, "    ", "entries", list.entries);
    }
  }

  if (!set.quarantine_policies.empty()) {
    y += "quarantine_policies:\n";
    for (const auto& policy : set.quarantine_policies) {
      y += fmt::format("  - Name: {}\n", yaml_scalar(policy.name));
      y += fmt::format("    EndUserQuarantinePermissionsValue: {}\n", policy.permissions);
      y += fmt::format("    ESNEnabled: {}\n", policy.notifications ? "true" : "false");
      if (policy.notify_blocked_senders) y += "    IncludeMessagesFromBlockedSenderAddress: true\n";
    }
  }

  y += "antispam_policy:\n";
  write_text(y, "  ", "Name", set.antispam.name);
  write_antispam_settings(y, "  ", set.antispam);
  if (!set.scoped_antispam.empty()) {
    y += "antispam_policies:\n";
    for (const auto& policy : set.scoped_antispam) {
      y += fmt::format("  - Name: {}\n", yaml_scalar(policy.name));
      y += fmt::format("    Priority: {}\n", policy.priority);
      for (const auto& scope : antispam_scope_lists) {
        const auto& values = policy.*(scope.list);
        if (!values.empty()) write_list(y, "    ", scope.key, values);
      }
      write_antispam_settings(y, "    ", policy);
    }
  }

  write_antiphish(y, set.antiphish);
  write_organization(y, set);

  y += "settings:\n";
  y += fmt::format("  notification_frequency: {}\n", to_string(set.notify_frequency));
  y += fmt::format("  scl_model: {}\n",
                   set.scl_model_kind == scl_model::classic ? "classic" : "advisory");
  // The area1 block above is always written, so say where the MX points whenever the block
  // alone would say otherwise (an import has no Area 1 setting: the MX is Microsoft 365).
  rule_set as_written = set;
  as_written.area1.present = true;
  as_written.mx.reset();
  if (mx_points_to_microsoft365(as_written) != mx_points_to_microsoft365(set) || set.mx) {
    y +=
        fmt::format("  mx_record: {}\n", mx_points_to_microsoft365(set) ? "microsoft365" : "other");
  }

  if (!set.transport_rules.empty()) {
    y += "transport_rules:\n";
    for (const auto& rule : set.transport_rules) write_rule(y, rule);
  }
  return y;
}

}  // namespace mfsim::rules
