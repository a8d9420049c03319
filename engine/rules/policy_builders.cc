// The policies built from cmdlet parameters: the anti-spam policy (Default and scoped ones,
// with their recipient scope), quarantine policies, and the notification frequency.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <optional>
#include <utility>

#include "engine/case_fold.h"
#include "engine/rules/address_wildcards.h"
#include "engine/rules/param_readers.h"
#include "engine/rules/quarantine_permissions.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

namespace {

using detail::error;
using detail::find_param;
using detail::is_texty;
using detail::read_enum;
using detail::read_list;

using detail::spam_actions;
// MarkAsSpamBulkMail: Test "isn't used for this parameter" (Set-HostedContentFilterPolicy).
constexpr detail::enum_name<bool> on_off[] = {{"On", true}, {"Off", false}};
}  // namespace

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
    if (apply_antispam_list(p, ctx, style, policy, out)) continue;
    if (apply_asf_setting(p, ctx, style, policy, out)) continue;
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
    } else if (p.name == "AddXHeaderValue" && style == param_style::yaml) {
      // The YAML format takes the whole header line (docs/rule-format.md); a bare header name
      // means what it means to Exchange: that header with Exchange's fixed text.
      if (auto line = read_text(p, ctx, style, false, out)) {
        policy.x_header = line->find(':') == std::string::npos && is_header_name(*line)
                              ? *line + ": This message appears to be spam."
                              : *line;
      }
    } else if (p.name == "AddXHeaderValue") {
      // Exchange takes the header's name; the value is fixed text.
      if (auto name = read_text(p, ctx, style, false, out)) {
        if (name->find_first_of(" :") != std::string::npos) {
          // Set-HostedContentFilterPolicy: such a value "is ignored, and the default X-header
          // is added to the message" (decision 421): Exchange takes it, the header stays.
          out.push_back(diagnostic{
              diag_code::bad_value, p.value.where,
              fmt::format("{} {}: {} holds a space or ':', which Exchange ignores: AddXHeader "
                          "adds the default '{}'",
                          label, ctx, describe(p.value, style), antispam_policy{}.x_header),
              diag_severity::warning});
        } else if (name->size() > 255 || !is_header_name(*name)) {
          error(out, diag_code::bad_value, p.value.where,
                fmt::format("{} {}: expected a header name of at most 255 characters without "
                            "spaces or ':', found {}",
                            label, ctx, describe(p.value, style)));
        } else {
          policy.x_header = *name + ": This message appears to be spam.";
        }
      }
    } else if (p.name == "ModifySubjectValue") {
      if (auto text = read_text(p, ctx, style, true, out)) policy.modify_subject_text = *text;
    } else if (p.name == "MarkAsSpamBulkMail") {
      if (auto on = read_enum(p, ctx, style, on_off, out)) policy.mark_as_spam_bulk_mail = *on;
    }
  }
}

namespace {

// Where a HostedContentFilterRule parameter's values go, and what they are.
enum class scope_value { domain, address, group };
struct scope_target {
  std::vector<std::string> antispam_policy::*list;
  scope_value kind;
};

std::optional<scope_target> scope_target_of(std::string_view name) {
  for (const auto& entry : antispam_scope_lists) {
    if (entry.key != name) continue;
    const auto kind = name.ends_with("DomainIs")   ? scope_value::domain
                      : name.ends_with("MemberOf") ? scope_value::group
                                                   : scope_value::address;
    return scope_target{entry.list, kind};
  }
  return std::nullopt;
}

}  // namespace

void apply_antispam_scope(std::span<const parameter> params, const std::string& ctx,
                          param_style style, antispam_policy& policy,
                          std::vector<diagnostic>& out) {
  for (const auto& p : params) {
    if (p.name == "Priority") {
      if (auto value = read_int(p, ctx, style, 0, INT_MAX, out)) policy.priority = *value;
      continue;
    }
    const auto target = scope_target_of(p.name);
    if (!target) continue;
    constexpr std::string_view nouns[] = {"a domain", "an email address", "a group"};
    auto items = read_list(p, ctx, style, nouns[static_cast<int>(target->kind)], out);
    if (!items) continue;
    for (const auto& item : *items) {
      const std::string_view text = ascii_trim_blanks(item.text);
      std::vector<std::string>& list = policy.*(target->list);
      if (target->kind == scope_value::group) {
        // A group is any identity the directory resolves (name, alias or address).
        if (!text.empty()) list.emplace_back(text);
        continue;
      }
      const bool domain = target->kind == scope_value::domain;
      if (!domain && report_address_wildcard(p.name, text, item.where, ctx, style, out, false)) {
        continue;
      }
      if (domain ? is_domain(text) : is_address(text)) {
        list.push_back(case_folded_copy(text));
      } else {
        error(out, diag_code::bad_value, item.where,
              fmt::format("{} {}: expected {}, found '{}'", param_label(p.name, style), ctx,
                          domain ? "a domain such as contoso.com"
                                 : "an email address such as user@contoso.com",
                          item.text));
      }
    }
  }
}

bool scopes_recipients(const antispam_policy& policy) noexcept {
  return !policy.recipient_domain_is.empty() || !policy.sent_to.empty() ||
         !policy.sent_to_member_of.empty();
}

void apply_quarantine_parameters(std::span<const parameter> params, const std::string& ctx,
                                 param_style style, quarantine_policy& policy,
                                 std::vector<diagnostic>& out) {
  for (const auto& p : params) {
    if (p.name == "EndUserQuarantinePermissionsValue") {
      if (auto bits = read_quarantine_permissions(p, ctx, style, out)) policy.permissions = *bits;
    } else if (p.name == "EndUserQuarantinePermissions") {
      // New-QuarantinePermissions' object: the PowerShell reader turns it into the bits; an
      // export writes it as "PermissionToViewHeader: False, PermissionToDownload: ...".
      if (auto bits = read_quarantine_permissions(p, ctx, style, out)) policy.permissions = *bits;
    } else if (p.name == "ESNEnabled") {
      if (auto value = read_bool(p, ctx, style, out)) policy.notifications = *value;
    } else if (p.name == "IncludeMessagesFromBlockedSenderAddress") {
      if (auto value = read_bool(p, ctx, style, out)) policy.notify_blocked_senders = *value;
    } else if (p.name == "QuarantinePolicyType") {
      // GlobalQuarantinePolicy is the global settings object, which mfsim knows by its name
      // (DefaultGlobalTag); any other policy is an ordinary one.
      static constexpr detail::enum_name<bool> types[] = {{"QuarantinePolicy", true},
                                                          {"GlobalQuarantinePolicy", true}};
      (void)read_enum(p, ctx, style, types, out);
    }
  }
}

std::optional<notification_frequency> read_notification_frequency(const parameter& p,
                                                                  const std::string& ctx,
                                                                  param_style style,
                                                                  std::vector<diagnostic>& out) {
  if (is_texty(p.value)) {
    // A TimeSpan: [days.]hours:minutes[:seconds]; the JSON loader gives whole hours.
    const std::string_view text = ascii_trim_blanks(p.value.text);
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

namespace {

// A policy no enabled rule scopes applies to nobody, yet Exchange checks its parameters when the
// cmdlet runs: they are checked here too (docs/decisions.md, "Policies that apply to nobody are
// checked").
void check_unscoped_policies(std::span<const named_entry> policies,
                             std::span<const antispam_policy> built, param_style style,
                             imported_rules& out) {
  for (const auto& entry : policies) {
    const bool scoped = std::any_of(built.begin(), built.end(), [&](const antispam_policy& p) {
      return ascii_iequals(p.name, entry.name);
    });
    if (scoped) continue;
    antispam_policy scratch;
    std::vector<tag_reference> tags;
    apply_antispam_parameters(entry.params, fmt::format("in anti-spam policy '{}'", entry.name),
                              style, scratch, tags, out.diagnostics, kPolicyOfNobody);
    for (auto& tag : tags) {
      if (const verdict_setting* verdict = verdict_for(scratch, tag.key)) {
        tag.tag = verdict->quarantine_tag;
      }
      tag.owner = entry.name;
      out.tags.push_back(std::move(tag));
    }
  }
}

}  // namespace

void build_scoped_antispam(std::span<const named_entry> policies,
                           std::span<const named_entry> rules, param_style style,
                           imported_rules& out) {
  const auto find = [](std::span<const named_entry> entries, std::string_view name) {
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const named_entry& e) { return ascii_iequals(e.name, name); });
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
      enabled =
          !(is_texty(p->value) && ascii_iequals(ascii_trim_blanks(p->value.text), "Disabled"));
    }
    const auto policy_name = read_text(*target, ctx, style, false, out.diagnostics);
    if (!policy_name) continue;
    const named_entry* entry = find(policies, *policy_name);
    if (entry == nullptr) entry = find_preset_policy(policies, *policy_name);
    // A preset's policy the input leaves out has Microsoft's fixed settings (decision 548).
    std::optional<antispam_policy> fixed;
    if (entry == nullptr) fixed = fixed_preset_policy(*policy_name);
    const std::string label = param_label("HostedContentFilterPolicy", style);
    if (entry == nullptr && !fixed) {
      error(out.diagnostics, diag_code::bad_reference, target->value.where,
            fmt::format("{} {}: no anti-spam policy named '{}' is defined (by "
                        "New-HostedContentFilterPolicy, or in the same export)",
                        label, ctx, *policy_name));
      continue;
    }
    const std::string& name = entry != nullptr ? entry->name : fixed->name;
    if (std::any_of(used.begin(), used.end(),
                    [&](const std::string& u) { return ascii_iequals(u, name); })) {
      error(out.diagnostics, diag_code::duplicate, target->value.where,
            fmt::format("{} {}: the policy '{}' already has a rule (one rule per policy)", label,
                        ctx, name));
      continue;
    }
    used.push_back(name);
    if (!enabled) continue;
    antispam_policy policy = fixed ? std::move(*fixed) : antispam_policy{};
    policy.name = used.back();
    policy.where = entry != nullptr ? entry->where : rule.where;
    policy.priority = static_cast<int>(k);
    apply_antispam_scope(rule.params, ctx, style, policy, out.diagnostics);
    // A preset's rule without conditions applies to every recipient (decision 547).
    if (!scopes_recipients(policy) && !preset_profile_of(policy.name)) {
      error(out.diagnostics, diag_code::missing_key, rule.where,
            fmt::format("anti-spam rule '{}' scopes no recipient: give {}, {} or {}", rule.name,
                        param_label("RecipientDomainIs", style), param_label("SentTo", style),
                        param_label("SentToMemberOf", style)));
      continue;
    }
    // Its quarantine tags are resolved through its index, so it is added right after.
    const int index = static_cast<int>(out.set.scoped_antispam.size());
    if (entry != nullptr) {
      apply_antispam_parameters(entry->params, fmt::format("in anti-spam policy '{}'", entry->name),
                                style, policy, out.tags, out.diagnostics, index);
    }
    const auto preset = preset_profile_of(policy.name);
    out.set.scoped_antispam.push_back(std::move(policy));
    out.has_antispam = true;
    if (preset) {
      warn_preset_not_simulated(rule, *preset, out.diagnostics);
    }
  }
  for (const auto& entry : policies) {
    if (std::none_of(used.begin(), used.end(),
                     [&](const std::string& u) { return ascii_iequals(u, entry.name); })) {
      warn_preset_without_rule(entry, out.diagnostics);
    }
  }
  order_presets_first(out.set.scoped_antispam);
  check_unscoped_policies(policies, out.set.scoped_antispam, style, out);
}

namespace {

// A tag of a policy no enabled rule scopes: it changes no verdict, but Exchange refuses a tag
// that names no quarantine policy when the policy is created or changed.
void check_tag_of_unscoped_policy(const tag_reference& ref, std::span<const std::string_view> names,
                                  param_style style, std::vector<diagnostic>& out) {
  if (std::any_of(names.begin(), names.end(),
                  [&](std::string_view name) { return ascii_iequals(name, ref.tag); })) {
    return;
  }
  const std::string hint = did_you_mean(ref.tag, names);
  error(out, diag_code::bad_reference, ref.where,
        fmt::format("unknown quarantine policy '{}' in {} of the anti-spam policy '{}'{}", ref.tag,
                    style == param_style::yaml ? param_label(ref.key, style) : ref.key, ref.owner,
                    hint.empty() ? fmt::format("; known policies: {}", join(names)) : hint));
}

}  // namespace

void resolve_quarantine_tags(rule_set& set, std::span<const tag_reference> tags,
                             std::vector<diagnostic>& out, param_style style) {
  const bool yaml = style == param_style::yaml;
  std::vector<std::string_view> names;
  for (const auto& policy : built_in_quarantine_policies()) names.push_back(policy.name);
  for (const auto& policy : set.quarantine_policies) {
    if (!policy.name.empty()) names.push_back(policy.name);
  }
  for (const auto& ref : tags) {
    if (ref.policy == kPolicyOfNobody) {
      check_tag_of_unscoped_policy(ref, names, style, out);
      continue;
    }
    const bool scoped =
        ref.policy >= 0 && static_cast<std::size_t>(ref.policy) < set.scoped_antispam.size();
    antispam_policy& owner =
        scoped ? set.scoped_antispam[static_cast<std::size_t>(ref.policy)] : set.antispam;
    // SpoofQuarantineTag belongs to the anti-phishing policy, the other tags to an anti-spam one.
    const bool spoof = ref.key == "SpoofQuarantineTag";
    verdict_setting* verdict = spoof ? nullptr : verdict_for(owner, ref.key);
    if (verdict == nullptr && !spoof) continue;
    std::string& tag = spoof ? set.antiphish.spoof_quarantine_tag : verdict->quarantine_tag;
    const auto known = std::find_if(names.begin(), names.end(), [&](std::string_view name) {
      return ascii_iequals(name, tag);
    });
    if (known != names.end()) {
      tag = std::string(*known);  // Exchange names ignore case: keep the defined spelling
      continue;
    }
    const std::string hint = did_you_mean(tag, names);
    const std::string key = yaml ? param_label(ref.key, style) : ref.key;
    std::string policy = scoped ? fmt::format("the anti-spam policy '{}'", owner.name)
                                : std::string("the anti-spam policy");
    if (spoof) policy = yaml ? "antiphish_policy" : "the anti-phishing policy";
    if (yaml && !spoof) {  // the YAML file's own names: its key, or the policy's Name (else #)
      policy = !scoped               ? std::string("antispam_policy")
               : !owner.name.empty() ? fmt::format("anti-spam policy '{}'", owner.name)
                                     : fmt::format("anti-spam policy #{}", ref.policy + 1);
    }
    error(out, diag_code::bad_reference, ref.where,
          !hint.empty()
              ? fmt::format("unknown quarantine policy '{}' in {} of {}{}", tag, key, policy, hint)
          : yaml ? fmt::format("unknown quarantine policy '{}' in {} of {}; known "
                               "policies: {}",
                               tag, key, policy, join(names))
                 : fmt::format("unknown quarantine policy '{}' in {} of {}; known policies: "
                               "{} (a policy exported to another file is known when both "
                               "files are read together)",
                               tag, key, policy, join(names)));
  }
}

}  // namespace mfsim::rules
