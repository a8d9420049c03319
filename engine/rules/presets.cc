// The five use cases of ../shared/spec/area1-presets.md, and Microsoft's Default, Standard and
// Strict anti-spam policies (policy only), generated as YAML rule files.
//
// Each preset is written out as the YAML a user would write, then loaded by the same loader as
// a user's file, so `mfsim presets show uc4 > mine.yaml` gives a file that behaves identically.
#include "engine/rules/presets.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/rules/load_native.h"

namespace mfsim::rules {
namespace {

// Cloudflare's egress addresses (area1-presets.md "Area 1 egress IPs"). Each list below names
// the version of Cloudflare's "Egress IPs" page it reproduces.
constexpr const char* kSingleAddresses[] = {"52.11.209.211", "52.89.255.11", "52.0.67.109",
                                            "54.173.50.115"};
// First listed for European customers only; "add all of the following addresses" since the
// Cloudflare One page (last updated 2026-04-17).
constexpr const char* kEuropeAddresses[] = {"35.157.195.63", "52.58.35.43"};

enum class egress_version {
  current,  // Cloudflare One "Egress IPs", last updated 2026-04-17 (cloudflare-docs 157f83a9)
  y2024,  // "Cloud Email Security (formerly Area 1)" page, US customers (cloudflare-docs 0f81c5e1)
  y2022,  // a regression fixture: no published version lists exactly this (area1-presets.md)
};

// The Microsoft 365 form: IPv4 only, the /19 and /23 split into /24 blocks, as each page
// version tells Microsoft 365 customers to enter it.
std::vector<std::string> office365_form(egress_version version) {
  std::vector<std::string> entries(std::begin(kSingleAddresses), std::end(kSingleAddresses));
  entries.emplace_back("158.51.64.0/26");
  entries.emplace_back("158.51.65.0/26");
  if (version == egress_version::current) {
    entries.insert(entries.end(), std::begin(kEuropeAddresses), std::end(kEuropeAddresses));
  }
  for (int third = 32; third <= 63; ++third)
    entries.push_back(fmt::format("104.30.{}.0/24", third));
  entries.emplace_back("134.195.26.0/24");
  if (version != egress_version::y2022) entries.emplace_back("134.195.27.0/24");
  return entries;
}

// The current page's IPv4 and IPv6 lists as written, without the /24 split.
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

// The revisions of Cloudflare's use-case text a preset can follow (area1-presets.md).
enum class revision {
  area1,         // ucN: the Area 1 pages as corrected on 2023-08-01 (word UCE)
  january_2023,  // ucN-2023-01: the first text, word SPAM (Area 1 never writes it)
  today,         // ucN-2025-07: Email Security text (X-CFEmailSecurity-Disposition, BULK-only junk)
};

struct preset_rule {
  const char* name;                // as the Area 1 pages name it ("Area 1 ...")
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
  const char* page;  // the Email Security page's slug for use case N (today's revision)
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
       "one-junk-admin-quarantine",
       {"MALICIOUS", "UCE", "SPOOF"},
       {"UserNotifyAdminRelease"},
       {"MoveToJmf", "DefaultFullAccessPolicy"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {"Quarantine", "UserNotifyAdminRelease"},
       {{"Area 1 Deliver to Junk Email folder", {"SUSPICIOUS", "BULK"}, 5}}},
      {"uc2",
       "Junk email folder and user managed quarantine",
       "two-junk-user-quarantine",
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
       "three-junk-admin-quarantine",
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
       "four-user-quarantine-admin-quarantine",
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
       "five-junk-admin-quarantine",
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

// The suffix of each revision's preset name ("uc4", "uc4-2023-01", "uc4-2025-07").
std::string_view suffix(revision r) noexcept {
  switch (r) {
    case revision::area1: return "";
    case revision::january_2023: return "-2023-01";
    case revision::today: return "-2025-07";
  }
  return "";
}

constexpr const char* kTodayHeader = "X-CFEmailSecurity-Disposition";
constexpr const char* kTodayPages =
    "https://developers.cloudflare.com/cloudflare-one/email-security/setup/pre-delivery-deployment/"
    "prerequisites/m365-email-security-mx/use-cases/";

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

bool has_revision(const use_case& uc, revision r) {
  return r != revision::january_2023 || uses_uce_word(uc);
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

// The IP lists every use-case preset defines, in the order they are written.
struct ip_list_row {
  const char* name;
  const char* comment;
  // The Microsoft 365 form of that page version; none: full_list(), the page as written.
  std::optional<egress_version> office365;
};

constexpr ip_list_row kPresetIpLists[] = {
    {"area1-office365",
     "Cloudflare's egress IPs in the Microsoft 365 form (IPv4, /24 blocks), as "
     "developers.cloudflare.com/cloudflare-one/email-security/setup/pre-delivery-deployment/"
     "egress-ips/ lists them (last updated 2026-04-17)",
     egress_version::current},
    {"area1-office365-2024",
     "The Office 365 form for US customers on the Cloud Email Security (formerly Area 1) egress "
     "page, cloudflare-docs commit 0f81c5e1, without the two Europe addresses",
     egress_version::y2024},
    {"area1-office365-2022",
     "Regression fixture, before 134.195.27.0/24 (no published page version matches it exactly)",
     egress_version::y2022},
    {"area1-full", "Every egress range of the 2026-04-17 page as written, IPv6 included",
     std::nullopt},
};

std::vector<std::string> entries_of(const ip_list_row& list) {
  return list.office365 ? office365_form(*list.office365) : full_list();
}

void write_ip_lists(std::string& y) {
  y += "ip_lists:\n";
  for (const ip_list_row& list : kPresetIpLists) {
    y += fmt::format("  {}:\n    comment: {}\n", list.name, list.comment);
    y += "    entries: " + yaml_list(entries_of(list)) + "\n";
  }
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

struct written_rule {
  std::string name;
  std::vector<std::string> words;
};

// The rule as a revision writes it: "Email Security ..." names today, SPAM for UCE in January
// 2023, and today's junk rule of use cases 2, 3 and 5 matching BULK only.
written_rule rule_in(const preset_rule& r, const use_case& uc, revision rev) {
  written_rule out{r.name, std::vector<std::string>(r.words.begin(), r.words.end())};
  if (rev == revision::january_2023) {
    for (auto& w : out.words) {
      if (w == "UCE") w = "SPAM";
    }
  }
  if (rev == revision::today) {
    constexpr std::string_view kOld = "Area 1 ";
    if (out.name.starts_with(kOld)) out.name = "Email Security " + out.name.substr(kOld.size());
    const bool junk_rule = r.set_scl == 5 && out.words.size() == 2 && out.words[0] == "SUSPICIOUS";
    if (junk_rule && std::string_view(uc.name) != "uc1") out.words = {"BULK"};
  }
  return out;
}

void write_rules(std::string& y, const use_case& uc, revision rev, const char* header) {
  y += "transport_rules:\n";
  int priority = 0;
  for (const auto& r : uc.rules) {
    const written_rule w = rule_in(r, uc, rev);
    y += fmt::format("  - Name: {}\n", w.name);
    y += fmt::format("    Priority: {}\n", priority++);
    y += "    State: Enabled\n    Mode: Enforce\n";
    y += fmt::format("    HeaderContainsMessageHeader: {}\n", header);
    y += "    HeaderContainsWords: " + yaml_list(w.words) + "\n";
    y += "    SenderIpRanges: [$area1-office365]\n";
    if (r.set_scl == kHostedQuarantine) {
      y += "    Quarantine: true\n";
    } else {
      y += fmt::format("    SetSCL: {}\n", r.set_scl);
    }
  }
}

// Today's MX mode: Cloudflare itself quarantines MALICIOUS and SPAM (header word UCE), a setting
// its MX page says cannot be modified; the use case's own choices come on top.
std::vector<std::string> kept_by_cloudflare(const use_case& uc, revision rev) {
  std::vector<std::string> kept;
  if (rev == revision::today) kept = {"MALICIOUS", "UCE"};
  for (const char* d : uc.area1_quarantine) {
    if (std::find(kept.begin(), kept.end(), d) == kept.end()) kept.emplace_back(d);
  }
  return kept;
}

std::string source_comment(const use_case& uc, revision rev) {
  const std::string number(uc.name + 2);
  switch (rev) {
    case revision::area1:
      return "# Source: Cloudflare, \"Office 365 with Area 1 as MX\", use case " + number +
             " (text corrected on 2023-08-01, word UCE).\n";
    case revision::january_2023:
      return "# Source: Cloudflare, \"Office 365 with Area 1 as MX\", use case " + number +
             " (text of January 2023, word SPAM).\n";
    case revision::today:
      return "# Source: Cloudflare One, Email Security, \"Microsoft 365 as MX Record\", use case " +
             number + ",\n#   " + kTodayPages + uc.page +
             "/\n#   (X-CFEmailSecurity-Disposition; junk rule BULK only from 2025-07, SUSPICIOUS "
             "too in use case 1).\n"
             "# In MX mode Cloudflare quarantines MALICIOUS and SPAM (UCE) itself and this cannot "
             "be\n"
             "# modified: they are in quarantine_dispositions, so rules on those words never "
             "fire.\n";
  }
  return {};
}

std::string build_yaml(const use_case& uc, revision rev) {
  std::string y;
  const std::string name = std::string(uc.name) + std::string(suffix(rev));
  const char* header = rev == revision::today ? kTodayHeader : "X-Area1Security-Disposition";
  y += "# mfsim rule set generated from the built-in preset '" + name + "'.\n";
  y += source_comment(uc, rev);
  y += "mfsim: 1\n";
  y += "name: " + name + "\n";
  y += "description: " + std::string(uc.summary) + "\n";
  y += "area1:\n";
  y += fmt::format("  disposition_header: {}\n", header);
  y += "  quarantine_dispositions: " + yaml_list(kept_by_cloudflare(uc, rev)) + "\n";
  y += "  egress_list: area1-office365\n";
  y += "  configured_as: MX Records\n";
  y += "  forwarding_to: tenant.mail.protection.outlook.com\n";
  y += "  outbound_tls: true\n";
  y += "  ip_restrictions: []\n";
  write_ip_lists(y);
  write_quarantine_policies(y, uc);
  write_antispam(y, uc);
  y += "settings:\n  notification_frequency: daily\n  scl_model: classic\n";
  write_rules(y, uc, rev, header);
  return y;
}

std::string revision_summary(const use_case& uc, revision rev) {
  switch (rev) {
    case revision::area1:
      return std::string(uc.summary) + "; Area 1 text (X-Area1Security-Disposition, 2023-08)";
    case revision::january_2023:
      return std::string(uc.summary) + "; January 2023 text (word SPAM, never written by Area 1)";
    case revision::today:
      return std::string(uc.summary) +
             "; today's Email Security text (X-CFEmailSecurity-Disposition, MALICIOUS and SPAM "
             "(header word UCE) kept by Cloudflare)";
  }
  return uc.summary;
}

constexpr revision kRevisions[] = {revision::area1, revision::january_2023, revision::today};

}  // namespace

const std::vector<preset_info>& preset_list() {
  static const std::vector<preset_info> list = [] {
    std::vector<preset_info> out;
    for (const auto& uc : use_cases()) {
      for (const revision rev : kRevisions) {
        if (has_revision(uc, rev)) {
          out.push_back(
              {std::string(uc.name) + std::string(suffix(rev)), revision_summary(uc, rev)});
        }
      }
    }
    for (const auto& pp : policy_presets()) out.push_back({pp.name, pp.summary});
    return out;
  }();
  return list;
}

std::optional<std::string> preset_yaml(std::string_view name) {
  for (const auto& uc : use_cases()) {
    for (const revision rev : kRevisions) {
      if (has_revision(uc, rev) && name == std::string(uc.name) + std::string(suffix(rev))) {
        return build_yaml(uc, rev);
      }
    }
  }
  for (const auto& pp : policy_presets()) {
    if (name == pp.name) return build_policy_yaml(pp);
  }
  return std::nullopt;
}

std::vector<std::string_view> preset_ip_list_names() {
  std::vector<std::string_view> names;
  for (const ip_list_row& list : kPresetIpLists) names.emplace_back(list.name);
  return names;
}

std::optional<ip_list> preset_ip_list(std::string_view name) {
  for (const ip_list_row& list : kPresetIpLists) {
    if (list.name == name) return ip_list{list.name, entries_of(list), list.comment, {}};
  }
  return std::nullopt;
}

std::optional<rule_set> load_preset(std::string_view name) {
  const auto yaml = preset_yaml(name);
  if (!yaml) return std::nullopt;
  rule_set set = load_built_in_rule_set_yaml(*yaml, "preset:" + std::string(name));
  set.name = std::string(name);
  return set;
}

}  // namespace mfsim::rules
