// Building and rendering `mfsim explain`'s account of one message.
#include "tools/explanation.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "engine/escape.h"
#include "engine/eval/plan_internal.h"
#include "engine/eval/scratch_internal.h"
#include "engine/mail/rfc2047.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/policy/antispam_policy.h"
#include "engine/policy/quarantine_policy.h"
#include "engine/report/jsonl_writer.h"

namespace mfsim::tools {
namespace {

using json = nlohmann::ordered_json;

// ---- small helpers ------------------------------------------------------------------------

// Text that may hold any bytes, made safe for JSON (invalid UTF-8 becomes U+FFFD).
std::string safe(std::string_view text) {
  std::string quoted;
  append_json_string(quoted, text);
  return json::parse(quoted).get<std::string>();
}

json optional_int(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

std::string decoded_value(std::string_view raw) {
  std::string unfolded, decoded;
  mail::unfold_value(raw, unfolded);
  mail::decode_rfc2047(unfolded, decoded);
  return decoded;
}

std::string unfolded_value(std::string_view raw) {
  std::string unfolded;
  mail::unfold_value(raw, unfolded);
  return unfolded;
}

const char* category_name(mail::eop_category c) {
  switch (c) {
    case mail::eop_category::none: return "NONE";
    case mail::eop_category::bulk: return "BULK";
    case mail::eop_category::spam: return "SPM";
    case mail::eop_category::high_confidence_spam: return "HSPM";
    case mail::eop_category::spoof: return "SPOOF";
    case mail::eop_category::phish: return "PHSH";
    case mail::eop_category::high_confidence_phish: return "HPHSH";
    case mail::eop_category::malware: return "MALW";
  }
  return "NONE";
}

const char* state_name(rules::rule_state s) {
  return s == rules::rule_state::enabled ? "Enabled" : "Disabled";
}

const char* mode_name(rules::rule_mode m) {
  switch (m) {
    case rules::rule_mode::enforce: return "Enforce";
    case rules::rule_mode::audit: return "Audit";
    case rules::rule_mode::audit_and_notify: return "AuditAndNotify";
  }
  return "Enforce";
}

// The header a condition reads, as the rule names it.
std::string condition_header(const compiled_condition& compiled) {
  using kind = rules::condition_kind;
  const rules::condition& c = *compiled.source;
  switch (c.kind) {
    case kind::header_contains_words:
    case kind::header_matches_patterns: return c.header_name;
    case kind::subject_contains_words:
    case kind::subject_matches_patterns: return "Subject";
    case kind::subject_or_body_contains_words: return "Subject, body";
    case kind::from_address_contains_words:
    case kind::from_address_matches_patterns:
    case kind::sender_domain_is:
    case kind::from:
      // SenderAddressLocation: the From header, MAIL FROM (Return-Path), or both.
      if (!compiled.reads_envelope_from) return "From";
      return compiled.reads_header_from ? "From, Return-Path" : "Return-Path";
    case kind::sent_to:
    case kind::recipient_domain_is: return "recipients";
    case kind::attachment_extension_matches_words: return "attachments";
    case kind::sender_ip_ranges:
    case kind::scl_over:
    case kind::message_size_over: return "";
  }
  return "";
}

std::vector<std::string> action_list(const rules::rule_actions& a) {
  std::vector<std::string> out;
  if (a.set_scl) out.push_back(fmt::format("SetSCL {}", *a.set_scl));
  if (a.remove_header) out.push_back("RemoveHeader " + *a.remove_header);
  if (a.set_header_name) {
    out.push_back(fmt::format("SetHeaderName {} SetHeaderValue \"{}\"", *a.set_header_name,
                              a.set_header_value.value_or("")));
  }
  if (a.prepend_subject) out.push_back(fmt::format("PrependSubject \"{}\"", *a.prepend_subject));
  if (!a.redirect_message_to.empty()) {
    std::string to;
    for (const auto& r : a.redirect_message_to) to += (to.empty() ? "" : ",") + r;
    out.push_back("RedirectMessageTo " + to);
  }
  if (a.quarantine) out.push_back("Quarantine");
  if (a.delete_message) out.push_back("DeleteMessage");
  if (a.stop_rule_processing) out.push_back("StopRuleProcessing");
  if (a.rejects()) {
    out.push_back(fmt::format("RejectMessage {} \"{}\"",
                              a.reject_status_code.value_or(rules::kDefaultRejectCode),
                              a.reject_reason.value_or(rules::kDefaultRejectText)));
  }
  if (a.set_audit_severity) {
    out.push_back(
        fmt::format("SetAuditSeverity {}", rules::parameter_value(*a.set_audit_severity)));
  }
  return out;
}

// ---- 128-bit distances between addresses -----------------------------------------------

__extension__ typedef unsigned __int128 uint128;

uint128 to_number(const net::ip_address& a) {
  uint128 n = 0;
  for (const auto b : a.bytes()) n = (n << 8) | b;
  return n;
}

std::string to_decimal(uint128 n) {
  if (n == 0) return "0";
  std::string digits;
  while (n > 0) {
    digits += static_cast<char>('0' + static_cast<int>(n % 10));
    n /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// The egress entry nearest to an address outside all of them (same address family only).
json nearest_miss(const net::ip_range_set& egress, const net::ip_address& ip) {
  const net::ip_range* best = nullptr;
  uint128 best_distance = 0;
  bool below = false;
  const uint128 n = to_number(ip);
  for (const auto& e : egress.entries()) {
    if (e.first.is_v4() != ip.is_v4()) continue;
    const uint128 first = to_number(e.first);
    const uint128 last = to_number(e.last);
    if (n >= first && n <= last) return nullptr;  // inside after all
    const uint128 d = n < first ? first - n : n - last;
    if (best == nullptr || d < best_distance) {
      best = &e;
      best_distance = d;
      below = n < first;
    }
  }
  if (best == nullptr) return nullptr;
  return json{{"entry", best->text},
              {"distance", to_decimal(best_distance)},
              {"position", below ? "below" : "above"}};
}

// The header instance the connecting IP was read from, for the header sources.
json ip_source_header(std::span<const mail::header_field> fields, mail::ip_source source,
                      const net::ip_address& ip) {
  const char* name = nullptr;
  switch (source) {
    case mail::ip_source::x_forefront_antispam_report: name = "X-Forefront-Antispam-Report"; break;
    case mail::ip_source::x_sender_ip: name = "X-Sender-IP"; break;
    case mail::ip_source::authentication_results: name = "Authentication-Results"; break;
    case mail::ip_source::received_spf: name = "Received-SPF"; break;
    case mail::ip_source::received: name = "Received"; break;
    default: return nullptr;
  }
  std::string buffer;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (!mail::header_name_equals(fields[k].name, name)) continue;
    const auto found = mail::find_sender_ip(fields.subspan(k, 1), buffer);
    if (found.source == source && found.address == ip) {
      return json{{"name", safe(fields[k].name)},
                  {"value", safe(unfolded_value(fields[k].raw_value))}};
    }
  }
  return nullptr;
}

json explain_condition(const compiled_condition& c, bool exception, std::size_t index,
                       const condition_trace* t) {
  const rules::condition& source = *c.source;
  json j;
  j["exception"] = exception;
  j["index"] = index + 1;
  j["parameter"] = std::string(exception ? "ExceptIf" : "") + rules::parameter_name(source.kind);
  const std::string header = condition_header(c);
  j["header"] = header.empty() ? json(nullptr) : json(safe(header));
  j["values"] = json::array();
  for (const auto& v : source.values) j["values"].push_back(safe(v));
  if (source.kind == rules::condition_kind::scl_over)
    j["values"].push_back(std::to_string(source.scl));
  if (source.kind == rules::condition_kind::message_size_over) {
    j["values"].push_back(std::to_string(source.size_bytes) + " bytes");
  }
  j["evaluated"] = t != nullptr;
  j["result"] = t != nullptr ? json(t->result) : json(nullptr);
  j["errored"] = t != nullptr && t->errored;
  j["raw_values"] = json::array();
  j["decoded_values"] = json::array();
  j["match"] = nullptr;
  if (t == nullptr) return j;
  for (const auto& v : t->raw_values) j["raw_values"].push_back(safe(v));
  for (const auto& v : t->decoded_values) j["decoded_values"].push_back(safe(v));
  if (const condition_match& found = t->match; found.found) {
    json m{{"term", safe(found.term)}, {"value", safe(found.value)}};
    if (found.offset) {
      m["offset"] = *found.offset;
      m["length"] = found.length;
      m["text"] =
          safe(found.value.substr(std::min(*found.offset, found.value.size()), found.length));
    } else {
      m["offset"] = nullptr;
      m["length"] = nullptr;
      m["text"] = nullptr;
    }
    j["match"] = std::move(m);
  }
  return j;
}

// ---- verdict and action reasoning ---------------------------------------------------------

std::string scl_meaning(int scl) {
  if (scl < 0)
    return "SCL -1 skips spam filtering (malware and high confidence phish are still caught)";
  if (scl <= 4) return fmt::format("SCL {} is not spam (0-4)", scl);
  if (scl <= 6) return fmt::format("SCL {} means spam (5-6)", scl);
  return fmt::format("SCL {} means high confidence spam (7-9)", scl);
}

// The verdict's reasons, from what decide_verdict() recorded (outcome.why_verdict).
std::vector<std::string> verdict_reasons(const outcome& r, const evaluation_trace& t) {
  std::vector<std::string> why;
  if (r.action == final_action::area1_quarantine) {
    why.push_back(
        "Area 1 kept the message in its own quarantine: Microsoft 365 never filtered it, so "
        "there is no verdict (not_spam)");
    return why;
  }
  if (t.recorded_ignored)
    why.push_back("--message-verdict ignore: Microsoft's recorded verdict is not used");
  const verdict_reason& v = r.why_verdict;
  if (v.scl_source == scl_origin::rule) {
    why.push_back(
        fmt::format("a transport rule set SCL {}; it replaces any SCL Microsoft recorded", *v.scl));
  } else if (v.ignored_rule_scl) {
    why.push_back(
        fmt::format("a transport rule set SCL {}, which forces no verdict (0-4): Microsoft's "
                    "recorded verdict decides (decisions.md 12)",
                    *v.ignored_rule_scl));
    if (v.scl) why.push_back(fmt::format("Microsoft recorded SCL {}", *v.scl));
  } else if (v.scl) {
    why.push_back(fmt::format("no rule set an SCL; Microsoft recorded SCL {}", *v.scl));
  } else {
    why.push_back("no SCL: no rule set one and none was recorded on the message");
  }
  if (v.scl) why.push_back(scl_meaning(*v.scl));
  switch (v.category) {
    case mail::eop_category::malware:
    case mail::eop_category::high_confidence_phish:
    case mail::eop_category::phish:
    case mail::eop_category::bulk: {
      const verdict given = v.category == mail::eop_category::malware ? verdict::malware
                            : v.category == mail::eop_category::high_confidence_phish
                                ? verdict::high_confidence_phish
                            : v.category == mail::eop_category::phish ? verdict::phish
                                                                      : verdict::bulk;
      why.push_back(fmt::format("Microsoft's category CAT:{} gives {}", category_name(v.category),
                                verdict_words(given)));
      break;
    }
    case mail::eop_category::none: break;
    default:
      why.push_back(fmt::format(
          "Microsoft's category CAT:{} forces no verdict; the SCL decides (decisions.md 13)",
          category_name(v.category)));
  }
  if (v.bcl) {
    why.push_back(
        *v.bcl >= v.bulk_threshold
            ? fmt::format("BCL {} >= BulkThreshold {} gives bulk", *v.bcl, v.bulk_threshold)
            : fmt::format("BCL {} is below BulkThreshold {}", *v.bcl, v.bulk_threshold));
  }
  if (v.scl && *v.scl < 0) {
    why.push_back(fmt::format(
        "skipped filtering wins unless the message is malware or high confidence phish: {}",
        to_string(r.verdict_value)));
  } else {
    why.push_back(fmt::format(
        "the highest in precedence wins (malware > high confidence phish > phish > high "
        "confidence spam > spam > bulk): {}",
        to_string(r.verdict_value)));
  }
  return why;
}

// The action and what decided it, as decide_action() recorded it (outcome.decision).
json explain_action(const plan& p, const outcome& r) {
  const rules::antispam_policy& spam_policy = policy::deciding_policy(p.source(), r);
  const action_decision& d = r.decision;
  json j;
  j["value"] = to_string(r.action);
  j["rule"] = nullptr;
  j["setting"] = nullptr;
  j["policy_action"] = nullptr;
  j["quarantine_tag_setting"] = nullptr;
  j["quarantine_tag"] = nullptr;
  switch (d.by) {
    case action_decider::area1:
      j["explanation"] = fmt::format(
          "Area 1 keeps disposition {} in its own admin quarantine "
          "(area1.quarantine_dispositions); the message never reaches Microsoft 365",
          r.disposition.value_or("?"));
      break;
    case action_decider::anti_malware:
      j["explanation"] = fmt::format(
          "anti-malware runs before mail flow rules and quarantines malware under "
          "{} for {} days, whatever a rule asked for",
          rules::kAdminOnlyAccessPolicy, r.retention_days.value_or(0));
      break;
    case action_decider::transport_rule: {
      const std::string name = safe(p.rule_name(d.rule.value_or(0)));
      const std::string_view parameter = to_parameter(d.rule_action);
      j["rule"] = name;
      j["policy_action"] = parameter;
      std::string detail;
      if (d.rule_action == rule_terminal::quarantine) {
        detail = fmt::format(": hosted quarantine, admin-only, {} days, no notification",
                             r.retention_days.value_or(0));
      } else if (d.rule_action == rule_terminal::reject) {
        detail = fmt::format(": a non-delivery report {} \"{}\"", safe(r.reject_code),
                             safe(r.reject_reason));
      }
      j["explanation"] = fmt::format(
          "transport rule \"{}\" applied {}, which decides over the anti-spam "
          "policy (decisions.md 16){}",
          name, parameter, detail);
      break;
    }
    case action_decider::anti_spam_policy:
    case action_decider::none:
      if (!d.setting) {
        j["explanation"] =
            fmt::format("verdict {}: delivered to the inbox", to_string(r.verdict_value));
        break;
      }
      const char* action_name = rules::action_parameter(*d.setting);
      const char* tag_name = rules::quarantine_tag_parameter(*d.setting);
      const rules::verdict_setting& setting = spam_policy.setting(*d.setting);
      j["setting"] = action_name;
      j["policy_action"] = rules::parameter_value(setting.action);
      std::string text = fmt::format("anti-spam policy {}: {} = {}", safe(spam_policy.name),
                                     action_name, rules::parameter_value(setting.action));
      if (r.action == final_action::quarantine) {
        j["quarantine_tag_setting"] = tag_name;
        j["quarantine_tag"] = safe(setting.quarantine_tag);
        text += fmt::format(", {} = {}", tag_name, safe(setting.quarantine_tag));
      } else if (r.action == final_action::add_x_header) {
        text += fmt::format(" (header \"{}\")", safe(spam_policy.x_header));
      } else if (r.action == final_action::modify_subject) {
        text += fmt::format(" (subject prefix \"{}\")", safe(spam_policy.modify_subject_text));
      }
      j["explanation"] = text;
      break;
  }
  j["decided_by"] = d.by == action_decider::none ? "anti_spam_policy" : to_string(d.by);
  return j;
}

struct permission_bit {
  std::uint32_t bit;
  const char* name;
};

constexpr permission_bit kPermissions[] = {
    {rules::perm_view_header, "PermissionToViewHeader"},
    {rules::perm_download, "PermissionToDownload"},
    {rules::perm_allow_sender, "PermissionToAllowSender"},
    {rules::perm_block_sender, "PermissionToBlockSender"},
    {rules::perm_request_release, "PermissionToRequestRelease"},
    {rules::perm_release, "PermissionToRelease"},
    {rules::perm_preview, "PermissionToPreview"},
    {rules::perm_delete, "PermissionToDelete"},
};

// The quarantine as stages [E] and [F] recorded it: the policy found, the release path and
// why, the notification, and the retention and where it came from.
json explain_quarantine(const plan& p, const outcome& r) {
  if (r.quarantine_policy.empty()) return nullptr;
  const rules::rule_set& set = p.source();
  json j;
  j["policy"] = safe(r.quarantine_policy);
  const rules::quarantine_policy* policy = r.quarantine_policy_used;
  const bool area1 = r.release_reason == release_basis::area1;
  const bool by_rule = r.release_reason == release_basis::rule_quarantine;
  j["kind"] = area1               ? "area1"
              : policy == nullptr ? "unknown"
              : policy->built_in  ? "built_in"
                                  : "custom";
  const std::uint32_t permissions = policy != nullptr ? policy->permissions : 0;
  j["permissions"] = policy != nullptr ? json(permissions) : json(nullptr);
  j["permission_names"] = json::array();
  for (const auto& b : kPermissions) {
    if ((permissions & b.bit) != 0) j["permission_names"].push_back(b.name);
  }
  j["permission_level"] = policy == nullptr   ? json(nullptr)
                          : permissions == 0  ? json("No access")
                          : permissions == 43 ? json("Limited access")
                          : permissions == 39 ? json("Full access")
                                              : json("custom");
  j["release"] = r.release == release_path::none ? json(nullptr) : json(to_string(r.release));
  std::string release_why;
  switch (r.release_reason) {
    case release_basis::area1:
      release_why = "only an Area 1 administrator can release it from the Area 1 quarantine";
      break;
    case release_basis::rule_quarantine:
      release_why =
          "a transport rule's Quarantine puts it in the hosted quarantine, which only an admin can "
          "release";
      break;
    case release_basis::anti_malware:
      release_why = fmt::format("malware is quarantined under {}: only an admin can release it",
                                rules::kAdminOnlyAccessPolicy);
      break;
    case release_basis::release_withheld:
      release_why =
          "the policy grants PermissionToRelease, but release is never honoured for malware or "
          "high "
          "confidence phish: the recipient can only request release, an admin releases";
      break;
    case release_basis::permission_release:
      release_why = "PermissionToRelease: the recipient releases it themselves";
      break;
    case release_basis::permission_request_release:
      release_why = "PermissionToRequestRelease: the recipient asks, an admin releases";
      break;
    case release_basis::no_permission:
    case release_basis::none:
      release_why =
          "the policy grants neither PermissionToRelease nor PermissionToRequestRelease: only an "
          "admin "
          "can release it";
      break;
  }
  j["release_reason"] = release_why;
  j["notify"] = r.notify;
  j["notify_frequency"] = r.notify ? json(report::to_string(set.notify_frequency)) : json(nullptr);
  std::string notify_why;
  if (area1)
    notify_why = "Area 1's quarantine sends no Microsoft 365 quarantine notification";
  else if (by_rule)
    notify_why = "the hosted quarantine of a transport rule never notifies";
  else if (policy == nullptr)
    notify_why = "unknown policy: no notification";
  else
    notify_why = fmt::format("ESNEnabled is {} for {}", policy->notifications ? "on" : "off",
                             safe(policy->name));
  j["notify_reason"] = notify_why;
  j["retention_days"] = r.retention_days ? json(*r.retention_days) : json(nullptr);
  switch (r.retention_source) {
    case retention_origin::none: j["retention_source"] = nullptr; break;
    case retention_origin::rule_quarantine:
    case retention_origin::anti_malware:
      j["retention_source"] = fmt::format("fixed {} days", *r.retention_days);
      break;
    case retention_origin::antispam_policy:
      j["retention_source"] = fmt::format("QuarantineRetentionPeriod of anti-spam policy {}",
                                          safe(policy::deciding_policy(set, r).name));
      break;
  }
  j["received"] = r.received ? json(mail::format_iso8601_utc(*r.received)) : json(nullptr);
  j["expires"] = r.expires ? json(mail::format_iso8601_utc(*r.expires)) : json(nullptr);
  return j;
}

}  // namespace

// ---- the model ------------------------------------------------------------------------------

json explain_message(const plan& p, const evaluation_setup& setup, std::string_view id,
                     std::string_view bytes, std::string_view read_error, scratch& s,
                     std::uint32_t flags) {
  const rules::rule_set& set = p.source();
  const plan::impl& compiled = p.internals();
  evaluation_trace trace;
  outcome copy;
  const outcome& r =
      pipeline::evaluate_message(p, {id, bytes, read_error, flags}, setup, s, copy, &trace);

  json e;
  e["id"] = safe(id);
  e["rule_set"] = json{{"name", safe(set.name)}, {"source", safe(set.source)}};
  std::string line;
  report::append_record(line, id, r, p);
  e["record"] = json::parse(line);

  mail::header_block block;
  mail::scan_headers(bytes, setup.options.limits, block);

  // [A] Area 1
  json area1;
  area1["header"] = safe(set.area1.disposition_header);
  area1["instances"] = json::array();
  for (const auto& f : block.fields) {
    if (!mail::header_name_equals(f.name, set.area1.disposition_header)) continue;
    area1["instances"].push_back(
        json{{"raw", safe(f.raw_value)}, {"decoded", safe(decoded_value(f.raw_value))}});
  }
  area1["disposition"] = r.disposition ? json(safe(*r.disposition)) : json(nullptr);
  area1["quarantine_dispositions"] = json::array();
  for (const auto& d : set.area1.quarantine_dispositions)
    area1["quarantine_dispositions"].push_back(safe(d));
  area1["kept_by_area1"] = r.action == final_action::area1_quarantine;
  e["area1"] = std::move(area1);

  // [B] connection
  json connection;
  connection["sender_ip"] = r.sender_ip ? json(r.sender_ip->to_string()) : json(nullptr);
  connection["source"] = mail::to_string(r.sender_ip_source);
  connection["source_header"] =
      r.sender_ip ? ip_source_header(block.fields, r.sender_ip_source, *r.sender_ip)
                  : json(nullptr);
  connection["egress_list"] = safe(set.area1.egress_list);
  connection["in_egress"] = r.in_egress;
  connection["egress_entry"] = nullptr;
  connection["nearest_miss"] = nullptr;
  if (r.sender_ip) {
    if (const net::ip_range* entry = compiled.egress.find_entry(*r.sender_ip)) {
      connection["egress_entry"] = entry->text;
    } else {
      connection["nearest_miss"] = nearest_miss(compiled.egress, *r.sender_ip);
    }
  }
  e["connection"] = std::move(connection);

  // Microsoft's recorded verdict
  json recorded;
  const bool area1_kept = r.action == final_action::area1_quarantine;
  recorded["read"] = !area1_kept && !trace.recorded_ignored;
  recorded["ignored"] = trace.recorded_ignored;
  const mail::eop_verdict& rec = trace.recorded;
  recorded["header"] = rec.from_forefront_report ? json("X-Forefront-Antispam-Report")
                       : rec.scl                 ? json("X-MS-Exchange-Organization-SCL")
                                                 : json(nullptr);
  recorded["scl"] = optional_int(rec.scl);
  recorded["sfv"] = rec.sfv.empty() ? json(nullptr) : json(safe(rec.sfv));
  recorded["category"] =
      rec.from_forefront_report ? json(category_name(rec.category)) : json(nullptr);
  recorded["bcl"] = optional_int(rec.bcl);
  e["recorded_verdict"] = std::move(recorded);

  // [C] transport rules
  json rules_out = json::array();
  const rule_trace* stopped_by = nullptr;
  for (std::size_t i = 0; i < p.rule_count(); ++i) {
    const compiled_rule& rule = compiled.rules[i];
    const rules::transport_rule& source = p.rule_source(i);
    const rule_trace* rt = nullptr;
    for (const auto& candidate : trace.rules) {
      if (candidate.rule == i) rt = &candidate;
    }
    json j;
    j["index"] = i + 1;
    j["name"] = safe(p.rule_name(i));
    j["priority"] = source.priority;
    j["state"] = state_name(source.state);
    j["mode"] = mode_name(source.mode);
    j["status"] = rt != nullptr ? to_string(rt->status) : "not_reached";
    j["sender_address_location"] = rules::parameter_value(source.sender_address_location);
    j["activation_date"] = source.activation_date
                               ? json(mail::format_iso8601_utc(*source.activation_date))
                               : json(nullptr);
    j["expiry_date"] =
        source.expiry_date ? json(mail::format_iso8601_utc(*source.expiry_date)) : json(nullptr);
    j["stopped_processing"] = rt != nullptr && rt->stopped_processing;
    j["scl_after"] = rt != nullptr ? optional_int(rt->scl_after) : json(nullptr);
    j["actions"] = json::array();
    for (const auto& a : action_list(source.actions)) j["actions"].push_back(safe(a));
    j["conditions"] = json::array();
    const auto traced = [&](bool exception, std::size_t k) -> const condition_trace* {
      for (const auto& ct : trace.conditions) {
        if (ct.rule == i && ct.exception == exception && ct.index == k) return &ct;
      }
      return nullptr;
    };
    for (std::size_t k = 0; k < rule.conditions.size(); ++k) {
      j["conditions"].push_back(explain_condition(rule.conditions[k], false, k, traced(false, k)));
    }
    for (std::size_t k = 0; k < rule.exceptions.size(); ++k) {
      j["conditions"].push_back(explain_condition(rule.exceptions[k], true, k, traced(true, k)));
    }
    if (rt != nullptr && rt->stopped_processing) stopped_by = rt;
    rules_out.push_back(std::move(j));
  }
  e["rules"] = std::move(rules_out);
  if (stopped_by) {
    const rule_terminal with = stopped_by->stopped_with;
    e["stop_rule_processing"] =
        json{{"rule", safe(p.rule_name(stopped_by->rule))},
             {"by", with == rule_terminal::none ? "StopRuleProcessing" : to_parameter(with)}};
  } else {
    e["stop_rule_processing"] = nullptr;
  }

  // [D] SCL and verdict
  json scl;
  scl["steps"] = json::array();
  for (const auto& rt : trace.rules) {
    if (rt.status != rule_status::applied) continue;
    if (const auto set_scl = p.rule_source(rt.rule).actions.set_scl) {
      scl["steps"].push_back(json{{"rule", safe(p.rule_name(rt.rule))}, {"set_scl", *set_scl}});
    }
  }
  scl["recorded"] = optional_int(rec.scl);
  scl["value"] = optional_int(r.scl);
  scl["source"] = to_string(r.scl_source);
  e["scl"] = std::move(scl);
  e["verdict"] =
      json{{"value", to_string(r.verdict_value)}, {"reasons", verdict_reasons(r, trace)}};

  // The anti-spam policy that applies, and why (section 7).
  json policy_j;
  const rules::antispam_policy& spam_policy = policy::deciding_policy(p.source(), r);
  policy_j["name"] = safe(spam_policy.name);
  policy_j["scoped"] = &spam_policy != &set.antispam;
  policy_j["recipient_domain_is"] = json::array();
  for (const auto& d : spam_policy.recipient_domain_is) {
    policy_j["recipient_domain_is"].push_back(safe(d));
  }
  policy_j["sent_to"] = json::array();
  for (const auto& a : spam_policy.sent_to) policy_j["sent_to"].push_back(safe(a));
  policy_j["recipients"] = json::array();
  for (const auto& rcpt : s.internals().recipients()) policy_j["recipients"].push_back(safe(rcpt));
  policy_j["scoped_policies"] = set.scoped_antispam.size();
  e["antispam_policy"] = std::move(policy_j);

  // [E] action, [F] quarantine
  e["action"] = explain_action(p, r);
  e["quarantine"] = explain_quarantine(p, r);
  e["error"] = r.error.empty() ? json(nullptr) : json(safe(r.error));
  return e;
}

// ---- text -------------------------------------------------------------------------------------

namespace {

// A value on one line: control characters escaped, so a marker below lines up. Counts the
// display columns (code points) of the escaped text of value[0, marker_at).
std::string printable(std::string_view value, std::size_t marker_at, std::size_t& column) {
  std::string out;
  column = 0;
  std::size_t columns = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (i == marker_at) column = columns;
    const auto c = static_cast<unsigned char>(value[i]);
    std::string piece;
    if (c == '\t')
      piece = "\\t";
    else if (c == '\r')
      piece = "\\r";
    else if (c == '\n')
      piece = "\\n";
    else if (c < 0x20 || c == 0x7f)
      piece = fmt::format("\\x{:02x}", c);
    else
      piece = std::string(1, static_cast<char>(c));
    out += piece;
    if ((c & 0xc0) != 0x80) columns += piece.size();  // a UTF-8 lead byte starts one column
  }
  if (marker_at >= value.size()) column = columns;
  return out;
}

std::size_t columns_of(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

// The match in context: up to 50 bytes each side, then a line with ^~~~ under the match.
void append_marked(std::string& out, const std::string& indent, std::string_view value,
                   std::size_t offset, std::size_t length) {
  constexpr std::size_t kContext = 50;
  offset = std::min(offset, value.size());
  length = std::min(length, value.size() - offset);
  std::size_t from = offset > kContext ? offset - kContext : 0;
  std::size_t to = std::min(value.size(), offset + length + kContext);
  while (from > 0 && (static_cast<unsigned char>(value[from]) & 0xc0) == 0x80) --from;
  while (to < value.size() && (static_cast<unsigned char>(value[to]) & 0xc0) == 0x80) ++to;
  const std::string_view window = value.substr(from, to - from);
  std::size_t start = 0, end = 0;
  const std::string shown = printable(window, offset - from, start);
  (void)printable(window, offset - from + length, end);
  const std::string before = from > 0 ? "..." : "";
  out += indent + before + shown + (to < value.size() ? "..." : "") + "\n";
  const std::size_t width = std::max<std::size_t>(end > start ? end - start : 1, 1);
  out += indent + std::string(columns_of(before) + start, ' ') + "^" + std::string(width - 1, '~') +
         "\n";
}

// A value in double quotes as a person reads it: only quotes, backslashes before quotes and
// control characters are escaped (a pattern's "\s" stays "\s").
std::string quoted(const json& v) {
  if (v.is_null()) return "-";
  if (!v.is_string()) return v.dump();
  std::size_t unused = 0;
  std::string out = "\"";
  for (const char c : v.get<std::string>()) {
    if (c == '"')
      out += "\\\"";
    else
      out += printable(std::string_view(&c, 1), 0, unused);
  }
  return out + "\"";
}

std::string trimmed(std::string text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string text_of(const json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string joined(const json& array, std::string_view separator) {
  std::string out;
  for (const auto& v : array) {
    if (!out.empty()) out += separator;
    out += text_of(v);
  }
  return out;
}

void render_condition(std::string& out, const json& c, bool first_condition) {
  const bool exception = c["exception"].get<bool>();
  std::string lead = exception ? "except if" : first_condition ? "if" : "and";
  std::string values;
  for (const auto& v : c["values"]) values += (values.empty() ? "" : ", ") + quoted(v);
  std::string header = c["header"].is_null() ? "" : " " + text_of(c["header"]);
  std::string result;
  if (!c["evaluated"].get<bool>())
    result = "not evaluated";
  else if (c["errored"].get<bool>())
    result = "error (pattern too complex: the rule is undecided)";
  else
    result = c["result"].get<bool>() ? "true" : "false";
  out +=
      fmt::format("     {} {}{} [{}]: {}\n", lead, text_of(c["parameter"]), header, values, result);
  if (!c["evaluated"].get<bool>()) return;
  const std::string parameter = text_of(c["parameter"]);
  const bool ip = parameter.find("SenderIpRanges") != std::string::npos;
  const bool scl = parameter.find("SCLOver") != std::string::npos;
  const auto& raw = c["raw_values"];
  const auto& decoded = c["decoded_values"];
  if (ip) {
    if (decoded.empty())
      out += "          no connecting IP known\n";
    else if (!c["match"].is_null()) {
      out += fmt::format("          sender IP {} is in {}\n", text_of(decoded[0]),
                         text_of(c["match"]["term"]));
    } else {
      out += fmt::format("          sender IP {} is in none of the ranges\n", text_of(decoded[0]));
    }
    return;
  }
  if (scl) {
    out += decoded.empty()
               ? std::string("          no SCL so far (no rule set one, none recorded)\n")
               : fmt::format("          SCL so far: {}\n", text_of(decoded[0]));
    return;
  }
  if (decoded.empty()) {
    out += "          looked at: nothing (the message has no such header)\n";
  }
  for (std::size_t k = 0; k < decoded.size(); ++k) {
    const bool same = k < raw.size() && trimmed(text_of(raw[k])) == text_of(decoded[k]);
    out += fmt::format("          looked at: {}", quoted(decoded[k]));
    if (k < raw.size() && !same) out += fmt::format("  (raw: {})", quoted(raw[k]));
    out += '\n';
  }
  const json& m = c["match"];
  if (m.is_null()) return;
  out += fmt::format(
      "          matched {}{}:\n", quoted(m["term"]),
      m["offset"].is_null() ? "" : fmt::format(" at offset {}", m["offset"].get<std::size_t>()));
  if (!m["offset"].is_null()) {
    append_marked(out, "            ", m["value"].get<std::string>(),
                  m["offset"].get<std::size_t>(), m["length"].get<std::size_t>());
  } else {
    out += fmt::format("            {}\n", quoted(m["value"]));
  }
}

}  // namespace

std::string render_explanation(const json& e) {
  std::string out;
  const json& record = e["record"];
  out += fmt::format("Message: {}\n", text_of(e["id"]));
  out += fmt::format("Rule set: {} ({})\n", text_of(e["rule_set"]["name"]),
                     text_of(e["rule_set"]["source"]));
  out += fmt::format(
      "Outcome: {}{}, verdict {}, SCL {} ({})\n", text_of(record["action"]),
      record["quarantine_policy"].is_null() ? "" : " under " + text_of(record["quarantine_policy"]),
      text_of(record["verdict"]), text_of(record["scl"]), text_of(record["scl_source"]));
  if (record.contains("folder")) {
    out += fmt::format(
        "Folder: {}{}\n", text_of(record["folder"]),
        record.contains("folder_reason") ? " (" + text_of(record["folder_reason"]) + ")" : "");
  }
  if (!e["error"].is_null()) out += fmt::format("Error: {}\n", text_of(e["error"]));
  if (record.contains("flags") && !record["flags"].empty()) {
    out += fmt::format("Header damage: {}\n", joined(record["flags"], ", "));
  }

  const json& a1 = e["area1"];
  out += fmt::format("\n[A] Area 1 disposition (header {})\n", text_of(a1["header"]));
  if (a1["instances"].empty())
    out += "  no such header: no disposition (clean as far as Area 1 says)\n";
  for (std::size_t k = 0; k < a1["instances"].size(); ++k) {
    const json& inst = a1["instances"][k];
    out += fmt::format("  {} {}{}\n", k == 0 ? "read: " : "other:", quoted(inst["decoded"]),
                       trimmed(text_of(inst["raw"])) == text_of(inst["decoded"])
                           ? ""
                           : "  (raw: " + quoted(inst["raw"]) + ")");
  }
  if (a1["instances"].size() > 1) out += "  (only the first instance gives the disposition)\n";
  out += fmt::format("  disposition: {}\n", text_of(a1["disposition"]));
  if (a1["kept_by_area1"].get<bool>()) {
    out += fmt::format("  Area 1 keeps {} in its own quarantine (quarantine dispositions: {})\n",
                       text_of(a1["disposition"]), joined(a1["quarantine_dispositions"], ", "));
  }

  const json& c = e["connection"];
  out += "\n[B] Connecting IP\n";
  if (c["sender_ip"].is_null()) {
    out += "  none found (no manifest entry, --client-ip, or header that names one)\n";
  } else {
    out += fmt::format("  {} (source: {})\n", text_of(c["sender_ip"]), text_of(c["source"]));
    if (!c["source_header"].is_null()) {
      out += fmt::format("    {}: {}\n", text_of(c["source_header"]["name"]),
                         text_of(c["source_header"]["value"]));
    }
    if (c["in_egress"].get<bool>()) {
      out += fmt::format("  in the Area 1 egress list '{}': yes, entry {}\n",
                         text_of(c["egress_list"]), text_of(c["egress_entry"]));
    } else {
      out += fmt::format("  in the Area 1 egress list '{}': no", text_of(c["egress_list"]));
      if (!c["nearest_miss"].is_null()) {
        out += fmt::format(
            "; nearest entry {} ({} addresses {} it)", text_of(c["nearest_miss"]["entry"]),
            text_of(c["nearest_miss"]["distance"]), text_of(c["nearest_miss"]["position"]));
      }
      out += '\n';
      if (!a1["disposition"].is_null()) {
        out +=
            "  a disposition on mail that did not come from an Area 1 egress address: forged, or "
            "Area 1 "
            "was bypassed\n";
      }
    }
  }

  const json& rv = e["recorded_verdict"];
  out += "\nMicrosoft's recorded verdict";
  if (rv["ignored"].get<bool>()) {
    out += ": ignored (--message-verdict ignore)\n";
  } else if (!rv["read"].get<bool>()) {
    out += ": not read (Area 1 kept the message)\n";
  } else if (rv["header"].is_null()) {
    out += ": none recorded\n";
  } else {
    out += fmt::format(" ({})\n  SCL {}, SFV {}, CAT {}, BCL {}\n", text_of(rv["header"]),
                       text_of(rv["scl"]), text_of(rv["sfv"]), text_of(rv["category"]),
                       text_of(rv["bcl"]));
  }

  out += "\n[C] Transport rules, in evaluation order\n";
  if (e["rules"].empty()) out += "  none\n";
  for (const json& r : e["rules"]) {
    out += fmt::format("  R{} \"{}\" (priority {}, {}, {}): {}\n", r["index"].get<std::size_t>(),
                       text_of(r["name"]), text_of(r["priority"]), text_of(r["state"]),
                       text_of(r["mode"]), text_of(r["status"]));
    if (!r["activation_date"].is_null() || !r["expiry_date"].is_null()) {
      out += fmt::format("     active from {} until {} (clock: --now, else the received time)\n",
                         r["activation_date"].is_null() ? "always" : text_of(r["activation_date"]),
                         r["expiry_date"].is_null() ? "no expiry" : text_of(r["expiry_date"]));
    }
    bool first = true;
    for (const json& cond : r["conditions"]) {
      render_condition(out, cond, first);
      if (!cond["exception"].get<bool>()) first = false;
    }
    if (r["conditions"].empty()) out += "     (no conditions: applies to every message)\n";
    out += fmt::format("     actions: {}{}\n",
                       r["actions"].empty() ? "none" : joined(r["actions"], ", "),
                       r["status"] == "applied" ? "" : " (not run)");
    if (r["status"] == "applied" && !r["scl_after"].is_null()) {
      out += fmt::format("     SCL after this rule: {}\n", text_of(r["scl_after"]));
    }
    if (r["stopped_processing"].get<bool>()) out += "     rule processing stops here\n";
  }
  if (!e["stop_rule_processing"].is_null()) {
    out += fmt::format("  StopRuleProcessing: rule \"{}\" ({}) stopped the rules after it\n",
                       text_of(e["stop_rule_processing"]["rule"]),
                       text_of(e["stop_rule_processing"]["by"]));
  } else if (!e["rules"].empty()) {
    out += "  StopRuleProcessing: no rule stopped processing\n";
  }

  const json& scl = e["scl"];
  out += "\n[D] SCL\n";
  for (const json& step : scl["steps"]) {
    out +=
        fmt::format("  rule \"{}\" SetSCL {}\n", text_of(step["rule"]), text_of(step["set_scl"]));
  }
  if (scl["steps"].empty()) out += "  no rule set an SCL\n";
  out += fmt::format("  recorded by Microsoft: {}\n", text_of(scl["recorded"]));
  out += fmt::format("  SCL: {} (source: {})\n", text_of(scl["value"]), text_of(scl["source"]));
  out += fmt::format("  Verdict: {}\n", text_of(e["verdict"]["value"]));
  for (const json& why : e["verdict"]["reasons"]) out += fmt::format("    - {}\n", text_of(why));

  const json& action = e["action"];
  out += fmt::format("\n[E] Action: {} (decided by {})\n", text_of(action["value"]),
                     text_of(action["decided_by"]));
  if (const json& ap = e["antispam_policy"]; ap["scoped_policies"].get<std::size_t>() > 0) {
    std::string scope;
    for (const auto& d : ap["recipient_domain_is"])
      scope += (scope.empty() ? "" : ", ") + text_of(d);
    for (const auto& a : ap["sent_to"]) scope += (scope.empty() ? "" : ", ") + text_of(a);
    out +=
        fmt::format("  anti-spam policy: {} ({}); recipients: {}\n", text_of(ap["name"]),
                    ap["scoped"].get<bool>() ? "scoped to " + scope
                                             : std::string("no scoped policy covers a recipient"),
                    ap["recipients"].empty() ? "none" : joined(ap["recipients"], ", "));
  }
  out += fmt::format("  {}\n", text_of(action["explanation"]));

  const json& q = e["quarantine"];
  out += "\n[F] Quarantine\n";
  if (q.is_null()) {
    out += "  not quarantined\n";
    return out;
  }
  out += fmt::format("  policy: {} ({})\n", text_of(q["policy"]), text_of(q["kind"]));
  if (!q["permissions"].is_null()) {
    std::string bits;
    for (const auto& name : q["permission_names"])
      bits += (bits.empty() ? "" : " + ") + text_of(name);
    out += fmt::format("  permissions: {} = {} ({})\n", text_of(q["permissions"]),
                       bits.empty() ? "none" : bits, text_of(q["permission_level"]));
  }
  out += fmt::format("  release: {}: {}\n", text_of(q["release"]), text_of(q["release_reason"]));
  out += fmt::format("  notification: {}{}: {}\n", q["notify"].get<bool>() ? "yes" : "no",
                     q["notify_frequency"].is_null() ? "" : ", " + text_of(q["notify_frequency"]),
                     text_of(q["notify_reason"]));
  if (!q["retention_days"].is_null()) {
    out += fmt::format("  expiry: {} ({} + {} days, {})\n", text_of(q["expires"]),
                       text_of(q["received"]), text_of(q["retention_days"]),
                       text_of(q["retention_source"]));
  } else {
    out += "  expiry: none\n";
  }
  return out;
}

}  // namespace mfsim::tools
