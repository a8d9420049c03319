// Exchange's cmdlet parameter tables: which parameters of each cmdlet family mfsim maps,
// ignores or refuses, and how a parameter and its value are named in diagnostics.
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <utility>

#include "engine/rules/param_readers.h"
#include "engine/rules/validate.h"
#include "engine/utf8.h"

namespace mfsim::rules {

// ---- parameter tables ----------------------------------------------------------------------

namespace {

// Conditions that also exist as ExceptIf twins, and what mfsim does with them.
constexpr std::string_view mapped_conditions[] = {"HeaderContainsMessageHeader",
                                                  "HeaderContainsWords",
                                                  "HeaderMatchesMessageHeader",
                                                  "HeaderMatchesPatterns",
                                                  "SenderIpRanges",
                                                  "SubjectContainsWords",
                                                  "SubjectMatchesPatterns",
                                                  "FromAddressContainsWords",
                                                  "FromAddressMatchesPatterns",
                                                  "SenderDomainIs",
                                                  "SCLOver",
                                                  "From",
                                                  "SentTo",
                                                  "RecipientDomainIs",
                                                  "SubjectOrBodyContainsWords",
                                                  "MessageSizeOver",
                                                  "AttachmentExtensionMatchesWords",
                                                  "FromMemberOf",
                                                  "SentToMemberOf",
                                                  "AnyOfToHeaderMemberOf",
                                                  "AnyOfCcHeaderMemberOf",
                                                  "AnyOfToCcHeaderMemberOf",
                                                  "BetweenMemberOf1",
                                                  "BetweenMemberOf2",
                                                  "SenderADAttributeContainsWords",
                                                  "SenderADAttributeMatchesPatterns",
                                                  "RecipientADAttributeContainsWords",
                                                  "RecipientADAttributeMatchesPatterns",
                                                  "ADComparisonAttribute",
                                                  "ADComparisonOperator",
                                                  "ManagerAddresses",
                                                  "ManagerForEvaluatedUser",
                                                  "SenderManagementRelationship",
                                                  "WithImportance",
                                                  "MessageTypeMatches",
                                                  "AnyOfToHeader",
                                                  "AnyOfCcHeader",
                                                  "AnyOfToCcHeader",
                                                  "RecipientAddressContainsWords",
                                                  "RecipientAddressMatchesPatterns",
                                                  "AnyOfRecipientAddressContainsWords",
                                                  "AnyOfRecipientAddressMatchesPatterns",
                                                  "SubjectOrBodyMatchesPatterns",
                                                  "ContentCharacterSetContainsWords",
                                                  "AttachmentNameMatchesPatterns",
                                                  "AttachmentSizeOver",
                                                  "AttachmentHasExecutableContent",
                                                  "HasClassification",
                                                  "HasNoClassification",
                                                  "AttachmentIsPasswordProtected",
                                                  "MessageContainsDataClassifications",
                                                  "HasSenderOverride",
                                                  "AttachmentContainsWords",
                                                  "AttachmentMatchesPatterns",
                                                  "AttachmentPropertyContainsWords",
                                                  "AttachmentIsUnsupported",
                                                  "AttachmentProcessingLimitExceeded"};

constexpr std::string_view unsimulated_conditions[] = {"RecipientInSenderList",
                                                       "SenderInRecipientList"};

// Conditions on the organisation: the accepted domains and the direction Exchange recorded
// (issue 15), mapped like the ones above.
constexpr std::string_view organization_conditions[] = {"FromScope", "SentToScope"};

constexpr param_info rule_properties[] = {
    {"Name", param_support::mapped, ""},
    {"Priority", param_support::mapped, ""},
    {"Enabled", param_support::mapped, ""},
    {"State", param_support::mapped, ""},  // Get-TransportRule's spelling of Enabled
    {"Mode", param_support::mapped, ""},
    {"Comments", param_support::mapped, ""},
    {"SetSCL", param_support::mapped, ""},
    {"SetHeaderName", param_support::mapped, ""},
    {"SetHeaderValue", param_support::mapped, ""},
    {"RemoveHeader", param_support::mapped, ""},
    {"PrependSubject", param_support::mapped, ""},
    {"Quarantine", param_support::mapped, ""},
    {"DeleteMessage", param_support::mapped, ""},
    {"RedirectMessageTo", param_support::mapped, ""},
    {"StopRuleProcessing", param_support::mapped, ""},
    {"SenderAddressLocation", param_support::mapped, ""},
    {"ActivationDate", param_support::mapped, ""},
    {"ExpiryDate", param_support::mapped, ""},
    {"RejectMessageReasonText", param_support::mapped, ""},
    {"RejectMessageEnhancedStatusCode", param_support::mapped, ""},
    {"SetAuditSeverity", param_support::mapped, ""},
    {"RuleErrorAction", param_support::mapped, ""},
    // DLP policy labels and Exchange 2010's pattern syntax (docs/decisions.md, "DLP").
    {"RuleSubType", param_support::no_effect, ""},
    {"UseLegacyRegex", param_support::no_effect, ""},
    {"DomainController", param_support::no_effect, ""},  // on-premises only: where to write
    {"AddManagerAsRecipientType", param_support::mapped, ""},
    {"AddToRecipients", param_support::mapped, ""},
    {"ApplyClassification", param_support::mapped, ""},
    {"ApplyHtmlDisclaimerFallbackAction", param_support::mapped, ""},
    {"ApplyHtmlDisclaimerLocation", param_support::mapped, ""},
    {"ApplyHtmlDisclaimerText", param_support::mapped, ""},
    {"ApplyOME", param_support::mapped, ""},
    {"ApplyRightsProtectionCustomizationTemplate", param_support::mapped, ""},
    {"ApplyRightsProtectionTemplate", param_support::mapped, ""},
    {"BlindCopyTo", param_support::mapped, ""},
    {"CopyTo", param_support::mapped, ""},
    {"Disconnect", param_support::mapped, ""},
    {"DlpPolicy", param_support::no_effect, ""},
    {"GenerateIncidentReport", param_support::mapped, ""},
    {"GenerateNotification", param_support::mapped, ""},
    {"IncidentReportContent", param_support::mapped, ""},
    {"IncidentReportOriginalMail", param_support::mapped, ""},
    {"LogEventText", param_support::mapped, ""},
    {"ModerateMessageByManager", param_support::mapped, ""},
    {"ModerateMessageByUser", param_support::mapped, ""},
    {"NotifySender", param_support::mapped, ""},
    // Without a directory a recipient has one address, so Original and Resolved read the same
    // (docs/decisions.md, "RecipientAddressType without a directory").
    {"RecipientAddressType", param_support::no_effect, ""},
    {"RemoveOME", param_support::mapped, ""},
    {"RemoveOMEv2", param_support::mapped, ""},
    {"RemoveRMSAttachmentEncryption", param_support::mapped, ""},
    {"RouteMessageOutboundConnector", param_support::mapped, ""},
    {"RouteMessageOutboundRequireTls", param_support::mapped, ""},
    {"SmtpRejectMessageRejectStatusCode", param_support::mapped, ""},
    {"SmtpRejectMessageRejectText", param_support::mapped, ""},
};

constexpr param_info antispam_parameters[] = {
    {"SpamAction", param_support::mapped, ""},
    {"HighConfidenceSpamAction", param_support::mapped, ""},
    {"PhishSpamAction", param_support::mapped, ""},
    {"HighConfidencePhishAction", param_support::mapped, ""},
    {"BulkSpamAction", param_support::mapped, ""},
    {"SpamQuarantineTag", param_support::mapped, ""},
    {"HighConfidenceSpamQuarantineTag", param_support::mapped, ""},
    {"PhishQuarantineTag", param_support::mapped, ""},
    {"HighConfidencePhishQuarantineTag", param_support::mapped, ""},
    {"BulkQuarantineTag", param_support::mapped, ""},
    {"BulkThreshold", param_support::mapped, ""},
    {"QuarantineRetentionPeriod", param_support::mapped, ""},
    {"AddXHeaderValue", param_support::mapped, ""},
    {"ModifySubjectValue", param_support::mapped, ""},
    {"MarkAsSpamBulkMail", param_support::mapped, ""},
    {"AllowedSenders", param_support::mapped, ""},
    {"AllowedSenderDomains", param_support::mapped, ""},
    {"BlockedSenders", param_support::mapped, ""},
    {"BlockedSenderDomains", param_support::mapped, ""},
    {"EnableLanguageBlockList", param_support::mapped, ""},
    {"LanguageBlockList", param_support::mapped, ""},
    {"EnableRegionBlockList", param_support::mapped, ""},
    {"RegionBlockList", param_support::mapped, ""},
    {"RedirectToRecipients", param_support::mapped, ""},
    // Nothing mfsim reports depends on these: names, post-delivery ZAP,
    // safety tips and the deprecated end-user spam notifications.
    {"AdminDisplayName", param_support::no_effect, ""},
    {"SpamZapEnabled", param_support::no_effect, ""},
    {"PhishZapEnabled", param_support::no_effect, ""},
    {"InlineSafetyTipsEnabled", param_support::no_effect, ""},
    {"EnableEndUserSpamNotifications", param_support::no_effect, ""},
    {"DownloadLink", param_support::no_effect, ""},
    {"EndUserSpamNotificationCustomFromAddress", param_support::no_effect, ""},
    {"EndUserSpamNotificationCustomFromName", param_support::no_effect, ""},
    {"EndUserSpamNotificationCustomSubject", param_support::no_effect, ""},
    {"EndUserSpamNotificationFrequency", param_support::no_effect, ""},
    {"EndUserSpamNotificationLanguage", param_support::no_effect, ""},
    {"EndUserSpamNotificationLimit", param_support::no_effect, ""},
    // The Advanced Spam Filter settings and Test mode (asf_settings.h), and IntraOrgFilterState.
    {"MarkAsSpamEmbedTagsInHtml", param_support::mapped, ""},
    {"MarkAsSpamEmptyMessages", param_support::mapped, ""},
    {"MarkAsSpamFormTagsInHtml", param_support::mapped, ""},
    {"MarkAsSpamFramesInHtml", param_support::mapped, ""},
    {"MarkAsSpamFromAddressAuthFail", param_support::mapped, ""},
    {"MarkAsSpamJavaScriptInHtml", param_support::mapped, ""},
    {"MarkAsSpamNdrBackscatter", param_support::mapped, ""},
    {"MarkAsSpamObjectTagsInHtml", param_support::mapped, ""},
    {"MarkAsSpamSpfRecordHardFail", param_support::mapped, ""},
    {"MarkAsSpamWebBugsInHtml", param_support::mapped, ""},
    {"IncreaseScoreWithBizOrInfoUrls", param_support::mapped, ""},
    {"IncreaseScoreWithImageLinks", param_support::mapped, ""},
    {"IncreaseScoreWithNumericIps", param_support::mapped, ""},
    {"IncreaseScoreWithRedirectToOtherPort", param_support::mapped, ""},
    {"TestModeAction", param_support::mapped, ""},
    {"TestModeBccToRecipients", param_support::mapped, ""},
    {"IntraOrgFilterState", param_support::mapped, ""},
    // Microsoft's own word list is not published: On and Test load, warned, and mark nothing.
    {"MarkAsSpamSensitiveWordList", param_support::warned, "Off",
     "Microsoft does not publish its sensitive word list"},
    // Set by Microsoft on the Standard and Strict preset policies; "Don't use this parameter".
    {"RecommendedPolicyType", param_support::no_effect, ""},
    {"BulkMovesEnabled", param_support::no_effect, ""},
};

constexpr param_info quarantine_parameters[] = {
    {"EndUserQuarantinePermissionsValue", param_support::mapped, ""},
    {"ESNEnabled", param_support::mapped, ""},
    {"EndUserSpamNotificationFrequency", param_support::mapped, ""},  // global settings only
    // Wording, branding, languages and admin notifications change no outcome field.
    {"AdminDisplayName", param_support::no_effect, ""},
    {"DomainController", param_support::no_effect, ""},
    {"CustomDisclaimer", param_support::no_effect, ""},
    {"EsnCustomSubject", param_support::no_effect, ""},
    {"MultiLanguageCustomDisclaimer", param_support::no_effect, ""},
    {"MultiLanguageSenderName", param_support::no_effect, ""},
    {"MultiLanguageSetting", param_support::no_effect, ""},
    {"OrganizationBrandingEnabled", param_support::no_effect, ""},
    {"EndUserSpamNotificationCustomFromAddress", param_support::no_effect, ""},
    {"EndUserSpamNotificationLanguage", param_support::no_effect, ""},
    {"AdminNotificationsEnabled", param_support::no_effect, ""},
    {"AdminNotificationFrequencyInDays", param_support::no_effect, ""},
    {"AdminNotificationLanguage", param_support::no_effect, ""},
    {"IgnoreDehydratedFlag", param_support::no_effect, ""},
    {"QuarantinePolicyType", param_support::mapped, ""},
    {"EndUserQuarantinePermissions", param_support::mapped, ""},
    {"IncludeMessagesFromBlockedSenderAddress", param_support::mapped, ""},
    // Reserved for internal Microsoft use (New-QuarantinePolicy reference).
    {"AdminQuarantinePermissionsList", param_support::no_effect, ""},
    {"QuarantineRetentionDays", param_support::no_effect, ""},
    {"EndUserSpamNotificationFrequencyInDays", param_support::no_effect, ""},
};

constexpr param_info antispam_rule_parameters[] = {
    {"Name", param_support::mapped, ""},
    {"HostedContentFilterPolicy", param_support::mapped, ""},
    {"Priority", param_support::mapped, ""},
    {"Enabled", param_support::mapped, ""},
    {"State", param_support::mapped, ""},  // Get-HostedContentFilterRule's spelling of Enabled
    {"RecipientDomainIs", param_support::mapped, ""},
    {"SentTo", param_support::mapped, ""},
    {"Comments", param_support::no_effect, ""},
    {"SentToMemberOf", param_support::mapped, ""},
    {"ExceptIfRecipientDomainIs", param_support::mapped, ""},
    {"ExceptIfSentTo", param_support::mapped, ""},
    {"ExceptIfSentToMemberOf", param_support::mapped, ""},
};

// New-AcceptedDomain / Set-AcceptedDomain (the organisation's domains).
constexpr param_info accepted_domain_parameters[] = {
    {"Name", param_support::mapped, ""},
    {"DomainName", param_support::mapped, ""},
    {"DomainType", param_support::mapped, ""},
    // Routing and on-premises settings: nothing mfsim reports depends on them.
    {"MakeDefault", param_support::no_effect, ""},
    {"AddressBookEnabled", param_support::no_effect, ""},
    {"MatchSubDomains", param_support::no_effect, ""},
    {"OutboundOnly", param_support::no_effect, ""},
    {"SendingFromDomainDisabled", param_support::no_effect, ""},
    {"CanHaveCloudCache", param_support::no_effect, ""},
    {"EnableNego2Authentication", param_support::no_effect, ""},
    {"AuthenticationType", param_support::no_effect, ""},
    {"LiveIdInstanceType", param_support::no_effect, ""},
};

struct family_table {
  std::vector<param_info> infos;
  std::vector<std::string_view> names;
};

const family_table& table_of(cmdlet_family family) {
  static const auto build = [](std::span<const param_info> infos) {
    family_table t;
    t.infos.assign(infos.begin(), infos.end());
    for (const auto& info : t.infos) t.names.push_back(info.name);
    return t;
  };
  static const family_table rules = [] {
    static std::deque<std::string> twins;  // storage for the generated ExceptIf names
    std::vector<param_info> infos(std::begin(rule_properties), std::end(rule_properties));
    for (const bool except : {false, true}) {
      for (const auto name : mapped_conditions) {
        if (except) twins.push_back("ExceptIf" + std::string(name));
        infos.push_back(
            {except ? std::string_view(twins.back()) : name, param_support::mapped, ""});
      }
      for (const auto name : organization_conditions) {
        if (except) twins.push_back("ExceptIf" + std::string(name));
        infos.push_back(
            {except ? std::string_view(twins.back()) : name, param_support::mapped, ""});
      }
      for (const auto name : unsimulated_conditions) {
        if (except) twins.push_back("ExceptIf" + std::string(name));
        infos.push_back(
            {except ? std::string_view(twins.back()) : name, param_support::not_simulated, ""});
      }
    }
    family_table t;
    t.infos = std::move(infos);
    for (const auto& info : t.infos) t.names.push_back(info.name);
    return t;
  }();
  static const family_table antispam = build(antispam_parameters);
  static const family_table quarantine = build(quarantine_parameters);
  static const family_table antispam_rule = build(antispam_rule_parameters);
  static const family_table accepted_domains = build(accepted_domain_parameters);
  switch (family) {
    case cmdlet_family::antispam_rule: return antispam_rule;
    case cmdlet_family::transport_rule: return rules;
    case cmdlet_family::antispam_policy: return antispam;
    case cmdlet_family::quarantine_policy: return quarantine;
    case cmdlet_family::accepted_domain: return accepted_domains;
  }
  return rules;
}

}  // namespace

const param_info* find_parameter(cmdlet_family family, std::string_view name) {
  for (const auto& info : table_of(family).infos) {
    if (ascii_iequals(info.name, name)) return &info;
  }
  return nullptr;
}

std::span<const std::string_view> parameter_names(cmdlet_family family) {
  return table_of(family).names;
}

namespace {

// Names Microsoft's own pages write that the cmdlet reference does not list, and the
// parameter the reference has for them (decision 1183).
struct page_spelling {
  cmdlet_family family;
  std::string_view written;
  std::string_view parameter;
  std::string_view page;
};
constexpr page_spelling page_spellings[] = {
    {cmdlet_family::transport_rule, "SenderNotificationType", "NotifySender",
     "Microsoft's Office 365 Message Encryption page writes it, but the New-TransportRule "
     "reference lists no such parameter; -NotifySender takes its values, such as NotifyOnly"},
};

}  // namespace

std::string unknown_parameter_hint(cmdlet_family family, std::string_view name,
                                   std::string_view prefix) {
  for (const auto& s : page_spellings) {
    if (s.family == family && ascii_iequals(s.written, name)) {
      return fmt::format(" (did you mean '{}{}'? {})", prefix, s.parameter, s.page);
    }
  }
  return did_you_mean(name, parameter_names(family), prefix);
}

bool is_assumed_value(const param_value& value, std::string_view assumed) {
  switch (value.type) {
    case value_type::null: return true;
    case value_type::boolean: return !value.flag || ascii_iequals(assumed, "True");
    case value_type::list: return value.items.empty();
    case value_type::mapping: return false;
    case value_type::text:
    case value_type::number:
      return ascii_trim_blanks(value.text).empty() ||
             (!assumed.empty() && ascii_iequals(value.text, assumed));
  }
  return false;
}

std::string param_label(std::string_view name, param_style style) {
  return style == param_style::cmdlet ? fmt::format("-{}", name) : fmt::format("'{}'", name);
}

std::string describe(const param_value& value, param_style style) {
  const bool cmdlet = style == param_style::cmdlet;
  switch (value.type) {
    case value_type::null:
      return cmdlet ? "$null" : style == param_style::yaml ? "an empty value" : "null";
    case value_type::mapping: return "a mapping";
    case value_type::boolean:
      return cmdlet ? (value.flag ? "$true" : "$false") : (value.flag ? "true" : "false");
    case value_type::list: return value.items.empty() ? "an empty list" : "a list";
    case value_type::text:
    case value_type::number: break;
  }
  const std::string& text = value.text;
  if (text.empty()) return "an empty string";
  if (text.size() > 60) {
    return fmt::format("'{}...'", text.substr(0, utf8_cut_before(text, 57)));
  }
  return fmt::format("'{}'", text);
}

diagnostic not_simulated_error(const parameter& p, const param_info& info, std::string_view ctx,
                               param_style style) {
  const std::string accepted =
      info.assumed.empty()
          ? std::string("remove it, or leave it empty")
          : fmt::format("remove it, or give the value mfsim assumes, {}", info.assumed);
  return diagnostic{
      diag_code::unknown_key, p.where,
      fmt::format("{} {}: not simulated yet ({})", param_label(info.name, style), ctx, accepted)};
}

namespace {

// The setting loads so that a script or export using it still runs, but what it would do is
// said where it is given: the simulation leaves it out (decision 1182).
diagnostic not_simulated_warning(const parameter& p, const param_info& info, std::string_view ctx,
                                 param_style style) {
  return diagnostic{diag_code::unknown_key, p.where,
                    fmt::format("{} {} is {}, which mfsim does not simulate ({}): the messages "
                                "it would act on are simulated as with {}",
                                param_label(info.name, style), ctx, describe(p.value, style),
                                info.missing, info.assumed),
                    diag_severity::warning};
}

// SpamFilteringOption, the type of the MarkAsSpam* parameters: the values a warned parameter
// may have. Another is refused as Exchange refuses it, not warned as simulated away (1205).
constexpr std::string_view spam_filtering_options[] = {"Off", "On", "Test"};
struct warned_values {
  std::string_view parameter;
  std::span<const std::string_view> values;
};
constexpr warned_values warned_parameter_values[] = {
    {"MarkAsSpamSensitiveWordList", spam_filtering_options}};

std::span<const std::string_view> values_of(const param_info& info) {
  for (const auto& w : warned_parameter_values) {
    if (w.parameter == info.name) return w.values;
  }
  return {};
}

bool is_listed_value(const param_value& value, std::span<const std::string_view> values) {
  if (values.empty()) return true;
  if (!detail::is_texty(value)) return false;
  const std::string_view text = ascii_trim_blanks(value.text);
  return std::any_of(values.begin(), values.end(),
                     [&](std::string_view v) { return ascii_iequals(text, v); });
}

diagnostic unlisted_value_error(const parameter& p, const param_info& info, std::string_view ctx,
                                param_style style) {
  const auto values = values_of(info);
  const std::string hint = detail::is_texty(p.value) ? did_you_mean(p.value.text, values) : "";
  return diagnostic{
      diag_code::bad_value, p.value.where,
      fmt::format("{} {}: expected one of {}, found {}{}", param_label(info.name, style), ctx,
                  join(values), describe(p.value, style), hint)};
}

}  // namespace

bool keep_by_support(parameter&& p, const param_info& info, std::string_view ctx, param_style style,
                     std::vector<parameter>& mapped, std::vector<diagnostic>& out) {
  switch (info.support) {
    case param_support::mapped: mapped.push_back(std::move(p)); return true;
    case param_support::no_effect: return true;
    case param_support::not_simulated:
      if (is_assumed_value(p.value, info.assumed)) return true;
      out.push_back(not_simulated_error(p, info, ctx, style));
      return false;
    case param_support::warned:
      if (is_assumed_value(p.value, info.assumed)) return true;
      if (!is_listed_value(p.value, values_of(info))) {
        out.push_back(unlisted_value_error(p, info, ctx, style));
        return false;
      }
      out.push_back(not_simulated_warning(p, info, ctx, style));
      return true;
  }
  return true;
}

}  // namespace mfsim::rules
