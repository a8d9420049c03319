// The explanation of one message, stages [A] to [C]: Area 1, the connection, Microsoft's
// recorded verdict and the transport rules, read from the outcome and the trace.
#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "engine/eval/plan_internal.h"
#include "engine/eval/scratch_internal.h"
#include "engine/explain/explain_internal.h"
#include "engine/mail/rfc2047.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/utf8.h"

namespace mfsim::explain {
namespace {

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

std::optional<std::string> iso_date(const std::optional<std::int64_t>& t) {
  if (!t) return std::nullopt;
  return mail::format_iso8601_utc(*t);
}

// The header a condition reads, as the rule names it; empty for none.
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
    case kind::from_scope:
      // SenderAddressLocation: the From header, MAIL FROM (Return-Path), or both.
      if (!compiled.reads_envelope_from) return "From";
      return compiled.reads_header_from ? "From, Return-Path" : "Return-Path";
    case kind::sent_to:
    case kind::recipient_domain_is:
    case kind::sent_to_scope: return "recipients";
    case kind::attachment_extension_matches_words: return "attachments";
    case kind::any_of_to_header_member_of: return "To";
    case kind::any_of_cc_header_member_of: return "Cc";
    case kind::any_of_to_cc_header_member_of: return "To, Cc";
    case kind::from_member_of:
    case kind::sender_ad_attribute_contains_words:
    case kind::sender_ad_attribute_matches_patterns:
      if (!compiled.reads_envelope_from) return "From (directory)";
      return compiled.reads_header_from ? "From, Return-Path (directory)"
                                        : "Return-Path (directory)";
    case kind::sent_to_member_of:
    case kind::recipient_ad_attribute_contains_words:
    case kind::recipient_ad_attribute_matches_patterns: return "recipients (directory)";
    case kind::between_member_of:
    case kind::ad_comparison:
    case kind::manager_for_evaluated_user:
    case kind::sender_management_relationship: return "sender, recipients (directory)";
    case kind::sender_ip_ranges:
    case kind::scl_over:
    case kind::message_size_over: return "";
    case kind::with_importance: return "Importance, X-Priority, X-MSMail-Priority, Priority";
    case kind::message_type_matches: return "Content-Type, Content-Class, Auto-Submitted";
    case kind::any_of_to_header: return "To";
    case kind::any_of_cc_header: return "Cc";
    case kind::any_of_to_cc_header: return "To, Cc";
    case kind::recipient_address_contains_words:
    case kind::recipient_address_matches_patterns:
    case kind::any_of_recipient_address_contains_words:
    case kind::any_of_recipient_address_matches_patterns: return "recipients";
    case kind::subject_or_body_matches_patterns: return "Subject, body";
    case kind::content_character_set_contains_words: return "charsets of the parts";
    case kind::attachment_name_matches_patterns:
    case kind::attachment_size_over:
    case kind::attachment_has_executable_content:
    case kind::attachment_is_password_protected: return "attachments";
    case kind::attachment_contains_words:
    case kind::attachment_matches_patterns:
    case kind::attachment_is_unsupported:
    case kind::attachment_processing_limit_exceeded: return "attachments' content";
    case kind::attachment_property_contains_words: return "attachments' document properties";
    case kind::has_classification:
    case kind::has_no_classification: return "X-Microsoft-Classified, -Classification, -ClassID";
    case kind::message_contains_data_classifications: return "Subject, body, attachments' content";
    case kind::has_sender_override:
      return "X-Ms-Exchange-Organization-Dlp-SenderOverrideJustification";
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
  list_other_actions(a, out);
  for (auto& text : out) text = valid_utf8(text);
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
std::optional<nearest_entry> nearest_miss(const net::ip_range_set& egress,
                                          const net::ip_address& ip) {
  const net::ip_range* best = nullptr;
  uint128 best_distance = 0;
  bool below = false;
  const uint128 n = to_number(ip);
  for (const auto& e : egress.entries()) {
    if (e.first.is_v4() != ip.is_v4()) continue;
    const uint128 first = to_number(e.first);
    const uint128 last = to_number(e.last);
    if (n >= first && n <= last) return std::nullopt;  // inside after all
    const uint128 d = n < first ? first - n : n - last;
    if (best == nullptr || d < best_distance) {
      best = &e;
      best_distance = d;
      below = n < first;
    }
  }
  if (best == nullptr) return std::nullopt;
  return nearest_entry{best->text, to_decimal(best_distance), below};
}

// The header instance the connecting IP was read from, for the header sources.
std::optional<named_value> ip_source_header(std::span<const mail::header_field> fields,
                                            mail::ip_source source, const net::ip_address& ip) {
  const char* name = nullptr;
  switch (source) {
    case mail::ip_source::x_forefront_antispam_report: name = "X-Forefront-Antispam-Report"; break;
    case mail::ip_source::x_sender_ip: name = "X-Sender-IP"; break;
    case mail::ip_source::authentication_results: name = "Authentication-Results"; break;
    case mail::ip_source::received_spf: name = "Received-SPF"; break;
    case mail::ip_source::received: name = "Received"; break;
    default: return std::nullopt;
  }
  std::string buffer;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (!mail::header_name_equals(fields[k].name, name)) continue;
    const auto found = mail::find_sender_ip(fields.subspan(k, 1), buffer);
    if (found.source == source && found.address == ip) {
      return named_value{valid_utf8(fields[k].name),
                         valid_utf8(unfolded_value(fields[k].raw_value))};
    }
  }
  return std::nullopt;
}

condition_step explain_condition(const compiled_condition& c, bool exception, std::size_t index,
                                 const condition_trace* t) {
  const rules::condition& source = *c.source;
  condition_step step;
  step.exception = exception;
  step.index = index + 1;
  step.parameter = std::string(exception ? "ExceptIf" : "") + rules::parameter_name(source.kind);
  step.is_sender_ip = source.kind == rules::condition_kind::sender_ip_ranges;
  step.is_scl = source.kind == rules::condition_kind::scl_over;
  const std::string header = condition_header(c);
  if (!header.empty()) step.header = valid_utf8(header);
  for (const auto& v : source.values) step.values.push_back(valid_utf8(v));
  const std::string prefix = exception ? "ExceptIf" : "";
  if (source.kind == rules::condition_kind::between_member_of) {
    step.second_parameter = prefix + "BetweenMemberOf2";
    for (const auto& v : source.values2) step.second_values.push_back(valid_utf8(v));
  } else if (!source.qualifier.empty() &&
             (source.kind == rules::condition_kind::ad_comparison ||
              source.kind == rules::condition_kind::manager_for_evaluated_user)) {
    step.second_parameter =
        prefix + (source.kind == rules::condition_kind::ad_comparison ? "ADComparisonOperator"
                                                                      : "ManagerForEvaluatedUser");
    step.second_values.push_back(valid_utf8(source.qualifier));
  }
  if (source.kind == rules::condition_kind::scl_over)
    step.values.push_back(std::to_string(source.scl));
  if (source.kind == rules::condition_kind::message_size_over) {
    step.values.push_back(std::to_string(source.size_bytes) + " bytes");
  }
  step.evaluated = t != nullptr;
  if (t == nullptr) return step;
  step.result = t->result;
  step.errored = t->errored;
  for (const auto& v : t->raw_values) step.raw_values.push_back(valid_utf8(v));
  for (const auto& v : t->decoded_values) step.decoded_values.push_back(valid_utf8(v));
  if (const condition_match& found = t->match; found.found) {
    match_step m{valid_utf8(found.term), valid_utf8(found.value), found.offset, found.length, {}};
    if (found.offset) {
      // Offsets into the value as shown (`value` above, invalid UTF-8 replaced), so that a
      // marker placed by them lands on the match.
      const std::string_view value = found.value;
      const std::size_t at = std::min(*found.offset, value.size());
      m.text = valid_utf8(value.substr(at, found.length));
      m.offset = valid_utf8(value.substr(0, at)).size();
      m.length = m.text->size();
    }
    step.match = std::move(m);
  }
  return step;
}

rule_step explain_rule(const plan& p, std::size_t i, const evaluation_trace& trace) {
  const compiled_rule& rule = p.internals().rules[i];
  const rules::transport_rule& source = p.rule_source(i);
  const rule_trace* rt = nullptr;
  for (const auto& candidate : trace.rules) {
    if (candidate.rule == i) rt = &candidate;
  }
  rule_step r;
  r.index = i + 1;
  r.name = valid_utf8(p.rule_name(i));
  r.priority = source.priority;
  r.state = rules::parameter_value(source.state);
  r.mode = rules::parameter_value(source.mode);
  r.status = rt != nullptr ? to_string(rt->status) : "not_reached";
  r.applied = rt != nullptr && rt->status == rule_status::applied;
  r.sender_address_location = rules::parameter_value(source.sender_address_location);
  r.activation_date = iso_date(source.activation_date);
  r.expiry_date = iso_date(source.expiry_date);
  r.stopped_processing = rt != nullptr && rt->stopped_processing;
  r.evaluated = rt != nullptr;
  if (rt != nullptr) r.scl_after = rt->scl_after;
  r.actions = action_list(source.actions);
  const auto traced = [&](bool exception, std::size_t k) -> const condition_trace* {
    for (const auto& ct : trace.conditions) {
      if (ct.rule == i && ct.exception == exception && ct.index == k) return &ct;
    }
    return nullptr;
  };
  for (std::size_t k = 0; k < rule.conditions.size(); ++k) {
    r.conditions.push_back(explain_condition(rule.conditions[k], false, k, traced(false, k)));
  }
  for (std::size_t k = 0; k < rule.exceptions.size(); ++k) {
    r.conditions.push_back(explain_condition(rule.exceptions[k], true, k, traced(true, k)));
  }
  return r;
}

area1_step explain_area1(const rules::rule_set& set, const outcome& r,
                         std::span<const mail::header_field> fields) {
  area1_step a;
  a.header = valid_utf8(set.area1.disposition_header);
  for (const auto& f : fields) {
    if (!mail::header_name_equals(f.name, set.area1.disposition_header)) continue;
    a.instances.push_back({valid_utf8(f.raw_value), valid_utf8(decoded_value(f.raw_value))});
  }
  if (r.disposition) a.disposition = valid_utf8(*r.disposition);
  for (const auto& d : set.area1.quarantine_dispositions) {
    a.quarantine_dispositions.push_back(valid_utf8(d));
  }
  a.kept_by_area1 = r.decision.by == action_decider::area1;
  return a;
}

connection_step explain_connection(const plan& p, const outcome& r,
                                   std::span<const mail::header_field> fields) {
  connection_step c;
  if (r.sender_ip) {
    c.sender_ip = r.sender_ip->to_string();
    c.source_header = ip_source_header(fields, r.sender_ip_source, *r.sender_ip);
  }
  c.source = mail::to_string(r.sender_ip_source);
  c.egress_list = valid_utf8(p.source().area1.egress_list);
  c.in_egress = r.in_egress;
  if (r.sender_ip) {
    const net::ip_range_set& egress = p.internals().egress;
    if (const net::ip_range* entry = egress.find_entry(*r.sender_ip)) {
      c.egress_entry = entry->text;
    } else {
      c.nearest_miss = nearest_miss(egress, *r.sender_ip);
    }
  }
  return c;
}

recorded_verdict_step explain_recorded(const outcome& r, const evaluation_trace& trace) {
  recorded_verdict_step v;
  v.read = r.decision.by != action_decider::area1 && !trace.recorded_ignored;
  v.ignored = trace.recorded_ignored;
  const mail::eop_verdict& rec = trace.recorded;
  if (rec.from_forefront_report)
    v.header = "X-Forefront-Antispam-Report";
  else if (rec.scl)
    v.header = "X-MS-Exchange-Organization-SCL";
  v.scl = rec.scl;
  if (!rec.sfv.empty()) v.sfv = valid_utf8(rec.sfv);
  if (rec.from_forefront_report) v.category = mail::to_string(rec.category);
  v.bcl = rec.bcl;
  return v;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      out += text[i++];
      continue;
    }
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += "\xef\xbf\xbd";  // U+FFFD, as the JSON writer does
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

explanation explain(const plan& p, std::string_view id, std::string_view message,
                    const mail::scan_limits& limits, const outcome& record,
                    const evaluation_trace& trace, scratch& s) {
  const rules::rule_set& set = p.source();
  explanation e;
  e.id = valid_utf8(id);
  e.rule_set_name = valid_utf8(set.name);
  e.rule_set_source = valid_utf8(set.source);
  e.record = record;
  if (!record.error.empty()) e.error = valid_utf8(record.error);

  mail::header_block block;
  mail::scan_headers(message, limits, block);
  e.area1 = explain_area1(set, record, block.fields);
  e.connection = explain_connection(p, record, block.fields);
  e.recorded_verdict = explain_recorded(record, trace);

  const rule_trace* stopped_by = nullptr;
  for (std::size_t i = 0; i < p.rule_count(); ++i) {
    e.rules.push_back(explain_rule(p, i, trace));
    for (const auto& rt : trace.rules) {
      if (rt.rule == i && rt.stopped_processing) stopped_by = &rt;
    }
  }
  if (stopped_by != nullptr) {
    const rule_terminal with = stopped_by->stopped_with;
    e.stop_rule_processing =
        stop_step{valid_utf8(p.rule_name(stopped_by->rule)),
                  with == rule_terminal::none ? "StopRuleProcessing" : to_parameter(with)};
  }

  e.scl = explain_scl(p, record, trace);
  e.verdict = {to_string(record.verdict_value), verdict_reasons(record, trace)};
  e.antispam_policy = explain_antispam_policy(p, record, s.internals().original_recipients());
  e.action = explain_action(p, record);
  e.quarantine = explain_quarantine(p, record);
  e.effects = explain_effects(p, record);
  return e;
}

}  // namespace mfsim::explain
