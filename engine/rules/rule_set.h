// The rule-set model: what a rule file, a preset or an import describes, before compiling.
//
// Names follow Exchange Online's cmdlet parameters so an administrator recognises them.
// Every element keeps the source position it came from, for diagnostics and explain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/rules/asf_settings.h"
#include "engine/rules/organization.h"
#include "engine/status.h"

namespace mfsim::rules {

// ---- transport rules ------------------------------------------------------------------

enum class condition_kind {
  header_contains_words,               // HeaderContainsMessageHeader + HeaderContainsWords
  header_matches_patterns,             // HeaderMatchesMessageHeader + HeaderMatchesPatterns
  sender_ip_ranges,                    // SenderIpRanges
  subject_contains_words,              // SubjectContainsWords
  subject_matches_patterns,            // SubjectMatchesPatterns
  from_address_contains_words,         // FromAddressContainsWords
  from_address_matches_patterns,       // FromAddressMatchesPatterns
  sender_domain_is,                    // SenderDomainIs
  scl_over,                            // SCLOver
  from,                                // From: exact sender addresses
  sent_to,                             // SentTo: exact recipient addresses
  recipient_domain_is,                 // RecipientDomainIs: a recipient's domain or its subdomains
  subject_or_body_contains_words,      // SubjectOrBodyContainsWords (body read with mimetic)
  message_size_over,                   // MessageSizeOver: the whole message, in bytes
  attachment_extension_matches_words,  // AttachmentExtensionMatchesWords (mimetic)
  // The directory's conditions (--directory; docs/directory.md): false without one.
  from_member_of,                         // FromMemberOf: groups
  sent_to_member_of,                      // SentToMemberOf: groups
  any_of_to_header_member_of,             // AnyOfToHeaderMemberOf: groups
  any_of_cc_header_member_of,             // AnyOfCcHeaderMemberOf: groups
  any_of_to_cc_header_member_of,          // AnyOfToCcHeaderMemberOf: groups
  between_member_of,                      // BetweenMemberOf1 (values) + BetweenMemberOf2 (values2)
  sender_ad_attribute_contains_words,     // SenderADAttributeContainsWords: "Attr:w1,w2"
  sender_ad_attribute_matches_patterns,   // SenderADAttributeMatchesPatterns: "Attr:p1,p2"
  recipient_ad_attribute_contains_words,  // RecipientADAttributeContainsWords
  recipient_ad_attribute_matches_patterns,  // RecipientADAttributeMatchesPatterns
  ad_comparison,                   // ADComparisonAttribute (values[0]) + ADComparisonOperator
  manager_for_evaluated_user,      // ManagerAddresses (values) + ManagerForEvaluatedUser
  sender_management_relationship,  // SenderManagementRelationship: Manager | DirectReport
  from_scope,                      // FromScope: InOrganization / NotInOrganization
  sent_to_scope,                   // SentToScope: InOrganization / NotInOrganization / ...
  // Read from the message (issue 15; engine/eval/message_conditions.cc says how).
  with_importance,                            // WithImportance: Low, Normal or High
  message_type_matches,                       // MessageTypeMatches: OOF, AutoForward, ...
  any_of_to_header,                           // AnyOfToHeader: addresses in To
  any_of_cc_header,                           // AnyOfCcHeader: addresses in Cc
  any_of_to_cc_header,                        // AnyOfToCcHeader: addresses in To or Cc
  recipient_address_contains_words,           // RecipientAddressContainsWords
  recipient_address_matches_patterns,         // RecipientAddressMatchesPatterns
  any_of_recipient_address_contains_words,    // AnyOfRecipientAddressContainsWords
  any_of_recipient_address_matches_patterns,  // AnyOfRecipientAddressMatchesPatterns
  subject_or_body_matches_patterns,           // SubjectOrBodyMatchesPatterns
  content_character_set_contains_words,       // ContentCharacterSetContainsWords: any part's
  attachment_name_matches_patterns,           // AttachmentNameMatchesPatterns
  attachment_size_over,                       // AttachmentSizeOver: any attachment, decoded
  attachment_has_executable_content,          // AttachmentHasExecutableContent: sniffed
  has_classification,                         // HasClassification: names or GUIDs
  has_no_classification,                      // HasNoClassification
  attachment_is_password_protected,           // AttachmentIsPasswordProtected: ZIP, PDF, Office
  // DLP (issue 15): sensitive information types in the subject and body, and the sender's
  // override of a Policy Tip (X-Ms-Exchange-Organization-Dlp-SenderOverrideJustification).
  message_contains_data_classifications,  // MessageContainsDataClassifications: classifications
  has_sender_override,                    // HasSenderOverride
  // The content of attachments (engine/mail/attachment_content.h; decisions.md 250-259).
  attachment_contains_words,             // AttachmentContainsWords: extracted text
  attachment_matches_patterns,           // AttachmentMatchesPatterns: extracted text
  attachment_property_contains_words,    // AttachmentPropertyContainsWords: "Name:w1,w2"
  attachment_is_unsupported,             // AttachmentIsUnsupported: a type not inspected
  attachment_processing_limit_exceeded,  // AttachmentProcessingLimitExceeded: budgets reached
};

// The Exchange parameter name of a condition ("HeaderContainsWords", ...).
[[nodiscard]] const char* parameter_name(condition_kind kind) noexcept;

// Whether a condition reads the sender's address (From, FromAddress*, SenderDomainIs, FromScope
// and the directory's conditions about the sender).
[[nodiscard]] bool reads_sender_address(condition_kind kind) noexcept;
// Whether SenderAddressLocation may point it at the envelope sender: "Message envelope
// searching is available only for" From, FromAddressContainsWords, FromAddressMatchesPatterns,
// FromMemberOf and SenderDomainIs (New-TransportRule); the other sender conditions always read
// the From header (decision 408).
[[nodiscard]] bool follows_sender_address_location(condition_kind kind) noexcept;

// One sensitive information type of MessageContainsDataClassifications, as its hash table
// gives it: @{Name="Credit Card Number"; minCount="2"; maxConfidence="100"}.
struct data_classification {
  std::string name;          // Microsoft's name of the type, as given
  int min_count = 1;         // minCount: instances needed
  int max_count = -1;        // maxCount: at most this many; -1 for any number
  int min_confidence = -1;   // minConfidence; -1: the type's recommended confidence
  int max_confidence = 100;  // maxConfidence
  source_span where;
};

struct condition {
  condition_kind kind = condition_kind::header_contains_words;
  std::string header_name;  // header_* kinds only
  // Words, patterns, IP entries or "$list" references, domains, addresses or extensions.
  std::vector<std::string> values;
  int scl = 0;                  // scl_over only
  std::int64_t size_bytes = 0;  // message_size_over only
  // The second value list of a two-parameter directory condition (BetweenMemberOf2).
  std::vector<std::string> values2;
  // ADComparisonOperator (Equal, NotEqual), ManagerForEvaluatedUser (Sender, Recipient) or
  // SenderManagementRelationship (Manager, DirectReport), as Exchange spells it.
  std::string qualifier;
  // MessageContainsDataClassifications: the types looked for; any one found holds.
  std::vector<data_classification> classifications;
  source_span where;  // position of the words/patterns/ranges value
};

enum class rule_state { enabled, disabled };
enum class rule_mode { enforce, audit, audit_and_notify };
// SenderAddressLocation: which sender address the sender conditions read.
enum class sender_location { header, envelope, header_or_envelope };
// RuleErrorAction: what happens when the rule cannot be evaluated on a message.
enum class rule_error_action { ignore, defer };
// SetAuditSeverity; do_not_audit records nothing.
enum class audit_severity { do_not_audit, low, medium, high };  // in order of severity

// Exchange's spellings: "HeaderOrEnvelope", "Medium".
[[nodiscard]] const char* parameter_value(sender_location location) noexcept;
[[nodiscard]] const char* parameter_value(rule_state state) noexcept;  // "Enabled", "Disabled"
[[nodiscard]] const char* parameter_value(rule_mode mode) noexcept;    // "Enforce", "Audit", ...
[[nodiscard]] const char* parameter_value(audit_severity severity) noexcept;
[[nodiscard]] const char* parameter_value(rule_error_action action) noexcept;  // "Ignore", "Defer"

// AddManagerAsRecipientType's values.
enum class added_manager_action { to, cc, bcc, redirect };
// ApplyHtmlDisclaimerLocation and ApplyHtmlDisclaimerFallbackAction.
enum class disclaimer_location { append, prepend };
enum class disclaimer_fallback { wrap, ignore, reject };
// NotifySender's Policy Tip types.
enum class notify_sender_type {
  notify_only,
  reject_message,
  reject_unless_false_positive_override,
  reject_unless_silent_override,
  reject_unless_explicit_override,
};

// Exchange's spellings: "Bcc", "Append", "Wrap", "RejectUnlessSilentOverride".
[[nodiscard]] const char* parameter_value(added_manager_action a) noexcept;
[[nodiscard]] const char* parameter_value(disclaimer_location l) noexcept;
[[nodiscard]] const char* parameter_value(disclaimer_fallback f) noexcept;
[[nodiscard]] const char* parameter_value(notify_sender_type t) noexcept;

// The NDR text when RejectMessageEnhancedStatusCode is given alone (Exchange's default).
inline constexpr const char* kDefaultRejectText = "Delivery not authorized, message refused";
inline constexpr const char* kDefaultRejectCode = "5.7.1";
// SmtpRejectMessageRejectStatusCode's default (New-TransportRule).
inline constexpr const char* kDefaultSmtpRejectCode = "550";

struct rule_actions {
  std::optional<int> set_scl;                  // SetSCL, -1..9
  std::optional<std::string> set_header_name;  // SetHeaderName (with SetHeaderValue)
  std::optional<std::string> set_header_value;
  std::optional<std::string> remove_header;      // RemoveHeader
  std::optional<std::string> prepend_subject;    // PrependSubject
  bool quarantine = false;                       // Quarantine (hosted quarantine)
  bool delete_message = false;                   // DeleteMessage
  std::vector<std::string> redirect_message_to;  // RedirectMessageTo
  bool stop_rule_processing = false;             // StopRuleProcessing
  // RejectMessageReasonText / RejectMessageEnhancedStatusCode: either one rejects (NDR).
  std::optional<std::string> reject_reason;
  std::optional<std::string> reject_status_code;     // 5.7.1, 5.7.900-5.7.999
  std::optional<audit_severity> set_audit_severity;  // SetAuditSeverity

  // ---- the other actions (issue 15; read by build_rule_actions.cc) ----
  std::vector<std::string> add_to_recipients;  // AddToRecipients: added to To
  std::vector<std::string> copy_to;            // CopyTo: added to Cc
  std::vector<std::string> blind_copy_to;      // BlindCopyTo: added as Bcc recipients
  std::optional<added_manager_action> add_manager_as_recipient_type;  // AddManagerAsRecipientType
  std::vector<std::string> moderate_message_by_user;                  // ModerateMessageByUser
  bool moderate_message_by_manager = false;                           // ModerateMessageByManager
  std::optional<std::string> route_message_outbound_connector;  // RouteMessageOutboundConnector
  bool route_message_outbound_require_tls = false;              // RouteMessageOutboundRequireTls
  bool apply_ome = false;                                       // ApplyOME
  bool remove_ome = false;                                      // RemoveOME
  bool remove_ome_v2 = false;                                   // RemoveOMEv2
  bool remove_rms_attachment_encryption = false;                // RemoveRMSAttachmentEncryption
  std::optional<std::string> apply_rights_protection_template;  // ApplyRightsProtectionTemplate
  // ApplyRightsProtectionCustomizationTemplate
  std::optional<std::string> apply_rights_protection_customization_template;
  std::optional<std::string> apply_classification;                  // ApplyClassification
  std::optional<std::string> disclaimer_text;                       // ApplyHtmlDisclaimerText
  disclaimer_location disclaimer_at = disclaimer_location::append;  // ...Location
  disclaimer_fallback disclaimer_fallback_action = disclaimer_fallback::wrap;  // ...FallbackAction
  std::vector<std::string> generate_incident_report;   // GenerateIncidentReport: addresses
  std::vector<std::string> incident_report_content;    // IncidentReportContent
  std::optional<std::string> generate_notification;    // GenerateNotification
  std::optional<notify_sender_type> notify_sender;     // NotifySender
  std::optional<std::string> log_event_text;           // LogEventText (Edge Transport only)
  bool disconnect = false;                             // Disconnect (Edge Transport only)
  std::optional<std::string> smtp_reject_text;         // SmtpRejectMessageRejectText (Edge only)
  std::optional<std::string> smtp_reject_status_code;  // SmtpRejectMessageRejectStatusCode

  // RejectMessageReasonText or RejectMessageEnhancedStatusCode reject (NDR); with NotifySender
  // they are its properties, and only NotifySender NotifyOnly lets the message through.
  [[nodiscard]] bool rejects() const noexcept {
    if (notify_sender) return *notify_sender != notify_sender_type::notify_only;
    return reject_reason || reject_status_code;
  }
  // Whether any action below the "other actions" line is given.
  [[nodiscard]] bool has_other_action() const noexcept;
};

struct transport_rule {
  std::string name;
  int priority = 0;  // 0 runs first; file order when not given
  bool priority_given = false;
  rule_state state = rule_state::enabled;
  rule_mode mode = rule_mode::enforce;
  sender_location sender_address_location = sender_location::header;
  rule_error_action on_error = rule_error_action::ignore;  // RuleErrorAction
  std::optional<std::int64_t> activation_date;  // ActivationDate, seconds since the epoch (UTC)
  std::optional<std::int64_t> expiry_date;      // ExpiryDate: the rule stops applying then
  std::string comments;
  std::vector<condition> conditions;  // all must hold
  std::vector<condition> exceptions;  // any one cancels the rule (ExceptIf...)
  rule_actions actions;
  source_span where;  // position of the rule's mapping
};

// ---- policies ---------------------------------------------------------------------------

enum class spam_action {
  move_to_jmf,     // MoveToJmf: Junk Email folder
  add_x_header,    // AddXHeader
  modify_subject,  // ModifySubject
  redirect,        // Redirect
  delete_message,  // Delete
  quarantine,      // Quarantine
  no_action,       // NoAction (bulk only)
};

[[nodiscard]] const char* parameter_value(spam_action action) noexcept;

struct verdict_setting {
  spam_action action = spam_action::move_to_jmf;
  std::string quarantine_tag;  // the quarantine policy used when action is quarantine
};

// The built-in quarantine policy with no end-user permissions: malware, high confidence
// phish by default, and every transport rule's Quarantine (mailflow-model.md section 8).
inline constexpr const char* kAdminOnlyAccessPolicy = "AdminOnlyAccessPolicy";

// An anti-spam policy's five verdict settings.
enum class verdict_setting_id { spam, high_confidence_spam, phish, high_confidence_phish, bulk };
inline constexpr std::size_t kVerdictSettingCount = 5;

// Exchange's names for a setting's parameters: "SpamAction", "PhishSpamAction", ...; and
// "SpamQuarantineTag", "HighConfidencePhishQuarantineTag", ...
[[nodiscard]] const char* action_parameter(verdict_setting_id id) noexcept;
[[nodiscard]] const char* quarantine_tag_parameter(verdict_setting_id id) noexcept;

// Set-HostedContentFilterPolicy's inbound settings (one policy; Default applies to all).
struct antispam_policy {
  std::string name = "Default";
  verdict_setting spam{spam_action::move_to_jmf, "DefaultFullAccessPolicy"};
  verdict_setting high_confidence_spam{spam_action::move_to_jmf, "DefaultFullAccessPolicy"};
  verdict_setting phish{spam_action::move_to_jmf, "DefaultFullAccessPolicy"};
  verdict_setting high_confidence_phish{spam_action::quarantine, kAdminOnlyAccessPolicy};
  verdict_setting bulk{spam_action::move_to_jmf, "DefaultFullAccessPolicy"};
  int bulk_threshold = 7;              // BulkThreshold, 1..9
  int quarantine_retention_days = 15;  // QuarantineRetentionPeriod, 1..30
  // MarkAsSpamBulkMail: On turns a BCL at or over BulkThreshold into SCL 6 and takes the Bulk
  // action; Off stamps the BCL and takes no action for bulk (Set-HostedContentFilterPolicy).
  bool mark_as_spam_bulk_mail = true;
  std::string x_header = "X-This-Is-Spam: This message appears to be spam.";  // AddXHeader
  std::string modify_subject_text;  // ModifySubject prefix
  // RedirectToRecipients (lower-cased): where the Redirect action delivers instead.
  std::vector<std::string> redirect_to_recipients;
  // Sender lists (lower-cased): allowed senders skip spam filtering (SFV:SKA), blocked ones are
  // marked as spam (SFV:SKB). Both read the 5321.MailFrom and the 5322.From address.
  std::vector<std::string> allowed_senders;         // AllowedSenders
  std::vector<std::string> allowed_sender_domains;  // AllowedSenderDomains
  std::vector<std::string> blocked_senders;         // BlockedSenders
  std::vector<std::string> blocked_sender_domains;  // BlockedSenderDomains
  // EnableLanguageBlockList / LanguageBlockList (upper-cased ISO 639-1 codes, "ZH-CN"), and
  // EnableRegionBlockList / RegionBlockList (ISO 3166-1 codes): the message's LANG: and CTRY:.
  bool enable_language_block_list = false;
  std::vector<std::string> language_block_list;
  bool enable_region_block_list = false;
  std::vector<std::string> region_block_list;
  // The Advanced Spam Filter settings, TestModeAction and IntraOrgFilterState (asf_settings.h).
  asf_policy asf;
  // The recipient scope of a policy other than Default (its HostedContentFilterRule). Each
  // kind of condition given must hold for the recipient (a listed domain or a subdomain, a
  // listed address, a member of a listed group); any exception takes it out (decision 300).
  // Addresses and domains are lower-cased; groups are kept as written, for the directory.
  // Default has none.
  int priority = 0;
  std::vector<std::string> recipient_domain_is;
  std::vector<std::string> sent_to;
  std::vector<std::string> sent_to_member_of;
  std::vector<std::string> except_recipient_domain_is;
  std::vector<std::string> except_sent_to;
  std::vector<std::string> except_sent_to_member_of;
  source_span where;

  [[nodiscard]] const verdict_setting& setting(verdict_setting_id id) const noexcept;
};

// The actions an anti-phishing policy takes on a spoof verdict: AuthenticationFailAction
// (MoveToJmf, Quarantine), DmarcQuarantineAction (MoveToJmf, Quarantine), DmarcRejectAction
// (Quarantine, Reject).
enum class spoof_action { move_to_jmf, quarantine, reject };

[[nodiscard]] const char* parameter_value(spoof_action action) noexcept;

// Set-AntiPhishPolicy's spoof settings (one policy, the default "Office365 AntiPhish Default";
// New-AntiPhishPolicy gives every default below).
struct antiphish_policy {
  std::string name = "Office365 AntiPhish Default";
  bool enable_spoof_intelligence = true;                                // EnableSpoofIntelligence
  spoof_action authentication_fail_action = spoof_action::move_to_jmf;  // AuthenticationFailAction
  std::string spoof_quarantine_tag = "DefaultFullAccessPolicy";         // SpoofQuarantineTag
  bool honor_dmarc_policy = true;                                       // HonorDmarcPolicy
  spoof_action dmarc_quarantine_action = spoof_action::quarantine;      // DmarcQuarantineAction
  spoof_action dmarc_reject_action = spoof_action::reject;              // DmarcRejectAction
  source_span where;
};

// Permission bits of EndUserQuarantinePermissionsValue (quarantine_permission_names gives
// New-QuarantinePermissions' parameter of each).
enum quarantine_permission : std::uint32_t {
  perm_delete = 1,
  perm_preview = 2,
  perm_release = 4,
  perm_request_release = 8,
  perm_block_sender = 16,
  perm_allow_sender = 32,
  perm_download = 64,
  perm_view_header = 128,
};

struct quarantine_policy {
  std::string name;
  std::uint32_t permissions = 0;  // EndUserQuarantinePermissionsValue
  bool notifications = false;     // ESNEnabled
  // IncludeMessagesFromBlockedSenderAddress: notify for messages quarantined because the
  // anti-spam policy blocks their sender (decision 301).
  bool notify_blocked_senders = false;
  bool built_in = false;
  source_span where;
};

enum class notification_frequency { every_4_hours, daily, weekly };
// "4h", "daily", "weekly": the rule file's and the record's spelling.
[[nodiscard]] const char* to_string(notification_frequency f) noexcept;
enum class scl_model { classic, advisory };
// Where the domain's MX record points (settings.mx_record). Secure by default depends on it.
enum class mx_record { microsoft365, other };

// ---- Area 1 -----------------------------------------------------------------------------

struct area1_settings {
  std::string disposition_header = "X-Area1Security-Disposition";
  std::vector<std::string> quarantine_dispositions;  // kept by Area 1; never reach Microsoft 365
  std::string egress_list;                           // name of the ip_lists entry that is "egress"
  // Domain routing facts, kept for lint.
  std::string configured_as = "MX Records";
  std::string forwarding_to;
  bool outbound_tls = true;
  std::vector<std::string> ip_restrictions;
  bool present = false;  // the rule file has an area1 block
  source_span where;
};

struct ip_list {
  std::string name;
  std::vector<std::string> entries;
  std::string comment;
  source_span where;
};

// ---- the whole set ---------------------------------------------------------------------

// What an import read besides the configuration: warnings about what it skipped or assumed,
// and how many commands define nothing (output, session and read-only cmdlets, docs/import.md).
struct import_report {
  std::vector<diagnostic> warnings;  // sorted by position
  std::size_t ignored_commands = 0;  // read and ignored: they change nothing
  std::size_t skipped_commands = 0;  // Exchange cmdlets outside mail-flow simulation (a warning)
};

struct rule_set {
  std::string name;  // preset name or file stem
  std::string description;
  std::string source;  // file path, or "preset:NAME"
  area1_settings area1;
  std::vector<ip_list> ip_lists;
  std::vector<quarantine_policy> quarantine_policies;  // custom ones; built-ins are implicit
  antispam_policy antispam;                            // Default: applies to every recipient
  antiphish_policy antiphish;                          // spoof settings (the default policy)
  std::vector<antispam_policy> scoped_antispam;        // the others, each with a recipient scope
  notification_frequency notify_frequency = notification_frequency::daily;
  scl_model scl_model_kind = scl_model::classic;
  // settings.mx_record; unset: other when an area1 block has Area 1 configured as the MX
  // ("MX Records"), else microsoft365 (docs/decisions.md).
  std::optional<mx_record> mx;
  std::vector<transport_rule> transport_rules;  // in file order
  import_report imported;                       // empty for YAML files and presets
  // organization.accepted_domains (New-AcceptedDomain), in the order given.
  std::vector<accepted_domain> accepted_domains;
};

// Whether the domain's MX points to Microsoft 365 (settings.mx_record, else the area1 block).
[[nodiscard]] bool mx_points_to_microsoft365(const rule_set& set) noexcept;

// The four quarantine policies every tenant has (mailflow-model.md section 8).
[[nodiscard]] const std::vector<quarantine_policy>& built_in_quarantine_policies();

}  // namespace mfsim::rules
