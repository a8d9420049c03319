// The objects of an export (ConvertTo-Json or Export-Clixml, already a tree of values with
// offsets): what each object is, and its properties through the shared parameter tables.
#include "engine/rules/export_objects.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "engine/rules/export_metadata.h"
#include "engine/rules/json_export_mistakes.h"
#include "engine/rules/json_locator.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {
namespace {

using json = nlohmann::ordered_json;
using json_export::located;

constexpr std::string_view antispam_markers[] = {"SpamAction",
                                                 "HighConfidenceSpamAction",
                                                 "PhishSpamAction",
                                                 "HighConfidencePhishAction",
                                                 "BulkSpamAction",
                                                 "BulkThreshold",
                                                 "QuarantineRetentionPeriod",
                                                 "SpamQuarantineTag"};
constexpr std::string_view quarantine_markers[] = {"EndUserQuarantinePermissionsValue",
                                                   "ESNEnabled", "QuarantinePolicyType",
                                                   "EndUserQuarantinePermissions"};

enum class object_kind {
  transport_rule,
  antispam_policy,
  antispam_rule,
  quarantine_policy,
  accepted_domain,  // Get-AcceptedDomain
  unknown
};

// The member `key` of an object, compared without case as PowerShell compares property names
// (ConvertTo-Json writes "Name", hand-written and REST exports "name"); nullptr when absent.
const json* member(const json& object, std::string_view key) {
  for (const auto& item : object.items()) {
    if (ascii_iequals(item.key(), key)) return &item.value();
  }
  return nullptr;
}

bool has_any_key(const json& object, std::span<const std::string_view> keys) {
  return std::any_of(keys.begin(), keys.end(),
                     [&](std::string_view k) { return member(object, k) != nullptr; });
}

object_kind kind_of(const json& object) {
  if (object.contains("DomainName") && object.contains("DomainType")) {
    return object_kind::accepted_domain;
  }
  // Get-HostedContentFilterRule: the recipient scope of an anti-spam policy.
  if (member(object, "HostedContentFilterPolicy") != nullptr) return object_kind::antispam_rule;
  if (has_any_key(object, antispam_markers)) return object_kind::antispam_policy;
  if (has_any_key(object, quarantine_markers)) return object_kind::quarantine_policy;
  for (const auto& [key, value] : object.items()) {
    if (ascii_iequals(key, "Priority") || ascii_iequals(key, "State") ||
        ascii_iequals(key, "Mode")) {
      return object_kind::transport_rule;
    }
    const param_info* info = find_parameter(cmdlet_family::transport_rule, key);
    if (info != nullptr && info->support == param_support::mapped && !ascii_iequals(key, "Name")) {
      return object_kind::transport_rule;
    }
  }
  return object_kind::unknown;
}

bool is_unset(const json& value) {
  return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
         (value.is_array() && value.empty());
}

class reader {
 public:
  reader(std::string_view text, const std::string& file, const export_style& style)
      : style_(style), where_(text_positions(text, file)) {
    out_.set.source = file;
  }

  imported_rules read(const json& root, const located& top);

 private:
  void error(diag_code code, std::size_t offset, std::string message) {
    out_.diagnostics.push_back(diagnostic{code, where_(offset), std::move(message)});
  }
  // The object's properties as parameters: unset and metadata ones left out.
  std::vector<parameter> properties(const json& object, const located& at,
                                    const std::string& label);
  std::optional<param_value> convert(const json& value, const located& at, const std::string& what);
  bool check_flattened(const std::string& key, const std::string& text, std::size_t offset,
                       const std::string& label);
  std::vector<parameter> keep_mapped(std::vector<parameter> params, cmdlet_family family,
                                     const std::string& label, const std::string& ctx,
                                     std::span<const std::string_view> handled);
  void read_object(const json& object, const located& at, std::size_t index);
  void read_rule(const json& object, const located& at, const std::string& label);
  void read_antispam(const json& object, const located& at, const std::string& label);
  void read_antispam_rule(const json& object, const located& at, const std::string& label);
  void read_quarantine(const json& object, const located& at, const std::string& label);
  void read_accepted_domain(const json& object, const located& at, const std::string& label);

  const export_style& style_;
  position_map where_;
  imported_rules out_;
  std::size_t rules_seen_ = 0;
  std::size_t flattened_ = 0;                // values refused as a .NET type name
  std::vector<named_entry> named_antispam_;  // anti-spam policies other than Default
  std::vector<named_entry> antispam_rules_;  // Get-HostedContentFilterRule objects
};

imported_rules reader::read(const json& root, const located& top) {
  if (root.is_object()) {
    read_object(root, top, 0);
  } else if (root.is_array()) {
    for (std::size_t k = 0; k < root.size(); ++k) {
      if (!root[k].is_object()) {
        error(diag_code::bad_value, top.children[k].offset,
              fmt::format("object #{}: expected an object (a rule or policy as {} writes it), "
                          "found {}",
                          k + 1, style_.tool, root[k].type_name()));
        continue;
      }
      read_object(root[k], top.children[k], k);
    }
  } else {
    error(diag_code::bad_value, top.offset,
          fmt::format("expected an object or an array of objects (the output of Get-TransportRule "
                      "| {}), found {}",
                      style_.tool, root.type_name()));
  }
  build_scoped_antispam(named_antispam_, antispam_rules_, param_style::property, out_);
  check_accepted_domains(out_.set, out_.diagnostics);
  return std::move(out_);
}

std::optional<param_value> reader::convert(const json& value, const located& at,
                                           const std::string& what) {
  param_value v;
  v.where = where_(at.offset);
  switch (value.type()) {
    case json::value_t::null: v.type = value_type::null; break;
    case json::value_t::string:
      v.type = value_type::text;
      v.text = value.get<std::string>();
      break;
    case json::value_t::boolean:
      v.type = value_type::boolean;
      v.flag = value.get<bool>();
      break;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      v.type = value_type::number;
      v.text = value.dump();
      break;
    case json::value_t::array:
      v.type = value_type::list;
      for (std::size_t k = 0; k < value.size(); ++k) {
        if (value[k].is_array() || value[k].is_object()) {
          error(diag_code::bad_value, at.children[k].offset,
                fmt::format("an item of {}: expected a text or number, found {}", what,
                            value[k].type_name()));
          return std::nullopt;
        }
        auto item = convert(value[k], at.children[k], what);
        if (!item) return std::nullopt;
        v.items.push_back(std::move(*item));
      }
      break;
    case json::value_t::object:
      // A TimeSpan (global notification frequency) becomes whole hours.
      if (const json* hours = member(value, "TotalHours"); hours != nullptr && hours->is_number()) {
        v.type = value_type::number;
        // Whole hours; a value past what a long long holds is written out, not cast (undefined
        // behaviour), and the parameter's range check refuses it.
        const double whole = std::trunc(hours->get<double>());
        v.text = std::abs(whole) < 9e18 ? fmt::format("{}", static_cast<long long>(whole))
                                        : fmt::format("{:.0f}", whole);
        break;
      }
      // A value type exported with its parts, such as {"Value": 5}.
      if (const json* inner = member(value, "Value");
          value.size() == 1 && inner != nullptr && !inner->is_structured()) {
        return convert(*inner, at.children[0], what);
      }
      error(diag_code::bad_value, at.offset,
            fmt::format("{}: expected a text, number, boolean or list, found an object", what));
      return std::nullopt;
    default:
      error(diag_code::bad_value, at.offset, fmt::format("{}: unsupported value", what));
      return std::nullopt;
  }
  return v;
}

// Whether a text value can be read: a .NET type name is refused; a word or pattern list given
// as one text with spaces may be a list PowerShell joined with spaces, and is read with a
// warning.
bool reader::check_flattened(const std::string& key, const std::string& text, std::size_t offset,
                             const std::string& label) {
  if (is_flattened_object(text)) {
    ++flattened_;
    error(diag_code::bad_value, offset,
          fmt::format("'{}' of {} is '{}', the name of a .NET type, not a value: {} writes that "
                      "in place of a list or object nested deeper than its -Depth (2 unless "
                      "given); export again with a larger depth, e.g. {}",
                      key, label, text.size() > 80 ? text.substr(0, 77) + "..." : text, style_.tool,
                      export_example(style_, "Get-TransportRule", "rules")));
    return false;
  }
  const bool list = key.ends_with("Words") || key.ends_with("Patterns");
  if (list && text.find(' ') != std::string::npos) {
    out_.diagnostics.push_back(diagnostic{
        diag_code::bad_value, where_(offset),
        fmt::format("'{}' of {} is one text, '{}', read as one entry; Exchange exports this "
                    "property as a list, so it may be a list that PowerShell joined with spaces "
                    "(a {} -Depth too small, or \"$x\" in a script): if so, export again with {} "
                    "-Depth 5",
                    key, label, text, style_.tool, style_.tool),
        diag_severity::warning});
  }
  return true;
}

std::vector<parameter> reader::properties(const json& object, const located& at,
                                          const std::string& label) {
  std::vector<parameter> params;
  std::vector<std::string_view> seen;
  std::size_t k = 0;
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    const json& value = item.value();
    // ordered_json keeps file order, so member k is the locator's member k.
    const std::size_t key_offset = at.keys[k].second;
    const located& value_at = at.children[k];
    ++k;
    if (is_unset(value) || is_export_metadata(key)) continue;
    if (value.is_string() &&
        !check_flattened(key, value.get_ref<const std::string&>(), value_at.offset, label)) {
      continue;
    }
    auto converted = convert(value, value_at, fmt::format("'{}' of {}", key, label));
    if (!converted) continue;
    params.push_back(parameter{key, std::move(*converted), where_(key_offset)});
  }
  return params;
}

std::vector<parameter> reader::keep_mapped(std::vector<parameter> params, cmdlet_family family,
                                           const std::string& label, const std::string& ctx,
                                           std::span<const std::string_view> handled) {
  std::vector<parameter> mapped;
  for (auto& p : params) {
    if (std::any_of(handled.begin(), handled.end(),
                    [&](std::string_view h) { return ascii_iequals(h, p.name); })) {
      continue;
    }
    const param_info* info = find_parameter(family, p.name);
    if (info == nullptr && retired_parameter(family, p.name)) {
      out_.diagnostics.push_back(
          diagnostic{diag_code::unknown_key, p.where,
                     fmt::format("'{}' of {} is retired and has no effect ({})", p.name, label,
                                 *retired_parameter(family, p.name)),
                     diag_severity::warning});
      continue;
    }
    if (info == nullptr) {
      out_.diagnostics.push_back(
          diagnostic{diag_code::unknown_key, p.where,
                     fmt::format("unknown property '{}' of {}{}", p.name, label,
                                 unknown_parameter_hint(family, p.name))});
      continue;
    }
    p.name = std::string(info->name);
    (void)keep_by_support(std::move(p), *info, ctx, param_style::property, mapped,
                          out_.diagnostics);
  }
  return mapped;
}

std::string name_of(const json& object) {
  const json* name = member(object, "Name");
  return name != nullptr && name->is_string() ? name->get<std::string>() : std::string();
}

void reader::read_object(const json& object, const located& at, std::size_t index) {
  // Duplicate keys would misalign the locator with nlohmann's object.
  if (const auto twice = json_export::repeated_key(at)) {
    const auto& [key, offset] = at.keys[*twice];
    error(diag_code::duplicate, offset,
          fmt::format("object #{}: property '{}' is given twice", index + 1, key));
    return;
  }
  const std::string name = name_of(object);
  const std::string suffix = name.empty() ? "" : fmt::format(" '{}'", name);
  if (name.empty() && is_bundle(object)) {
    std::vector<std::string_view> keys;
    for (const auto& item : object.items()) keys.push_back(item.key());
    error(diag_code::bad_value, at.offset,
          fmt::format("object #{} is not an export of a rule or policy: it lists names under "
                      "{}; export the objects themselves, each kind to its own file, e.g. "
                      "{} and {}, then give both: --rules rules.{},antispam.{}",
                      index + 1, join(keys), export_example(style_, "Get-TransportRule", "rules"),
                      export_example(style_, "Get-HostedContentFilterPolicy", "antispam"),
                      style_.extension, style_.extension));
    return;
  }
  switch (kind_of(object)) {
    case object_kind::transport_rule:
      read_rule(object, at, fmt::format("transport rule #{}{}", index + 1, suffix));
      return;
    case object_kind::antispam_policy:
      read_antispam(object, at, fmt::format("anti-spam policy #{}{}", index + 1, suffix));
      return;
    case object_kind::antispam_rule:
      read_antispam_rule(object, at, fmt::format("anti-spam rule #{}{}", index + 1, suffix));
      return;
    case object_kind::quarantine_policy:
      read_quarantine(object, at, fmt::format("quarantine policy #{}{}", index + 1, suffix));
      return;
    case object_kind::accepted_domain:
      read_accepted_domain(object, at, fmt::format("accepted domain #{}{}", index + 1, suffix));
      return;
    case object_kind::unknown:
      error(diag_code::bad_value, at.offset,
            fmt::format("object #{}{}: cannot tell what it is; expected the output of "
                        "Get-TransportRule, Get-HostedContentFilterPolicy or Get-QuarantinePolicy",
                        index + 1, suffix));
      return;
  }
}

void reader::read_rule(const json& object, const located& at, const std::string& label) {
  const std::size_t index = rules_seen_++;
  const std::size_t flattened_before = flattened_;
  std::vector<parameter> params =
      reject_numeric_enums(properties(object, at, label), transport_rule_enums(), label,
                           style_.enum_names, out_.diagnostics);
  // A rule without a list that was cut off would only draw errors about the missing list.
  if (flattened_ != flattened_before) return;
  const std::string name = name_of(object);
  if (name.empty()) {
    error(diag_code::missing_key, at.offset, fmt::format("{} has no 'Name'", label));
    return;
  }
  const std::string ctx = fmt::format("in transport rule '{}'", name);
  const std::size_t errors_before = out_.diagnostics.size();
  const auto mapped = keep_mapped(std::move(params), cmdlet_family::transport_rule, label, ctx, {});
  transport_rule rule =
      build_transport_rule(mapped, ctx, param_style::property, where_(at.offset), out_.diagnostics,
                           out_.diagnostics.size() != errors_before);
  if (!rule.priority_given) rule.priority = static_cast<int>(index);
  out_.set.transport_rules.push_back(std::move(rule));
}

void reader::read_antispam(const json& object, const located& at, const std::string& label) {
  const std::string name = name_of(object);
  const json* is_default = member(object, "IsDefault");
  const bool default_policy =
      ascii_iequals(name, "Default") ||
      (is_default != nullptr && is_default->is_boolean() && is_default->get<bool>());
  if (!default_policy && name.empty()) {
    error(diag_code::missing_key, at.offset, fmt::format("{} has no 'Name'", label));
    return;
  }
  if (default_policy && out_.has_antispam) {
    error(diag_code::duplicate, at.offset,
          fmt::format("{}: the Default anti-spam policy is given twice", label));
    return;
  }
  static constexpr std::string_view enums[] = {"SpamAction",        "HighConfidenceSpamAction",
                                               "PhishSpamAction",   "HighConfidencePhishAction",
                                               "BulkSpamAction",    "IntraOrgFilterState",
                                               "TestModeAction",
                                               "MarkAsSpam*",  // On, Off, Test
                                               "IncreaseScoreWith*"};
  std::vector<parameter> params = reject_numeric_enums(properties(object, at, label), enums, label,
                                                       style_.enum_names, out_.diagnostics);

  static constexpr std::string_view handled[] = {"Name"};
  const std::string ctx = default_policy ? std::string("in the Default anti-spam policy")
                                         : fmt::format("in anti-spam policy '{}'", name);
  auto mapped = keep_mapped(std::move(params), cmdlet_family::antispam_policy, label, ctx, handled);
  if (!default_policy) {
    // Scoped by a HostedContentFilterRule of the same export (or by none: then it applies to
    // nobody).
    named_antispam_.push_back({name, where_(at.offset), std::move(mapped)});
    return;
  }
  out_.has_antispam = true;
  out_.set.antispam.where = where_(at.offset);
  apply_antispam_parameters(mapped, "in the Default anti-spam policy", param_style::property,
                            out_.set.antispam, out_.tags, out_.diagnostics);
}

void reader::read_antispam_rule(const json& object, const located& at, const std::string& label) {
  const std::string name = name_of(object);
  if (name.empty()) {
    error(diag_code::missing_key, at.offset, fmt::format("{} has no 'Name'", label));
    return;
  }
  static constexpr std::string_view enums[] = {"State"};
  std::vector<parameter> params = reject_numeric_enums(properties(object, at, label), enums, label,
                                                       style_.enum_names, out_.diagnostics);
  // Get-EOPProtectionPolicyRule (a preset's scope) names the preset's other policies too; they
  // are not simulated (build_scoped_antispam says so).
  static constexpr std::string_view handled[] = {"Name", "AntiPhishPolicy", "MalwareFilterPolicy"};
  antispam_rules_.push_back({name, where_(at.offset),
                             keep_mapped(std::move(params), cmdlet_family::antispam_rule, label,
                                         fmt::format("in anti-spam rule '{}'", name), handled)});
}

// Get-AcceptedDomain: only Name, DomainName and DomainType say anything mfsim simulates; the
// object's many read-only properties are left alone.
void reader::read_accepted_domain(const json& object, const located& at, const std::string& label) {
  std::vector<parameter> params;
  std::size_t k = 0;
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    const std::size_t index = k++;
    if (key != "Name" && key != "DomainName" && key != "DomainType") continue;
    if (is_unset(item.value())) continue;
    auto converted =
        convert(item.value(), at.children[index], fmt::format("'{}' of {}", key, label));
    if (converted)
      params.push_back(parameter{key, std::move(*converted), where_(at.keys[index].second)});
  }
  static constexpr std::string_view enums[] = {"DomainType"};
  const std::size_t before = out_.diagnostics.size();
  params =
      reject_numeric_enums(std::move(params), enums, label, style_.enum_names, out_.diagnostics);
  if (out_.diagnostics.size() != before) return;
  const std::string name = name_of(object);
  const std::string ctx =
      name.empty() ? "in " + label : fmt::format("in accepted domain '{}'", name);
  if (auto d = build_accepted_domain(params, ctx, param_style::property, where_(at.offset),
                                     out_.diagnostics)) {
    out_.set.accepted_domains.push_back(std::move(*d));
  }
}

void reader::read_quarantine(const json& object, const located& at, const std::string& label) {
  const std::string name = name_of(object);
  std::vector<parameter> params = properties(object, at, label);
  const json* type = member(object, "QuarantinePolicyType");
  const bool global = ascii_iequals(name, "DefaultGlobalTag") ||
                      (type != nullptr && type->is_string() &&
                       ascii_iequals(type->get<std::string>(), "GlobalQuarantinePolicy"));
  if (global) {
    // The global settings object: only the notification frequency is simulated.
    for (const auto& p : params) {
      if (!ascii_iequals(p.name, "EndUserSpamNotificationFrequency")) continue;
      if (auto f = read_notification_frequency(p, "in the global quarantine settings",
                                               param_style::property, out_.diagnostics)) {
        out_.set.notify_frequency = *f;
        out_.has_global_settings = true;
      }
    }
    return;
  }
  if (name.empty()) {
    error(diag_code::missing_key, at.offset, fmt::format("{} has no 'Name'", label));
    return;
  }
  for (const auto& built_in : built_in_quarantine_policies()) {
    if (ascii_iequals(built_in.name, name)) return;  // always present; they cannot be changed
  }
  for (const auto& existing : out_.set.quarantine_policies) {
    if (ascii_iequals(existing.name, name)) {
      error(diag_code::duplicate, at.offset,
            fmt::format("{}: a quarantine policy named '{}' is given twice", label, name));
      return;
    }
  }
  const std::string ctx = fmt::format("in quarantine policy '{}'", name);
  // Every exported policy carries the global frequency property; only DefaultGlobalTag's counts.
  static constexpr std::string_view handled[] = {"Name", "EndUserSpamNotificationFrequency"};
  const auto mapped =
      keep_mapped(std::move(params), cmdlet_family::quarantine_policy, label, ctx, handled);
  quarantine_policy policy;
  policy.name = name;
  policy.where = where_(at.offset);
  if (!read_name(parameter{"Name", param_value{value_type::text, name, false, {}, policy.where},
                           policy.where},
                 ctx, param_style::property, out_.diagnostics)) {
    return;
  }
  apply_quarantine_parameters(mapped, ctx, param_style::property, policy, out_.diagnostics);
  out_.set.quarantine_policies.push_back(std::move(policy));
}

}  // namespace

std::string export_example(const export_style& style, std::string_view cmdlet,
                           std::string_view stem) {
  return style.to_pipeline
             ? fmt::format("{} | {} -Depth 5 > {}.{}", cmdlet, style.tool, stem, style.extension)
             : fmt::format("{} | {} {}.{} -Depth 5", cmdlet, style.tool, stem, style.extension);
}

imported_rules read_export_objects(const nlohmann::ordered_json& root, const located& at,
                                   std::string_view text, const std::string& file,
                                   const export_style& style) {
  return reader(text, file, style).read(root, at);
}

}  // namespace mfsim::rules
