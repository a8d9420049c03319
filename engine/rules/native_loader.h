// Internal to the YAML rule-set loader: its key tables and the loader class. load_native.cc
// holds the loader's readers and the whole-file checks; native_sections.cc reads each section.
#pragma once

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/param_readers.h"
#include "engine/rules/rule_set.h"
#include "engine/rules/validate.h"
#include "engine/rules/yaml_document.h"

namespace mfsim::rules::native {

using yaml::describe;
using yaml::field;
using yaml::fields;
using yaml::value_of;

// ---- key tables ---------------------------------------------------------------------------

inline constexpr std::string_view top_keys[] = {"mfsim",
                                                "name",
                                                "description",
                                                "area1",
                                                "ip_lists",
                                                "quarantine_policies",
                                                "antispam_policy",
                                                "antispam_policies",
                                                "antiphish_policy",
                                                "settings",
                                                "organization",
                                                "transport_rules"};
inline constexpr std::string_view area1_keys[] = {"disposition_header", "quarantine_dispositions",
                                                  "egress_list",        "configured_as",
                                                  "forwarding_to",      "outbound_tls",
                                                  "ip_restrictions"};
inline constexpr std::string_view ip_list_keys[] = {"entries", "comment"};
inline constexpr std::string_view quarantine_policy_keys[] = {
    "Name", "EndUserQuarantinePermissionsValue", "ESNEnabled",
    "IncludeMessagesFromBlockedSenderAddress"};
inline constexpr std::string_view antispam_keys[] = {"Name",
                                                     "SpamAction",
                                                     "SpamQuarantineTag",
                                                     "HighConfidenceSpamAction",
                                                     "HighConfidenceSpamQuarantineTag",
                                                     "PhishSpamAction",
                                                     "PhishQuarantineTag",
                                                     "HighConfidencePhishAction",
                                                     "HighConfidencePhishQuarantineTag",
                                                     "BulkSpamAction",
                                                     "BulkQuarantineTag",
                                                     "BulkThreshold",
                                                     "QuarantineRetentionPeriod",
                                                     "AddXHeaderValue",
                                                     "ModifySubjectValue",
                                                     "MarkAsSpamBulkMail",
                                                     "AllowedSenders",
                                                     "AllowedSenderDomains",
                                                     "BlockedSenders",
                                                     "BlockedSenderDomains",
                                                     "EnableLanguageBlockList",
                                                     "LanguageBlockList",
                                                     "EnableRegionBlockList",
                                                     "RegionBlockList",
                                                     "RedirectToRecipients",
                                                     "MarkAsSpamEmptyMessages",
                                                     "MarkAsSpamEmbedTagsInHtml",
                                                     "MarkAsSpamJavaScriptInHtml",
                                                     "MarkAsSpamFormTagsInHtml",
                                                     "MarkAsSpamFramesInHtml",
                                                     "MarkAsSpamWebBugsInHtml",
                                                     "MarkAsSpamObjectTagsInHtml",
                                                     "MarkAsSpamSpfRecordHardFail",
                                                     "MarkAsSpamFromAddressAuthFail",
                                                     "MarkAsSpamNdrBackscatter",
                                                     "IncreaseScoreWithImageLinks",
                                                     "IncreaseScoreWithNumericIps",
                                                     "IncreaseScoreWithRedirectToOtherPort",
                                                     "IncreaseScoreWithBizOrInfoUrls",
                                                     "TestModeAction",
                                                     "TestModeBccToRecipients",
                                                     "IntraOrgFilterState"};
// Set-AntiPhishPolicy's spoof settings.
inline constexpr std::string_view antiphish_keys[] = {"Name",
                                                      "EnableSpoofIntelligence",
                                                      "AuthenticationFailAction",
                                                      "SpoofQuarantineTag",
                                                      "HonorDmarcPolicy",
                                                      "DmarcQuarantineAction",
                                                      "DmarcRejectAction"};
// A policy other than Default also has its recipient scope (New-HostedContentFilterRule).
inline const std::vector<std::string_view>& scoped_antispam_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> k(std::begin(antispam_scope_keys), std::end(antispam_scope_keys));
    k.insert(k.end(), std::begin(antispam_keys), std::end(antispam_keys));
    return k;
  }();
  return keys;
}
// Set-HostedContentFilterPolicy's parameters that mfsim cannot simulate and warns about in an
// import (`warned`: MarkAsSpamSensitiveWordList) are no keys here: the format says only what
// mfsim simulates. Refused with why and what to write instead (decision 1234).
inline const std::vector<yaml::left_out_key>& antispam_left_out_keys() {
  static const std::vector<yaml::left_out_key> keys = [] {
    std::vector<yaml::left_out_key> k;
    for (const std::string_view name : parameter_names(cmdlet_family::antispam_policy)) {
      const param_info* info = find_parameter(cmdlet_family::antispam_policy, name);
      if (info == nullptr || info->support != param_support::warned) continue;
      k.push_back({std::string(name),
                   fmt::format("{}, so mfsim cannot simulate the setting; remove the key: the "
                               "policy is simulated as with {} (`mfsim import` reads a script's "
                               "or an export's other values as {} too, with a warning)",
                               info->missing, info->assumed, info->assumed)});
    }
    return k;
  }();
  return keys;
}
// The organisation: its accepted domains (New-AcceptedDomain's parameters per entry).
inline constexpr std::string_view organization_keys[] = {"accepted_domains"};
inline constexpr std::string_view accepted_domain_keys[] = {"DomainName", "DomainType", "Name"};
inline constexpr std::string_view settings_keys[] = {"notification_frequency", "scl_model",
                                                     "mx_record"};
inline constexpr std::string_view dispositions[] = {"MALICIOUS", "SUSPICIOUS", "SPOOF", "UCE",
                                                    "BULK"};

using detail::enum_name;
using detail::list_item;
using detail::spam_actions;

inline constexpr enum_name<notification_frequency> frequencies[] = {
    {"4h", notification_frequency::every_4_hours},
    {"daily", notification_frequency::daily},
    {"weekly", notification_frequency::weekly}};
inline constexpr enum_name<scl_model> scl_models[] = {{"classic", scl_model::classic},
                                                      {"advisory", scl_model::advisory}};
inline constexpr enum_name<mx_record> mx_records[] = {{"microsoft365", mx_record::microsoft365},
                                                      {"other", mx_record::other}};
// The values New-AntiPhishPolicy accepts for each spoof action.
inline constexpr enum_name<spoof_action> junk_or_quarantine[] = {
    {"MoveToJmf", spoof_action::move_to_jmf}, {"Quarantine", spoof_action::quarantine}};
inline constexpr enum_name<spoof_action> quarantine_or_reject[] = {
    {"Quarantine", spoof_action::quarantine}, {"Reject", spoof_action::reject}};

// ---- the loader ---------------------------------------------------------------------------

class loader {
 public:
  explicit loader(std::string file) : file_(std::move(file)) {}

  rule_set load(const YAML::Node& root);
  [[nodiscard]] std::vector<diagnostic> take_diagnostics();

 private:
  // A `$name` in SenderIpRanges or area1.egress_list, checked once every list is known.
  struct list_reference {
    std::string name;
    source_span where;
    std::string used_in;  // "SenderIpRanges of transport rule 'X'"
  };

  [[nodiscard]] source_span span_of(const YAML::Node& node) const;
  [[nodiscard]] source_span value_span(const field& f) const;
  void error(diag_code code, source_span where, std::string message);

  // `listed`: the keys an "allowed keys" message names (default: all of `allowed`);
  // `left_out`: those refused with why (yaml::left_out_key).
  fields read_mapping(const YAML::Node& map, std::span<const std::string_view> allowed,
                      const std::string& where_phrase,
                      std::span<const std::string_view> listed = {},
                      std::span<const yaml::left_out_key> left_out = {});
  std::optional<std::string> read_string(const field& f, const std::string& ctx, bool allow_empty);
  std::optional<int> read_int(const field& f, const std::string& ctx, int low, int high);
  std::optional<bool> read_bool(const field& f, const std::string& ctx);
  template <class E, std::size_t N>
  std::optional<E> read_enum(const field& f, const std::string& ctx,
                             const enum_name<E> (&names)[N]);
  std::optional<std::vector<list_item>> read_list(const field& f, const std::string& ctx,
                                                  std::string_view noun, bool allow_empty);
  std::optional<std::string> read_header_name(const field& f, const std::string& ctx);
  std::optional<std::string> read_name(const field& f, const std::string& ctx);

  void check_version(const fields& top, const YAML::Node& root);
  void load_area1(const field& f);
  void load_ip_lists(const field& f);
  void load_quarantine_policies(const field& f);
  void load_antispam(const field& f);
  void load_scoped_antispam(const field& f);
  void load_antiphish(const field& f);
  // `index`: the policy's place in rule_set::scoped_antispam, -1 for antispam_policy.
  void load_antispam_settings(const fields& map, const std::string& ctx, antispam_policy& policy,
                              int index);
  void load_settings(const field& f);
  void load_organization(const field& f);  // native_organization.cc
  void load_accepted_domain(const YAML::Node& node, std::size_t index);
  void load_transport_rules(const field& f);
  void load_rule(const YAML::Node& node, std::size_t index);
  [[nodiscard]] param_value to_param_value(const YAML::Node& node) const;
  // A key and its value as the shared readers take them (param_readers.h): scalars are texts,
  // or with `flags` true/$true/false/$false (quoted or not) are booleans.
  [[nodiscard]] parameter as_parameter(const field& f, bool flags) const;
  [[nodiscard]] param_value as_value(const YAML::Node& node, bool flags) const;
  // A key's value as a parameter value, positioned as value_span() says.
  [[nodiscard]] param_value to_param_value(const field& f) const;
  void check_ip_entries(const std::vector<list_item>& items, const std::string& used_in,
                        bool allow_references);
  void resolve_references();

  std::string file_;
  rule_set out_;
  std::vector<diagnostic> diagnostics_;
  std::vector<list_reference> list_references_;
  std::vector<tag_reference> tags_;  // quarantine tags, resolved once every policy is known
  std::map<std::string, int> rule_name_lines_;  // lower-cased name -> line of its Name
  std::map<int, int> priority_lines_;           // priority -> line where it was first given
};

template <class E, std::size_t N>
std::optional<E> loader::read_enum(const field& f, const std::string& ctx,
                                   const enum_name<E> (&names)[N]) {
  return detail::read_enum(as_parameter(f, false), ctx, param_style::yaml, names, diagnostics_);
}

}  // namespace mfsim::rules::native
