// Hand-written JSON output: fixed field order, no intermediate DOM, deterministic bytes.
#include "engine/report/jsonl_writer.h"

#include <fmt/format.h>

#include <vector>

#include "engine/effect_text.h"
#include "engine/escape.h"
#include "engine/mail/rfc5322_date.h"

namespace mfsim::report {
namespace {

// A string_view: a literal's length is known at compile time, not measured for every record.
void append_field_name(std::string& out, std::string_view name, bool first = false) {
  if (!first) out += ',';
  out += '"';
  out += name;
  out += "\":";
}

void append_string_or_null(std::string& out, std::string_view name, std::string_view value,
                           bool present) {
  append_field_name(out, name);
  if (present)
    append_json_string(out, value);
  else
    out += "null";
}

// The Advanced Spam Filter's part of the record (issue 15), each field only when it has
// something to say: `asf`, the settings that found their property ("MarkAsSpamFormTagsInHtml=On",
// "...=Test"); `x_custom_spam`, the X-CustomSpam values added; `asf_test_bcc`, the Bcc
// recipients TestModeAction BccMessage adds; `intra_org_filter` and `intra_org_verdict`, when
// IntraOrgFilterState kept the policy from acting on the verdict.
void append_asf_fields(std::string& out, const outcome& r) {
  if (r.antispam == nullptr) return;
  const rules::asf_policy& asf = r.antispam->asf;
  const auto bit = [](rules::asf_setting id) { return 1u << static_cast<unsigned>(id); };
  const auto open_list = [&](std::string_view name, bool& opened) {
    if (!opened) {
      append_field_name(out, name);
      out += '[';
      opened = true;
    } else {
      out += ',';
    }
  };
  bool opened = false;
  for (const auto& s : rules::asf_settings()) {
    const bool on = (r.asf_on & bit(s.id)) != 0;
    if (!on && (r.asf_test & bit(s.id)) == 0) continue;
    open_list("asf", opened);
    append_json_string(out, fmt::format("{}={}", s.parameter, on ? "On" : "Test"));
  }
  if (opened) out += ']';
  opened = false;
  for (const auto& s : rules::asf_settings()) {
    if ((r.asf_on & bit(s.id)) == 0) continue;
    open_list("x_custom_spam", opened);
    append_json_string(out, s.x_custom_spam);
  }
  if (r.asf_test != 0 && asf.test_action == rules::asf_test_action::add_x_header) {
    open_list("x_custom_spam", opened);
    append_json_string(out, rules::kAsfTestHeader);
  }
  if (opened) out += ']';
  if (r.asf_test != 0 && asf.test_action == rules::asf_test_action::bcc_message &&
      !asf.test_bcc.empty()) {
    append_field_name(out, "asf_test_bcc");
    out += '[';
    for (std::size_t k = 0; k < asf.test_bcc.size(); ++k) {
      if (k) out += ',';
      append_json_string(out, asf.test_bcc[k]);
    }
    out += ']';
  }
  if (r.intra_org_skipped) {
    append_field_name(out, "intra_org_filter");
    append_json_string(out, rules::parameter_value(asf.intra_org));
    append_field_name(out, "intra_org_verdict");
    append_json_string(out, to_string(r.intra_org_verdict));
  }
}

}  // namespace

void append_record(std::string& out, std::string_view id, const outcome& r, const plan& p) {
  out += '{';
  append_field_name(out, "id", true);
  append_json_string(out, id);
  append_string_or_null(out, "disposition", r.disposition.value_or(""), r.disposition.has_value());
  append_string_or_null(out, "sender_ip", r.sender_ip ? r.sender_ip->to_string() : "",
                        r.sender_ip.has_value());
  append_field_name(out, "sender_ip_source");
  append_json_string(out, mail::to_string(r.sender_ip_source));
  append_field_name(out, "in_egress");
  out += r.in_egress ? "true" : "false";
  append_field_name(out, "rules");
  out += '[';
  for (std::size_t k = 0; k < r.rules.size(); ++k) {
    if (k) out += ',';
    append_json_string(out, p.rule_name(r.rules[k]));
  }
  out += ']';
  append_field_name(out, "scl");
  out += r.scl ? std::to_string(*r.scl) : "null";
  append_field_name(out, "scl_source");
  append_json_string(out, to_string(r.scl_source));
  append_field_name(out, "verdict");
  append_json_string(out, to_string(r.verdict_value));
  append_field_name(out, "action");
  append_json_string(out, to_string(r.action));
  const bool quarantined = !r.quarantine_policy.empty();
  append_string_or_null(out, "quarantine_policy", r.quarantine_policy, quarantined);
  append_string_or_null(out, "release", to_string(r.release), r.release != release_path::none);
  append_field_name(out, "notify");
  out += r.notify ? "true" : "false";
  append_string_or_null(out, "expires", r.expires ? mail::format_iso8601_utc(*r.expires) : "",
                        r.expires.has_value());
  append_string_or_null(out, "error", r.error, !r.error.empty());
  append_string_or_null(out, "received", r.received ? mail::format_iso8601_utc(*r.received) : "",
                        r.received.has_value());
  append_field_name(out, "flags");
  out += '[';
  std::vector<std::string_view> names;
  mail::flag_names(r.flags, names);
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k) out += ',';
    append_json_string(out, names[k]);
  }
  out += ']';
  if (r.notify) {
    append_field_name(out, "notify_frequency");
    append_json_string(out, to_string(p.source().notify_frequency));
  }
  if (!r.rule_errors.empty()) {
    append_field_name(out, "rule_errors");
    out += '[';
    for (std::size_t k = 0; k < r.rule_errors.size(); ++k) {
      if (k) out += ',';
      out += "{\"rule\":";
      append_json_string(out, p.rule_name(r.rule_errors[k].rule));
      out += ",\"message\":";
      append_json_string(out, r.rule_errors[k].message);
      out += '}';
    }
    out += ']';
  }
  // Stage [G], after every earlier field (added, never reordered).
  append_field_name(out, "folder");
  append_json_string(out, to_string(r.folder_value));
  append_field_name(out, "folder_reason");
  std::string reason;
  append_folder_reason(reason, r.folder_reason);
  append_json_string(out, reason);
  // Added with scoped policies, NDRs, audit severity and the advisory SCL model (issue 6).
  append_string_or_null(out, "antispam_policy", r.antispam != nullptr ? r.antispam->name : "",
                        r.antispam != nullptr);
  if (r.action == final_action::reject) {
    append_field_name(out, "reject_code");
    append_json_string(out, r.reject_code);
    append_field_name(out, "reject_reason");
    append_json_string(out, r.reject_reason);
  }
  if (!r.audit_severity.empty()) {
    append_field_name(out, "audit_severity");
    append_json_string(out, r.audit_severity);
  }
  if (p.source().scl_model_kind == rules::scl_model::advisory) {
    append_field_name(out, "scl_requested");
    out += r.scl_requested ? "true" : "false";
  }
  // Added with the organisation and the anti-spam lists (issue 15): the authentication and
  // direction when a rule reads them (FromScope, SentToScope), and the list that decided.
  if (p.reads_auth()) {
    append_field_name(out, "auth_as");
    append_json_string(out, mail::to_string(r.auth.as));
    append_field_name(out, "direction");
    append_json_string(out, mail::to_string(r.auth.dir));
  }
  if (!r.list_setting.empty()) {
    append_field_name(out, "antispam_list");
    append_json_string(out, r.list_setting);
    append_field_name(out, "antispam_list_entry");
    append_json_string(out, r.list_entry);
  }
  // Every action enforced rules applied, in the order applied (issue 15); absent when none.
  if (!r.effects.empty()) {
    append_field_name(out, "effects");
    out += '[';
    for (std::size_t k = 0; k < r.effects.size(); ++k) {
      if (k) out += ',';
      append_effect_json(out, r.effects[k], p.rule_name(r.effects[k].rule));
    }
    out += ']';
  }
  append_asf_fields(out, r);
  out += "}\n";
}

}  // namespace mfsim::report
