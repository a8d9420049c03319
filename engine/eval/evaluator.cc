// evaluate(): one message through the stages, on a reused scratch (docs/architecture.md):
// read [1]-[3], Area 1 [A], connection [B], transport rules [C], verdict [D] and action [E]
// (engine/policy/), quarantine [F] (engine/policy/), folder [G] (engine/mailbox/).
#include <algorithm>
#include <array>
#include <span>

#include "engine/ascii.h"
#include "engine/eval/eval_context.h"
#include "engine/mailbox/mailbox_stage.h"
#include "engine/policy/action_precedence.h"
#include "engine/policy/antispam_policy.h"
#include "engine/policy/policy_lists.h"
#include "engine/policy/quarantine_policy.h"

namespace mfsim {

scratch::scratch() : impl_(std::make_unique<impl>()) {}
scratch::~scratch() = default;

namespace {

using eval_detail::context;

constexpr std::size_t kMaxSlotNameBytes = 256;  // longer header names are read by no condition

void file_fields_by_slot(const plan::impl& p, scratch::impl& s) {
  s.slot_fields.resize(p.slot_names.size());
  for (auto& list : s.slot_fields) list.clear();
  char lowered[kMaxSlotNameBytes];
  for (std::uint32_t i = 0; i < s.block.fields.size(); ++i) {
    const std::string_view name = s.block.fields[i].name;
    if (name.size() > kMaxSlotNameBytes) continue;
    if ((p.slot_name_lengths >> std::min<std::size_t>(name.size(), 63) & 1) == 0) continue;
    for (std::size_t k = 0; k < name.size(); ++k) lowered[k] = ascii_lower(name[k]);
    const int slot = p.slot_of(std::string_view(lowered, name.size()));
    if (slot != kNoSlot) s.slot_fields[static_cast<std::size_t>(slot)].push_back(i);
  }
}

// Evaluates one condition; with a trace, records what it read and where it matched.
bool holds(context& ctx, const compiled_condition& c, std::uint32_t index, bool exception) {
  if (ctx.trace == nullptr) return eval_detail::condition_holds(ctx, c);
  const std::size_t errors_before = ctx.s.result.rule_errors.size();
  condition_trace t;
  t.rule = ctx.rule_index;
  t.exception = exception;
  t.index = index;
  t.result = eval_detail::condition_holds(ctx, c, &t.match);
  t.errored = ctx.s.result.rule_errors.size() != errors_before;
  eval_detail::list_inputs(ctx, c, t);
  const bool result = t.result;
  ctx.trace->conditions.push_back(std::move(t));
  return result;
}

// Conditions must all hold (AND); any exception cancels the rule (OR).
rule_status match_rule(context& ctx, const compiled_rule& rule) {
  const std::size_t errors_before = ctx.s.result.rule_errors.size();
  // A pattern that could not finish leaves the rule undecided (decisions.md 16a).
  const auto decided = [&](rule_status s) {
    return ctx.s.result.rule_errors.size() != errors_before ? rule_status::undecided : s;
  };
  for (std::uint32_t k = 0; k < rule.conditions.size(); ++k) {
    if (!holds(ctx, rule.conditions[k], k, false)) return decided(rule_status::no_match);
  }
  for (std::uint32_t k = 0; k < rule.exceptions.size(); ++k) {
    if (holds(ctx, rule.exceptions[k], k, true)) return decided(rule_status::excepted);
  }
  return decided(rule.enforce ? rule_status::applied : rule_status::audit_match);
}

void drop_added_values(scratch::impl& s, int slot) {
  std::size_t kept = 0;
  for (std::size_t k = 0; k < s.added_count; ++k) {
    if (s.added[k].slot != slot) std::swap(s.added[kept++], s.added[k]);
  }
  s.added_count = kept;
}

// Replaces every value of a slot for the rules that follow.
void replace_header(scratch::impl& s, int slot, std::optional<std::string_view> value) {
  if (slot == kNoSlot) return;  // no later condition reads it
  const auto u = static_cast<std::size_t>(slot);
  s.slot_replaced[u] = 1;
  s.slot_found_valid[u] = 0;
  drop_added_values(s, slot);
  if (value) eval_detail::add_header_value(s, slot, *value);
}

// SetAuditSeverity's spellings in the record.
std::string_view severity_text(rules::audit_severity a) noexcept {
  switch (a) {
    case rules::audit_severity::low: return "low";
    case rules::audit_severity::medium: return "medium";
    case rules::audit_severity::high: return "high";
    case rules::audit_severity::do_not_audit: break;
  }
  return {};
}

// RejectMessageReasonText / RejectMessageEnhancedStatusCode as an effect: the parameter given
// (the reason when both are), the other beside it with Exchange's default when not given.
void record_reject_effect(context& ctx, const rules::rule_actions& a) {
  effect& e = eval_detail::record_effect(
      ctx, a.reject_reason ? "RejectMessageReasonText" : "RejectMessageEnhancedStatusCode",
      effect_value::text);
  const std::string_view code = a.reject_status_code ? std::string_view(*a.reject_status_code)
                                                     : std::string_view(rules::kDefaultRejectCode);
  if (a.reject_reason) {
    e.text = *a.reject_reason;
    e.details[e.detail_count++] = {"RejectMessageEnhancedStatusCode", code};
  } else {
    e.text = code;
    e.details[e.detail_count++] = {"RejectMessageReasonText", rules::kDefaultRejectText};
  }
}

// Records a terminal action of rule `i` in the outcome (the action stage [E] weighs).
void end_rules(outcome& out, rule_terminal end, std::uint32_t i) noexcept {
  out.rules_ended = end;
  out.terminal_rule = i;
}

// Applies an enforced rule's actions; returns whether rule processing stops here, and in
// `stopped_with` the terminal action that stopped it (none for StopRuleProcessing alone).
bool apply_actions(context& ctx, const compiled_rule& rule, rule_terminal& stopped_with) {
  const rules::rule_actions& a = rule.source->actions;
  outcome& out = ctx.s.result;
  if (a.set_scl) {
    ctx.rule_scl = *a.set_scl;
    out.scl_rule = ctx.rule_index;
    eval_detail::record_effect(ctx, "SetSCL", effect_value::number).number = *a.set_scl;
  }
  if (a.remove_header) {
    replace_header(ctx.s, rule.remove_header_slot, std::nullopt);
    eval_detail::record_effect(ctx, "RemoveHeader", effect_value::text).text = *a.remove_header;
  }
  if (a.set_header_name) {
    replace_header(ctx.s, rule.set_header_slot, a.set_header_value.value_or(std::string()));
    effect& e = eval_detail::record_effect(ctx, "SetHeaderName", effect_value::text);
    e.text = *a.set_header_name;
    e.details[e.detail_count++] = {"SetHeaderValue", a.set_header_value
                                                         ? std::string_view(*a.set_header_value)
                                                         : std::string_view()};
  }
  if (a.prepend_subject) {
    eval_detail::record_effect(ctx, "PrependSubject", effect_value::text).text = *a.prepend_subject;
    std::string& subject = ctx.s.buffer2;
    subject.assign(*a.prepend_subject);
    eval_detail::any_value(ctx, rule.subject_slot, [&](const eval_detail::slot_value& v) {
      subject.append(v.decoded);
      return true;  // the first Subject: is the subject
    });
    replace_header(ctx.s, rule.subject_slot, std::string_view(subject));
  }
  const auto others = eval_detail::apply_other_actions(ctx, rule);
  const bool disclaimer_rejected = others.rejected;
  if (a.set_audit_severity) {
    eval_detail::record_effect(ctx, "SetAuditSeverity", effect_value::text).text =
        rules::parameter_value(*a.set_audit_severity);
  }
  if (a.set_audit_severity && *a.set_audit_severity > ctx.audit_severity) {
    // The highest severity of the rules that applied (DoNotAudit, the lowest, records nothing).
    ctx.audit_severity = *a.set_audit_severity;
    ctx.s.result.audit_severity = severity_text(ctx.audit_severity);
  }
  // The first redirect counts unless a stopping action comes later.
  if ((!a.redirect_message_to.empty() || others.redirected) &&
      out.rules_ended == rule_terminal::none) {
    end_rules(out, rule_terminal::redirect, ctx.rule_index);
  }
  if (!a.redirect_message_to.empty()) {
    effect& e = eval_detail::record_effect(ctx, "RedirectMessageTo", effect_value::list);
    e.list = a.redirect_message_to;
    eval_detail::redirect_recipients(ctx, a.redirect_message_to);
  }
  if (a.delete_message) {
    stopped_with = rule_terminal::delete_message;
    eval_detail::record_effect(ctx, "DeleteMessage");
  } else if (a.rejects() || disclaimer_rejected) {
    // An NDR ends the message here, like DeleteMessage.
    stopped_with = rule_terminal::reject;
    const bool own = a.rejects();  // else the disclaimer's fallback: Exchange's defaults
    out.reject_code = own && a.reject_status_code ? std::string_view(*a.reject_status_code)
                                                  : std::string_view(rules::kDefaultRejectCode);
    out.reject_reason = own && a.reject_reason ? std::string_view(*a.reject_reason)
                                               : std::string_view(rules::kDefaultRejectText);
    if (own && !a.notify_sender) record_reject_effect(ctx, a);
  } else if (a.quarantine) {
    stopped_with = rule_terminal::quarantine;
    eval_detail::record_effect(ctx, "Quarantine");
  } else {
    if (a.stop_rule_processing) eval_detail::record_effect(ctx, "StopRuleProcessing");
    return a.stop_rule_processing;
  }
  if (a.stop_rule_processing) eval_detail::record_effect(ctx, "StopRuleProcessing");
  end_rules(out, stopped_with, ctx.rule_index);
  return true;
}

// ActivationDate and ExpiryDate against the clock (--now, else the received time); with no
// clock at all, dates cannot be judged and the rule counts as active.
bool active_at(const rules::transport_rule& rule, std::optional<std::int64_t> clock) noexcept {
  if (!clock) return true;
  if (rule.activation_date && *clock < *rule.activation_date) return false;
  if (rule.expiry_date && *clock >= *rule.expiry_date) return false;
  return true;
}

}  // namespace

namespace eval_detail {

std::span<const std::string> given_recipients(const run_options& options,
                                              const message_overrides* overrides) {
  if (overrides != nullptr && overrides->recipients != nullptr && !overrides->recipients->empty()) {
    return *overrides->recipients;
  }
  return options.recipients;
}

rule_step evaluate_rule(context& ctx, std::uint32_t i, std::optional<std::int64_t> clock) {
  const compiled_rule& rule = ctx.compiled.rules[i];
  ctx.rule_index = i;
  rule_step step;
  if (!rule.enabled) return step;
  if (!active_at(*rule.source, clock)) {
    step.status = rule_status::inactive;
    return step;
  }
  step.status = match_rule(ctx, rule);
  if (step.status == rule_status::undecided &&
      rule.source->on_error == rules::rule_error_action::defer) {
    // RuleErrorAction Defer: Exchange would retry the message later (decisions.md).
    effect& e = record_effect(ctx, "RuleErrorAction", effect_value::text);
    e.text = "Defer";
    e.details[e.detail_count++] = {"result", "deferred"};
  }
  if (step.status == rule_status::applied || step.status == rule_status::audit_match) {
    ctx.s.result.rules.push_back(i);
  }
  // Audit modes record the match and change nothing about delivery (decision 15).
  if (step.status == rule_status::applied) step.stops = apply_actions(ctx, rule, step.stopped_with);
  if (step.status == rule_status::audit_match) apply_audit_actions(ctx, rule);
  return step;
}

}  // namespace eval_detail

namespace {

// Stage [C] with a trace: every rule in order, each one's status traced. Without a trace the
// rule index picks the rules to look at (run_indexed_rules, rule_candidates.cc); both decide
// the same (tests/rule_index_test.cc).
void run_transport_rules(context& ctx, std::optional<std::int64_t> clock) {
  if (ctx.trace == nullptr) {
    eval_detail::run_indexed_rules(ctx, clock);
    return;
  }
  bool stopped = false;
  for (std::uint32_t i = 0; i < ctx.compiled.rules.size(); ++i) {
    eval_detail::rule_step step;
    if (stopped) {
      ctx.rule_index = i;
      step.status = rule_status::not_reached;
    } else {
      step = eval_detail::evaluate_rule(ctx, i, clock);
      stopped = step.stops;
    }
    ctx.trace->rules.push_back({i, step.status, step.stops, step.stopped_with, ctx.rule_scl});
  }
}

// The white space a disposition is trimmed of.
constexpr std::string_view kDispositionSpace = " \t\r\n";

void read_disposition(const plan::impl& p, scratch::impl& s) {
  auto& out = s.result;
  if (p.disposition_slot == kNoSlot) return;
  const auto& fields = s.slot_fields[static_cast<std::size_t>(p.disposition_slot)];
  if (fields.empty()) return;
  eval_detail::ensure_decoded(s, fields.front());
  std::string_view value = s.decoded[fields.front()];
  // Trimmed of RFC 5322's white space, CR and LF included: an encoded word may decode to them
  // (cli-contract.md `disposition`, decision 433).
  const std::size_t first = value.find_first_not_of(kDispositionSpace);
  if (first == std::string_view::npos) return;
  value = value.substr(first, value.find_last_not_of(kDispositionSpace) - first + 1);
  s.disposition.assign(value);
  for (char& c : s.disposition) c = ascii_upper(c);
  out.disposition = s.disposition;
}

void prepare(const plan::impl& p, scratch::impl& s) {
  s.result.clear();
  s.body_read = false;
  s.regex_budget_spent = false;
  s.recipient_count = 0;
  s.original_recipient_count = 0;
  s.live_from = 0;
  s.added_count = 0;
  s.slot_replaced.assign(p.slot_names.size(), 0);
  s.slot_found_valid.assign(p.slot_names.size(), 0);
  if (s.slot_found.size() < p.slot_names.size()) s.slot_found.resize(p.slot_names.size());
  if (++s.stamp == 0) {  // the stamp wrapped: forget every cached value
    std::fill(s.decoded_stamp.begin(), s.decoded_stamp.end(), 0);
    s.stamp = 1;
  }
  const std::size_t n = s.block.fields.size();
  if (s.decoded.size() < n) {
    s.decoded.resize(n);
    s.lowered.resize(n);
    s.decoded_stamp.resize(n, 0);
  }
}

// Area 1 keeps a message by its disposition, the header value's first word: a value such as
// "UCE; reason=newsletter" is a UCE message to Area 1 as to a rule's word match (decision 20).
bool kept_by_area1(const plan::impl& p, const outcome& out) {
  if (!out.disposition) return false;
  const std::string_view value = *out.disposition;
  const std::string_view word = value.substr(0, value.find_first_of(" \t\r\n;,"));
  return std::find(p.area1_quarantine.begin(), p.area1_quarantine.end(), word) !=
         p.area1_quarantine.end();
}

void read_sender_ip(scratch::impl& s, const run_options& options,
                    const message_overrides* overrides) {
  outcome& out = s.result;
  if (overrides != nullptr && overrides->client_ip) {
    out.sender_ip = overrides->client_ip;
    out.sender_ip_source = mail::ip_source::manifest;
  } else if (options.client_ip) {
    out.sender_ip = options.client_ip;
    out.sender_ip_source = mail::ip_source::client_ip;
  } else {
    const auto found = mail::find_sender_ip(s.block.fields, s.buffer);
    out.sender_ip = found.address;
    out.sender_ip_source = found.source;
  }
}

// The authentication and direction Exchange recorded; the manifest's auth_as and direction win.
void read_auth(scratch::impl& s, const message_overrides* overrides) {
  mail::message_auth& auth = s.result.auth;
  auth = mail::read_message_auth(s.block.fields);
  if (overrides == nullptr) return;
  if (overrides->auth_as != mail::auth_as::unknown) {
    auth.as = overrides->auth_as;
    auth.source = mail::auth_source::manifest;
  }
  if (overrides->direction != mail::direction::unknown) {
    auth.dir = overrides->direction;
    auth.source = mail::auth_source::manifest;
  }
}

// The recipients (section 2): the manifest's, else --rcpt, else the To and Cc addresses.
void read_recipients(const plan::impl& p, scratch::impl& s, const run_options& options,
                     const message_overrides* overrides) {
  if (const auto given = eval_detail::given_recipients(options, overrides); !given.empty()) {
    for (const auto& r : given) s.add_recipient(r);
    return;
  }
  for (const int slot : {p.to_slot, p.cc_slot}) {
    if (slot == kNoSlot) continue;
    for (const std::uint32_t i : s.slot_fields[static_cast<std::size_t>(slot)]) {
      eval_detail::ensure_decoded(s, i);
      mail::for_each_address(s.lowered[i],
                             [&](std::string_view address) { s.add_recipient(address); });
    }
  }
}

// Stages [1]-[3] and [B]: the header block, the fields by slot, the Area 1 disposition, the
// connecting IP and whether it is an Area 1 egress address, and the received time.
void read_message(const plan::impl& p, std::string_view message, const run_options& options,
                  const message_overrides* overrides, scratch::impl& s) {
  mail::scan_headers(message, options.limits, s.block);
  prepare(p, s);
  outcome& out = s.result;
  out.flags = s.block.flags;
  if (message.empty()) {
    out.error = "empty message";
  } else if (s.block.fields.empty()) {
    // A first field longer than the header window is there but unread: say so.
    out.error = (s.block.flags & mail::flag_header_too_large) != 0
                    ? "no header fields: the first one does not fit --max-header-bytes"
                    : "no header fields";
  }
  file_fields_by_slot(p, s);
  read_disposition(p, s);
  read_sender_ip(s, options, overrides);
  out.in_egress = out.sender_ip && p.egress.contains(*out.sender_ip);
  if (overrides != nullptr && overrides->received)
    out.received = overrides->received;
  else
    out.received = mail::received_time(s.block.fields, s.buffer);
  if (!out.received) out.received = options.now;
  if (p.reads_auth) read_auth(s, overrides);
}

// Microsoft's own verdict as recorded in the message (none with --message-verdict ignore).
mail::eop_verdict read_recorded_verdict(const run_options& options, scratch::impl& s,
                                        evaluation_trace* trace) {
  mail::eop_verdict recorded;
  if (!options.ignore_message_verdict) recorded = mail::read_eop_verdict(s.block.fields, s.buffer);
  if (trace != nullptr) {
    trace->recorded = recorded;
    trace->recorded_ignored = options.ignore_message_verdict;
  }
  return recorded;
}

// The sender addresses the policy lists read: the From header's and the envelope sender's
// (Return-Path), lower-cased, at most kMaxListSenders of them.
constexpr std::size_t kMaxListSenders = 8;

std::size_t list_senders(const plan::impl& p, scratch::impl& s,
                         std::array<std::string_view, kMaxListSenders>& senders) {
  std::size_t n = 0;
  for (const int slot : {p.from_slot, p.return_path_slot}) {
    if (slot == kNoSlot) continue;
    for (const std::uint32_t i : s.slot_fields[static_cast<std::size_t>(slot)]) {
      eval_detail::ensure_decoded(s, i);
      mail::for_each_address(s.lowered[i], [&](std::string_view address) {
        if (n < senders.size()) senders[n++] = address;
      });
    }
  }
  return n;
}

// Stage [D], after filtering: the deciding policy's sender, language and region lists.
void apply_lists(const plan::impl& p, scratch::impl& s, std::optional<int> rule_scl) {
  outcome& out = s.result;
  std::array<std::string_view, kMaxListSenders> senders{};
  const std::size_t n = list_senders(p, s, senders);
  // LANG: and CTRY: as X-Forefront-Antispam-Report recorded them (kept in buffer2 while used).
  std::string_view language, country;
  if (const auto report =
          mail::first_unfolded(s.block.fields, "X-Forefront-Antispam-Report", s.buffer2)) {
    language = mail::semicolon_field(*report, "LANG").value_or(std::string_view());
    country = mail::semicolon_field(*report, "CTRY").value_or(std::string_view());
  }
  const policy::list_decision d = policy::apply_policy_lists(
      *out.antispam, {std::span(senders.data(), n), language, country, rule_scl},
      out.verdict_value);
  if (d.setting.empty()) return;
  out.verdict_value = d.value;
  out.why_verdict.cause = verdict_cause::policy_list;
  out.list_setting = d.setting;
  out.list_entry = d.entry;
}

// Stage [D]: the SCL, the anti-spam policy that applies to the recipients, and the verdict.
void settle_verdict(const plan::impl& p, scratch::impl& s, std::optional<int> rule_scl,
                    const mail::eop_verdict& recorded) {
  outcome& out = s.result;
  if (rule_scl) {
    out.scl = rule_scl;
    out.scl_source = scl_origin::rule;
  } else if (recorded.scl) {
    out.scl = recorded.scl;
    out.scl_source = scl_origin::message;
  }
  out.antispam = &policy::policy_for(p.source.antispam, p.scoped_policies, s.original_recipients(),
                                     p.directory.get());
  out.verdict_value = policy::decide_verdict(
      {rule_scl, recorded, out.antispam->bulk_threshold, out.antispam->mark_as_spam_bulk_mail,
       p.source.antiphish.enable_spoof_intelligence},
      out.why_verdict);
  if (p.reads_sender_lists) apply_lists(p, s, rule_scl);
  // scl_model advisory: a rule's SCL is a request filtering may decline (section 6). Marked
  // only where that SCL decided the verdict, not where Microsoft's category (malware, high
  // confidence phish) or a policy list did (decision 43).
  out.scl_requested = p.source.scl_model_kind == rules::scl_model::advisory && rule_scl &&
                      (*rule_scl < 0 || *rule_scl >= 5) &&
                      out.why_verdict.cause == verdict_cause::scl &&
                      out.why_verdict.scl_source == scl_origin::rule;
}

// One message through the stages, each recording its decisions in s.result.
void evaluate_message(const plan::impl& p, const message_prefix& m, const run_options& options,
                      scratch::impl& s, const message_overrides* overrides,
                      evaluation_trace* trace) {
  const std::string_view message = m.bytes;
  outcome& out = s.result;
  read_message(p, message, options, overrides, s);  // [1]-[3], [B]
  if (kept_by_area1(p, out)) {                      // [A]
    policy::keep_in_area1(out);                     // Microsoft 365 never sees it
    return;
  }
  const mail::eop_verdict recorded = read_recorded_verdict(options, s, trace);
  if (p.needs_recipients) read_recipients(p, s, options, overrides);
  s.original_recipient_count = s.recipient_count;
  context ctx{p, s, message, out.sender_ip, std::nullopt, 0, trace};
  ctx.message_size = std::max<std::uint64_t>(m.size, message.size());
  ctx.extra_domains = options.accepted_domains;
  if (overrides != nullptr) ctx.message_recipients = overrides->message_recipients;
  run_transport_rules(ctx, options.now ? options.now : out.received);  // [C]
  settle_verdict(p, s, ctx.rule_scl, recorded);                        // [D]
  if (p.reads_asf) eval_detail::apply_asf_settings(ctx);
  if (p.reads_intra_org) eval_detail::apply_intra_org_filter(ctx);
  policy::decide_action(p.source, out);  // [E], [F]
}

}  // namespace

const outcome& evaluate(const plan& p, std::string_view message, const run_options& options,
                        scratch& s, const message_overrides* overrides,
                        evaluation_trace* trace) noexcept {
  return evaluate(p, message_prefix{message, message.size()}, options, s, overrides, trace);
}

const outcome& evaluate(const plan& p, const message_prefix& message, const run_options& options,
                        scratch& s, const message_overrides* overrides,
                        evaluation_trace* trace) noexcept {
  scratch::impl& si = s.internals();
  try {
    if (trace != nullptr) trace->clear();
    evaluate_message(p.internals(), message, options, si, overrides, trace);
    // [G]: the folder, from the recorded decision and the mailbox's junk email settings.
    mailbox::run_stage_g(p, options.mailbox_state, si.block.fields,
                         eval_detail::given_recipients(options, overrides), si.buffer, si.buffer2,
                         si.result);
  } catch (const std::exception&) {
    // Only allocation failure can get here; the record still goes out, marked.
    si.result.error = "out of memory while evaluating";
  }
  return si.result;
}

}  // namespace mfsim
