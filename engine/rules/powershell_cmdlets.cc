// What each cmdlet of a PowerShell script does to the organisation the runner keeps: transport
// rules (New-, Set-, Enable-, Disable-, Remove-TransportRule), the anti-spam policies and rules,
// and the quarantine policies, as Exchange Online would apply them.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <optional>
#include <string>
#include <utility>

#include "engine/rules/param_readers.h"
#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::powershell {

using detail::find_param;

namespace {

// An anti-spam rule's -Priority as the script gave it (a whole number), else nullopt.
std::optional<long long> given_priority(const named_entry& rule) {
  const parameter* p = find_param(rule.params, "Priority");
  if (p == nullptr || (p->value.type != value_type::number && p->value.type != value_type::text)) {
    return std::nullopt;
  }
  const std::string& text = p->value.text;
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// Adds `by` to the priority of every other rule whose priority is at least `from`.
void shift_priorities(std::vector<named_entry>& rules, const named_entry* moved, long long from,
                      long long by) {
  for (auto& rule : rules) {
    const auto n = given_priority(rule);
    if (&rule == moved || !n || *n < from) continue;
    parameter* p = nullptr;
    for (auto& q : rule.params) {
      if (q.name == "Priority") p = &q;
    }
    p->value.text = std::to_string(*n + by);
  }
}

// Exchange numbers anti-spam rules as it numbers transport rules: a rule given the priority
// of an existing one goes before it, and that rule and those after it move down by one; a new
// rule without one goes last (New-HostedContentFilterRule; decision 422). Every rule keeps an
// explicit Priority, so the order survives rules given out of order (Microsoft365DSC).
void place_antispam_rule(std::vector<named_entry>& rules, named_entry& rule,
                         std::optional<long long> old_priority, const source_span& where) {
  if (old_priority) shift_priorities(rules, &rule, *old_priority + 1, -1);
  if (const auto wanted = given_priority(rule)) {
    shift_priorities(rules, &rule, *wanted, 1);
    return;
  }
  long long last = -1;
  for (const auto& other : rules) {
    if (&other != &rule) last = std::max(last, given_priority(other).value_or(-1));
  }
  rule.params.push_back(parameter{
      "Priority", param_value{value_type::number, std::to_string(last + 1), false, {}, where},
      where});
}

// Exchange accepts the frequency on any quarantine policy (New-/Set-QuarantinePolicy list it for
// all parameter sets, with the same three values), but notifications go out at the global
// settings' frequency only, as an export's custom policies carry it to no effect (decision 1129).
std::string frequency_not_global(std::string_view policy) {
  return fmt::format(
      "-EndUserSpamNotificationFrequency in quarantine policy '{}' changes nothing: "
      "quarantine notifications go out at the frequency of the global settings; "
      "ignored (to change it: Set-QuarantinePolicy -Identity DefaultGlobalTag "
      "-EndUserSpamNotificationFrequency ...)",
      policy);
}

}  // namespace

void runner::new_rule(const ps_command& cmd) {
  bound_command b = bind(cmd, "Name", {}, nullptr);
  if (!b.ok || b.what_if) return;
  const parameter* name_param = nullptr;
  const auto name = read_new_name(b, cmd, "New-TransportRule", "rule", name_param);
  if (!name) return;
  const std::string ctx = fmt::format("in transport rule '{}'", *name);
  if (const rule_entry* existing = find_rule(*name)) {
    error(diag_code::duplicate, name_param->value.where,
          fmt::format("a transport rule named '{}' already exists (created at line {}; names "
                      "are compared without case)",
                      existing->name, existing->where.line));
    return;
  }
  if (const parameter* state = find_param(b.params, "State")) {
    error(diag_code::unknown_key, state->where,
          "New-TransportRule has no parameter -State: use -Enabled $false, or "
          "Disable-TransportRule");
  }
  std::size_t position = rules_.size();
  if (const parameter* priority = find_param(b.params, "Priority")) {
    // Exchange numbers rules from 0 without gaps: a new rule goes at most right after the last.
    if (auto value = read_int(*priority, ctx, param_style::cmdlet, 0, INT_MAX, out_.diagnostics)) {
      if (static_cast<std::size_t>(*value) > rules_.size()) {
        warn_priority_past_end(*priority, ctx, *value, rules_.size());
      } else {
        position = static_cast<std::size_t>(*value);
      }
    }
  }
  static constexpr std::string_view handled[] = {"Priority", "State"};
  rule_entry entry{*name, cmd.where, {}};
  const std::size_t errors_before = out_.diagnostics.size();
  for (auto& p : classify(std::move(b.params), cmdlet_family::transport_rule, ctx,
                          "New-TransportRule", handled)) {
    if (p.value.type != value_type::null) {
      entry.params.push_back(std::move(p));
    } else {
      // Exchange sets nothing for $null, so a condition given $null narrows nothing: said,
      // never dropped unseen (decision 731).
      warn(diag_code::bad_value, p.where,
           fmt::format("{}: -{} is $null, so the rule has no such setting; a condition or "
                       "exception left out makes the rule apply to more mail than written",
                       ctx, p.name));
    }
  }
  entry.rejected_some = out_.diagnostics.size() != errors_before;
  rules_.insert(rules_.begin() + static_cast<std::ptrdiff_t>(position), std::move(entry));
}

void runner::set_rule(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "rule to change");
  if (!id) return;
  rule_entry* rule = find_rule(*id);
  if (rule == nullptr) {
    warn_not_created(cmd, find_param(b.params, "Identity")->value.where, "transport rule", *id);
    return;
  }
  std::string ctx = fmt::format("in transport rule '{}'", rule->name);
  if (const parameter* name_param = find_param(b.params, "Name")) {
    std::vector<diagnostic> problems;
    auto name = read_name(*name_param, ctx, param_style::cmdlet, problems);
    for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
    if (name) {
      const rule_entry* other = find_rule(*name);
      if (other != nullptr && other != rule) {
        error(diag_code::duplicate, name_param->value.where,
              fmt::format("a transport rule named '{}' already exists (created at line {})",
                          other->name, other->where.line));
      } else {
        rule->name = *name;
        put(rule->params, parameter{"Name", name_param->value, name_param->where});
        ctx = fmt::format("in transport rule '{}'", rule->name);
      }
    }
  }
  if (const parameter* state = find_param(b.params, "State")) {
    error(diag_code::unknown_key, state->where,
          "Set-TransportRule has no parameter -State: use Enable-TransportRule or "
          "Disable-TransportRule");
  }
  if (find_param(b.params, "Enabled") != nullptr) {
    error(diag_code::unknown_key, find_param(b.params, "Enabled")->where,
          "Set-TransportRule has no parameter -Enabled: use Enable-TransportRule or "
          "Disable-TransportRule");
  }
  std::optional<std::size_t> move_to;
  if (const parameter* priority = find_param(b.params, "Priority")) {
    if (auto value = read_int(*priority, ctx, param_style::cmdlet, 0, INT_MAX, out_.diagnostics)) {
      if (static_cast<std::size_t>(*value) >= rules_.size()) {
        warn_priority_past_end(*priority, ctx, *value, rules_.size() - 1);
        move_to = rules_.size() - 1;
      } else {
        move_to = static_cast<std::size_t>(*value);
      }
    }
  }
  static constexpr std::string_view handled[] = {"Identity", "Name", "Priority", "State",
                                                 "Enabled"};
  const std::size_t errors_before = out_.diagnostics.size();
  for (auto& p : classify(std::move(b.params), cmdlet_family::transport_rule, ctx,
                          "Set-TransportRule", handled)) {
    update(rule->params, std::move(p));
  }
  if (out_.diagnostics.size() != errors_before) rule->rejected_some = true;
  if (move_to) {
    const auto from = rule - rules_.data();
    rule_entry moved = std::move(rules_[static_cast<std::size_t>(from)]);
    rules_.erase(rules_.begin() + from);
    rules_.insert(rules_.begin() + static_cast<std::ptrdiff_t>(*move_to), std::move(moved));
  }
}

void runner::toggle_rule(const ps_command& cmd, const parameter* piped, bool enable) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "rule");
  if (!id) return;
  rule_entry* rule = find_rule(*id);
  if (rule == nullptr) {
    warn_not_created(cmd, find_param(b.params, "Identity")->value.where, "transport rule", *id);
    return;
  }
  const std::string ctx = fmt::format("in transport rule '{}'", rule->name);
  static constexpr std::string_view handled[] = {"Identity"};
  std::vector<parameter> rest;
  for (auto& p : b.params) {
    if (enable && ascii_iequals(p.name, "Mode")) {
      p.name = "Mode";
      put(rule->params, p);
    } else {
      rest.push_back(p);
    }
  }
  for (const auto& p : rest) {
    if (contains_name(handled, p.name)) continue;
    error(diag_code::unknown_key, p.where,
          fmt::format("{} has no parameter -{} (it takes -Identity{})", cmd.name, p.name,
                      enable ? " and -Mode" : ""));
  }
  put(rule->params,
      parameter{"Enabled", param_value{value_type::boolean, "", enable, {}, cmd.where}, cmd.where});
}

void runner::remove_rule(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "rule");
  if (!id) return;
  rule_entry* rule = find_rule(*id);
  if (rule == nullptr) {
    warn_not_created(cmd, find_param(b.params, "Identity")->value.where, "transport rule", *id);
    return;
  }
  for (const auto& p : b.params) {
    if (!ascii_iequals(p.name, "Identity")) {
      error(diag_code::unknown_key, p.where,
            fmt::format("Remove-TransportRule has no parameter -{}", p.name));
    }
  }
  rules_.erase(rules_.begin() + (rule - rules_.data()));
}

void runner::set_antispam(const ps_command& cmd, const parameter* piped) {
  static constexpr std::string_view switches[] = {"MakeDefault"};
  bound_command b = bind(cmd, "Identity", switches, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam policy");
  if (!id) return;
  static constexpr std::string_view handled[] = {"Identity", "MakeDefault"};
  if (!ascii_iequals(*id, "Default")) {
    named_entry* entry =
        find_named(named_antispam_, b, "Set-HostedContentFilterPolicy", *id, "anti-spam policy");
    if (entry == nullptr) return;
    if (const parameter* make_default = find_param(b.params, "MakeDefault")) {
      note_make_default(*make_default, entry->name);
    }
    const std::string ctx = fmt::format("in anti-spam policy '{}'", entry->name);
    for (auto& p : classify(std::move(b.params), cmdlet_family::antispam_policy, ctx,
                            "Set-HostedContentFilterPolicy", handled)) {
      update(entry->params, std::move(p));
    }
    return;
  }
  if (antispam_where_.file.empty()) antispam_where_ = cmd.where;
  out_.has_antispam = true;
  for (auto& p :
       classify(std::move(b.params), cmdlet_family::antispam_policy,
                "in the Default anti-spam policy", "Set-HostedContentFilterPolicy", handled)) {
    update(antispam_, std::move(p));
  }
}

named_entry* runner::find_named(std::vector<named_entry>& entries, const bound_command& b,
                                std::string_view cmdlet, std::string_view id,
                                std::string_view what) {
  const auto entry = std::find_if(entries.begin(), entries.end(),
                                  [&](const named_entry& e) { return ascii_iequals(e.name, id); });
  if (entry != entries.end()) return &*entry;
  warn(diag_code::bad_reference, find_param(b.params, "Identity")->value.where,
       fmt::format("{}: no {} named '{}' is created earlier in this script (mfsim starts from an "
                   "organisation without them); the command is skipped",
                   cmdlet, what, id));
  return nullptr;
}

std::optional<std::string> runner::read_new_name(const bound_command& b, const ps_command& cmd,
                                                 std::string_view cmdlet, std::string_view what,
                                                 const parameter*& name_param) {
  name_param = find_param(b.params, "Name");
  if (name_param == nullptr) {
    error(diag_code::missing_key, cmd.where,
          fmt::format("{} needs -Name (or the {}'s name as its first value)", cmdlet, what));
    return std::nullopt;
  }
  std::vector<diagnostic> problems;
  auto name = read_name(*name_param, fmt::format("of {}", cmdlet), param_style::cmdlet, problems);
  for (auto& d : problems) out_.diagnostics.push_back(std::move(d));
  return name;
}

// The -Name of a New-* command: read, checked against `existing` (names compare without
// case); nullopt after reporting a problem.
std::optional<std::string> runner::new_name(const bound_command& b, const ps_command& cmd,
                                            std::string_view what,
                                            std::span<const named_entry> existing) {
  const parameter* name_param = nullptr;
  auto name = read_new_name(b, cmd, cmd.name, what, name_param);
  if (!name) return std::nullopt;
  for (const auto& e : existing) {
    if (ascii_iequals(e.name, *name)) {
      error(diag_code::duplicate, name_param->value.where,
            fmt::format("an {} named '{}' already exists (created at line {})", what, e.name,
                        e.where.line));
      return std::nullopt;
    }
  }
  return name;
}

void runner::new_antispam(const ps_command& cmd) {
  static constexpr std::string_view switches[] = {"MakeDefault"};
  bound_command b = bind(cmd, "Name", switches, nullptr);
  if (!b.ok || b.what_if) return;
  if (const parameter* p = find_param(b.params, "Name"); p != nullptr &&
                                                         p->value.type == value_type::text &&
                                                         ascii_iequals(p->value.text, "Default")) {
    error(diag_code::bad_value, p->value.where,
          "New-HostedContentFilterPolicy -Name Default: the Default policy always exists; change "
          "it with Set-HostedContentFilterPolicy -Identity Default");
    return;
  }
  const auto name = new_name(b, cmd, "anti-spam policy", named_antispam_);
  if (!name) return;
  named_entry entry{*name, cmd.where, {}};
  if (const parameter* make_default = find_param(b.params, "MakeDefault")) {
    note_make_default(*make_default, *name);
  }
  static constexpr std::string_view handled[] = {"Name", "MakeDefault"};
  for (auto& p : classify(std::move(b.params), cmdlet_family::antispam_policy,
                          fmt::format("in anti-spam policy '{}'", *name),
                          "New-HostedContentFilterPolicy", handled)) {
    update(entry.params, std::move(p));
  }
  named_antispam_.push_back(std::move(entry));
}

void runner::note_make_default(const parameter& make_default, std::string_view name) {
  if (make_default.value.type == value_type::boolean && !make_default.value.flag) return;
  made_default_ = std::string(name);
  made_default_where_ = make_default.where;
}

// "The default spam filter policy is applied to everyone (no corresponding spam filter rule)"
// (Set-HostedContentFilterPolicy -MakeDefault): the policy made default takes Default's place,
// and the former Default, now scoped by no rule, applies to nobody (its settings are still
// checked, as those of any unscoped policy).
void runner::promote_default() {
  const auto made = std::find_if(named_antispam_.begin(), named_antispam_.end(),
                                 [&](const named_entry& e) { return e.name == made_default_; });
  if (made == named_antispam_.end()) {  // removed later in the script
    made_default_.clear();
    return;
  }
  for (const auto& rule : antispam_rules_) {
    const parameter* target = find_param(rule.params, "HostedContentFilterPolicy");
    if (target != nullptr && target->value.type == value_type::text &&
        ascii_iequals(ascii_trim_blanks(target->value.text), made_default_)) {
      error(diag_code::bad_value, made_default_where_,
            fmt::format("-MakeDefault: the anti-spam policy '{}' is scoped by the rule '{}', and "
                        "the default policy has no rule; remove the rule first",
                        made_default_, rule.name));
      made_default_.clear();
      return;
    }
  }
  named_entry former{"Default", antispam_where_, std::move(antispam_)};
  antispam_ = std::move(made->params);
  antispam_where_ = made->where;
  named_antispam_.erase(made);
  if (!former.params.empty()) named_antispam_.push_back(std::move(former));
  out_.has_antispam = true;
}

void runner::new_antispam_rule(const ps_command& cmd) {
  bound_command b = bind(cmd, "Name", {}, nullptr);
  if (!b.ok || b.what_if) return;
  const auto name = new_name(b, cmd, "anti-spam rule", antispam_rules_);
  if (!name) return;
  if (find_param(b.params, "HostedContentFilterPolicy") == nullptr) {
    error(diag_code::missing_key, cmd.where,
          fmt::format("New-HostedContentFilterRule '{}' needs -HostedContentFilterPolicy (the "
                      "policy it scopes)",
                      *name));
    return;
  }
  named_entry entry{*name, cmd.where, {}};
  static constexpr std::string_view handled[] = {"Name"};
  for (auto& p : classify(std::move(b.params), cmdlet_family::antispam_rule,
                          fmt::format("in anti-spam rule '{}'", *name),
                          "New-HostedContentFilterRule", handled)) {
    update(entry.params, std::move(p));
  }
  antispam_rules_.push_back(std::move(entry));
  place_antispam_rule(antispam_rules_, antispam_rules_.back(), std::nullopt, cmd.where);
}

void runner::set_antispam_rule(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam rule");
  if (!id) return;
  named_entry* entry = find_named(antispam_rules_, b, cmd.name, *id, "anti-spam rule");
  if (entry == nullptr) return;
  static constexpr std::string_view handled[] = {"Identity"};
  const auto old_priority = given_priority(*entry);
  const bool moves = find_param(b.params, "Priority") != nullptr;
  for (auto& p : classify(std::move(b.params), cmdlet_family::antispam_rule,
                          fmt::format("in anti-spam rule '{}'", entry->name), cmd.name, handled)) {
    update(entry->params, std::move(p));
  }
  if (moves) place_antispam_rule(antispam_rules_, *entry, old_priority, cmd.where);
}

void runner::toggle_antispam_rule(const ps_command& cmd, const parameter* piped, bool enable) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam rule");
  if (!id) return;
  named_entry* entry = find_named(antispam_rules_, b, cmd.name, *id, "anti-spam rule");
  if (entry == nullptr) return;
  for (const auto& p : b.params) {
    if (!ascii_iequals(p.name, "Identity")) {
      error(diag_code::unknown_key, p.where,
            fmt::format("{} has no parameter -{} (it takes -Identity)", cmd.name, p.name));
    }
  }
  put(entry->params,
      parameter{"Enabled", param_value{value_type::boolean, "", enable, {}, cmd.where}, cmd.where});
}

void runner::remove_antispam_rule(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-spam rule");
  if (!id) return;
  named_entry* entry = find_named(antispam_rules_, b, cmd.name, *id, "anti-spam rule");
  if (entry == nullptr) return;
  // The rules after it move up by one, as Exchange numbers them without gaps.
  if (const auto priority = given_priority(*entry)) {
    shift_priorities(antispam_rules_, entry, *priority + 1, -1);
  }
  antispam_rules_.erase(antispam_rules_.begin() + (entry - antispam_rules_.data()));
}

void runner::new_quarantine(const ps_command& cmd) {
  bound_command b = bind(cmd, "Name", {}, nullptr);
  if (!b.ok || b.what_if) return;
  const parameter* name_param = nullptr;
  const auto name = read_new_name(b, cmd, "New-QuarantinePolicy", "policy", name_param);
  if (!name) return;
  for (const auto& built_in : built_in_quarantine_policies()) {
    if (ascii_iequals(built_in.name, *name) || ascii_iequals(*name, "DefaultGlobalTag")) {
      error(diag_code::duplicate, name_param->value.where,
            fmt::format("New-QuarantinePolicy: '{}' is the name of a built-in policy; give the "
                        "custom policy another name",
                        *name));
      return;
    }
  }
  for (const auto& existing : quarantine_) {
    if (ascii_iequals(existing.name, *name)) {
      error(diag_code::duplicate, name_param->value.where,
            fmt::format("a quarantine policy named '{}' already exists (created at line {})",
                        existing.name, existing.where.line));
      return;
    }
  }
  const std::string ctx = fmt::format("in quarantine policy '{}'", *name);
  if (const parameter* f = find_param(b.params, "EndUserSpamNotificationFrequency")) {
    if (read_notification_frequency(*f, ctx, param_style::cmdlet, out_.diagnostics)) {
      warn(diag_code::bad_value, f->where, frequency_not_global(*name));
    }
  }
  static constexpr std::string_view handled[] = {"Name", "EndUserSpamNotificationFrequency"};
  quarantine_entry entry{*name, cmd.where, {}};
  for (auto& p : classify(std::move(b.params), cmdlet_family::quarantine_policy, ctx,
                          "New-QuarantinePolicy", handled)) {
    update(entry.params, std::move(p));
  }
  quarantine_.push_back(std::move(entry));
}

void runner::set_quarantine(const ps_command& cmd, const parameter* piped) {
  bound_command b = bind(cmd, "Identity", {}, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "quarantine policy");
  if (!id) return;
  const source_span id_where = find_param(b.params, "Identity")->value.where;
  static constexpr std::string_view handled[] = {"Identity"};
  if (ascii_iequals(*id, "DefaultGlobalTag")) {
    for (auto& p : classify(std::move(b.params), cmdlet_family::quarantine_policy,
                            "in the global quarantine settings", "Set-QuarantinePolicy", handled)) {
      if (p.name != "EndUserSpamNotificationFrequency") {
        error(diag_code::bad_value, p.where,
              fmt::format("-{} is a setting of a quarantine policy, not of the global settings "
                          "(DefaultGlobalTag)",
                          p.name));
      } else if (p.value.type == value_type::null) {
        frequency_.reset();
      } else {
        frequency_ = std::move(p);
      }
    }
    out_.has_global_settings = true;
    return;
  }
  for (const auto& built_in : built_in_quarantine_policies()) {
    if (ascii_iequals(built_in.name, *id)) {
      error(diag_code::bad_value, id_where,
            fmt::format("Set-QuarantinePolicy: the built-in policy '{}' cannot be changed; "
                        "create a custom one with New-QuarantinePolicy",
                        built_in.name));
      return;
    }
  }
  const auto entry =
      std::find_if(quarantine_.begin(), quarantine_.end(),
                   [&](const quarantine_entry& q) { return ascii_iequals(q.name, *id); });
  if (entry == quarantine_.end()) {
    warn_not_created(cmd, id_where, "quarantine policy", *id);
    return;
  }
  const std::string ctx = fmt::format("in quarantine policy '{}'", entry->name);
  for (auto& p : classify(std::move(b.params), cmdlet_family::quarantine_policy, ctx,
                          "Set-QuarantinePolicy", handled)) {
    if (p.name == "EndUserSpamNotificationFrequency") {
      if (read_notification_frequency(p, ctx, param_style::cmdlet, out_.diagnostics)) {
        warn(diag_code::bad_value, p.where, frequency_not_global(entry->name));
      }
    } else {
      update(entry->params, std::move(p));
    }
  }
}

}  // namespace mfsim::rules::powershell
