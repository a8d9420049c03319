// Hand-written JSON output: fixed field order, no intermediate DOM, deterministic bytes.
#include "engine/report/jsonl_writer.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <vector>

#include "engine/effect_text.h"
#include "engine/escape.h"
#include "engine/mail/rfc5322_date.h"

namespace mfsim::report {
namespace {

// `,"name":`, made at compile time: a record's keys are appended in one call each.
template <std::size_t N>
struct field_key {
  std::array<char, N + 3> text{};  // the name's N - 1 bytes and `,` `"` `"` `:`
  // Not explicit: append_key<"name"> converts the literal.
  constexpr field_key(const char (&name)[N]) {
    text[0] = ',';
    text[1] = '"';
    for (std::size_t k = 0; k + 1 < N; ++k) text[2 + k] = name[k];
    text[N + 1] = '"';
    text[N + 2] = ':';
  }
};

template <field_key Key>
void append_key(std::string& out) {
  out.append(Key.text.data(), Key.text.size());
}

template <field_key Key>
void append_string_or_null(std::string& out, std::string_view value, bool present) {
  append_key<Key>(out);
  if (present)
    append_json_string(out, value);
  else
    out += "null";
}

// Opens the list `Key` before its first item, or separates the next one.
template <field_key Key>
void open_list(std::string& out, bool& opened) {
  if (!opened) {
    append_key<Key>(out);
    out += '[';
    opened = true;
  } else {
    out += ',';
  }
}

// Text with nothing to escape (an address, a date), written by `append` between quotes; null
// when absent.
template <field_key Key, class Append>
void append_unescaped_or_null(std::string& out, bool present, Append append) {
  append_key<Key>(out);
  if (!present) {
    out += "null";
    return;
  }
  out += '"';
  append(out);
  out += '"';
}

// A JSON array of texts.
void append_text_array(std::string& out, std::span<const std::string> items) {
  out += '[';
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k) out += ',';
    append_json_string(out, items[k]);
  }
  out += ']';
}

// A list of texts, written even when empty.
template <field_key Key>
void append_text_list(std::string& out, std::span<const std::string> items) {
  append_key<Key>(out);
  append_text_array(out, items);
}

// A time as ISO 8601 UTC (digits and separators), or null.
template <field_key Key>
void append_date_or_null(std::string& out, const std::optional<std::int64_t>& seconds) {
  append_unescaped_or_null<Key>(out, seconds.has_value(),
                                [&](std::string& o) { mail::append_iso8601_utc(o, *seconds); });
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
  bool opened = false;
  if ((r.asf_on | r.asf_test) != 0) {  // most records: no setting found its property
    for (const auto& s : rules::asf_settings()) {
      const bool on = (r.asf_on & bit(s.id)) != 0;
      if (!on && (r.asf_test & bit(s.id)) == 0) continue;
      open_list<"asf">(out, opened);
      append_json_string(out, fmt::format("{}={}", s.parameter, on ? "On" : "Test"));
    }
    if (opened) out += ']';
    opened = false;
    for (const auto& s : rules::asf_settings()) {
      if ((r.asf_on & bit(s.id)) == 0) continue;
      open_list<"x_custom_spam">(out, opened);
      append_json_string(out, s.x_custom_spam);
    }
  }
  if (r.asf_test != 0 && asf.test_action == rules::asf_test_action::add_x_header) {
    open_list<"x_custom_spam">(out, opened);
    append_json_string(out, rules::kAsfTestHeader);
  }
  if (opened) out += ']';
  if (r.asf_test != 0 && asf.test_action == rules::asf_test_action::bcc_message &&
      !asf.test_bcc.empty()) {
    append_text_list<"asf_test_bcc">(out, asf.test_bcc);
  }
  if (r.intra_org_skipped) {
    append_key<"intra_org_filter">(out);
    append_json_string(out, rules::parameter_value(asf.intra_org));
    append_key<"intra_org_verdict">(out);
    append_json_string(out, to_string(r.intra_org_verdict));
  }
}

// What the anti-spam policy's own action did to the message, when that action decided and
// has details (decision 466): `antispam_redirect_to` (RedirectToRecipients), `antispam_x_header`
// (the header line AddXHeader adds), `antispam_subject_prefix` (ModifySubjectValue).
void append_antispam_action_details(std::string& out, const outcome& r) {
  if (r.antispam == nullptr || r.decision.by != action_decider::anti_spam_policy) return;
  const rules::antispam_policy& policy = *r.antispam;
  if (r.action == final_action::redirect) {
    append_text_list<"antispam_redirect_to">(out, policy.redirect_to_recipients);
  } else if (r.action == final_action::add_x_header) {
    append_key<"antispam_x_header">(out);
    append_json_string(out, policy.x_header);
  } else if (r.action == final_action::modify_subject) {
    append_key<"antispam_subject_prefix">(out);
    append_json_string(out, policy.modify_subject_text);
  }
}

// The writers of the fields a fork repeats (append_forks), so both spell them alike.
void append_rules(std::string& out, std::span<const std::uint32_t> rules, const plan& p) {
  append_key<"rules">(out);
  out += '[';
  for (std::size_t k = 0; k < rules.size(); ++k) {
    if (k) out += ',';
    append_json_string(out, p.rule_name(rules[k]));
  }
  out += ']';
}

void append_scl(std::string& out, const std::optional<int>& scl) {
  append_key<"scl">(out);
  if (scl) {
    char digits[16];
    const auto written = std::to_chars(std::begin(digits), std::end(digits), *scl);
    out.append(digits, written.ptr);
  } else {
    out += "null";
  }
}

void append_verdict_action(std::string& out, verdict v, final_action a) {
  append_key<"verdict">(out);
  append_json_string(out, to_string(v));
  append_key<"action">(out);
  append_json_string(out, to_string(a));
}

void append_quarantine(std::string& out, std::string_view policy, release_path release, bool notify,
                       const std::optional<std::int64_t>& expires) {
  append_string_or_null<"quarantine_policy">(out, policy, !policy.empty());
  append_string_or_null<"release">(out, to_string(release), release != release_path::none);
  append_key<"notify">(out);
  out += notify ? "true" : "false";
  append_date_or_null<"expires">(out, expires);
}

void append_folder(std::string& out, folder f) {
  append_key<"folder">(out);
  append_json_string(out, to_string(f));
}

void append_antispam_policy(std::string& out, const rules::antispam_policy* policy) {
  append_string_or_null<"antispam_policy">(out, policy != nullptr ? policy->name : "",
                                           policy != nullptr);
}

// `forks` (decisions 470-474): one object per distinct outcome, its recipients first, then the
// record's fields of the same names; `forks_truncated` when recipients were left unforked.
void append_forks(std::string& out, const recipient_forks& forks, const plan& p) {
  if (!forks.forks.empty()) {
    append_key<"forks">(out);
    out += '[';
    for (std::size_t k = 0; k < forks.forks.size(); ++k) {
      const recipient_fork& f = forks.forks[k];
      if (k) out += ',';
      out += "{\"recipients\":";
      append_text_array(out, f.recipients);
      append_rules(out, f.rules, p);
      append_scl(out, f.scl);
      append_verdict_action(out, f.verdict_value, f.action);
      append_antispam_policy(out, f.antispam);
      append_quarantine(out, f.quarantine_policy, f.release, f.notify, f.expires);
      append_folder(out, f.folder_value);
      out += '}';
    }
    out += ']';
  }
  if (forks.truncated) {
    append_key<"forks_truncated">(out);
    out += "true";
  }
}

}  // namespace

std::span<const std::string_view> record_fields() noexcept {
  static constexpr std::string_view fields[] = {"id",
                                                "disposition",
                                                "sender_ip",
                                                "sender_ip_source",
                                                "in_egress",
                                                "rules",
                                                "scl",
                                                "scl_source",
                                                "verdict",
                                                "action",
                                                "quarantine_policy",
                                                "release",
                                                "notify",
                                                "expires",
                                                "error",
                                                "received",
                                                "flags",
                                                "notify_frequency",
                                                "rule_errors",
                                                "folder",
                                                "folder_reason",
                                                "antispam_policy",
                                                "reject_code",
                                                "reject_reason",
                                                "audit_severity",
                                                "scl_requested",
                                                "auth_as",
                                                "direction",
                                                "antispam_list",
                                                "antispam_list_entry",
                                                "effects",
                                                "asf",
                                                "x_custom_spam",
                                                "asf_test_bcc",
                                                "intra_org_filter",
                                                "intra_org_verdict",
                                                "antispam_redirect_to",
                                                "antispam_x_header",
                                                "antispam_subject_prefix",
                                                "forks",
                                                "forks_truncated"};
  return fields;
}

void append_record(std::string& out, std::string_view id, const outcome& r, const plan& p,
                   const recipient_forks* forks) {
  out += "{\"id\":";
  append_json_string(out, id);
  append_string_or_null<"disposition">(out, r.disposition.value_or(""), r.disposition.has_value());
  append_unescaped_or_null<"sender_ip">(out, r.sender_ip.has_value(),
                                        [&](std::string& o) { r.sender_ip->append_to(o); });
  append_key<"sender_ip_source">(out);
  append_json_string(out, mail::to_string(r.sender_ip_source));
  append_key<"in_egress">(out);
  out += r.in_egress ? "true" : "false";
  append_rules(out, r.rules, p);
  append_scl(out, r.scl);
  append_key<"scl_source">(out);
  append_json_string(out, to_string(r.scl_source));
  append_verdict_action(out, r.verdict_value, r.action);
  append_quarantine(out, r.quarantine_policy, r.release, r.notify, r.expires);
  append_string_or_null<"error">(out, r.error, !r.error.empty());
  append_date_or_null<"received">(out, r.received);
  append_key<"flags">(out);
  out += '[';
  if (r.flags != 0) {
    std::vector<std::string_view> names;
    mail::flag_names(r.flags, names);
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (k) out += ',';
      append_json_string(out, names[k]);
    }
  }
  out += ']';
  if (r.notify) {
    append_key<"notify_frequency">(out);
    append_json_string(out, to_string(p.source().notify_frequency));
  }
  if (!r.rule_errors.empty()) {
    append_key<"rule_errors">(out);
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
  append_folder(out, r.folder_value);
  append_key<"folder_reason">(out);
  thread_local std::string reason;  // kept: a reason is often longer than a string holds inline
  reason.clear();
  append_folder_reason(reason, r.folder_reason);
  append_json_string(out, reason);
  // Added with scoped policies, NDRs, audit severity and the advisory SCL model (issue 6).
  append_antispam_policy(out, r.antispam);
  if (r.action == final_action::reject) {
    append_key<"reject_code">(out);
    append_json_string(out, r.reject_code);
    append_key<"reject_reason">(out);
    append_json_string(out, r.reject_reason);
  }
  if (!r.audit_severity.empty()) {
    append_key<"audit_severity">(out);
    append_json_string(out, r.audit_severity);
  }
  if (p.source().scl_model_kind == rules::scl_model::advisory) {
    append_key<"scl_requested">(out);
    out += r.scl_requested ? "true" : "false";
  }
  // Added with the organisation and the anti-spam lists (issue 15): the authentication and
  // direction when a rule reads them (FromScope, SentToScope), and the list that decided.
  if (p.reads_auth()) {
    append_key<"auth_as">(out);
    append_json_string(out, mail::to_string(r.auth.as));
    append_key<"direction">(out);
    append_json_string(out, mail::to_string(r.auth.dir));
  }
  if (!r.list_setting.empty()) {
    append_key<"antispam_list">(out);
    append_json_string(out, r.list_setting);
    append_key<"antispam_list_entry">(out);
    append_json_string(out, r.list_entry);
  }
  // Every action enforced rules applied, in the order applied (issue 15); absent when none.
  if (!r.effects.empty()) {
    append_key<"effects">(out);
    out += '[';
    for (std::size_t k = 0; k < r.effects.size(); ++k) {
      if (k) out += ',';
      append_effect_json(out, r.effects[k], p.rule_name(r.effects[k].rule));
    }
    out += ']';
  }
  append_asf_fields(out, r);
  append_antispam_action_details(out, r);
  // Added with recipient forks (decisions 470-474), last.
  if (forks != nullptr) append_forks(out, *forks, p);
  out += "}\n";
}

}  // namespace mfsim::report
