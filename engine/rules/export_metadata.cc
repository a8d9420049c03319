// The read-only properties of exported rules and policies, from the Get-* cmdlets' output in
// Microsoft's cmdlet reference and from real ConvertTo-Json and REST exports: they describe the
// object (who, when, where it is stored, how big) rather than configure it.
#include "engine/rules/export_metadata.h"

#include <algorithm>

#include "engine/ascii.h"

namespace mfsim::rules {
namespace {

constexpr std::string_view metadata[] = {
    // Every Exchange configuration object.
    "Identity", "Id", "Guid", "DistinguishedName", "ObjectCategory", "ObjectClass", "WhenChanged",
    "WhenCreated", "WhenChangedUTC", "WhenCreatedUTC", "ExchangeVersion", "ExchangeObjectId",
    "OrganizationId", "OrganizationalUnitRoot", "OriginatingServer", "IsValid", "ObjectState",
    "ImmutableId", "CreatedBy", "LastModifiedBy", "CreatedByObjectId", "LastModifiedByObjectId",
    "AdminDisplayName",
    // What PowerShell remoting adds to every object.
    "PSComputerName", "RunspaceId", "PSShowComputerName", "PSSourceJobInstanceId",
    // Get-TransportRule: the rule as text and its internal form.
    "Description", "RuleVersion", "Conditions", "Exceptions", "Actions",
    "IsRuleConfigurationSupported", "ManuallyModified", "DlpPolicyId", "Size", "RegexSize",
    "RuleCollection", "RuleFormat", "TransportRuleType", "MessageContainsAllDataClassifications",
    "ExceptIfMessageContainsAllDataClassifications",
    // Get-HostedContentFilterPolicy / -Rule / Get-QuarantinePolicy: state Exchange computes.
    "IsDefault", "IsBuiltInProtection", "IsPreset", "RecommendedPolicyType",
    "EndUserQuarantinePermissions", "DistributionGroupSettings", "HostedContentFilterPolicyId",
    "PolicyType", "PolicyState", "RuleId", "EffectiveDate"};

struct retired {
  cmdlet_family family;
  std::string_view name;
  std::string_view instead;
};

// Parameters the cmdlet reference lists as deprecated or no longer used: both were
// New-/Set-HostedContentFilterPolicy's (decision 1251).
constexpr retired retired_parameters[] = {
    {cmdlet_family::antispam_policy, "ZapEnabled", "SpamZapEnabled and PhishZapEnabled replace it"},
    {cmdlet_family::antispam_policy, "FalsePositiveAdditionalRecipients", "it is no longer used"},
};

}  // namespace

bool is_export_metadata(std::string_view property) {
  // "SetSCL@odata.type", "@odata.context": annotations of the REST form of the cmdlets.
  if (property.find('@') != std::string_view::npos) return true;
  return std::any_of(std::begin(metadata), std::end(metadata),
                     [&](std::string_view m) { return ascii_iequals(m, property); });
}

std::optional<std::string_view> retired_parameter(cmdlet_family family, std::string_view property) {
  for (const auto& r : retired_parameters) {
    if (r.family == family && ascii_iequals(r.name, property)) return r.instead;
  }
  return std::nullopt;
}

}  // namespace mfsim::rules
