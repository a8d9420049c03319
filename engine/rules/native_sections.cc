// The sections of a YAML rule set: area1, ip_lists, quarantine_policies, the anti-spam
// policies, settings and transport_rules, each read into the model with its diagnostics.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "engine/net/ip_range_set.h"
#include "engine/rules/native_loader.h"

namespace mfsim::rules::native {

void loader::load_area1(const field& f) {
  const std::string ctx = "in area1";
  auto& area1 = out_.area1;
  area1.where = span_of(f.value);
  area1.present = true;
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'area1' at the top level: expected a mapping of {}, found {}",
                      join(area1_keys), describe(f.value)));
    return;
  }
  const fields map = read_mapping(f.value, area1_keys, ctx);
  if (const field* k = map.find("disposition_header")) {
    if (auto name = read_header_name(*k, ctx)) area1.disposition_header = *name;
  }
  if (const field* k = map.find("quarantine_dispositions")) {
    if (auto items = read_list(*k, ctx, "a disposition", true)) {
      std::map<std::string, int> seen;
      for (const auto& item : *items) {
        const std::string upper = ascii_upper_copy(ascii_trim_blanks(item.text));
        if (std::find(std::begin(dispositions), std::end(dispositions), upper) ==
            std::end(dispositions)) {
          const std::string hint = upper == "SPAM"
                                       ? std::string(" (Area 1 writes its SPAM disposition as UCE)")
                                       : did_you_mean(upper, dispositions);
          error(diag_code::bad_value, item.where,
                fmt::format("'quarantine_dispositions' in area1: expected one of {}, found "
                            "'{}'{}",
                            join(dispositions), item.text, hint));
        } else if (const auto it = seen.find(upper); it != seen.end()) {
          error(diag_code::duplicate, item.where,
                fmt::format("disposition '{}' listed twice in 'quarantine_dispositions' (first "
                            "at line {})",
                            upper, it->second));
        } else {
          seen.emplace(upper, item.where.line);
          area1.quarantine_dispositions.push_back(upper);
        }
      }
    }
  }
  if (const field* k = map.find("egress_list")) {
    if (auto name = read_string(*k, ctx, false)) {
      area1.egress_list = *name;
      list_references_.push_back({*name, value_span(*k), "'egress_list' of area1"});
    }
  }
  if (const field* k = map.find("configured_as")) {
    if (auto text = read_string(*k, ctx, false)) area1.configured_as = *text;
  }
  if (const field* k = map.find("forwarding_to")) {
    if (auto text = read_string(*k, ctx, true)) area1.forwarding_to = *text;
  }
  if (const field* k = map.find("outbound_tls")) {
    if (auto value = read_bool(*k, ctx)) area1.outbound_tls = *value;
  }
  if (const field* k = map.find("ip_restrictions")) {
    if (auto items = read_list(*k, ctx, "an IP range", true)) {
      check_ip_entries(*items, "'ip_restrictions' of area1", false);
      for (auto& item : *items) area1.ip_restrictions.push_back(std::move(item.text));
    }
  }
}

void loader::load_ip_lists(const field& f) {
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'ip_lists' at the top level: expected a mapping of list names to "
                      "{{entries: [...], comment: ...}}, found {}",
                      describe(f.value)));
    return;
  }
  std::map<std::string, int> seen;
  for (auto it = f.value.begin(); it != f.value.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar() || ascii_trim_blanks(key.Scalar()).empty()) {
      error(diag_code::bad_value, span_of(key),
            fmt::format("expected an IP list name in 'ip_lists', found {}", describe(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    if (name.front() == '$') {
      error(diag_code::bad_value, span_of(key),
            fmt::format("IP list name '{}': write the name without '$' here ('$' marks a "
                        "reference in SenderIpRanges)",
                        name));
      continue;
    }
    if (const auto first = seen.find(name); first != seen.end()) {
      error(diag_code::duplicate, span_of(key),
            fmt::format("duplicate IP list name '{}' (first defined at line {})", name,
                        first->second));
      continue;
    }
    seen.emplace(name, span_of(key).line);
    const std::string ctx = fmt::format("in IP list '{}'", name);
    ip_list list;
    list.name = name;
    list.where = span_of(key);
    if (!value.IsMap()) {
      const field whole{name, key, value};
      error(diag_code::bad_value, value_span(whole),
            fmt::format("IP list '{}': expected a mapping with 'entries' (and optionally "
                        "'comment'), found {}",
                        name, describe(value)));
      out_.ip_lists.push_back(std::move(list));
      continue;
    }
    const fields map = read_mapping(value, ip_list_keys, ctx);
    if (const field* k = map.find("entries")) {
      if (auto items = read_list(*k, ctx, "an IP range", true)) {
        check_ip_entries(*items, fmt::format("IP list '{}'", name), false);
        for (auto& item : *items) list.entries.push_back(std::move(item.text));
      }
    } else {
      error(
          diag_code::missing_key, span_of(value),
          fmt::format("missing key 'entries' {}: give its IP ranges (a list, may be empty)", ctx));
    }
    if (const field* k = map.find("comment")) {
      list.comment = read_string(*k, ctx, true).value_or("");
    }
    out_.ip_lists.push_back(std::move(list));
  }
}

// Validates IP entries; `$name` items become references to check once all lists are known.
void loader::check_ip_entries(const std::vector<list_item>& items, const std::string& used_in,
                              bool allow_references) {
  for (const auto& item : items) {
    const std::string_view text = ascii_trim_blanks(item.text);
    if (!text.empty() && text.front() == '$') {
      if (!allow_references) {
        error(diag_code::bad_value, item.where,
              fmt::format("{}: '{}' refers to an IP list; only a transport rule's "
                          "SenderIpRanges can refer to lists",
                          used_in, item.text));
      } else if (text.size() == 1) {
        error(diag_code::bad_value, item.where,
              fmt::format("{}: '$' must be followed by an IP list name", used_in));
      } else {
        list_references_.push_back({std::string(text.substr(1)), item.where, used_in});
      }
      continue;
    }
    std::string reason;
    if (!net::parse_ip_range(text, reason)) {
      error(diag_code::bad_value, item.where,
            fmt::format("bad IP range in {}: {}", used_in, reason));
    }
  }
}

void loader::load_quarantine_policies(const field& f) {
  if (!f.value.IsSequence()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'quarantine_policies' at the top level: expected a list of policies "
                      "(mappings with Name, EndUserQuarantinePermissionsValue, ESNEnabled), "
                      "found {}",
                      describe(f.value)));
    return;
  }
  std::map<std::string, int> seen;  // lower-cased custom name -> line
  std::size_t index = 0;
  for (const auto& node : f.value) {
    ++index;
    if (!node.IsMap()) {
      error(diag_code::bad_value, span_of(node),
            fmt::format("quarantine policy #{}: expected a mapping with Name, "
                        "EndUserQuarantinePermissionsValue, ESNEnabled; found {}",
                        index, describe(node)));
      continue;
    }
    const YAML::Node name_node = value_of(node, "Name");
    const std::string ctx = name_node.IsScalar() && !name_node.Scalar().empty()
                                ? fmt::format("in quarantine policy '{}'", name_node.Scalar())
                                : fmt::format("in quarantine policy #{}", index);
    const fields map = read_mapping(node, quarantine_policy_keys, ctx);
    quarantine_policy policy;
    policy.where = span_of(node);
    if (const field* k = map.find("Name")) {
      if (auto name = read_name(*k, ctx)) {
        policy.name = *name;
        const std::string lower = ascii_lower_copy(*name);
        const auto& built_ins = built_in_quarantine_policies();
        const auto built_in =
            std::find_if(built_ins.begin(), built_ins.end(),
                         [&](const quarantine_policy& p) { return ascii_iequals(p.name, *name); });
        if (built_in != built_ins.end()) {
          error(diag_code::duplicate, value_span(*k),
                fmt::format("quarantine policy '{}' has the name of the built-in policy '{}'; "
                            "give the custom policy another name",
                            *name, built_in->name));
        } else if (const auto first = seen.find(lower); first != seen.end()) {
          error(diag_code::duplicate, value_span(*k),
                fmt::format("duplicate quarantine policy name '{}' (first defined at line {})",
                            *name, first->second));
        } else {
          seen.emplace(lower, value_span(*k).line);
        }
      }
    } else {
      error(diag_code::missing_key, span_of(node), fmt::format("missing key 'Name' {}", ctx));
    }
    // Permissions and notifications are New-QuarantinePolicy's parameters, applied by the
    // importers' builder (policy_builders.cc).
    std::vector<parameter> params;
    for (const auto& k : map.items) {
      const bool flag = k.key == "ESNEnabled" || k.key == "IncludeMessagesFromBlockedSenderAddress";
      if (k.key != "Name") params.push_back(as_parameter(k, flag));
    }
    apply_quarantine_parameters(params, ctx, param_style::yaml, policy, diagnostics_);
    out_.quarantine_policies.push_back(std::move(policy));
  }
}

void loader::load_antispam(const field& f) {
  auto& policy = out_.antispam;
  policy.where = span_of(f.value);
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'antispam_policy' at the top level: expected a mapping of "
                      "Set-HostedContentFilterPolicy parameters, found {}",
                      describe(f.value)));
    return;
  }
  const std::string ctx = "in antispam_policy";
  load_antispam_settings(read_mapping(f.value, antispam_keys, ctx, {}, antispam_left_out_keys()),
                         ctx, policy, -1);
}

void loader::load_scoped_antispam(const field& f) {
  if (!f.value.IsSequence()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'antispam_policies' at the top level: expected a list of anti-spam "
                      "policies scoped by recipient, found {}",
                      describe(f.value)));
    return;
  }
  std::size_t index = 0;
  for (const auto& node : f.value) {
    ++index;
    if (!node.IsMap()) {
      error(diag_code::bad_value, span_of(node),
            fmt::format("anti-spam policy #{} of 'antispam_policies': expected a mapping, found {}",
                        index, describe(node)));
      continue;
    }
    const YAML::Node name_node = value_of(node, "Name");
    const std::string ctx = name_node.IsScalar() && !name_node.Scalar().empty()
                                ? fmt::format("in anti-spam policy '{}'", name_node.Scalar())
                                : fmt::format("in anti-spam policy #{}", index);
    antispam_policy& policy = out_.scoped_antispam.emplace_back();
    policy.where = span_of(node);
    policy.priority = static_cast<int>(index - 1);
    const fields map =
        read_mapping(node, scoped_antispam_keys(), ctx, {}, antispam_left_out_keys());
    load_antispam_settings(map, ctx, policy, static_cast<int>(out_.scoped_antispam.size()) - 1);
    if (map.find("Name") == nullptr) {
      error(diag_code::missing_key, span_of(node), fmt::format("missing key 'Name' {}", ctx));
    } else if (ascii_iequals(policy.name, "Default")) {
      error(diag_code::bad_value, span_of(node),
            fmt::format("'Name' {}: Default is the policy of 'antispam_policy', which applies to "
                        "every recipient; give this one another name",
                        ctx));
    }
    // The scope as New-HostedContentFilterRule gives it, checked as the importers check it.
    std::vector<parameter> scope;
    for (const std::string_view key : antispam_scope_keys) {
      if (const field* k = map.find(key)) {
        scope.push_back(parameter{k->key, to_param_value(*k), span_of(k->key_node)});
      }
    }
    apply_antispam_scope(scope, ctx, param_style::yaml, policy, diagnostics_);
    // A preset security policy with no recipient condition applies to everyone (547).
    if (map.find("RecipientDomainIs") == nullptr && map.find("SentTo") == nullptr &&
        map.find("SentToMemberOf") == nullptr && !preset_profile_of(policy.name)) {
      error(diag_code::missing_key, span_of(node),
            fmt::format("{} has no recipient scope: give 'RecipientDomainIs', 'SentTo' or "
                        "'SentToMemberOf' (the Default policy in 'antispam_policy' covers "
                        "everyone else)",
                        ctx.substr(3)));
    }
  }
}

void loader::load_antispam_settings(const fields& map, const std::string& ctx,
                                    antispam_policy& policy, int index) {
  if (const field* k = map.find("Name")) {
    if (auto name = read_string(*k, ctx, false)) policy.name = *name;
  }
  // The settings are Set-HostedContentFilterPolicy's parameters: checked and applied by the
  // importers' builder (policy_builders.cc); the scope is read by the caller.
  std::vector<parameter> params;
  for (const auto& f : map.items) {
    const bool scope = std::find(std::begin(antispam_scope_keys), std::end(antispam_scope_keys),
                                 f.key) != std::end(antispam_scope_keys);
    if (f.key != "Name" && !scope) {
      params.push_back(as_parameter(f, false));
    }
  }
  apply_antispam_parameters(params, ctx, param_style::yaml, policy, tags_, diagnostics_, index);
}

void loader::load_antiphish(const field& f) {
  auto& policy = out_.antiphish;
  policy.where = span_of(f.value);
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'antiphish_policy' at the top level: expected a mapping of "
                      "Set-AntiPhishPolicy spoof parameters ({}), found {}",
                      join(antiphish_keys), describe(f.value)));
    return;
  }
  const std::string ctx = "in antiphish_policy";
  const fields map = read_mapping(f.value, antiphish_keys, ctx);
  if (const field* k = map.find("Name")) {
    if (auto name = read_string(*k, ctx, false)) policy.name = *name;
  }
  if (const field* k = map.find("EnableSpoofIntelligence")) {
    if (auto value = read_bool(*k, ctx)) policy.enable_spoof_intelligence = *value;
  }
  if (const field* k = map.find("AuthenticationFailAction")) {
    if (auto value = read_enum(*k, ctx, junk_or_quarantine))
      policy.authentication_fail_action = *value;
  }
  if (const field* k = map.find("SpoofQuarantineTag")) {
    if (auto tag = read_string(*k, ctx, false)) {
      policy.spoof_quarantine_tag = *tag;
      // Resolved with the anti-spam tags; the key names the anti-phishing policy's tag.
      tags_.push_back(tag_reference{"SpoofQuarantineTag", value_span(*k), -1});
    }
  }
  if (const field* k = map.find("HonorDmarcPolicy")) {
    if (auto value = read_bool(*k, ctx)) policy.honor_dmarc_policy = *value;
  }
  if (const field* k = map.find("DmarcQuarantineAction")) {
    if (auto value = read_enum(*k, ctx, junk_or_quarantine))
      policy.dmarc_quarantine_action = *value;
  }
  if (const field* k = map.find("DmarcRejectAction")) {
    if (auto value = read_enum(*k, ctx, quarantine_or_reject)) policy.dmarc_reject_action = *value;
  }
}

void loader::load_settings(const field& f) {
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'settings' at the top level: expected a mapping of {}, found {}",
                      join(settings_keys), describe(f.value)));
    return;
  }
  const std::string ctx = "in settings";
  const fields map = read_mapping(f.value, settings_keys, ctx);
  if (const field* k = map.find("notification_frequency")) {
    if (auto value = read_enum(*k, ctx, frequencies)) out_.notify_frequency = *value;
  }
  if (const field* k = map.find("scl_model")) {
    if (auto value = read_enum(*k, ctx, scl_models)) out_.scl_model_kind = *value;
  }
  if (const field* k = map.find("mx_record")) {
    if (auto value = read_enum(*k, ctx, mx_records)) out_.mx = *value;
  }
}

void loader::load_transport_rules(const field& f) {
  if (!f.value.IsSequence()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'transport_rules' at the top level: expected a list of rules "
                      "(mappings of New-TransportRule parameters), found {}",
                      describe(f.value)));
    return;
  }
  std::size_t index = 0;
  for (const auto& node : f.value) load_rule(node, index++);
}

// A YAML value as the cmdlet-parameter builders take it: plain true/false are booleans.
param_value loader::to_param_value(const YAML::Node& node) const {
  param_value out;
  out.where = span_of(node);
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    const bool plain = node.Tag() != "!";
    if (plain && (ascii_iequals(text, "true") || ascii_iequals(text, "$true") ||
                  ascii_iequals(text, "false") || ascii_iequals(text, "$false"))) {
      out.type = value_type::boolean;
      out.flag = ascii_iequals(text, "true") || ascii_iequals(text, "$true");
    } else {
      out.type = value_type::text;
    }
    out.text = text;
  } else if (node.IsSequence()) {
    out.type = value_type::list;
    for (const auto& item : node) out.items.push_back(to_param_value(item));
  } else if (node.IsMap()) {
    out.type = value_type::mapping;  // MessageContainsDataClassifications' hash tables
    for (const auto& entry : node) {
      param_value item = to_param_value(entry.second);
      item.key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

param_value loader::to_param_value(const field& f) const {
  param_value out = to_param_value(f.value);
  out.where = value_span(f);
  return out;
}

void loader::load_rule(const YAML::Node& node, std::size_t index) {
  if (!node.IsMap()) {
    error(diag_code::bad_value, span_of(node),
          fmt::format("transport rule #{}: expected a mapping of New-TransportRule parameters, "
                      "found {}",
                      index + 1, describe(node)));
    return;
  }
  const YAML::Node name_node = value_of(node, "Name");
  const std::string ctx = name_node.IsScalar() && !name_node.Scalar().empty()
                              ? fmt::format("in transport rule '{}'", name_node.Scalar())
                              : fmt::format("in transport rule #{}", index + 1);
  // Every New-TransportRule parameter mfsim simulates is a key; the others are refused unless
  // they hold the value mfsim assumes (as the importers do).
  static const std::vector<std::string_view> mapped_keys = [] {
    std::vector<std::string_view> keys;
    for (const auto name : parameter_names(cmdlet_family::transport_rule)) {
      if (find_parameter(cmdlet_family::transport_rule, name)->support == param_support::mapped) {
        keys.push_back(name);
      }
    }
    return keys;
  }();
  const fields map =
      read_mapping(node, parameter_names(cmdlet_family::transport_rule), ctx, mapped_keys);
  std::vector<parameter> params;
  bool rejected = false;
  for (const auto& f : map.items) {
    const param_info* info = find_parameter(cmdlet_family::transport_rule, f.key);
    parameter p{f.key, to_param_value(f), span_of(f.key_node)};
    if (!keep_by_support(std::move(p), *info, ctx, param_style::yaml, params, diagnostics_))
      rejected = true;
  }
  if (map.find("Name") == nullptr) {
    error(diag_code::missing_key, span_of(node), fmt::format("missing key 'Name' {}", ctx));
  }
  std::vector<ip_list_reference> references;
  transport_rule rule = build_transport_rule(params, ctx, param_style::yaml, span_of(node),
                                             diagnostics_, rejected, &references);
  for (auto& ref : references) {
    list_references_.push_back({std::move(ref.name), ref.where, std::move(ref.used_in)});
  }
  if (!rule.priority_given) rule.priority = static_cast<int>(index);
  if (const field* k = map.find("Name"); k != nullptr && !rule.name.empty()) {
    const int line = value_span(*k).line;
    const auto [first, fresh] = rule_name_lines_.emplace(ascii_lower_copy(rule.name), line);
    if (!fresh) {
      error(diag_code::duplicate, value_span(*k),
            fmt::format("duplicate transport rule name '{}' (first defined at line {}; names "
                        "are compared without case)",
                        rule.name, first->second));
    }
  }
  if (const field* k = map.find("Priority"); k != nullptr && rule.priority_given) {
    const int line = value_span(*k).line;
    const auto [first, fresh] = priority_lines_.emplace(rule.priority, line);
    if (!fresh) {
      error(diag_code::duplicate, value_span(*k),
            fmt::format("duplicate Priority {} {} (the rule at line {} has it too)", rule.priority,
                        ctx, first->second));
    }
  }
  out_.transport_rules.push_back(std::move(rule));
}

}  // namespace mfsim::rules::native
