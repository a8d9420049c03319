// Microsoft365DSC resources as the Exchange Online cmdlets they stand for. The resources'
// properties are the cmdlets' parameters, with these differences (docs/import.md):
//   - the key property Identity names the object: -Name of New-X, or -Identity of Set-X for
//     objects every tenant has (the Default anti-spam policy, DefaultGlobalTag);
//   - Ensure = "Absent" creates nothing; authentication properties are not parameters;
//   - an empty text or array is how an export writes "not set".
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
namespace {

// How Microsoft365DSC authenticates; nothing of the organisation.
constexpr std::string_view auth_properties[] = {
    "Credential",      "ApplicationId",        "TenantId",        "CertificateThumbprint",
    "CertificatePath", "CertificatePassword",  "ManagedIdentity", "ApplicationSecret",
    "AccessTokens",    "PsDscRunAsCredential", "DependsOn",       "GlobalAdminAccount"};

bool in(std::span<const std::string_view> names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view n) { return ascii_iequals(n, name); });
}

bool is_unset(const ps_value& v) {
  if (v.kind != ps_kind::plain) return false;
  const param_value& p = v.value;
  return p.type == value_type::null || (p.type == value_type::text && p.text.empty()) ||
         (p.type == value_type::list && p.items.empty());
}

std::string text_of(const ps_entry* e) {
  return e != nullptr && e->value.kind == ps_kind::plain ? e->value.value.text : std::string();
}

}  // namespace

bool dsc_resource_simulated(parser& p, std::string_view resource, std::size_t start) {
  // The resources mfsim turns into cmdlets: EXOEOPProtectionPolicyRule scopes a Standard or
  // Strict preset security policy (docs/decisions.md 401).
  static constexpr std::string_view simulated[] = {
      "EXOTransportRule",           "EXOHostedContentFilterPolicy",
      "EXOHostedContentFilterRule", "EXOQuarantinePolicy",
      "EXOAcceptedDomain",          "EXOAntiPhishPolicy",
      "EXOEOPProtectionPolicyRule"};
  if (in(simulated, resource)) return true;
  if (!p.dsc_skipped_.insert(ascii_lower_copy(std::string(resource))).second) return false;
  if (ascii_iequals(resource, "EXOAntiPhishRule")) {
    p.warn(start,
           "EXOAntiPhishRule resources scope anti-phishing policies other than the "
           "default one, which mfsim does not simulate (only the default policy's spoof "
           "settings, EXOAntiPhishPolicy 'Office365 AntiPhish Default'): skipped (this "
           "one and any others); their recipients get the default policy's settings");
  } else {
    p.warn(start, fmt::format("{} resources configure nothing of mail-flow simulation: "
                              "skipped (this one and any others)",
                              resource));
  }
  return false;
}

bool dsc_resource_command(parser& p, std::string_view resource, std::size_t start,
                          const std::vector<ps_entry>& properties, ps_command& out) {
  const bool transport_rule = ascii_iequals(resource, "EXOTransportRule");
  const bool policy = ascii_iequals(resource, "EXOHostedContentFilterPolicy");
  const bool antispam_rule = ascii_iequals(resource, "EXOHostedContentFilterRule");
  const bool quarantine = ascii_iequals(resource, "EXOQuarantinePolicy");
  const bool domain = ascii_iequals(resource, "EXOAcceptedDomain");
  const bool antiphish = ascii_iequals(resource, "EXOAntiPhishPolicy");
  const bool preset_rule = ascii_iequals(resource, "EXOEOPProtectionPolicyRule");
  const std::string_view key = transport_rule ? "Name" : "Identity";
  const ps_entry* id = find_entry(properties, key);
  if (id != nullptr && (id->value.kind != ps_kind::plain || !id->value.unknown_parts.empty())) {
    const std::string what =
        id->value.unknown_parts.empty() ? id->value.value.text : id->value.unknown_parts.front();
    p.fail(id->offset, fmt::format("{} {}: the value of {} is known only when the configuration "
                                   "runs against a tenant (give --define NAME=VALUE)",
                                   resource, key, what));
  }
  if (id == nullptr) {
    p.fail(start,
           fmt::format("{} needs {} = \"...\" (the name of what it configures)", resource, key));
  }
  std::string name = text_of(id);
  // An export names a quarantine policy by its identity,
  // "contoso.onmicrosoft.com\IntegrationPolicy": the policy's name, which anti-spam policies' tags
  // give, is what follows the tenant (542), backslashes and all: a tenant's name has none (563).
  if (const std::size_t slash = name.find('\\');
      quarantine && slash != std::string::npos && slash + 1 < name.size())
    name.erase(0, slash + 1);
  if (ascii_iequals(text_of(find_entry(properties, "Ensure")), "Absent")) {
    p.warn(start, fmt::format("{} '{}' has Ensure = \"Absent\": the configuration makes sure it "
                              "does not exist, so nothing is created",
                              resource, name));
    return false;
  }
  const bool global_tag =
      quarantine && (ascii_iequals(name, "DefaultGlobalTag") ||
                     ascii_iequals(text_of(find_entry(properties, "QuarantinePolicyType")),
                                   "GlobalQuarantinePolicy"));
  if (quarantine && !global_tag) {
    for (const auto& built_in : built_in_quarantine_policies()) {
      // Exchange does not let built-in policies change: an export lists them as they are.
      if (ascii_iequals(built_in.name, name)) return false;
    }
  }
  const bool default_policy = policy && ascii_iequals(name, "Default");
  // Every tenant has its anti-phishing policies' objects already: the resource sets them, and
  // Set-AntiPhishPolicy skips with a warning any but the default one.
  out.name = transport_rule                 ? "New-TransportRule"
             : default_policy               ? "Set-HostedContentFilterPolicy"
             : policy                       ? "New-HostedContentFilterPolicy"
             : antispam_rule || preset_rule ? "New-HostedContentFilterRule"
             : global_tag                   ? "Set-QuarantinePolicy"
             : quarantine                   ? "New-QuarantinePolicy"
             : antiphish                    ? "Set-AntiPhishPolicy"
                                            : "New-AcceptedDomain";
  const bool sets = default_policy || global_tag || antiphish;
  const auto add = [&](std::string param, param_value value, const source_span& where) {
    ps_element e;
    e.is_parameter = true;
    e.name = std::move(param);
    e.has_value = true;
    e.value = std::move(value);
    e.where = where;
    out.elements.push_back(std::move(e));
  };
  add(sets ? "Identity" : "Name",
      param_value{value_type::text,
                  global_tag ? "DefaultGlobalTag" : name,
                  false,
                  {},
                  id->value.value.where},
      id->where);
  if (domain) add("DomainName", id->value.value, id->where);
  if (preset_rule) {
    // The resource names no policy: the preset's anti-spam policy is the one whose name starts
    // with the rule's ("Strict Preset Security Policy1658310385614"), found when the scoped
    // policies are built.
    add("HostedContentFilterPolicy", id->value.value, id->where);
  }
  for (const auto& prop : properties) {
    if (&prop == id || ascii_iequals(prop.key, "Ensure") || in(auth_properties, prop.key)) continue;
    if (is_unset(prop.value)) continue;
    // The rule's Name repeats its Identity, the key.
    if (preset_rule && ascii_iequals(prop.key, "Name")) continue;
    // MakeDefault = $true on the default anti-phishing policy changes nothing.
    if (antiphish && ascii_iequals(prop.key, "MakeDefault") &&
        ascii_iequals(name, "Office365 AntiPhish Default")) {
      continue;
    }
    // The global settings simulate only the notification frequency; the rest is branding.
    if (global_tag && !ascii_iequals(prop.key, "EndUserSpamNotificationFrequency")) continue;
    if (quarantine && ascii_iequals(prop.key, "QuarantinePolicyType")) continue;
    // MakeDefault = $false is how an export writes "not the default".
    if (policy && ascii_iequals(prop.key, "MakeDefault") && prop.value.kind == ps_kind::plain &&
        prop.value.value.type == value_type::boolean && !prop.value.value.flag) {
      continue;
    }
    if (prop.value.kind == ps_kind::table) {
      p.fail(prop.offset, fmt::format("{} {}: a hash table is not a value of a {} property",
                                      resource, prop.key, resource));
    }
    const std::size_t first_unknown = p.unknowns_.size();
    param_value value = p.to_plain(prop.value, prop.offset);
    add(prop.key, std::move(value), prop.where);
    p.settle_unknowns(out, first_unknown);
  }
  return true;
}

}  // namespace mfsim::rules::ps
