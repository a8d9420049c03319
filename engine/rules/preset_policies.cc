// The Standard and Strict preset security policies among the scoped anti-spam policies: which
// policy and rule belong to a preset, and the order of precedence Microsoft documents for them
// ("Preset security policies", section "Order of precedence for preset security policies and
// other policies"; docs/decisions.md 401).
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "engine/rules/presets.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {
namespace {

// The rules are named so; the anti-spam policies carry the same name and a number
// ("Standard Preset Security Policy1658310385614").
constexpr std::string_view strict_name = "Strict Preset Security Policy";
constexpr std::string_view standard_name = "Standard Preset Security Policy";

std::string_view profile_name(preset_profile profile) {
  return profile == preset_profile::strict ? "Strict" : "Standard";
}

}  // namespace

std::optional<preset_profile> preset_profile_of(std::string_view name) noexcept {
  // The preset's name, alone or with the number a tenant appends: a custom policy named
  // "Strict Preset Security Policy for Sales" is no preset (decision 562).
  const auto names = [&](std::string_view preset) {
    return name.size() >= preset.size() && ascii_iequals(name.substr(0, preset.size()), preset) &&
           std::all_of(name.begin() + static_cast<std::ptrdiff_t>(preset.size()), name.end(),
                       [](char c) { return ascii_is_digit(c); });
  };
  if (names(strict_name)) return preset_profile::strict;
  if (names(standard_name)) return preset_profile::standard;
  return std::nullopt;
}

const named_entry* find_preset_policy(std::span<const named_entry> policies,
                                      std::string_view rule_target) {
  // Only the rule's own name stands for "the preset's policy, whatever its number".
  if (!ascii_iequals(rule_target, strict_name) && !ascii_iequals(rule_target, standard_name)) {
    return nullptr;
  }
  const auto profile = preset_profile_of(rule_target);
  const auto it = std::find_if(policies.begin(), policies.end(), [&](const named_entry& e) {
    return preset_profile_of(e.name) == profile;
  });
  return it == policies.end() ? nullptr : &*it;
}

std::optional<antispam_policy> fixed_preset_policy(std::string_view rule_target) {
  if (!ascii_iequals(rule_target, strict_name) && !ascii_iequals(rule_target, standard_name)) {
    return std::nullopt;
  }
  // "You can't modify the settings in the Standard and Strict preset security policies":
  // a tenant's preset policy holds Microsoft's column of the recommended settings.
  const bool strict = preset_profile_of(rule_target) == preset_profile::strict;
  std::optional<rule_set> preset = load_preset(strict ? "eop-strict" : "eop-standard");
  if (!preset) return std::nullopt;
  antispam_policy policy = std::move(preset->antispam);
  policy.name = std::string(strict ? strict_name : standard_name);
  return policy;
}

void warn_preset_without_rule(const named_entry& policy, std::vector<diagnostic>& out) {
  const auto profile = preset_profile_of(policy.name);
  if (!profile) return;
  const std::string_view rule = *profile == preset_profile::strict ? strict_name : standard_name;
  out.push_back(diagnostic{
      diag_code::missing_key, policy.where,
      fmt::format("anti-spam policy '{}' belongs to the {} preset security policy, whose rule "
                  "('{}': Get-EOPProtectionPolicyRule, or Microsoft365DSC's "
                  "EXOEOPProtectionPolicyRule) decides who it applies to; the input holds no such "
                  "rule, so the preset is left out. Add the rule to the input (for example "
                  "Get-EOPProtectionPolicyRule | ConvertTo-Json -Depth 5) to simulate it: for "
                  "the recipients it scopes, the preset takes precedence over custom and default "
                  "anti-spam policies",
                  policy.name, profile_name(*profile), rule),
      diag_severity::warning});
}

void warn_preset_not_simulated(const named_entry& rule, preset_profile profile,
                               std::vector<diagnostic>& out) {
  out.push_back(diagnostic{
      diag_code::unknown_key, rule.where,
      fmt::format("'{}': the {} preset security policy is simulated as its anti-spam policy, "
                  "ahead of custom and default policies; its anti-phishing (spoof) and "
                  "anti-malware settings are not: its recipients get the default anti-phishing "
                  "policy's",
                  rule.name, profile_name(profile)),
      diag_severity::warning});
}

void order_presets_first(std::vector<antispam_policy>& scoped) {
  // Strict, then Standard, then custom policies by their priority (stable: ties keep order).
  const auto rank = [&](std::size_t k) {
    const auto profile = preset_profile_of(scoped[k].name);
    return !profile ? 2 : *profile == preset_profile::strict ? 0 : 1;
  };
  std::vector<std::size_t> order(scoped.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (std::none_of(order.begin(), order.end(), [&](std::size_t k) { return rank(k) < 2; })) return;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return scoped[a].priority < scoped[b].priority;
  });
  // The vector keeps its order (quarantine tags refer to policies by index); priorities say
  // the order of evaluation.
  for (std::size_t k = 0; k < order.size(); ++k) scoped[order[k]].priority = static_cast<int>(k);
}

}  // namespace mfsim::rules
