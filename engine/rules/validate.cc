// Shared checks: text helpers, Exchange's parameter tables, value readers, the policies built
// from parameters, and the checks over a whole import (transport rules:
// build_transport_rule.cc).
#include "engine/rules/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <deque>
#include <map>
#include <tuple>
#include <utility>

#include "engine/rules/param_readers.h"
#include "engine/utf8.h"

namespace mfsim::rules {

// ---- text helpers -------------------------------------------------------------------------

namespace {

char lower_ascii(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
char upper_ascii(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// Case-insensitive Levenshtein distance (keys and names are short).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = lower_ascii(a[i - 1]) == lower_ascii(b[j - 1]);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower_ascii(x) == lower_ascii(y);
         });
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = upper_ascii(c);
  return out;
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<std::string_view> closest(std::string_view word,
                                        std::span<const std::string_view> candidates) {
  for (const auto candidate : candidates) {
    if (iequals(word, candidate)) return candidate;
  }
  if (word.size() < 4) return std::nullopt;  // two edits turn any short word into another
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (const auto candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates,
                         std::string_view prefix) {
  const auto guess = closest(word, candidates);
  return guess ? fmt::format(" (did you mean '{}{}'?)", prefix, *guess) : std::string();
}

std::string join(std::span<const std::string_view> items) {
  std::string out;
  for (const auto item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::size_t utf8_length(std::string_view text) noexcept {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  }));
}

bool is_header_name(std::string_view text) noexcept {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 33 && u <= 126 && u != ':';
  });
}

bool is_domain(std::string_view text) noexcept {
  return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 32 || u == 127 || c == '@' || c == ',' || c == ';';
  });
}

bool is_address(std::string_view text) noexcept {
  const auto at = text.rfind('@');
  return at != std::string_view::npos && at > 0 && is_domain(text.substr(at + 1)) &&
         std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 32; });
}

void append_utf8(std::string& out, std::uint32_t code) { append_utf8_code_point(code, out); }

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
                                                  "AttachmentExtensionMatchesWords"};

constexpr std::string_view unsimulated_conditions[] = {"ADComparisonAttribute",
                                                       "ADComparisonOperator",
                                                       "AnyOfCcHeader",
                                                       "AnyOfCcHeaderMemberOf",
                                                       "AnyOfRecipientAddressContainsWords",
                                                       "AnyOfRecipientAddressMatchesPatterns",
                                                       "AnyOfToCcHeader",
                                                       "AnyOfToCcHeaderMemberOf",
                                                       "AnyOfToHeader",
                                                       "AnyOfToHeaderMemberOf",
                                                       "AttachmentContainsWords",
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
                                                       "ContentCharacterSetContainsWords",
                                                       "FromMemberOf",
                                                       "FromScope",
                                                       "HasClassification",
                                                       "HasNoClassification",
                                                       "HasSenderOverride",
                                                       "ManagerAddresses",
                                                       "ManagerForEvaluatedUser",
                                                       "MessageContainsDataClassifications",
                                                       "MessageTypeMatches",
                                                       "RecipientADAttributeContainsWords",
                                                       "RecipientADAttributeMatchesPatterns",
                                                       "RecipientAddressContainsWords",
                                                       "RecipientAddressMatchesPatterns",
                                                       "RecipientInSenderList",
                                                       "SenderADAttributeContainsWords",
                                                       "SenderADAttributeMatchesPatterns",
                                                       "SenderInRecipientList",
                                                       "SenderManagementRelationship",
                                                       "SentToMemberOf",
                                                       "SentToScope",
                                                       "SubjectOrBodyMatchesPatterns",
                                                       "WithImportance"};

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
    {"RuleErrorAction", param_support::not_simulated, "Ignore"},
    {"RuleSubType", param_support::not_simulated, "None"},
    {"UseLegacyRegex", param_support::not_simulated, "False"},
    {"DomainController", param_support::no_effect, ""},  // on-premises only: where to write
    {"AddManagerAsRecipientType", param_support::not_simulated, ""},
    {"AddToRecipients", param_support::not_simulated, ""},
    {"ApplyClassification", param_support::not_simulated, ""},
    {"ApplyHtmlDisclaimerFallbackAction", param_support::not_simulated, ""},
    {"ApplyHtmlDisclaimerLocation", param_support::not_simulated, ""},
    {"ApplyHtmlDisclaimerText", param_support::not_simulated, ""},
    {"ApplyOME", param_support::not_simulated, ""},
    {"ApplyRightsProtectionCustomizationTemplate", param_support::not_simulated, ""},
    {"ApplyRightsProtectionTemplate", param_support::not_simulated, ""},
    {"BlindCopyTo", param_support::not_simulated, ""},
    {"CopyTo", param_support::not_simulated, ""},
    {"Disconnect", param_support::not_simulated, ""},
    {"DlpPolicy", param_support::not_simulated, ""},
    {"GenerateIncidentReport", param_support::not_simulated, ""},
    {"GenerateNotification", param_support::not_simulated, ""},
    {"IncidentReportContent", param_support::not_simulated, ""},
    {"IncidentReportOriginalMail", param_support::not_simulated, ""},
    {"LogEventText", param_support::not_simulated, ""},
    {"ModerateMessageByManager", param_support::not_simulated, ""},
    {"ModerateMessageByUser", param_support::not_simulated, ""},
    {"NotifySender", param_support::not_simulated, ""},
    {"RecipientAddressType", param_support::not_simulated, "Resolved"},
    {"RemoveOME", param_support::not_simulated, ""},
    {"RemoveOMEv2", param_support::not_simulated, ""},
    {"RemoveRMSAttachmentEncryption", param_support::not_simulated, ""},
    {"RouteMessageOutboundConnector", param_support::not_simulated, ""},
    {"RouteMessageOutboundRequireTls", param_support::not_simulated, ""},
    {"SmtpRejectMessageRejectStatusCode", param_support::not_simulated, ""},
    {"SmtpRejectMessageRejectText", param_support::not_simulated, ""},
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
    // Nothing mfsim reports depends on these: names, redirect targets, post-delivery ZAP,
    // safety tips and the deprecated end-user spam notifications.
    {"AdminDisplayName", param_support::no_effect, ""},
    {"RedirectToRecipients", param_support::no_effect, ""},
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
    {"MarkAsSpamBulkMail", param_support::not_simulated, "On"},
    {"MarkAsSpamEmbedTagsInHtml", param_support::not_simulated, "Off"},
    {"MarkAsSpamEmptyMessages", param_support::not_simulated, "Off"},
    {"MarkAsSpamFormTagsInHtml", param_support::not_simulated, "Off"},
    {"MarkAsSpamFramesInHtml", param_support::not_simulated, "Off"},
    {"MarkAsSpamFromAddressAuthFail", param_support::not_simulated, "Off"},
    {"MarkAsSpamJavaScriptInHtml", param_support::not_simulated, "Off"},
    {"MarkAsSpamNdrBackscatter", param_support::not_simulated, "Off"},
    {"MarkAsSpamObjectTagsInHtml", param_support::not_simulated, "Off"},
    {"MarkAsSpamSensitiveWordList", param_support::not_simulated, "Off"},
    {"MarkAsSpamSpfRecordHardFail", param_support::not_simulated, "Off"},
    {"MarkAsSpamWebBugsInHtml", param_support::not_simulated, "Off"},
    {"IncreaseScoreWithBizOrInfoUrls", param_support::not_simulated, "Off"},
    {"IncreaseScoreWithImageLinks", param_support::not_simulated, "Off"},
    {"IncreaseScoreWithNumericIps", param_support::not_simulated, "Off"},
    {"IncreaseScoreWithRedirectToOtherPort", param_support::not_simulated, "Off"},
    {"AllowedSenders", param_support::not_simulated, ""},
    {"AllowedSenderDomains", param_support::not_simulated, ""},
    {"BlockedSenders", param_support::not_simulated, ""},
    {"BlockedSenderDomains", param_support::not_simulated, ""},
    {"EnableLanguageBlockList", param_support::not_simulated, ""},
    {"LanguageBlockList", param_support::not_simulated, ""},
    {"EnableRegionBlockList", param_support::not_simulated, ""},
    {"RegionBlockList", param_support::not_simulated, ""},
    {"TestModeAction", param_support::not_simulated, "None"},
    {"TestModeBccToRecipients", param_support::not_simulated, ""},
    {"IntraOrgFilterState", param_support::not_simulated, "Default"},
    {"BulkMovesEnabled", param_support::not_simulated, "NotSet"},
    {"RecommendedPolicyType", param_support::not_simulated, ""},
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
    {"QuarantinePolicyType", param_support::not_simulated, "QuarantinePolicy"},
    {"EndUserQuarantinePermissions", param_support::not_simulated, ""},
    {"AdminQuarantinePermissionsList", param_support::not_simulated, ""},
    {"IncludeMessagesFromBlockedSenderAddress", param_support::not_simulated, ""},
    {"QuarantineRetentionDays", param_support::not_simulated, ""},
    {"EndUserSpamNotificationFrequencyInDays", param_support::not_simulated, ""},
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
    {"SentToMemberOf", param_support::not_simulated, ""},
    {"ExceptIfRecipientDomainIs", param_support::not_simulated, ""},
    {"ExceptIfSentTo", param_support::not_simulated, ""},
    {"ExceptIfSentToMemberOf", param_support::not_simulated, ""},
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
  switch (family) {
    case cmdlet_family::antispam_rule: return antispam_rule;
    case cmdlet_family::transport_rule: return rules;
    case cmdlet_family::antispam_policy: return antispam;
    case cmdlet_family::quarantine_policy: return quarantine;
  }
  return rules;
}

}  // namespace

const param_info* find_parameter(cmdlet_family family, std::string_view name) {
  for (const auto& info : table_of(family).infos) {
    if (iequals(info.name, name)) return &info;
  }
  return nullptr;
}

std::span<const std::string_view> parameter_names(cmdlet_family family) {
  return table_of(family).names;
}

bool is_assumed_value(const param_value& value, std::string_view assumed) {
  switch (value.type) {
    case value_type::null: return true;
    case value_type::boolean: return !value.flag || iequals(assumed, "True");
    case value_type::list: return value.items.empty();
    case value_type::mapping: return false;
    case value_type::text:
    case value_type::number:
      return trim(value.text).empty() || (!assumed.empty() && iequals(value.text, assumed));
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
    std::size_t cut = 57;  // back up to a character boundary
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
    return fmt::format("'{}...'", text.substr(0, cut));
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

// ---- value readers -------------------------------------------------------------------------

namespace {}  // namespace

namespace detail {

const parameter* find_param(std::span<const parameter> params, std::string_view name) {
  for (const auto& p : params) {
    if (iequals(p.name, name)) return &p;
  }
  return nullptr;
}

void error(std::vector<diagnostic>& out, diag_code code, const source_span& where,
           std::string message) {
  out.push_back(diagnostic{code, where, std::move(message)});
}

bool is_texty(const param_value& v) noexcept {
  return v.type == value_type::text || v.type == value_type::number;
}

std::optional<std::vector<list_item>> read_list(const parameter& p, const std::string& ctx,
                                                param_style style, std::string_view noun,
                                                std::vector<diagnostic>& out) {
  std::vector<list_item> items;
  const std::string label = param_label(p.name, style);
  if (is_texty(p.value)) {
    items.push_back(list_item{p.value.text, p.value.where});
  } else if (p.value.type == value_type::list) {
    for (const auto& item : p.value.items) {
      if (!is_texty(item)) {
        error(out, diag_code::bad_value, item.where,
              fmt::format("an item of {} {}: expected {}, found {}", label, ctx, noun,
                          describe(item, style)));
        return std::nullopt;
      }
      items.push_back(list_item{item.text, item.where});
    }
  } else {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected {} or a list of them, found {}", label, ctx, noun,
                      describe(p.value, style)));
    return std::nullopt;
  }
  if (items.empty()) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: the list is empty; give at least one {}", label, ctx,
                      noun.substr(noun.find(' ') + 1)));
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& item : items) {
    if (trim(item.text).empty()) {
      error(out, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected {}, found an empty string", label, ctx, noun));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<std::string> read_header_name(const parameter& p, const std::string& ctx,
                                            param_style style, std::vector<diagnostic>& out) {
  auto text = read_text(p, ctx, style, false, out);
  if (text && !is_header_name(*text)) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected a header name (printable ASCII without spaces or ':'), "
                      "found {}",
                      param_label(p.name, style), ctx, describe(p.value, style)));
    return std::nullopt;
  }
  return text;
}

}  // namespace detail

namespace {

using detail::enum_name;
using detail::error;
using detail::find_param;
using detail::is_texty;
using detail::read_enum;
using detail::read_list;

constexpr enum_name<spam_action> spam_actions[] = {{"MoveToJmf", spam_action::move_to_jmf},
                                                   {"AddXHeader", spam_action::add_x_header},
                                                   {"ModifySubject", spam_action::modify_subject},
                                                   {"Redirect", spam_action::redirect},
                                                   {"Delete", spam_action::delete_message},
                                                   {"Quarantine", spam_action::quarantine},
                                                   {"NoAction", spam_action::no_action}};
}  // namespace

std::optional<std::string> read_text(const parameter& p, const std::string& ctx, param_style style,
                                     bool allow_empty, std::vector<diagnostic>& out) {
  if (p.value.type == value_type::null && allow_empty) return std::string();
  if (!is_texty(p.value)) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected a text, found {}", param_label(p.name, style), ctx,
                      describe(p.value, style)));
    return std::nullopt;
  }
  if (!allow_empty && trim(p.value.text).empty()) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected a non-empty text, found {}", param_label(p.name, style), ctx,
                      describe(p.value, style)));
    return std::nullopt;
  }
  return p.value.text;
}

std::optional<int> read_int(const parameter& p, const std::string& ctx, param_style style, int low,
                            int high, std::vector<diagnostic>& out) {
  if (is_texty(p.value)) {
    const std::string_view text = trim(p.value.text);
    long long value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (!text.empty() && ec == std::errc() && stop == end && value >= low && value <= high) {
      return static_cast<int>(value);
    }
  }
  const std::string expected = high == INT_MAX ? fmt::format("an integer of {} or more", low)
                                               : fmt::format("an integer from {} to {}", low, high);
  error(out, diag_code::bad_value, p.value.where,
        fmt::format("{} {}: expected {}, found {}", param_label(p.name, style), ctx, expected,
                    describe(p.value, style)));
  return std::nullopt;
}

std::optional<bool> read_bool(const parameter& p, const std::string& ctx, param_style style,
                              std::vector<diagnostic>& out) {
  if (p.value.type == value_type::boolean) return p.value.flag;
  // PowerShell binds 1 and 0 to Boolean parameters too, but not the words true and false.
  if (p.value.type == value_type::number || p.value.type == value_type::text) {
    if (p.value.text == "1") return true;
    if (p.value.text == "0") return false;
  }
  const bool cmdlet = style == param_style::cmdlet;
  std::string hint;
  if (is_texty(p.value) && (iequals(p.value.text, "true") || iequals(p.value.text, "false"))) {
    hint = fmt::format(" (write {}{})", cmdlet ? "$" : "", to_lower(p.value.text));
  }
  error(out, diag_code::bad_value, p.value.where,
        fmt::format("{} {}: expected {}, found {}{}", param_label(p.name, style), ctx,
                    cmdlet ? "$true or $false" : "true or false", describe(p.value, style), hint));
  return std::nullopt;
}

std::optional<std::string> read_name(const parameter& p, const std::string& ctx, param_style style,
                                     std::vector<diagnostic>& out) {
  auto text = read_text(p, ctx, style, false, out);
  if (text && utf8_length(*text) > 64) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected at most 64 characters, found {}", param_label(p.name, style),
                      ctx, utf8_length(*text)));
    return std::nullopt;
  }
  return text;
}

// ---- policies ------------------------------------------------------------------------------

namespace {

verdict_setting* verdict_for(antispam_policy& policy, std::string_view key) {
  if (key == "SpamAction" || key == "SpamQuarantineTag") return &policy.spam;
  if (key == "HighConfidenceSpamAction" || key == "HighConfidenceSpamQuarantineTag") {
    return &policy.high_confidence_spam;
  }
  if (key == "PhishSpamAction" || key == "PhishQuarantineTag") return &policy.phish;
  if (key == "HighConfidencePhishAction" || key == "HighConfidencePhishQuarantineTag") {
    return &policy.high_confidence_phish;
  }
  if (key == "BulkSpamAction" || key == "BulkQuarantineTag") return &policy.bulk;
  return nullptr;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

void apply_antispam_parameters(std::span<const parameter> params, const std::string& ctx,
                               param_style style, antispam_policy& policy,
                               std::vector<tag_reference>& tags, std::vector<diagnostic>& out,
                               int policy_index) {
  for (const auto& p : params) {
    const std::string label = param_label(p.name, style);
    if (verdict_setting* verdict = verdict_for(policy, p.name)) {
      if (ends_with(p.name, "QuarantineTag")) {
        if (auto tag = read_text(p, ctx, style, false, out)) {
          verdict->quarantine_tag = *tag;
          tags.push_back(tag_reference{p.name, p.value.where, policy_index});
        }
        continue;
      }
      const auto action = read_enum(p, ctx, style, spam_actions, out);
      if (!action) continue;
      if (p.name == "HighConfidencePhishAction" && *action != spam_action::quarantine &&
          *action != spam_action::redirect) {
        error(out, diag_code::bad_value, p.value.where,
              fmt::format("{} {}: expected Quarantine or Redirect (high-confidence phish is "
                          "never delivered), found {}",
                          label, ctx, describe(p.value, style)));
      } else if (*action == spam_action::no_action && p.name != "BulkSpamAction") {
        error(out, diag_code::bad_value, p.value.where,
              fmt::format("{} {}: NoAction is allowed only for BulkSpamAction; expected one of "
                          "MoveToJmf, AddXHeader, ModifySubject, Redirect, Delete, Quarantine",
                          label, ctx));
      } else {
        verdict->action = *action;
      }
    } else if (p.name == "BulkThreshold") {
      if (auto value = read_int(p, ctx, style, 1, 9, out)) policy.bulk_threshold = *value;
    } else if (p.name == "QuarantineRetentionPeriod") {
      if (auto value = read_int(p, ctx, style, 1, 30, out)) {
        policy.quarantine_retention_days = *value;
      }
    } else if (p.name == "AddXHeaderValue") {
      // Exchange takes the header's name; the value is fixed text.
      if (auto name = read_text(p, ctx, style, false, out)) {
        if (name->find_first_of(" :") != std::string::npos || name->size() > 255 ||
            !is_header_name(*name)) {
          error(out, diag_code::bad_value, p.value.where,
                fmt::format("{} {}: expected a header name of at most 255 characters without "
                            "spaces or ':' (Exchange ignores other values), found {}",
                            label, ctx, describe(p.value, style)));
        } else {
          policy.x_header = *name + ": This message appears to be spam.";
        }
      }
    } else if (p.name == "ModifySubjectValue") {
      if (auto text = read_text(p, ctx, style, true, out)) policy.modify_subject_text = *text;
    }
  }
}

void apply_antispam_scope(std::span<const parameter> params, const std::string& ctx,
                          param_style style, antispam_policy& policy,
                          std::vector<diagnostic>& out) {
  for (const auto& p : params) {
    const bool domains = p.name == "RecipientDomainIs";
    if (p.name == "Priority") {
      if (auto value = read_int(p, ctx, style, 0, INT_MAX, out)) policy.priority = *value;
    } else if (domains || p.name == "SentTo") {
      auto items = read_list(p, ctx, style, domains ? "a domain" : "an email address", out);
      if (!items) continue;
      for (const auto& item : *items) {
        const std::string_view text = trim(item.text);
        if (domains ? is_domain(text) : is_address(text)) {
          (domains ? policy.recipient_domain_is : policy.sent_to).push_back(to_lower(text));
        } else {
          error(out, diag_code::bad_value, item.where,
                fmt::format("{} {}: expected {}, found '{}'", param_label(p.name, style), ctx,
                            domains ? "a domain such as contoso.com"
                                    : "an email address such as user@contoso.com",
                            item.text));
        }
      }
    }
  }
}

void apply_quarantine_parameters(std::span<const parameter> params, const std::string& ctx,
                                 param_style style, quarantine_policy& policy,
                                 std::vector<diagnostic>& out) {
  for (const auto& p : params) {
    if (p.name == "EndUserQuarantinePermissionsValue") {
      if (auto value = read_int(p, ctx, style, 0, 255, out)) {
        const auto bits = static_cast<std::uint32_t>(*value);
        if ((bits & perm_release) != 0 && (bits & perm_request_release) != 0) {
          error(out, diag_code::bad_value, p.value.where,
                fmt::format("{} {}: {} allows both release (4) and request release (8); a "
                            "policy gives one or the other",
                            param_label(p.name, style), ctx, *value));
        } else {
          policy.permissions = bits;
        }
      }
    } else if (p.name == "ESNEnabled") {
      if (auto value = read_bool(p, ctx, style, out)) policy.notifications = *value;
    }
  }
}

std::optional<notification_frequency> read_notification_frequency(const parameter& p,
                                                                  const std::string& ctx,
                                                                  param_style style,
                                                                  std::vector<diagnostic>& out) {
  if (is_texty(p.value)) {
    // A TimeSpan: [days.]hours:minutes[:seconds]; the JSON loader gives whole hours.
    const std::string_view text = trim(p.value.text);
    long long hours = -1;
    if (p.value.type == value_type::number) {
      const auto [stop, ec] = std::from_chars(text.data(), text.data() + text.size(), hours);
      if (ec != std::errc() || stop != text.data() + text.size()) hours = -1;
    } else if (text == "04:00:00" || text == "4:00:00") {
      hours = 4;
    } else if (text == "1.00:00:00") {
      hours = 24;
    } else if (text == "7.00:00:00") {
      hours = 168;
    }
    if (hours == 4) return notification_frequency::every_4_hours;
    if (hours == 24) return notification_frequency::daily;
    if (hours == 168) return notification_frequency::weekly;
  }
  error(out, diag_code::bad_value, p.value.where,
        fmt::format("{} {}: expected 04:00:00 (4 hours), 1.00:00:00 (1 day) or 7.00:00:00 (7 "
                    "days), found {}",
                    param_label(p.name, style), ctx, describe(p.value, style)));
  return std::nullopt;
}

void build_scoped_antispam(std::span<const named_entry> policies,
                           std::span<const named_entry> rules, param_style style,
                           imported_rules& out) {
  const auto find = [](std::span<const named_entry> entries, std::string_view name) {
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const named_entry& e) { return iequals(e.name, name); });
    return it == entries.end() ? nullptr : &*it;
  };
  std::vector<std::string> used;
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const named_entry& rule = rules[k];
    const std::string ctx = fmt::format("in anti-spam rule '{}'", rule.name);
    const parameter* target = find_param(rule.params, "HostedContentFilterPolicy");
    if (target == nullptr) {
      error(out.diagnostics, diag_code::missing_key, rule.where,
            fmt::format("anti-spam rule '{}' names no policy: give {}", rule.name,
                        param_label("HostedContentFilterPolicy", style)));
      continue;
    }
    bool enabled = true;
    if (const parameter* p = find_param(rule.params, "Enabled")) {
      enabled = read_bool(*p, ctx, style, out.diagnostics).value_or(true);
    }
    if (const parameter* p = find_param(rule.params, "State")) {
      enabled = !(is_texty(p->value) && iequals(trim(p->value.text), "Disabled"));
    }
    const auto policy_name = read_text(*target, ctx, style, false, out.diagnostics);
    if (!policy_name) continue;
    const named_entry* entry = find(policies, *policy_name);
    const std::string label = param_label("HostedContentFilterPolicy", style);
    if (entry == nullptr) {
      error(out.diagnostics, diag_code::bad_reference, target->value.where,
            fmt::format("{} {}: no anti-spam policy named '{}' is defined (by "
                        "New-HostedContentFilterPolicy, or in the same export)",
                        label, ctx, *policy_name));
      continue;
    }
    if (std::any_of(used.begin(), used.end(),
                    [&](const std::string& u) { return iequals(u, entry->name); })) {
      error(out.diagnostics, diag_code::duplicate, target->value.where,
            fmt::format("{} {}: the policy '{}' already has a rule (one rule per policy)", label,
                        ctx, entry->name));
      continue;
    }
    used.push_back(entry->name);
    if (!enabled) continue;
    antispam_policy policy;
    policy.name = entry->name;
    policy.where = entry->where;
    policy.priority = static_cast<int>(k);
    apply_antispam_scope(rule.params, ctx, style, policy, out.diagnostics);
    if (policy.recipient_domain_is.empty() && policy.sent_to.empty()) {
      error(out.diagnostics, diag_code::missing_key, rule.where,
            fmt::format("anti-spam rule '{}' scopes no recipient: give {} or {}", rule.name,
                        param_label("RecipientDomainIs", style), param_label("SentTo", style)));
      continue;
    }
    // Its quarantine tags are resolved through its index, so it is added right after.
    const int index = static_cast<int>(out.set.scoped_antispam.size());
    apply_antispam_parameters(entry->params, fmt::format("in anti-spam policy '{}'", entry->name),
                              style, policy, out.tags, out.diagnostics, index);
    out.set.scoped_antispam.push_back(std::move(policy));
    out.has_antispam = true;
  }
}

// ---- checks over the whole set -------------------------------------------------------------

void resolve_quarantine_tags(rule_set& set, std::span<const tag_reference> tags,
                             std::vector<diagnostic>& out) {
  std::vector<std::string_view> names;
  for (const auto& policy : built_in_quarantine_policies()) names.push_back(policy.name);
  for (const auto& policy : set.quarantine_policies) {
    if (!policy.name.empty()) names.push_back(policy.name);
  }
  for (const auto& ref : tags) {
    const bool scoped =
        ref.policy >= 0 && static_cast<std::size_t>(ref.policy) < set.scoped_antispam.size();
    antispam_policy& owner =
        scoped ? set.scoped_antispam[static_cast<std::size_t>(ref.policy)] : set.antispam;
    verdict_setting* verdict = verdict_for(owner, ref.key);
    if (verdict == nullptr) continue;
    std::string& tag = verdict->quarantine_tag;
    const auto known = std::find_if(names.begin(), names.end(),
                                    [&](std::string_view name) { return iequals(name, tag); });
    if (known != names.end()) {
      tag = std::string(*known);  // Exchange names ignore case: keep the defined spelling
      continue;
    }
    const std::string hint = did_you_mean(tag, names);
    const std::string policy =
        scoped ? fmt::format("the anti-spam policy '{}'", owner.name) : "the anti-spam policy";
    error(out, diag_code::bad_reference, ref.where,
          hint.empty() ? fmt::format("unknown quarantine policy '{}' in {} of {}; known policies: "
                                     "{} (a policy exported to another file is known when both "
                                     "files are read together)",
                                     tag, ref.key, policy, join(names))
                       : fmt::format("unknown quarantine policy '{}' in {} of {}{}", tag, ref.key,
                                     policy, hint));
  }
}

void check_rule_uniqueness(const rule_set& set, std::vector<diagnostic>& out) {
  std::map<std::string, const transport_rule*> names;
  std::map<int, const transport_rule*> priorities;
  for (const auto& rule : set.transport_rules) {
    if (!rule.name.empty()) {
      const auto [first, fresh] = names.emplace(to_lower(rule.name), &rule);
      if (!fresh) {
        error(out, diag_code::duplicate, rule.where,
              fmt::format("duplicate transport rule name '{}' (first defined at line {}; names "
                          "are compared without case)",
                          rule.name, first->second->where.line));
      }
    }
    if (rule.priority_given) {
      const auto [first, fresh] = priorities.emplace(rule.priority, &rule);
      if (!fresh) {
        error(
            out, diag_code::duplicate, rule.where,
            fmt::format("duplicate Priority {} in transport rule '{}' (the rule '{}' at line {} "
                        "has it too)",
                        rule.priority, rule.name, first->second->name, first->second->where.line));
      }
    }
  }
}

void sort_diagnostics(std::vector<diagnostic>& diagnostics) {
  // Files keep the order of their first diagnostic (the order they were named in).
  std::map<std::string, std::size_t> file_rank;
  for (const auto& d : diagnostics) file_rank.emplace(d.where.file, file_rank.size());
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const diagnostic& a, const diagnostic& b) {
                     return std::tuple(file_rank[a.where.file], a.where.line, a.where.col) <
                            std::tuple(file_rank[b.where.file], b.where.line, b.where.col);
                   });
}

rule_set finish_import(imported_rules&& imported) {
  resolve_quarantine_tags(imported.set, imported.tags, imported.diagnostics);
  check_rule_uniqueness(imported.set, imported.diagnostics);
  if (!imported.diagnostics.empty()) {
    sort_diagnostics(imported.diagnostics);
    throw load_error(std::move(imported.diagnostics));
  }
  return std::move(imported.set);
}

}  // namespace mfsim::rules
