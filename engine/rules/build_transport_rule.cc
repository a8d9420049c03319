// Building one transport rule from its cmdlet parameters: conditions (with their ExceptIf
// twins), rule properties and actions, checked alike for YAML, PowerShell, XML and JSON.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdio>
#include <string>
#include <utility>

#include "engine/mail/rfc5322_date.h"
#include "engine/net/ip_range_set.h"
#include "engine/rules/address_wildcards.h"
#include "engine/rules/build_rule_actions.h"
#include "engine/rules/condition_keys.h"
#include "engine/rules/data_classifications.h"
#include "engine/rules/directory_conditions.h"
#include "engine/rules/param_readers.h"
#include "engine/rules/rule_values.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {
namespace {

using detail::condition_key;
using detail::condition_of;
using detail::enum_name;
using detail::error;
using detail::from_scopes;
using detail::is_texty;
using detail::kExceptPrefix;
using detail::list_item;
using detail::read_enum;
using detail::read_header_name;
using detail::read_list;
using detail::sent_to_scopes;
using detail::value_kind;

constexpr std::size_t kMaxSubjectWordChars = 128;    // New-TransportRule's word parameters
constexpr std::size_t kMaxRejectReasonChars = 1024;  // RejectMessageReasonText, in the cloud

constexpr enum_name<rule_state> rule_states[] = {{"Enabled", rule_state::enabled},
                                                 {"Disabled", rule_state::disabled}};
constexpr enum_name<rule_mode> rule_modes[] = {{"Enforce", rule_mode::enforce},
                                               {"Audit", rule_mode::audit},
                                               {"AuditAndNotify", rule_mode::audit_and_notify}};

constexpr std::string_view action_keys[] = {"SetSCL",
                                            "SetHeaderName",
                                            "RemoveHeader",
                                            "PrependSubject",
                                            "Quarantine",
                                            "DeleteMessage",
                                            "RedirectMessageTo",
                                            "StopRuleProcessing",
                                            "RejectMessageReasonText",
                                            "RejectMessageEnhancedStatusCode",
                                            "SetAuditSeverity"};

constexpr enum_name<sender_location> sender_locations[] = {
    {"Header", sender_location::header},
    {"Envelope", sender_location::envelope},
    {"HeaderOrEnvelope", sender_location::header_or_envelope}};
constexpr enum_name<rule_error_action> rule_error_actions[] = {
    {"Ignore", rule_error_action::ignore}, {"Defer", rule_error_action::defer}};
constexpr enum_name<audit_severity> audit_severities[] = {
    {"DoNotAudit", audit_severity::do_not_audit},
    {"Low", audit_severity::low},
    {"Medium", audit_severity::medium},
    {"High", audit_severity::high}};

class rule_builder {
 public:
  rule_builder(std::span<const parameter> params, const std::string& ctx, param_style style,
               std::vector<diagnostic>& out, bool rejected_some,
               std::vector<ip_list_reference>* list_references)
      : params_(params),
        ctx_(ctx),
        style_(style),
        out_(out),
        rejected_some_(rejected_some),
        list_references_(list_references) {}

  transport_rule build(const source_span& where);

 private:
  [[nodiscard]] const parameter* find(std::string_view name) const {
    for (const auto& p : params_) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
  [[nodiscard]] std::string label(std::string_view name) const { return param_label(name, style_); }
  void add_condition(const condition_key& key, bool exception, transport_rule& rule);
  bool check_value(const condition_key& key, const std::string& values_key, const list_item& item);
  std::optional<std::int64_t> read_date(const parameter& p);
  void add_actions(transport_rule& rule);

  std::span<const parameter> params_;
  const std::string& ctx_;
  param_style style_;
  std::vector<diagnostic>& out_;
  bool rejected_some_;
  std::vector<ip_list_reference>* list_references_;
};

std::optional<std::int64_t> rule_builder::read_date(const parameter& p) {
  auto text = read_text(p, ctx_, style_, false, out_);
  if (!text) return std::nullopt;
  if (auto seconds = parse_date_time(*text)) return seconds;
  error(out_, diag_code::bad_value, p.value.where,
        fmt::format("{} {}: expected a date such as 2026-03-01, 2026-03-01T08:00:00Z (UTC "
                    "unless a zone is given) or \"3/1/2026 5:00 PM\" (en-US), found {}",
                    label(p.name), ctx_, describe(p.value, style_)));
  return std::nullopt;
}

transport_rule rule_builder::build(const source_span& where) {
  transport_rule rule;
  rule.where = where;
  if (const parameter* p = find("Name")) {
    if (auto name = read_name(*p, ctx_, style_, out_)) rule.name = *name;
  }
  if (const parameter* p = find("Priority")) {
    if (auto priority = read_int(*p, ctx_, style_, 0, INT_MAX, out_)) {
      rule.priority = *priority;
      rule.priority_given = true;
    }
  }
  std::optional<rule_state> state;
  if (const parameter* p = find("State")) state = read_enum(*p, ctx_, style_, rule_states, out_);
  if (const parameter* p = find("Enabled")) {
    if (auto enabled = read_bool(*p, ctx_, style_, out_)) {
      const rule_state said = *enabled ? rule_state::enabled : rule_state::disabled;
      // An export carries both; when they disagree, which one Exchange holds is unknown.
      if (state && *state != said) {
        error(out_, diag_code::bad_value, p->value.where,
              fmt::format("{} {}: {} disagrees with {} {}: give one, or the same state in both",
                          label("Enabled"), ctx_, describe(p->value, style_), label("State"),
                          parameter_value(*state)));
      }
      state = said;
    }
  }
  if (state) rule.state = *state;
  if (const parameter* p = find("Mode")) {
    if (auto mode = read_enum(*p, ctx_, style_, rule_modes, out_)) rule.mode = *mode;
  }
  if (const parameter* p = find("SenderAddressLocation")) {
    if (auto location = read_enum(*p, ctx_, style_, sender_locations, out_)) {
      rule.sender_address_location = *location;
    }
  }
  if (const parameter* p = find("RuleErrorAction")) {
    if (auto action = read_enum(*p, ctx_, style_, rule_error_actions, out_))
      rule.on_error = *action;
  }
  if (const parameter* p = find("ActivationDate")) rule.activation_date = read_date(*p);
  if (const parameter* p = find("ExpiryDate")) rule.expiry_date = read_date(*p);
  if (rule.activation_date && rule.expiry_date && *rule.expiry_date <= *rule.activation_date) {
    error(out_, diag_code::bad_value, find("ExpiryDate")->value.where,
          fmt::format("{} {} is not after {}: the rule would never apply", label("ExpiryDate"),
                      ctx_, label("ActivationDate")));
  }
  if (const parameter* p = find("Comments")) {
    rule.comments = read_text(*p, ctx_, style_, true, out_).value_or("");
  }
  // Conditions and exceptions, in the order their first parameter was given.
  std::vector<std::pair<const condition_key*, bool>> done;
  std::vector<std::pair<const detail::directory_condition_key*, bool>> directory_done;
  for (const auto& p : params_) {
    if (const auto d = detail::directory_condition_of(p.name)) {
      if (std::find(directory_done.begin(), directory_done.end(), *d) != directory_done.end()) {
        continue;
      }
      directory_done.push_back(*d);
      detail::add_directory_condition(*d->first, d->second, params_, ctx_, style_, out_, rule);
      continue;
    }
    const auto key = condition_of(p.name);
    if (!key || std::find(done.begin(), done.end(), *key) != done.end()) continue;
    done.push_back(*key);
    add_condition(*key->first, key->second, rule);
  }
  add_actions(rule);
  return rule;
}

// Checks one value of a condition; returns false (after reporting) when it is unusable.
bool rule_builder::check_value(const condition_key& key, const std::string& values_key,
                               const list_item& item) {
  const std::string_view text = ascii_trim_blanks(item.text);
  switch (key.values) {
    case value_kind::ip_ranges: {
      if (!text.empty() && text.front() == '$') {
        if (list_references_ == nullptr) {
          error(out_, diag_code::bad_value, item.where,
                fmt::format("{} {}: '{}' refers to an IP list, which only the YAML rule format "
                            "has",
                            label(values_key), ctx_, item.text));
          return false;
        }
        if (text.size() == 1) {
          error(out_, diag_code::bad_value, item.where,
                fmt::format("'{}' {}: '$' must be followed by an IP list name", values_key, ctx_));
          return false;
        }
        list_references_->push_back(
            {std::string(text.substr(1)), item.where, fmt::format("'{}' {}", values_key, ctx_)});
        return true;
      }
      std::string reason;
      if (net::parse_ip_range(text, reason)) return true;
      error(out_, diag_code::bad_value, item.where,
            fmt::format("bad IP range in {} {}: {}", label(values_key), ctx_, reason));
      return false;
    }
    case value_kind::domains:
      if (is_domain(text)) return true;
      error(out_, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected a domain such as contoso.com, found '{}'{}",
                        label(values_key), ctx_, item.text,
                        text.find_first_of("*?") == std::string_view::npos
                            ? ""
                            : " (no wildcards: a domain matches its subdomains too)"));
      return false;
    case value_kind::addresses:
      if (report_address_wildcard(values_key, text, item.where, ctx_, style_, out_)) return false;
      // A name ('Tony Smith', 'Finance Team') resolves in the directory (docs/directory.md).
      if (is_address(text) || (!text.empty() && text.find('@') == std::string_view::npos)) {
        return true;
      }
      error(out_, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected an email address such as user@contoso.com or a "
                        "recipient's name, found '{}'",
                        label(values_key), ctx_, item.text));
      return false;
    case value_kind::extensions:
      if (text.find_first_of("*?/\\ ") == std::string_view::npos && text != ".") return true;
      error(out_, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected a file name extension such as exe (no wildcards), "
                        "found '{}'",
                        label(values_key), ctx_, item.text));
      return false;
    case value_kind::importance:
      if (text == "Low" || text == "Normal" || text == "High" || ascii_iequals(text, "Low") ||
          ascii_iequals(text, "Normal") || ascii_iequals(text, "High")) {
        return true;
      }
      error(out_, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected Low, Normal or High, found '{}'", label(values_key), ctx_,
                        item.text));
      return false;
    case value_kind::message_type: {
      static constexpr std::string_view types[] = {
          "OOF",       "AutoForward", "Encrypted",       "Calendaring", "PermissionControlled",
          "Voicemail", "Signed",      "ApprovalRequest", "ReadReceipt"};
      for (const auto type : types) {
        if (ascii_iequals(text, type)) return true;
      }
      error(out_, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected one of OOF, AutoForward, Encrypted, Calendaring, "
                        "PermissionControlled, Voicemail, Signed, ApprovalRequest, ReadReceipt, "
                        "found '{}'",
                        label(values_key), ctx_, item.text));
      return false;
    }
    case value_kind::property_words: {
      const auto colon = text.find(':');
      if (colon != std::string_view::npos && !ascii_trim_blanks(text.substr(0, colon)).empty() &&
          !ascii_trim_blanks(text.substr(colon + 1)).empty()) {
        return true;
      }
      error(out_, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected \"PropertyName:word1,word2\" such as "
                        "\"Confidentiality:High,Restricted\", found '{}'",
                        label(values_key), ctx_, item.text));
      return false;
    }
    case value_kind::words:
      // "The maximum length of this parameter is 128 characters" (SubjectContainsWords,
      // SubjectOrBodyContainsWords): a longer word breaks it under any reading.
      if ((key.kind == condition_kind::subject_contains_words ||
           key.kind == condition_kind::subject_or_body_contains_words) &&
          utf8_length(text) > kMaxSubjectWordChars) {
        error(out_, diag_code::bad_value, item.where,
              fmt::format("{} {}: at most {} characters, found a word of {}", label(values_key),
                          ctx_, kMaxSubjectWordChars, utf8_length(text)));
        return false;
      }
      return true;
    case value_kind::patterns:
    case value_kind::scl:
    case value_kind::size:
    case value_kind::from_scope:
    case value_kind::sent_to_scope: return true;
    case value_kind::flag:
    case value_kind::classifications: return true;
  }
  return true;
}

// The one value of FromScope or SentToScope, in Exchange's spelling; nullopt after reporting.
std::optional<std::string> read_scope(const parameter& p, const std::string& ctx, param_style style,
                                      std::span<const std::string_view> names,
                                      std::vector<diagnostic>& out) {
  if (is_texty(p.value)) {
    for (const auto name : names) {
      if (ascii_iequals(ascii_trim_blanks(p.value.text), name)) return std::string(name);
    }
  }
  error(out, diag_code::bad_value, p.value.where,
        fmt::format("{} {}: expected one of {}, found {}{}", param_label(p.name, style), ctx,
                    join(names), describe(p.value, style),
                    is_texty(p.value) ? did_you_mean(p.value.text, names) : std::string()));
  return std::nullopt;
}

void rule_builder::add_condition(const condition_key& key, bool exception, transport_rule& rule) {
  const std::string prefix(exception ? kExceptPrefix : std::string_view());
  const std::string values_key = prefix + std::string(key.values_key);
  const std::string header_key = key.header_key.empty() ? "" : prefix + std::string(key.header_key);
  const parameter* values = find(values_key);
  condition cond;
  cond.kind = key.kind;
  bool ok = true;
  if (!header_key.empty()) {
    const parameter* header = find(header_key);
    if (header == nullptr || values == nullptr) {
      const parameter* present = header != nullptr ? header : values;
      const std::string& missing = header != nullptr ? values_key : header_key;
      error(out_, diag_code::missing_key, present->where,
            fmt::format("{} {} needs {} too ({})", label(present->name), ctx_, label(missing),
                        header != nullptr ? "the values to look for"
                                          : "the name of the header to look in"));
      return;
    }
    if (auto name = read_header_name(*header, ctx_, style_, out_)) {
      cond.header_name = *name;
    } else {
      ok = false;
    }
  }
  cond.where = values->value.where;
  if (key.values == value_kind::scl) {
    if (auto scl = read_int(*values, ctx_, style_, -1, 9, out_))
      cond.scl = *scl;
    else
      ok = false;
  } else if (key.values == value_kind::from_scope || key.values == value_kind::sent_to_scope) {
    const auto names = key.values == value_kind::from_scope
                           ? std::span<const std::string_view>(from_scopes)
                           : std::span<const std::string_view>(sent_to_scopes);
    if (auto scope = read_scope(*values, ctx_, style_, names, out_))
      cond.values.push_back(std::move(*scope));
    else
      ok = false;
  } else if (key.values == value_kind::flag) {
    const auto look = read_bool(*values, ctx_, style_, out_);
    if (!look) ok = false;
    if (!look || !*look) return;       // $false: the rule does not look (New-TransportRule)
    cond.values.emplace_back("true");  // what explain and the YAML writer show
  } else if (key.values == value_kind::classifications) {
    if (auto types = detail::read_data_classifications(*values, ctx_, style_, out_)) {
      for (const auto& d : *types) cond.values.push_back(d.name);  // what explain lists
      cond.classifications = std::move(*types);
    } else {
      ok = false;
    }
  } else if (key.values == value_kind::size) {
    const auto size = is_texty(values->value) ? parse_size(values->value.text) : std::nullopt;
    if (size) {
      cond.size_bytes = *size;
    } else {
      error(out_, diag_code::bad_value, values->value.where,
            fmt::format("{} {}: expected a size such as 10 MB, 512 KB or 1048576 (bytes), found "
                        "{}",
                        label(values_key), ctx_, describe(values->value, style_)));
      ok = false;
    }
  } else {
    const std::string_view noun = key.values == value_kind::importance     ? "an importance"
                                  : key.values == value_kind::message_type ? "a message type"
                                  : key.values == value_kind::words        ? "a word"
                                  : key.values == value_kind::patterns     ? "a pattern"
                                  : key.values == value_kind::domains      ? "a domain"
                                  : key.values == value_kind::addresses    ? "an email address"
                                  : key.values == value_kind::extensions   ? "an extension"
                                  : key.values == value_kind::property_words
                                      ? "a property and its words"
                                      : "an IP range";
    auto items = read_list(*values, ctx_, style_, noun, out_);
    const bool single =
        key.values == value_kind::importance || key.values == value_kind::message_type;
    if (items && single && items->size() != 1) {
      error(out_, diag_code::bad_value, values->value.where,
            fmt::format("{} {} takes one value, found {}", label(values_key), ctx_,
                        describe(values->value, style_)));
      ok = false;
    } else if (!items) {
      ok = false;
    } else {
      for (const auto& item : *items) {
        if (!check_value(key, values_key, item)) ok = false;
        std::string text = item.text;
        // "exe" and ".exe" mean the same extension.
        if (key.values == value_kind::extensions && !text.empty() && text.front() == '.') {
          text.erase(0, 1);
        }
        cond.values.push_back(std::move(text));
      }
    }
  }
  if (!ok) return;
  (exception ? rule.exceptions : rule.conditions).push_back(std::move(cond));
}

void rule_builder::add_actions(transport_rule& rule) {
  const std::size_t errors_before = out_.size();
  auto& actions = rule.actions;
  if (const parameter* p = find("SetSCL"))
    actions.set_scl = read_int(*p, ctx_, style_, -1, 9, out_);
  const parameter* set_name = find("SetHeaderName");
  const parameter* set_value = find("SetHeaderValue");
  if ((set_name == nullptr) != (set_value == nullptr)) {
    const parameter* present = set_name != nullptr ? set_name : set_value;
    error(out_, diag_code::missing_key, present->where,
          fmt::format("{} {} needs {} too", label(present->name), ctx_,
                      label(set_name != nullptr ? "SetHeaderValue" : "SetHeaderName")));
  } else if (set_name != nullptr) {
    auto name = read_header_name(*set_name, ctx_, style_, out_);
    auto value = read_text(*set_value, ctx_, style_, true, out_);
    if (name && value) {
      actions.set_header_name = std::move(name);
      actions.set_header_value = std::move(value);
    }
  }
  if (const parameter* p = find("RemoveHeader")) {
    actions.remove_header = read_header_name(*p, ctx_, style_, out_);
  }
  if (const parameter* p = find("PrependSubject")) {
    actions.prepend_subject = read_text(*p, ctx_, style_, false, out_);
  }
  if (const parameter* p = find("Quarantine")) {
    actions.quarantine = read_bool(*p, ctx_, style_, out_).value_or(false);
  }
  if (const parameter* p = find("DeleteMessage")) {
    actions.delete_message = read_bool(*p, ctx_, style_, out_).value_or(false);
  }
  if (const parameter* p = find("RedirectMessageTo")) {
    if (auto items = read_list(*p, ctx_, style_, "an email address", out_)) {
      for (auto& item : *items) {
        if (report_address_wildcard("RedirectMessageTo", ascii_trim_blanks(item.text), item.where,
                                    ctx_, style_, out_)) {
          continue;
        }
        if (!is_address(ascii_trim_blanks(item.text))) {
          error(out_, diag_code::bad_value, item.where,
                fmt::format("{} {}: expected an email address such as admin@contoso.com, found "
                            "'{}'",
                            label("RedirectMessageTo"), ctx_, item.text));
        }
        actions.redirect_message_to.push_back(std::move(item.text));
      }
    }
  }
  if (const parameter* p = find("StopRuleProcessing")) {
    actions.stop_rule_processing = read_bool(*p, ctx_, style_, out_).value_or(false);
  }
  if (const parameter* p = find("RejectMessageReasonText")) {
    actions.reject_reason = read_text(*p, ctx_, style_, false, out_);
    // "In the cloud-based service, the maximum number of characters is 1024."
    if (actions.reject_reason && utf8_length(*actions.reject_reason) > kMaxRejectReasonChars) {
      error(out_, diag_code::bad_value, p->value.where,
            fmt::format("{} {}: at most {} characters in Exchange Online, found {}",
                        label("RejectMessageReasonText"), ctx_, kMaxRejectReasonChars,
                        utf8_length(*actions.reject_reason)));
    }
  }
  if (const parameter* p = find("RejectMessageEnhancedStatusCode")) {
    if (auto code = read_text(*p, ctx_, style_, false, out_)) {
      if (is_reject_status_code(ascii_trim_blanks(*code))) {
        actions.reject_status_code = std::string(ascii_trim_blanks(*code));
      } else {
        error(out_, diag_code::bad_value, p->value.where,
              fmt::format("{} {}: expected 5.7.1 or a code from 5.7.900 to 5.7.999, found {}",
                          label(p->name), ctx_, describe(p->value, style_)));
      }
    }
  }
  if (const parameter* p = find("SetAuditSeverity")) {
    actions.set_audit_severity = read_enum(*p, ctx_, style_, audit_severities, out_);
  }
  detail::read_other_actions(params_, ctx_, style_, actions, out_);
  const bool does_something = actions.set_scl || actions.set_header_name || actions.remove_header ||
                              actions.prepend_subject || actions.quarantine ||
                              actions.delete_message || !actions.redirect_message_to.empty() ||
                              actions.stop_rule_processing || actions.rejects() ||
                              actions.reject_reason || actions.reject_status_code ||
                              actions.set_audit_severity || actions.has_other_action();
  if (!does_something && out_.size() == errors_before && !rejected_some_) {
    std::vector<std::string> labels;
    for (const auto key : action_keys) labels.push_back(label(key));
    std::vector<std::string_view> views(labels.begin(), labels.end());
    error(out_, diag_code::missing_key, rule.where,
          fmt::format("transport rule {} does nothing: give at least one action ({})",
                      rule.name.empty() ? std::string("without a name") : "'" + rule.name + "'",
                      join(views)));
  }
}

}  // namespace

transport_rule build_transport_rule(std::span<const parameter> params, const std::string& ctx,
                                    param_style style, const source_span& where,
                                    std::vector<diagnostic>& out, bool rejected_some,
                                    std::vector<ip_list_reference>* list_references) {
  return rule_builder(params, ctx, style, out, rejected_some, list_references).build(where);
}

}  // namespace mfsim::rules
