// The five use cases of ../shared/spec/area1-presets.md, and Microsoft's Default, Standard and
// Strict anti-spam policies (policy only), generated as YAML rule files.
//
// Each preset is written out as the YAML a user would write, then loaded by the same loader as
// a user's file, so `mfsim presets show uc4 > mine.yaml` gives a file that behaves identically.
#include "engine/rules/presets.h"

#include <fmt/format.h>

#include "engine/rules/load_native.h"

namespace mfsim::rules {
namespace {

// Area 1 egress addresses (area1-presets.md "Area 1 egress IPs").
constexpr const char* kSingleAddresses[] = {"52.11.209.211", "52.89.255.11", "52.0.67.109",
                                            "54.173.50.115"};
constexpr const char* kEuropeAddresses[] = {"52.58.35.43", "35.157.195.63"};

std::vector<std::string> office365_form(bool with_2023_block) {
  std::vector<std::string> entries(std::begin(kSingleAddresses), std::end(kSingleAddresses));
  entries.emplace_back("158.51.64.0/26");
  entries.emplace_back("158.51.65.0/26");
  // 104.30.32.0/19 split into /24 blocks: Exchange Online rejected wider prefixes.
  for (int third = 32; third <= 63; ++third)
    entries.push_back(fmt::format("104.30.{}.0/24", third));
  entries.emplace_back("134.195.26.0/24");
  if (with_2023_block) entries.emplace_back("134.195.27.0/24");
  return entries;
}

std::vector<std::string> full_list() {
  std::vector<std::string> entries(std::begin(kSingleAddresses), std::end(kSingleAddresses));
  entries.emplace_back("104.30.32.0/19");
  entries.emplace_back("158.51.64.0/26");
  entries.emplace_back("158.51.65.0/26");
  entries.emplace_back("134.195.26.0/23");
  entries.insert(entries.end(), std::begin(kEuropeAddresses), std::end(kEuropeAddresses));
  entries.emplace_back("2405:8100:c400::/38");
  return entries;
}

struct preset_rule {
  const char* name;
  std::vector<const char*> words;  // "UCE" is written "SPAM" in the 2023-01 revision
  int set_scl;                     // -2: Quarantine (hosted quarantine) instead of SetSCL
};

struct setting {
  const char* action;
  const char* tag;
};

struct use_case {
  const char* name;
  const char* summary;
  std::vector<const char*> area1_quarantine;
  std::vector<const char*> custom_policies;  // of UserNotifyUserRelease / UserNotifyAdminRelease
  setting spam, high_confidence_spam, phish, high_confidence_phish;
  std::vector<preset_rule> rules;
};

constexpr int kHostedQuarantine = -2;

const std::vector<use_case>& use_cases() {
  static const std::vector<use_case> cases = {
      {"uc1",
       "Junk email folder and Area 1 admin quarantine (Cloudflare's recommended setup)",
       {"MALICIOUS", "UCE", "SPOOF"},
       {"UserNotifyAdminRelease"},
       {"MoveToJmf", "DefaultFullAccessPolicy"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {{"Area 1 Deliver to Junk Email folder", {"SUSPICIOUS", "BULK"}, 5}}},
      {"uc2",
       "Junk email folder and user managed quarantine",
       {"MALICIOUS"},
       {"UserNotifyUserRelease", "UserNotifyAdminRelease"},
       {"MoveToJmf", "DefaultFullAccessPolicy"},
       {"Quarantine", "UserNotifyUserRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {{"Area 1 Deliver to Junk Email folder", {"SUSPICIOUS", "BULK"}, 5},
        {"Area 1 User Quarantine Message", {"UCE", "SPOOF"}, 9}}},
      {"uc3",
       "Junk email folder and administrative quarantine",
       {},
       {"UserNotifyAdminRelease"},
       {"MoveToJmf", "DefaultFullAccessPolicy"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {{"Area 1 Deliver to Junk Email folder", {"SUSPICIOUS", "BULK"}, 5},
        {"Area 1 User Quarantine Message", {"MALICIOUS", "UCE", "SPOOF"}, 9}}},
      {"uc4",
       "User managed quarantine and administrative quarantine (the seed use case)",
       {},
       {"UserNotifyUserRelease", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyUserRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {{"Area 1 User Quarantine Message", {"UCE", "SPOOF"}, 5},
        {"Area 1 User Quarantine Message Admin Release", {"MALICIOUS"}, 9}}},
      {"uc5",
       "Junk email folder and administrative quarantine with admin-only release",
       {},
       {},
       {"MoveToJmf", "DefaultFullAccessPolicy"},
       {"Quarantine", "AdminOnlyAccessPolicy"},
       {"Quarantine", "AdminOnlyAccessPolicy"},
       {"Quarantine", "AdminOnlyAccessPolicy"},
       {{"Area 1 Deliver to Junk Email folder", {"SUSPICIOUS", "BULK"}, 5},
        {"Area 1 Admin Managed Host Quarantine",
         {"MALICIOUS", "UCE", "SPOOF"},
         kHostedQuarantine}}},
  };
  return cases;
}

constexpr const char* kRevisionSuffix = "-2023-01";

// ---- Microsoft's own anti-spam policies: presets with a policy only (no Area 1, no rules) ----
//
// Each value is the Default, Standard or Strict column of the anti-spam table on
//   https://learn.microsoft.com/defender-office-365/recommended-settings-for-eop-and-office365
//   section "Anti-spam policy settings" (page dated 2026-08-10, read 2026-08),
// which preset-security-policies (section "Policy settings in preset security policies") names
// as the source of the Standard and Strict preset security policies' anti-spam settings; the
// policies themselves are named "Standard Preset Security Policy" and "Strict Preset Security
// Policy" (same page, section "Policies in preset security policies").

struct policy_preset {
  const char* name;
  const char* summary;
  const char* policy_name;  // Get-HostedContentFilterPolicy's Name
  const char* column;       // the column of the table the values come from
  setting spam, high_confidence_spam, phish, high_confidence_phish, bulk;
  int bulk_threshold;  // BulkThreshold
  int retention_days;  // QuarantineRetentionPeriod
};

constexpr const char* kRecommendedSettingsUrl =
    "https://learn.microsoft.com/defender-office-365/recommended-settings-for-eop-and-office365"
    "#anti-spam-policy-settings";
constexpr const char* kPresetPoliciesUrl =
    "https://learn.microsoft.com/defender-office-365/preset-security-policies"
    "#policy-settings-in-preset-security-policies";

const std::vector<policy_preset>& policy_presets() {
  static const std::vector<policy_preset> presets = {
      // Default column. Footnote 1 of the table: an organization may have NotificationEnabledPolicy
      // where DefaultFullAccessPolicy is written here; mfsim uses DefaultFullAccessPolicy.
      {"eop-default",
       "Microsoft's Default inbound anti-spam policy (EOP defaults, no Area 1 rules)",
       "Default",
       "Default",
       {"MoveToJmf", "DefaultFullAccessPolicy"},  // SpamAction, SpamQuarantineTag
       {"MoveToJmf", "DefaultFullAccessPolicy"},  // HighConfidenceSpamAction, ...QuarantineTag
       {"MoveToJmf", "DefaultFullAccessPolicy"},  // PhishSpamAction, PhishQuarantineTag
       {"Quarantine", "AdminOnlyAccessPolicy"},   // HighConfidencePhishAction, ...QuarantineTag
       {"MoveToJmf", "DefaultFullAccessPolicy"},  // BulkSpamAction, BulkQuarantineTag
       7,                                         // BulkThreshold
       15},                                       // QuarantineRetentionPeriod (days)
      // Standard column = the Standard preset security policy.
      {"eop-standard",
       "Microsoft's Standard preset security policy, anti-spam settings (no Area 1 rules)",
       "Standard Preset Security Policy",
       "Standard",
       {"MoveToJmf", "DefaultFullAccessPolicy"},
       {"Quarantine", "DefaultFullAccessWithNotificationPolicy"},
       {"Quarantine", "DefaultFullAccessWithNotificationPolicy"},
       {"Quarantine", "AdminOnlyAccessPolicy"},
       {"MoveToJmf", "DefaultFullAccessPolicy"},
       6,
       30},
      // Strict column = the Strict preset security policy.
      {"eop-strict",
       "Microsoft's Strict preset security policy, anti-spam settings (no Area 1 rules)",
       "Strict Preset Security Policy",
       "Strict",
       {"Quarantine", "DefaultFullAccessWithNotificationPolicy"},
       {"Quarantine", "DefaultFullAccessWithNotificationPolicy"},
       {"Quarantine", "DefaultFullAccessWithNotificationPolicy"},
       {"Quarantine", "AdminOnlyAccessPolicy"},
       {"Quarantine", "DefaultFullAccessWithNotificationPolicy"},
       5,
       30},
  };
  return presets;
}

std::string build_policy_yaml(const policy_preset& pp) {
  std::string y;
  y += "# mfsim rule set generated from the built-in preset '" + std::string(pp.name) + "'.\n";
  y += fmt::format(
      "# Source: Microsoft Learn, \"Recommendations for Microsoft 365 security settings\",\n"
      "#   {}\n#   (anti-spam table, {} column; page dated 2026-08-10)\n",
      kRecommendedSettingsUrl, pp.column);
  if (std::string_view(pp.column) != "Default") {
    y += fmt::format("# and \"Preset security policies\", {}\n", kPresetPoliciesUrl);
  }
  y += "# Anti-spam policy only: no Area 1 settings and no transport rules.\n";
  y += "mfsim: 1\n";
  y += "name: " + std::string(pp.name) + "\n";
  y += "description: " + std::string(pp.summary) + "\n";
  y += "quarantine_policies: []   # only the built-in quarantine policies are used\n";
  y += "antispam_policy:\n";
  y += fmt::format("  Name: {}\n", pp.policy_name);
  const std::pair<const char*, setting> settings[] = {
      {"Spam", pp.spam},
      {"HighConfidenceSpam", pp.high_confidence_spam},
      {"Phish", pp.phish},
      {"HighConfidencePhish", pp.high_confidence_phish},
      {"Bulk", pp.bulk}};
  for (const auto& [verdict_name, s] : settings) {
    const std::string_view v = verdict_name;
    const std::string action_key =
        v == "Phish" || v == "Bulk" ? std::string(v) + "SpamAction" : std::string(v) + "Action";
    y += fmt::format("  {}: {}\n", action_key, s.action);
    y += fmt::format("  {}QuarantineTag: {}\n", verdict_name, s.tag);
  }
  y += fmt::format("  BulkThreshold: {}\n", pp.bulk_threshold);
  y += fmt::format("  QuarantineRetentionPeriod: {}\n", pp.retention_days);
  // The notification frequency is a tenant-wide quarantine setting Microsoft documents no default
  // for (every four hours, daily or weekly); daily, as in the Area 1 presets.
  y += "settings:\n  notification_frequency: daily\n  scl_model: classic\n";
  y += "transport_rules: []\n";
  return y;
}

bool uses_uce_word(const use_case& uc) {
  for (const auto& r : uc.rules) {
    for (const char* w : r.words) {
      if (std::string_view(w) == "UCE") return true;
    }
  }
  return false;
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

void write_ip_lists(std::string& y) {
  y += "ip_lists:\n";
  y += "  area1-office365:\n";
  y += "    comment: Area 1 egress IPs in the form Exchange Online accepts (IPv4, /24 or "
       "narrower)\n";
  y += "    entries: " + yaml_list(office365_form(true)) + "\n";
  y += "  area1-office365-2022:\n";
  y += "    comment: The 2022 Office 365 list, before 134.195.27.0/24 was added (regression "
       "studies)\n";
  y += "    entries: " + yaml_list(office365_form(false)) + "\n";
  y += "  area1-full:\n";
  y += "    comment: Every Area 1 egress range, IPv6 and the Europe-only addresses included\n";
  y += "    entries: " + yaml_list(full_list()) + "\n";
}

void write_quarantine_policies(std::string& y, const use_case& uc) {
  if (uc.custom_policies.empty()) {
    y += "quarantine_policies: []   # only the built-in AdminOnlyAccessPolicy is used\n";
    return;
  }
  y += "quarantine_policies:\n";
  for (const char* name : uc.custom_policies) {
    const bool user_release = std::string_view(name) == "UserNotifyUserRelease";
    y += fmt::format("  - Name: {}\n", name);
    y += user_release
             ? "    EndUserQuarantinePermissionsValue: 7    # release 4 + preview 2 + delete 1\n"
             : "    EndUserQuarantinePermissionsValue: 11   # request release 8 + preview 2 + "
               "delete 1\n";
    y += "    ESNEnabled: true\n";
  }
}

void write_antispam(std::string& y, const use_case& uc) {
  y += "antispam_policy:\n";
  y += "  Name: Default\n";
  const std::pair<const char*, setting> settings[] = {
      {"Spam", uc.spam},
      {"HighConfidenceSpam", uc.high_confidence_spam},
      {"Phish", uc.phish},
      {"HighConfidencePhish", uc.high_confidence_phish}};
  for (const auto& [verdict_name, s] : settings) {
    // Exchange spells the phish action PhishSpamAction and the others <Verdict>Action.
    const std::string action_key = std::string_view(verdict_name) == "Phish"
                                       ? "PhishSpamAction"
                                       : std::string(verdict_name) + "Action";
    y += fmt::format("  {}: {}\n", action_key, s.action);
    y += fmt::format("  {}QuarantineTag: {}\n", verdict_name, s.tag);
  }
  y += "  BulkSpamAction: MoveToJmf\n";
  y += "  BulkThreshold: 7\n";
  y += "  QuarantineRetentionPeriod: 15\n";
}

void write_rules(std::string& y, const use_case& uc, bool revision_2023_01) {
  y += "transport_rules:\n";
  int priority = 0;
  for (const auto& r : uc.rules) {
    std::vector<std::string> words;
    for (const char* w : r.words) {
      words.emplace_back(revision_2023_01 && std::string_view(w) == "UCE" ? "SPAM" : w);
    }
    y += fmt::format("  - Name: {}\n", r.name);
    y += fmt::format("    Priority: {}\n", priority++);
    y += "    State: Enabled\n    Mode: Enforce\n";
    y += "    HeaderContainsMessageHeader: X-Area1Security-Disposition\n";
    y += "    HeaderContainsWords: " + yaml_list(words) + "\n";
    y += "    SenderIpRanges: [$area1-office365]\n";
    if (r.set_scl == kHostedQuarantine) {
      y += "    Quarantine: true\n";
    } else {
      y += fmt::format("    SetSCL: {}\n", r.set_scl);
    }
  }
}

std::string build_yaml(const use_case& uc, bool revision_2023_01) {
  std::string y;
  const std::string name = std::string(uc.name) + (revision_2023_01 ? kRevisionSuffix : "");
  y += "# mfsim rule set generated from the built-in preset '" + name + "'.\n";
  y += "# Source: Cloudflare, \"Office 365 with Area 1 as MX\", use case " +
       std::string(uc.name + 2) + (revision_2023_01 ? " (text of January 2023, word SPAM)" : "") +
       ".\n";
  y += "mfsim: 1\n";
  y += "name: " + name + "\n";
  y += "description: " + std::string(uc.summary) + "\n";
  y += "area1:\n";
  y += "  disposition_header: X-Area1Security-Disposition\n";
  std::vector<std::string> kept(uc.area1_quarantine.begin(), uc.area1_quarantine.end());
  y += "  quarantine_dispositions: " + yaml_list(kept) + "\n";
  y += "  egress_list: area1-office365\n";
  y += "  configured_as: MX Records\n";
  y += "  forwarding_to: tenant.mail.protection.outlook.com\n";
  y += "  outbound_tls: true\n";
  y += "  ip_restrictions: []\n";
  write_ip_lists(y);
  write_quarantine_policies(y, uc);
  write_antispam(y, uc);
  y += "settings:\n  notification_frequency: daily\n  scl_model: classic\n";
  write_rules(y, uc, revision_2023_01);
  return y;
}

}  // namespace

const std::vector<preset_info>& preset_list() {
  static const std::vector<preset_info> list = [] {
    std::vector<preset_info> out;
    for (const auto& uc : use_cases()) {
      out.push_back({uc.name, uc.summary});
      if (uses_uce_word(uc)) {
        out.push_back(
            {std::string(uc.name) + kRevisionSuffix,
             std::string(uc.summary) + "; January 2023 text (word SPAM, never written by Area 1)"});
      }
    }
    for (const auto& pp : policy_presets()) out.push_back({pp.name, pp.summary});
    return out;
  }();
  return list;
}

std::optional<std::string> preset_yaml(std::string_view name) {
  for (const auto& uc : use_cases()) {
    if (name == uc.name) return build_yaml(uc, false);
    if (uses_uce_word(uc) && name == std::string(uc.name) + kRevisionSuffix)
      return build_yaml(uc, true);
  }
  for (const auto& pp : policy_presets()) {
    if (name == pp.name) return build_policy_yaml(pp);
  }
  return std::nullopt;
}

std::optional<rule_set> load_preset(std::string_view name) {
  const auto yaml = preset_yaml(name);
  if (!yaml) return std::nullopt;
  rule_set set = load_rule_set_yaml(*yaml, "preset:" + std::string(name));
  set.name = std::string(name);
  return set;
}

}  // namespace mfsim::rules
