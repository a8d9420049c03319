// Mistakes of exporting that a JSON export carries (json_export_mistakes.h).
#include "engine/rules/json_export_mistakes.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "engine/ascii.h"

namespace mfsim::rules {
namespace {

// The transport rule properties whose values are names of an enumeration (New-TransportRule).
constexpr std::string_view rule_enums[] = {"State",
                                           "Mode",
                                           "RuleErrorAction",
                                           "SenderAddressLocation",
                                           "RuleSubType",
                                           "SetAuditSeverity",
                                           "FromScope",
                                           "ExceptIfFromScope",
                                           "SentToScope",
                                           "ExceptIfSentToScope",
                                           "WithImportance",
                                           "ExceptIfWithImportance",
                                           "MessageTypeMatches",
                                           "ExceptIfMessageTypeMatches",
                                           "RecipientAddressType",
                                           "ApplyHtmlDisclaimerLocation",
                                           "ApplyHtmlDisclaimerFallbackAction",
                                           "NotifySender",
                                           "ManagerForEvaluatedUser",
                                           "ExceptIfManagerForEvaluatedUser",
                                           "SenderManagementRelationship",
                                           "ExceptIfSenderManagementRelationship",
                                           "ADComparisonAttribute",
                                           "ExceptIfADComparisonAttribute",
                                           "ADComparisonOperator",
                                           "ExceptIfADComparisonOperator",
                                           "IncidentReportContent"};

}  // namespace

std::span<const std::string_view> transport_rule_enums() noexcept { return rule_enums; }

// A list ConvertTo-Json cut off at its depth limit is written as the list's .NET type name
// ("System.Collections.ArrayList", "Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1
// [[System.String, ...]]") and an object as "@{Key=value; ...}" (docs/decisions.md 403).
bool is_flattened_object(std::string_view text) {
  if (text.starts_with("@{") && text.ends_with("}")) return true;
  const bool deserialized = text.starts_with("Deserialized.");
  if (deserialized) text.remove_prefix(13);
  // A type name: capitalised dotted identifiers, then perhaps `1[[...]] or [].
  const std::string_view head = text.substr(0, text.find_first_of("`["));
  std::size_t parts = 0;
  for (std::size_t k = 0; k <= head.size();) {
    const std::size_t dot = std::min(head.find('.', k), head.size());
    const std::string_view part = head.substr(k, dot - k);
    if (part.empty() || part.front() < 'A' || part.front() > 'Z' ||
        !std::all_of(part.begin(), part.end(),
                     [](char c) { return ascii_is_alnum(c) || c == '_'; })) {
      return false;
    }
    ++parts;
    k = dot + 1;
  }
  const bool generic_or_array = head.size() < text.size();
  if (head.starts_with("System.")) return parts >= 2;
  // Not "Microsoft.Com": Exchange's types are three names deep or more.
  return head.starts_with("Microsoft.") && (deserialized || generic_or_array || parts >= 3);
}

// A hand-made summary such as {"TransportRules": ["A", "B"], "HostedContentFilterPolicy":
// "Default"}: every key names a kind of object, every value only names.
bool is_bundle(const nlohmann::ordered_json& object) {
  static constexpr std::string_view kinds[] = {"TransportRule",
                                               "TransportRules",
                                               "HostedContentFilterPolicy",
                                               "HostedContentFilterPolicies",
                                               "HostedContentFilterRule",
                                               "HostedContentFilterRules",
                                               "QuarantinePolicy",
                                               "QuarantinePolicies",
                                               "AcceptedDomains"};
  const auto names = [](const nlohmann::ordered_json& v) {
    return v.is_string() ||
           (v.is_array() && std::all_of(v.begin(), v.end(), [](const nlohmann::ordered_json& e) {
              return e.is_string();
            }));
  };
  const auto items = object.items();
  return !object.empty() && std::all_of(items.begin(), items.end(), [&](const auto& item) {
    return names(item.value()) &&
           std::any_of(std::begin(kinds), std::end(kinds),
                       [&](std::string_view k) { return ascii_iequals(k, item.key()); });
  });
}

// PowerShell writes enumerations as numbers unless told otherwise: every such property is
// reported in one pass and left out, so that its number is not also "not one of" the names.
std::vector<parameter> reject_numeric_enums(std::vector<parameter> params,
                                            std::span<const std::string_view> keys,
                                            const std::string& label, std::string_view advice,
                                            std::vector<diagnostic>& out) {
  std::vector<parameter> kept;
  for (auto& p : params) {
    // A key ending in '*' stands for every name that starts with it.
    const auto names = [&](std::string_view k) {
      return k.ends_with('*')
                 ? p.name.size() >= k.size() - 1 &&
                       ascii_iequals(p.name.substr(0, k.size() - 1), k.substr(0, k.size() - 1))
                 : ascii_iequals(k, p.name);
    };
    const bool numeric_enum =
        p.value.type == value_type::number && std::any_of(keys.begin(), keys.end(), names);
    if (!numeric_enum) {
      kept.push_back(std::move(p));
      continue;
    }
    out.push_back(diagnostic{
        diag_code::bad_value, p.value.where,
        fmt::format("'{}' of {} is a number ({}), the enumeration's value, not its name: export "
                    "names instead with {}",
                    p.name, label, p.value.text, advice)});
  }
  return kept;
}

}  // namespace mfsim::rules
