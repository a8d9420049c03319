// Internal to the evaluator: the state of one evaluation and access to header values by slot.
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/eval/plan_internal.h"
#include "engine/eval/scratch_internal.h"
#include "engine/mail/message_view.h"
#include "engine/trace.h"

namespace mfsim::eval_detail {

// Everything one evaluation reads and writes, to keep the condition functions' signatures short.
struct context {
  const plan::impl& compiled;
  scratch::impl& s;
  std::string_view message;  // the raw message: its size, and its body on demand
  std::optional<net::ip_address> sender_ip;
  // The last SetSCL of an enforced rule so far: all SCLOver sees, since mail flow rules run
  // before content filtering gives the message its own SCL (decisions.md 14).
  std::optional<int> rule_scl;
  std::uint32_t rule_index = 0;  // the rule being evaluated, for rule errors
  evaluation_trace* trace = nullptr;
  // The highest SetAuditSeverity applied so far (the enum is ordered by severity).
  rules::audit_severity audit_severity = rules::audit_severity::do_not_audit;
  // The whole message's size: message.size(), or more when only the header block was read.
  std::uint64_t message_size = 0;
  // --accepted-domain's domains, after the rule set's own (FromScope, SentToScope).
  std::span<const rules::accepted_domain> extra_domains = {};
  // A recipient's copy (recipient forks): the whole message's recipients, for the AnyOf*
  // recipient conditions (decision 475); empty otherwise.
  std::span<const std::string> message_recipients = {};
};

// One current value of a header slot.
struct slot_value {
  std::string_view raw;      // as it stands in the message (a rule-set value: as set)
  std::string_view decoded;  // unfolded and RFC 2047-decoded
  std::string_view lowered;  // decoded, case-folded (engine/case_fold.h)
};

// The decoded and lower-cased value of field i, computed once per message.
void ensure_decoded(scratch::impl& s, std::uint32_t i);

// Calls visit(slot_value) for each current value of a slot, in order (the message's instances
// unless a rule replaced them, then values rules set); stops when visit returns true, and
// returns whether it did.
template <typename Visit>
bool any_value(context& ctx, int slot, Visit&& visit) {
  if (slot == kNoSlot) return false;
  const auto u = static_cast<std::size_t>(slot);
  if (!ctx.s.slot_replaced[u]) {
    for (const std::uint32_t i : ctx.s.slot_fields[u]) {
      ensure_decoded(ctx.s, i);
      if (visit(slot_value{ctx.s.block.fields[i].raw_value, ctx.s.decoded[i], ctx.s.lowered[i]})) {
        return true;
      }
    }
  }
  for (std::size_t k = 0; k < ctx.s.added_count; ++k) {
    const auto& a = ctx.s.added[k];
    if (a.slot == slot && visit(slot_value{a.decoded, a.decoded, a.lowered})) return true;
  }
  return false;
}

// ---- actions and their effects (action_effects.cc) ----
// Appends an effect of the rule being evaluated to the outcome, in the order applied.
effect& record_effect(context& ctx, const char* action, effect_value kind = effect_value::flag);
// What the other actions decided that ends the message.
struct other_actions_result {
  bool rejected = false;    // the disclaimer's fallback Reject: the rule rejects (an NDR)
  bool redirected = false;  // AddManagerAsRecipientType Redirect to a known manager
};
// Applies and records an enforced rule's recipient, moderation, routing, protection,
// disclaimer, report, notification and Edge Transport actions.
other_actions_result apply_other_actions(context& ctx, const compiled_rule& rule);
// An audit-mode rule that matched: "no action that affects message delivery is taken", but
// GenerateIncidentReport runs, and GenerateNotification too in AuditAndNotify (New-TransportRule
// -Mode; decision 15).
void apply_audit_actions(context& ctx, const compiled_rule& rule);
// Adds a value to a header slot for later rules, beside the message's own values.
void add_header_value(scratch::impl& s, int slot, std::string_view value);
// RedirectMessageTo: later rules see only these recipients.
void redirect_recipients(context& ctx, std::span<const std::string> addresses);
// Calls test(address, address_lower) for each address in the slot's current values (an
// address-list header: From, To, Cc, Return-Path) until one is true; returns whether one was.
template <typename Test>
bool any_address(context& ctx, int slot, Test&& test) {
  return any_value(ctx, slot, [&](const slot_value& v) {
    bool found = false;
    mail::for_each_address(v.decoded, [&](std::string_view address) {
      if (found) return;
      const auto offset = static_cast<std::size_t>(address.data() - v.decoded.data());
      found = test(address, v.lowered.substr(offset, address.size()));
    });
    return found;
  });
}

// Whether a lower-cased value is one of a lower-cased list (addresses, extensions, charsets).
inline bool is_listed(std::string_view lower, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), lower) != list.end();
}

// The body summary, parsed on first use (with the ASF signals when the plan reads them).
const mail::body_summary& body_of(context& ctx);

// Stage [D] (asf_stage.cc): the deciding anti-spam policy's Advanced Spam Filter settings, and
// its IntraOrgFilterState, applied to the verdict settle_verdict reached.
void apply_asf_settings(context& ctx);
void apply_intra_org_filter(context& ctx);

// The first of the condition's patterns that matches `text`, or -1; a pattern that cannot
// finish within the message's regex budget is a rule error.
int first_matching_pattern(context& ctx, const compiled_condition& c, std::string_view text);

// Whether a condition holds for the message as it stands; records pattern failures in
// ctx.s.result.rule_errors. With `where` (explain only: it allocates), also what matched and
// where, found by the same evaluation.
bool condition_holds(context& ctx, const compiled_condition& c, condition_match* where = nullptr);

// The directory's conditions (directory_conditions.cc): false without a directory.
bool directory_condition_holds(context& ctx, const compiled_condition& c, condition_match* where);
void list_directory_inputs(context& ctx, const compiled_condition& c, condition_trace& t);
// The attachment content conditions (attachment_conditions.cc): AttachmentContainsWords,
// AttachmentMatchesPatterns, AttachmentPropertyContainsWords, AttachmentIsUnsupported and
// AttachmentProcessingLimitExceeded; false for any other kind.
bool attachment_content_holds(context& ctx, const compiled_condition& c, condition_match* where);
void list_attachment_content_inputs(context& ctx, const compiled_condition& c, condition_trace& t);
// "not completed: REASON" when a budget stopped the opening of attachments, for explain's lists
// of what a condition looked at in them (names in archives too).
void list_unfinished_inspection(context& ctx, condition_trace& t);
// FromScope and SentToScope (scope_conditions.cc): the sender's or a recipient's place inside
// or outside the organisation, from the accepted domains and the recorded authentication.
bool from_scope_holds(context& ctx, const compiled_condition& c, condition_match* where);
bool sent_to_scope_holds(context& ctx, const compiled_condition& c, condition_match* where);
// What the scope conditions read, for explain: the authentication and where it came from.
void list_scope_inputs(context& ctx, const compiled_condition& c, condition_trace& t);

// Calls test(address, address_lower) for each sender address the condition reads (From
// header, envelope sender or both, per SenderAddressLocation) until one is true.
template <typename Test>
bool any_from_address(context& ctx, const compiled_condition& c, Test&& test) {
  return (c.reads_header_from && any_address(ctx, c.slot, test)) ||
         (c.reads_envelope_from && any_address(ctx, c.envelope_slot, test));
}

// Per slot, a bit per entry of the slot's automaton (plan::impl::slot_words) that occurs in the
// slot's current values: scanned on first use and again after a rule changed the header.
const std::vector<std::uint64_t>& slot_words_found(context& ctx, int slot);

// The recipients given rather than read from the message (evaluator.cc): the manifest's, else
// --rcpt's; none when neither gives any.
std::span<const std::string> given_recipients(const run_options& options,
                                              const message_overrides* overrides);

// One rule's turn in stage [C] (evaluator.cc): its status on the message as it stands; an
// applied rule's actions are carried out, and `stops` says whether rule processing ends there.
struct rule_step {
  rule_status status = rule_status::disabled;
  bool stops = false;
  rule_terminal stopped_with = rule_terminal::none;  // the terminal action that stopped it
};
rule_step evaluate_rule(context& ctx, std::uint32_t i, std::optional<std::int64_t> clock);

// Stage [C] without a trace: only the rules the plan's index says the message can match, in
// order, with the same outcome as visiting every rule (rule_candidates.cc).
void run_indexed_rules(context& ctx, std::optional<std::int64_t> clock);

// The values a condition reads, raw and decoded, for the trace (explain only). With a match in
// the body, the window of the body it lies in ends the decoded values.
void list_inputs(context& ctx, const compiled_condition& c, condition_trace& t);

}  // namespace mfsim::eval_detail
