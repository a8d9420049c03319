// Names of the model's enumerations and the built-in quarantine policies.
#include "engine/rules/rule_set.h"

#include "engine/rules/other_actions.h"

namespace mfsim::rules {

const char* parameter_name(condition_kind kind) noexcept {
  switch (kind) {
    case condition_kind::header_contains_words: return "HeaderContainsWords";
    case condition_kind::header_matches_patterns: return "HeaderMatchesPatterns";
    case condition_kind::sender_ip_ranges: return "SenderIpRanges";
    case condition_kind::subject_contains_words: return "SubjectContainsWords";
    case condition_kind::subject_matches_patterns: return "SubjectMatchesPatterns";
    case condition_kind::from_address_contains_words: return "FromAddressContainsWords";
    case condition_kind::from_address_matches_patterns: return "FromAddressMatchesPatterns";
    case condition_kind::sender_domain_is: return "SenderDomainIs";
    case condition_kind::scl_over: return "SCLOver";
    case condition_kind::from: return "From";
    case condition_kind::sent_to: return "SentTo";
    case condition_kind::recipient_domain_is: return "RecipientDomainIs";
    case condition_kind::subject_or_body_contains_words: return "SubjectOrBodyContainsWords";
    case condition_kind::message_size_over: return "MessageSizeOver";
    case condition_kind::with_importance: return "WithImportance";
    case condition_kind::message_type_matches: return "MessageTypeMatches";
    case condition_kind::any_of_to_header: return "AnyOfToHeader";
    case condition_kind::any_of_cc_header: return "AnyOfCcHeader";
    case condition_kind::any_of_to_cc_header: return "AnyOfToCcHeader";
    case condition_kind::recipient_address_contains_words: return "RecipientAddressContainsWords";
    case condition_kind::recipient_address_matches_patterns:
      return "RecipientAddressMatchesPatterns";
    case condition_kind::any_of_recipient_address_contains_words:
      return "AnyOfRecipientAddressContainsWords";
    case condition_kind::any_of_recipient_address_matches_patterns:
      return "AnyOfRecipientAddressMatchesPatterns";
    case condition_kind::subject_or_body_matches_patterns: return "SubjectOrBodyMatchesPatterns";
    case condition_kind::content_character_set_contains_words:
      return "ContentCharacterSetContainsWords";
    case condition_kind::attachment_name_matches_patterns: return "AttachmentNameMatchesPatterns";
    case condition_kind::attachment_size_over: return "AttachmentSizeOver";
    case condition_kind::attachment_has_executable_content: return "AttachmentHasExecutableContent";
    case condition_kind::has_classification: return "HasClassification";
    case condition_kind::has_no_classification: return "HasNoClassification";
    case condition_kind::attachment_is_password_protected: return "AttachmentIsPasswordProtected";
    case condition_kind::message_contains_data_classifications:
      return "MessageContainsDataClassifications";
    case condition_kind::has_sender_override: return "HasSenderOverride";
    case condition_kind::attachment_contains_words: return "AttachmentContainsWords";
    case condition_kind::attachment_matches_patterns: return "AttachmentMatchesPatterns";
    case condition_kind::attachment_property_contains_words:
      return "AttachmentPropertyContainsWords";
    case condition_kind::attachment_is_unsupported: return "AttachmentIsUnsupported";
    case condition_kind::attachment_processing_limit_exceeded:
      return "AttachmentProcessingLimitExceeded";
    case condition_kind::attachment_extension_matches_words:
      return "AttachmentExtensionMatchesWords";
    case condition_kind::from_member_of: return "FromMemberOf";
    case condition_kind::sent_to_member_of: return "SentToMemberOf";
    case condition_kind::any_of_to_header_member_of: return "AnyOfToHeaderMemberOf";
    case condition_kind::any_of_cc_header_member_of: return "AnyOfCcHeaderMemberOf";
    case condition_kind::any_of_to_cc_header_member_of: return "AnyOfToCcHeaderMemberOf";
    case condition_kind::between_member_of: return "BetweenMemberOf1";
    case condition_kind::sender_ad_attribute_contains_words:
      return "SenderADAttributeContainsWords";
    case condition_kind::sender_ad_attribute_matches_patterns:
      return "SenderADAttributeMatchesPatterns";
    case condition_kind::recipient_ad_attribute_contains_words:
      return "RecipientADAttributeContainsWords";
    case condition_kind::recipient_ad_attribute_matches_patterns:
      return "RecipientADAttributeMatchesPatterns";
    case condition_kind::ad_comparison: return "ADComparisonAttribute";
    case condition_kind::manager_for_evaluated_user: return "ManagerAddresses";
    case condition_kind::sender_management_relationship: return "SenderManagementRelationship";
    case condition_kind::from_scope: return "FromScope";
    case condition_kind::sent_to_scope: return "SentToScope";
  }
  return "?";
}

bool reads_sender_address(condition_kind kind) noexcept {
  return kind == condition_kind::from_address_contains_words ||
         kind == condition_kind::from_address_matches_patterns ||
         kind == condition_kind::sender_domain_is || kind == condition_kind::from ||
         kind == condition_kind::from_member_of ||
         kind == condition_kind::sender_ad_attribute_contains_words ||
         kind == condition_kind::sender_ad_attribute_matches_patterns ||
         kind == condition_kind::between_member_of || kind == condition_kind::ad_comparison ||
         kind == condition_kind::manager_for_evaluated_user ||
         kind == condition_kind::sender_management_relationship ||
         kind == condition_kind::from_scope;
}

bool follows_sender_address_location(condition_kind kind) noexcept {
  return kind == condition_kind::from || kind == condition_kind::from_address_contains_words ||
         kind == condition_kind::from_address_matches_patterns ||
         kind == condition_kind::from_member_of || kind == condition_kind::sender_domain_is;
}

const char* parameter_value(spam_action action) noexcept {
  switch (action) {
    case spam_action::move_to_jmf: return "MoveToJmf";
    case spam_action::add_x_header: return "AddXHeader";
    case spam_action::modify_subject: return "ModifySubject";
    case spam_action::redirect: return "Redirect";
    case spam_action::delete_message: return "Delete";
    case spam_action::quarantine: return "Quarantine";
    case spam_action::no_action: return "NoAction";
  }
  return "?";
}

const char* parameter_value(spoof_action action) noexcept {
  switch (action) {
    case spoof_action::move_to_jmf: return "MoveToJmf";
    case spoof_action::quarantine: return "Quarantine";
    case spoof_action::reject: return "Reject";
  }
  return "?";
}

bool mx_points_to_microsoft365(const rule_set& set) noexcept {
  if (set.mx) return *set.mx == mx_record::microsoft365;
  // Area 1 "Configured as: MX Records" is Area 1 receiving the domain's mail (area1-presets.md).
  return !(set.area1.present && set.area1.configured_as == "MX Records");
}

const char* parameter_value(sender_location location) noexcept {
  switch (location) {
    case sender_location::header: return "Header";
    case sender_location::envelope: return "Envelope";
    case sender_location::header_or_envelope: return "HeaderOrEnvelope";
  }
  return "?";
}

const char* to_string(notification_frequency f) noexcept {
  switch (f) {
    case notification_frequency::every_4_hours: return "4h";
    case notification_frequency::daily: return "daily";
    case notification_frequency::weekly: return "weekly";
  }
  return "daily";
}

const char* parameter_value(rule_state state) noexcept {
  return state == rule_state::enabled ? "Enabled" : "Disabled";
}

const char* parameter_value(rule_mode mode) noexcept {
  switch (mode) {
    case rule_mode::enforce: return "Enforce";
    case rule_mode::audit: return "Audit";
    case rule_mode::audit_and_notify: return "AuditAndNotify";
  }
  return "Enforce";
}

const char* parameter_value(audit_severity severity) noexcept {
  switch (severity) {
    case audit_severity::do_not_audit: return "DoNotAudit";
    case audit_severity::low: return "Low";
    case audit_severity::medium: return "Medium";
    case audit_severity::high: return "High";
  }
  return "?";
}

const char* parameter_value(rule_error_action action) noexcept {
  return action == rule_error_action::defer ? "Defer" : "Ignore";
}

const char* action_parameter(verdict_setting_id id) noexcept {
  switch (id) {
    case verdict_setting_id::spam: return "SpamAction";
    case verdict_setting_id::high_confidence_spam: return "HighConfidenceSpamAction";
    case verdict_setting_id::phish: return "PhishSpamAction";
    case verdict_setting_id::high_confidence_phish: return "HighConfidencePhishAction";
    case verdict_setting_id::bulk: return "BulkSpamAction";
  }
  return "SpamAction";
}

const char* quarantine_tag_parameter(verdict_setting_id id) noexcept {
  switch (id) {
    case verdict_setting_id::spam: return "SpamQuarantineTag";
    case verdict_setting_id::high_confidence_spam: return "HighConfidenceSpamQuarantineTag";
    case verdict_setting_id::phish: return "PhishQuarantineTag";
    case verdict_setting_id::high_confidence_phish: return "HighConfidencePhishQuarantineTag";
    case verdict_setting_id::bulk: return "BulkQuarantineTag";
  }
  return "SpamQuarantineTag";
}

const verdict_setting& antispam_policy::setting(verdict_setting_id id) const noexcept {
  switch (id) {
    case verdict_setting_id::spam: return spam;
    case verdict_setting_id::high_confidence_spam: return high_confidence_spam;
    case verdict_setting_id::phish: return phish;
    case verdict_setting_id::high_confidence_phish: return high_confidence_phish;
    case verdict_setting_id::bulk: return bulk;
  }
  return spam;
}

const std::vector<quarantine_policy>& built_in_quarantine_policies() {
  // mailflow-model.md section 8: No access = 0, Full access = 39 (allow sender, release,
  // preview, delete).
  static const std::vector<quarantine_policy> policies = {
      {kAdminOnlyAccessPolicy, 0, false, false, true, {}},
      {"DefaultFullAccessPolicy", 39, false, false, true, {}},
      {"DefaultFullAccessWithNotificationPolicy", 39, true, false, true, {}},
      {"NotificationEnabledPolicy", 39, true, false, true, {}},
  };
  return policies;
}

const char* parameter_value(added_manager_action a) noexcept {
  switch (a) {
    case added_manager_action::to: return "To";
    case added_manager_action::cc: return "Cc";
    case added_manager_action::bcc: return "Bcc";
    case added_manager_action::redirect: return "Redirect";
  }
  return "?";
}

const char* parameter_value(disclaimer_location l) noexcept {
  return l == disclaimer_location::prepend ? "Prepend" : "Append";
}

const char* parameter_value(disclaimer_fallback f) noexcept {
  switch (f) {
    case disclaimer_fallback::wrap: return "Wrap";
    case disclaimer_fallback::ignore: return "Ignore";
    case disclaimer_fallback::reject: return "Reject";
  }
  return "?";
}

const char* parameter_value(notify_sender_type t) noexcept {
  switch (t) {
    case notify_sender_type::notify_only: return "NotifyOnly";
    case notify_sender_type::reject_message: return "RejectMessage";
    case notify_sender_type::reject_unless_false_positive_override:
      return "RejectUnlessFalsePositiveOverride";
    case notify_sender_type::reject_unless_silent_override: return "RejectUnlessSilentOverride";
    case notify_sender_type::reject_unless_explicit_override: return "RejectUnlessExplicitOverride";
  }
  return "?";
}

bool rule_actions::has_other_action() const noexcept {
  bool any = false;
  for_each_other_action(*this, [&](const action_parameter_value&) { any = true; });
  return any;
}

}  // namespace mfsim::rules
