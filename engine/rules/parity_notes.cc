// The notes of docs/parity.md: why a parameter has no effect, which data it reads, what it
// would need; and the parameter names of Microsoft's cmdlet reference (exchange-ps,
// New-TransportRule.md and the others), so that a test can tell when a table misses one.
#include <algorithm>

#include "engine/rules/parity.h"

namespace mfsim::rules {
namespace {

using ps = parity_status;

// Reasons shared by several parameters.
constexpr std::string_view kConfirm = "asks before it runs; mfsim runs scripts unattended";
constexpr std::string_view kWhatIf =
    "the command is skipped, as PowerShell only describes what it would do";
constexpr std::string_view kIdentity = "names the rule or policy the command changes";
constexpr std::string_view kRetiredNotification =
    "sets the end-user spam notifications Microsoft retired; quarantine policies now send "
    "them, and no outcome field depends on them";
constexpr std::string_view kWording =
    "wording, language or branding of the quarantine notification; no outcome field depends on "
    "it";
constexpr std::string_view kAdminAlert = "alerts for admins; the message's outcome is the same";
constexpr std::string_view kDirectory =
    "the directory: --directory (YAML, or Get-Recipient, Get-User and "
    "Get-DistributionGroupMember exported with Export-Csv; docs/directory.md)";
constexpr std::string_view kInternal =
    "reserved for internal Microsoft use (the cmdlet's reference): no documented effect";
constexpr std::string_view kEdgeOnly =
    "works only on on-premises Edge Transport servers: recorded as an effect with result "
    "edge_transport_only, and the message goes on as in Exchange Online";

constexpr std::string_view kAttachmentText =
    "the first 1 MB of text of text, HTML, XML, RTF, Office Open XML, OpenDocument, Word, Excel "
    "and PowerPoint 97-2003 and PDF files, in ZIP, gzip, tar, 7z, RAR, cabinet and bzip2 "
    "archives and embedded in Office documents too; the text of PDF, Office and archive files "
    "locked by a password and of Visio files is not read";

constexpr parity_note transport_notes[] = {
    // The New-TransportRule reference documents these only as "reserved for internal Microsoft
    // use": there is no behaviour to reproduce.
    {"RecipientInSenderList", ps::cannot_simulate,
     "reserved for internal Microsoft use (New-TransportRule reference): no documented meaning"},
    {"SenderInRecipientList", ps::cannot_simulate,
     "reserved for internal Microsoft use (New-TransportRule reference): no documented meaning"},
    {"Confirm", ps::no_effect, kConfirm},
    {"WhatIf", ps::simulated, kWhatIf},
    {"State", ps::simulated, "Get-TransportRule's spelling of -Enabled"},
    {"DomainController", ps::no_effect,
     "on-premises only: which domain controller stores the rule"},
    {"Comments", ps::simulated, "shown by explain; no effect on the outcome"},
    {"FromMemberOf", ps::user_data, kDirectory},
    {"SentToMemberOf", ps::user_data, kDirectory},
    {"AnyOfToHeaderMemberOf", ps::user_data, kDirectory},
    {"AnyOfCcHeaderMemberOf", ps::user_data, kDirectory},
    {"AnyOfToCcHeaderMemberOf", ps::user_data, kDirectory},
    {"BetweenMemberOf1", ps::user_data, kDirectory},
    {"BetweenMemberOf2", ps::user_data, kDirectory},
    {"SenderADAttributeContainsWords", ps::user_data, kDirectory},
    {"SenderADAttributeMatchesPatterns", ps::user_data, kDirectory},
    {"RecipientADAttributeContainsWords", ps::user_data, kDirectory},
    {"RecipientADAttributeMatchesPatterns", ps::user_data, kDirectory},
    {"ADComparisonAttribute", ps::user_data, kDirectory},
    {"ADComparisonOperator", ps::user_data, kDirectory},
    {"ManagerAddresses", ps::user_data, kDirectory},
    {"ManagerForEvaluatedUser", ps::user_data, kDirectory},
    {"SenderManagementRelationship", ps::user_data, kDirectory},
    // Actions and effects (issue 15): each is an entry of the record's `effects`.
    {"AddManagerAsRecipientType", ps::user_data,
     "the sender's manager (--directory), named in the effect: To and Cc add the manager to that "
     "header, Bcc to the recipients, Redirect redirects the message; without one the effect "
     "says no_manager and nothing is added, as Exchange does for a sender with no Manager "
     "attribute"},
    {"ModerateMessageByManager", ps::user_data,
     "the sender's manager (--directory), named in the effect; without one the effect says "
     "no_manager and the message is delivered unmoderated, as Exchange does"},
    // DLP (docs/decisions.md, "DLP and rule properties").
    {"MessageContainsDataClassifications", ps::simulated,
     "partly: 67 of Exchange Server's 80 built-in types (the card, bank, passport, identity "
     "card, tax, health and national numbers and IP addresses docs/rule-format.md lists) "
     "are found in the subject, the body text and the text of attachments with Microsoft's "
     "patterns, checksums, keywords and confidence levels; any other type cannot be simulated yet "
     "(it needs Microsoft's classifiers or a definition not built): it is never found, and the "
     "run says so once"},
    {"HasSenderOverride", ps::simulated,
     "the header Exchange stamps when the sender overrides a Policy Tip, "
     "X-Ms-Exchange-Organization-Dlp-SenderOverrideJustification"},
    {"IncidentReportOriginalMail", ps::simulated,
     "retired: IncludeOriginalMail adds AttachOriginalMail to IncidentReportContent, which the "
     "reference says it equals"},
    {"RuleErrorAction", ps::simulated,
     "Ignore, or Defer: a rule mfsim cannot evaluate on a message (a pattern past the regex "
     "budget) leaves an effect with result deferred"},
    {"RuleSubType", ps::no_effect,
     "Dlp marks a rule of an on-premises DLP policy (meaningful only on-premises); the rule "
     "runs by its own conditions and actions either way"},
    {"DlpPolicy", ps::no_effect,
     "names the on-premises DLP policy the rule belongs to (functional only on-premises); the "
     "rule runs by its own conditions and actions"},
    {"UseLegacyRegex", ps::no_effect,
     "Exchange 2010's pattern syntax is a subset of the regular expressions mfsim reads, with "
     "the same meaning: a pattern matches the same text either way"},
    {"Disconnect", ps::simulated, kEdgeOnly},
    {"LogEventText", ps::simulated, kEdgeOnly},
    {"SmtpRejectMessageRejectText", ps::simulated, kEdgeOnly},
    {"SmtpRejectMessageRejectStatusCode", ps::simulated, kEdgeOnly},
    {"ApplyHtmlDisclaimerFallbackAction", ps::simulated,
     "Wrap, Ignore or Reject for S/MIME signed or encrypted messages (multipart/signed, "
     "application/pkcs7-mime); Reject ends the message in an NDR"},
    // The organisation (docs/decisions.md, "Organization, direction and anti-spam settings").
    {"FromScope", ps::user_data,
     "the accepted domains (New-AcceptedDomain, organization.accepted_domains, "
     "--accepted-domain) and the authentication Exchange recorded "
     "(X-MS-Exchange-Organization-AuthAs, -MessageDirectionality) or the manifest's auth_as"},
    {"SentToScope", ps::user_data,
     "the accepted domains (New-AcceptedDomain, organization.accepted_domains, "
     "--accepted-domain); ExternalPartner needs partner connectors, which mfsim has not, and "
     "never holds"},
    // The content of attachments (docs/decisions.md 250-259).
    {"AttachmentContainsWords", ps::simulated, kAttachmentText},
    {"AttachmentMatchesPatterns", ps::simulated, kAttachmentText},
    {"AttachmentPropertyContainsWords", ps::simulated,
     "the built-in and custom properties of Office Open XML, Office 97-2003 and OpenDocument "
     "documents (Title, Author, Company, ..., and custom ones such as Confidentiality)"},
    {"AttachmentIsPasswordProtected", ps::simulated,
     "ZIP, 7z and RAR archives, PDF files, and Office 2007 and later and 97-2003 files locked "
     "by a password; a PDF the empty password opens, and an Excel workbook or PowerPoint "
     "97-2003 presentation the application's default password opens, are not locked"},
    {"AttachmentIsUnsupported", ps::simulated,
     "a file whose type, found from its content, is on neither of Microsoft's lists of "
     "supported file types"},
    {"AttachmentProcessingLimitExceeded", ps::simulated,
     "mfsim's inspection budgets (nesting depth, files, unpacked bytes, compression ratio, key "
     "derivation rounds) and MIME parts past the part limit; Microsoft does not publish its own"},
    {"RecipientAddressType", ps::no_effect,
     "without a directory a recipient has one address, so Original and Resolved read the same"},
};

constexpr parity_note antispam_notes[] = {
    {"Identity", ps::simulated, kIdentity},
    {"Name", ps::simulated, "names the policy that New-HostedContentFilterRule scopes"},
    {"Confirm", ps::no_effect, kConfirm},
    {"WhatIf", ps::simulated, kWhatIf},
    {"MakeDefault", ps::simulated,
     "the policy replaces Default as the one for every recipient no rule scopes (scripts)"},
    {"AdminDisplayName", ps::no_effect, "a description shown in the admin center"},
    {"RedirectToRecipients", ps::simulated,
     "where the Redirect action delivers: the record's antispam_redirect_to"},
    {"SpamZapEnabled", ps::no_effect,
     "zero-hour auto purge acts after delivery, on mail already in the mailbox"},
    {"PhishZapEnabled", ps::no_effect,
     "zero-hour auto purge acts after delivery, on mail already in the mailbox"},
    {"InlineSafetyTipsEnabled", ps::no_effect,
     "a tip Outlook shows; where the message goes is the same"},
    {"EnableEndUserSpamNotifications", ps::no_effect, kRetiredNotification},
    {"DownloadLink", ps::no_effect, kRetiredNotification},
    {"EndUserSpamNotificationCustomFromAddress", ps::no_effect, kRetiredNotification},
    {"EndUserSpamNotificationCustomFromName", ps::no_effect, kRetiredNotification},
    {"EndUserSpamNotificationCustomSubject", ps::no_effect, kRetiredNotification},
    {"EndUserSpamNotificationFrequency", ps::no_effect, kRetiredNotification},
    {"EndUserSpamNotificationLanguage", ps::no_effect, kRetiredNotification},
    {"EndUserSpamNotificationLimit", ps::no_effect, kRetiredNotification},
    {"LanguageBlockList", ps::simulated,
     "compared with the language Microsoft recorded (LANG: of X-Forefront-Antispam-Report)"},
    {"RegionBlockList", ps::simulated,
     "compared with the country Microsoft recorded (CTRY: of X-Forefront-Antispam-Report)"},
    {"AllowedSenders", ps::simulated,
     "the 5321.MailFrom and 5322.From; never for malware or high confidence phish"},
    {"BlockedSenders", ps::simulated, "the 5321.MailFrom and 5322.From; spam, SFV:SKB"},
    // Advanced Spam Filter (docs/decisions.md 270-289): the record's asf and x_custom_spam.
    {"MarkAsSpamSpfRecordHardFail", ps::simulated,
     "the SPF result Exchange recorded (Authentication-Results spf=fail, else Received-SPF)"},
    {"MarkAsSpamFromAddressAuthFail", ps::simulated,
     "a recorded SPF hard fail for the 5322.From's own domain; SCL 6, spam"},
    {"MarkAsSpamNdrBackscatter", ps::simulated,
     "an NDR (message/delivery-status part) whose returned original the organisation did not "
     "send (AuthAs Internal or Originating in its header fields); SCL 6, spam"},
    {"MarkAsSpamWebBugsInHtml", ps::simulated,
     "an <img> from a remote site at most 1x1 pixel (width/height attributes or style)"},
    {"MarkAsSpamJavaScriptInHtml", ps::simulated,
     "<script> tags, javascript: and vbscript: links, and on* event handlers"},
    {"IncreaseScoreWithNumericIps", ps::simulated,
     "an http(s) link whose host is an IP address; SCL 5, spam"},
    {"TestModeAction", ps::simulated,
     "AddXHeader adds X-CustomSpam to the record's x_custom_spam, BccMessage lists "
     "asf_test_bcc"},
    {"IntraOrgFilterState", ps::simulated,
     "between internal users (AuthAs Internal or Originating, every recipient in an accepted "
     "domain) a verdict the state leaves out is skipped (SFV:SKI)"},
    {"MarkAsSpamSensitiveWordList", ps::cannot_simulate,
     "Microsoft's sensitive word list is neither published nor editable; On and Test load "
     "with a warning and mark nothing"},
    {"RecommendedPolicyType", ps::no_effect,
     "marks the policies of the Standard and Strict presets; \"Don't use this parameter "
     "yourself\" (New-HostedContentFilterPolicy)"},
    {"BulkMovesEnabled", ps::no_effect,
     "not in the current New-/Set-HostedContentFilterPolicy reference, which documents no "
     "behaviour for it; exports carry it: accepted and ignored (decision 303)"},
};

constexpr parity_note quarantine_notes[] = {
    {"Name", ps::simulated, "names the policy that the *QuarantineTag parameters refer to"},
    {"Identity", ps::simulated, kIdentity},
    {"EndUserSpamNotificationFrequency", ps::simulated,
     "on the global settings (Set-QuarantinePolicy -Identity DefaultGlobalTag) only"},
    {"AdminDisplayName", ps::no_effect, "a description shown in the admin center"},
    {"DomainController", ps::no_effect,
     "on-premises only: which domain controller stores the policy"},
    {"CustomDisclaimer", ps::no_effect, kWording},
    {"EsnCustomSubject", ps::no_effect, kWording},
    {"MultiLanguageCustomDisclaimer", ps::no_effect, kWording},
    {"MultiLanguageSenderName", ps::no_effect, kWording},
    {"MultiLanguageSetting", ps::no_effect, kWording},
    {"OrganizationBrandingEnabled", ps::no_effect, kWording},
    {"EndUserSpamNotificationCustomFromAddress", ps::no_effect, kWording},
    {"EndUserSpamNotificationLanguage", ps::no_effect, kWording},
    {"AdminNotificationsEnabled", ps::no_effect, kAdminAlert},
    {"AdminNotificationFrequencyInDays", ps::no_effect, kAdminAlert},
    {"AdminNotificationLanguage", ps::no_effect, kAdminAlert},
    {"IgnoreDehydratedFlag", ps::no_effect,
     "an attribute of exported policies, not a setting; Microsoft's reference does not list it"},
    {"QuarantinePolicyType", ps::simulated,
     "QuarantinePolicy is an ordinary policy; GlobalQuarantinePolicy the global settings "
     "(DefaultGlobalTag), which Get-QuarantinePolicy -QuarantinePolicyType "
     "GlobalQuarantinePolicy | Set-QuarantinePolicy changes"},
    {"EndUserQuarantinePermissions", ps::simulated,
     "New-QuarantinePermissions' object in scripts, or an export's 'PermissionToRelease: True, "
     "...' text: the same bits as EndUserQuarantinePermissionsValue"},
    {"IncludeMessagesFromBlockedSenderAddress", ps::simulated,
     "a message quarantined because the anti-spam policy blocks its sender (BlockedSenders, "
     "BlockedSenderDomains) notifies only when it is $true"},
    {"AdminQuarantinePermissionsList", ps::no_effect, kInternal},
    {"QuarantineRetentionDays", ps::no_effect,
     "reserved for internal Microsoft use (New-QuarantinePolicy reference); retention comes from "
     "the anti-spam policy's QuarantineRetentionPeriod, or 30 days for rules and malware"},
    {"EndUserSpamNotificationFrequencyInDays", ps::no_effect,
     "reserved for internal Microsoft use (New-QuarantinePolicy reference); the frequency is "
     "EndUserSpamNotificationFrequency's"},
};

constexpr parity_note antispam_rule_notes[] = {
    {"Identity", ps::simulated, kIdentity},
    {"Confirm", ps::no_effect, kConfirm},
    {"WhatIf", ps::simulated, kWhatIf},
    {"Comments", ps::no_effect, "a note for admins"},
    {"SentToMemberOf", ps::user_data, kDirectory},
    {"ExceptIfSentToMemberOf", ps::user_data, kDirectory},
};

// Microsoft's reference, exchange/exchange-ps/ExchangePowerShell/<cmdlet>.md.
constexpr std::string_view transport_reference[] = {"Name",
                                                    "ActivationDate",
                                                    "ADComparisonAttribute",
                                                    "ADComparisonOperator",
                                                    "AddManagerAsRecipientType",
                                                    "AddToRecipients",
                                                    "AnyOfCcHeader",
                                                    "AnyOfCcHeaderMemberOf",
                                                    "AnyOfRecipientAddressContainsWords",
                                                    "AnyOfRecipientAddressMatchesPatterns",
                                                    "AnyOfToCcHeader",
                                                    "AnyOfToCcHeaderMemberOf",
                                                    "AnyOfToHeader",
                                                    "AnyOfToHeaderMemberOf",
                                                    "ApplyClassification",
                                                    "ApplyHtmlDisclaimerFallbackAction",
                                                    "ApplyHtmlDisclaimerLocation",
                                                    "ApplyHtmlDisclaimerText",
                                                    "ApplyOME",
                                                    "ApplyRightsProtectionCustomizationTemplate",
                                                    "ApplyRightsProtectionTemplate",
                                                    "AttachmentContainsWords",
                                                    "AttachmentExtensionMatchesWords",
                                                    "AttachmentHasExecutableContent",
                                                    "AttachmentIsPasswordProtected",
                                                    "AttachmentIsUnsupported",
                                                    "AttachmentMatchesPatterns",
                                                    "AttachmentNameMatchesPatterns",
                                                    "AttachmentProcessingLimitExceeded",
                                                    "AttachmentPropertyContainsWords",
                                                    "AttachmentSizeOver",
                                                    "BetweenMemberOf1",
                                                    "BetweenMemberOf2",
                                                    "BlindCopyTo",
                                                    "Comments",
                                                    "Confirm",
                                                    "ContentCharacterSetContainsWords",
                                                    "CopyTo",
                                                    "DeleteMessage",
                                                    "Disconnect",
                                                    "DlpPolicy",
                                                    "DomainController",
                                                    "Enabled",
                                                    "ExpiryDate",
                                                    "From",
                                                    "FromAddressContainsWords",
                                                    "FromAddressMatchesPatterns",
                                                    "FromMemberOf",
                                                    "FromScope",
                                                    "GenerateIncidentReport",
                                                    "GenerateNotification",
                                                    "HasClassification",
                                                    "HasNoClassification",
                                                    "HasSenderOverride",
                                                    "HeaderContainsMessageHeader",
                                                    "HeaderContainsWords",
                                                    "HeaderMatchesMessageHeader",
                                                    "HeaderMatchesPatterns",
                                                    "IncidentReportContent",
                                                    "IncidentReportOriginalMail",
                                                    "LogEventText",
                                                    "ManagerAddresses",
                                                    "ManagerForEvaluatedUser",
                                                    "MessageContainsDataClassifications",
                                                    "MessageSizeOver",
                                                    "MessageTypeMatches",
                                                    "Mode",
                                                    "ModerateMessageByManager",
                                                    "ModerateMessageByUser",
                                                    "NotifySender",
                                                    "PrependSubject",
                                                    "Priority",
                                                    "Quarantine",
                                                    "RecipientADAttributeContainsWords",
                                                    "RecipientADAttributeMatchesPatterns",
                                                    "RecipientAddressContainsWords",
                                                    "RecipientAddressMatchesPatterns",
                                                    "RecipientAddressType",
                                                    "RecipientDomainIs",
                                                    "RecipientInSenderList",
                                                    "RedirectMessageTo",
                                                    "RejectMessageEnhancedStatusCode",
                                                    "RejectMessageReasonText",
                                                    "RemoveHeader",
                                                    "RemoveOME",
                                                    "RemoveOMEv2",
                                                    "RemoveRMSAttachmentEncryption",
                                                    "RouteMessageOutboundConnector",
                                                    "RouteMessageOutboundRequireTls",
                                                    "RuleErrorAction",
                                                    "RuleSubType",
                                                    "SCLOver",
                                                    "SenderADAttributeContainsWords",
                                                    "SenderADAttributeMatchesPatterns",
                                                    "SenderAddressLocation",
                                                    "SenderDomainIs",
                                                    "SenderInRecipientList",
                                                    "SenderIpRanges",
                                                    "SenderManagementRelationship",
                                                    "SentTo",
                                                    "SentToMemberOf",
                                                    "SentToScope",
                                                    "SetAuditSeverity",
                                                    "SetHeaderName",
                                                    "SetHeaderValue",
                                                    "SetSCL",
                                                    "SmtpRejectMessageRejectStatusCode",
                                                    "SmtpRejectMessageRejectText",
                                                    "StopRuleProcessing",
                                                    "SubjectContainsWords",
                                                    "SubjectMatchesPatterns",
                                                    "SubjectOrBodyContainsWords",
                                                    "SubjectOrBodyMatchesPatterns",
                                                    "UseLegacyRegex",
                                                    "WhatIf",
                                                    "WithImportance"};
// The ExceptIf twin of every condition is listed too; the test derives those.

// New- and Set-HostedContentFilterPolicy together.
constexpr std::string_view antispam_reference[] = {"Name",
                                                   "Identity",
                                                   "AddXHeaderValue",
                                                   "AdminDisplayName",
                                                   "AllowedSenderDomains",
                                                   "AllowedSenders",
                                                   "BlockedSenderDomains",
                                                   "BlockedSenders",
                                                   "BulkMovesEnabled",
                                                   "BulkQuarantineTag",
                                                   "BulkSpamAction",
                                                   "BulkThreshold",
                                                   "Confirm",
                                                   "DownloadLink",
                                                   "EnableEndUserSpamNotifications",
                                                   "EnableLanguageBlockList",
                                                   "EnableRegionBlockList",
                                                   "EndUserSpamNotificationCustomFromAddress",
                                                   "EndUserSpamNotificationCustomFromName",
                                                   "EndUserSpamNotificationCustomSubject",
                                                   "EndUserSpamNotificationFrequency",
                                                   "EndUserSpamNotificationLanguage",
                                                   "EndUserSpamNotificationLimit",
                                                   "HighConfidencePhishAction",
                                                   "HighConfidencePhishQuarantineTag",
                                                   "HighConfidenceSpamAction",
                                                   "HighConfidenceSpamQuarantineTag",
                                                   "IncreaseScoreWithBizOrInfoUrls",
                                                   "IncreaseScoreWithImageLinks",
                                                   "IncreaseScoreWithNumericIps",
                                                   "IncreaseScoreWithRedirectToOtherPort",
                                                   "InlineSafetyTipsEnabled",
                                                   "IntraOrgFilterState",
                                                   "LanguageBlockList",
                                                   "MakeDefault",
                                                   "MarkAsSpamBulkMail",
                                                   "MarkAsSpamEmbedTagsInHtml",
                                                   "MarkAsSpamEmptyMessages",
                                                   "MarkAsSpamFormTagsInHtml",
                                                   "MarkAsSpamFramesInHtml",
                                                   "MarkAsSpamFromAddressAuthFail",
                                                   "MarkAsSpamJavaScriptInHtml",
                                                   "MarkAsSpamNdrBackscatter",
                                                   "MarkAsSpamObjectTagsInHtml",
                                                   "MarkAsSpamSensitiveWordList",
                                                   "MarkAsSpamSpfRecordHardFail",
                                                   "MarkAsSpamWebBugsInHtml",
                                                   "ModifySubjectValue",
                                                   "PhishQuarantineTag",
                                                   "PhishSpamAction",
                                                   "PhishZapEnabled",
                                                   "QuarantineRetentionPeriod",
                                                   "RecommendedPolicyType",
                                                   "RedirectToRecipients",
                                                   "RegionBlockList",
                                                   "SpamAction",
                                                   "SpamQuarantineTag",
                                                   "SpamZapEnabled",
                                                   "TestModeAction",
                                                   "TestModeBccToRecipients",
                                                   "WhatIf"};

constexpr std::string_view quarantine_reference[] = {"Name",
                                                     "AdminDisplayName",
                                                     "AdminNotificationFrequencyInDays",
                                                     "AdminNotificationLanguage",
                                                     "AdminNotificationsEnabled",
                                                     "AdminQuarantinePermissionsList",
                                                     "CustomDisclaimer",
                                                     "DomainController",
                                                     "EndUserQuarantinePermissions",
                                                     "EndUserQuarantinePermissionsValue",
                                                     "EndUserSpamNotificationCustomFromAddress",
                                                     "EndUserSpamNotificationFrequency",
                                                     "EndUserSpamNotificationFrequencyInDays",
                                                     "EndUserSpamNotificationLanguage",
                                                     "EsnCustomSubject",
                                                     "ESNEnabled",
                                                     "IncludeMessagesFromBlockedSenderAddress",
                                                     "MultiLanguageCustomDisclaimer",
                                                     "MultiLanguageSenderName",
                                                     "MultiLanguageSetting",
                                                     "OrganizationBrandingEnabled",
                                                     "QuarantineRetentionDays",
                                                     "QuarantinePolicyType"};

// New- and Set-HostedContentFilterRule together.
constexpr std::string_view antispam_rule_reference[] = {"Name",
                                                        "Identity",
                                                        "HostedContentFilterPolicy",
                                                        "Comments",
                                                        "Confirm",
                                                        "Enabled",
                                                        "ExceptIfRecipientDomainIs",
                                                        "ExceptIfSentTo",
                                                        "ExceptIfSentToMemberOf",
                                                        "Priority",
                                                        "RecipientDomainIs",
                                                        "SentTo",
                                                        "SentToMemberOf",
                                                        "WhatIf"};

// Microsoft's "Mail flow rule actions in Exchange Online" and the cmdlet's action parameters.
constexpr std::string_view transport_actions[] = {"AddManagerAsRecipientType",
                                                  "AddToRecipients",
                                                  "ApplyClassification",
                                                  "ApplyHtmlDisclaimerFallbackAction",
                                                  "ApplyHtmlDisclaimerLocation",
                                                  "ApplyHtmlDisclaimerText",
                                                  "ApplyOME",
                                                  "ApplyRightsProtectionCustomizationTemplate",
                                                  "ApplyRightsProtectionTemplate",
                                                  "BlindCopyTo",
                                                  "CopyTo",
                                                  "DeleteMessage",
                                                  "Disconnect",
                                                  "GenerateIncidentReport",
                                                  "GenerateNotification",
                                                  "IncidentReportContent",
                                                  "IncidentReportOriginalMail",
                                                  "LogEventText",
                                                  "ModerateMessageByManager",
                                                  "ModerateMessageByUser",
                                                  "NotifySender",
                                                  "PrependSubject",
                                                  "Quarantine",
                                                  "RedirectMessageTo",
                                                  "RejectMessageEnhancedStatusCode",
                                                  "RejectMessageReasonText",
                                                  "RemoveHeader",
                                                  "RemoveOME",
                                                  "RemoveOMEv2",
                                                  "RemoveRMSAttachmentEncryption",
                                                  "RouteMessageOutboundConnector",
                                                  "RouteMessageOutboundRequireTls",
                                                  "SetAuditSeverity",
                                                  "SetHeaderName",
                                                  "SetHeaderValue",
                                                  "SetSCL",
                                                  "SmtpRejectMessageRejectStatusCode",
                                                  "SmtpRejectMessageRejectText",
                                                  "StopRuleProcessing"};

}  // namespace

std::span<const parity_note> parity_notes(cmdlet_family family) {
  switch (family) {
    case cmdlet_family::transport_rule: return transport_notes;
    case cmdlet_family::antispam_policy: return antispam_notes;
    case cmdlet_family::quarantine_policy: return quarantine_notes;
    case cmdlet_family::antispam_rule: return antispam_rule_notes;
    case cmdlet_family::accepted_domain: break;  // not part of docs/parity.md
  }
  return {};
}

std::span<const std::string_view> reference_parameters(cmdlet_family family) {
  switch (family) {
    case cmdlet_family::transport_rule: return transport_reference;
    case cmdlet_family::antispam_policy: return antispam_reference;
    case cmdlet_family::quarantine_policy: return quarantine_reference;
    case cmdlet_family::antispam_rule: return antispam_rule_reference;
    case cmdlet_family::accepted_domain: break;  // not part of docs/parity.md
  }
  return {};
}

bool is_transport_action(std::string_view name) {
  return std::find(std::begin(transport_actions), std::end(transport_actions), name) !=
         std::end(transport_actions);
}

}  // namespace mfsim::rules
