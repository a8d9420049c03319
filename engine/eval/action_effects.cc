// Stage [C]'s actions beyond SetSCL, the header and subject changes and the terminal actions:
// each applied action is recorded as an effect, and the ones later rules can see (recipients)
// change what they see (docs/decisions.md, "Actions and effects (issue 15)").
#include <algorithm>
#include <array>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/eval/eval_context.h"
#include "engine/mail/mime_parameters.h"

namespace mfsim::eval_detail {
namespace {

// What the record says of an action Exchange Online does not carry out, or could not.
constexpr std::string_view kEdgeTransportOnly = "edge_transport_only";
constexpr std::string_view kNoManager = "no_manager";  // no directory names the sender's manager

void add_detail(effect& e, const char* key, std::string_view value) noexcept {
  if (e.detail_count < effect::kMaxDetails) e.details[e.detail_count++] = {key, value};
}

effect& record_list(context& ctx, const char* action, std::span<const std::string> values) {
  effect& e = record_effect(ctx, action, effect_value::list);
  e.list = values;
  return e;
}

effect& record_text(context& ctx, const char* action, std::string_view value) {
  effect& e = record_effect(ctx, action, effect_value::text);
  e.text = value;
  return e;
}

// A recipient a rule added, for later rules' recipient conditions (SentTo, RecipientDomainIs)
// and, through `slot` (To or Cc), their header conditions.
void add_recipients(context& ctx, std::span<const std::string> addresses, int slot) {
  scratch::impl& s = ctx.s;
  if (ctx.compiled.needs_recipients) {
    for (const auto& a : addresses) s.add_recipient(a);
  }
  if (slot == kNoSlot) return;
  for (const auto& a : addresses) add_header_value(s, slot, a);
  s.slot_found_valid[static_cast<std::size_t>(slot)] = 0;
}

// The primary address of the sender's manager (the directory's Manager attribute): the first
// address of From, then of Return-Path, that the directory holds with a manager.
std::optional<std::string_view> sender_manager(context& ctx) {
  if (!ctx.compiled.directory) return std::nullopt;
  const directory::directory_index& dir = *ctx.compiled.directory;
  std::optional<std::string_view> manager;
  for (const int slot : {ctx.compiled.from_slot, ctx.compiled.return_path_slot}) {
    if (any_address(ctx, slot, [&](std::string_view, std::string_view lower) {
          manager = dir.manager_address(lower);
          return manager.has_value();
        })) {
      break;
    }
  }
  return manager;
}

// AddManagerAsRecipientType: the manager joins the recipients (To, Cc or Bcc) or replaces
// them (Redirect); returns whether the message was redirected.
bool add_manager(context& ctx, rules::added_manager_action type) {
  effect& e = record_text(ctx, "AddManagerAsRecipientType", rules::parameter_value(type));
  const auto manager = sender_manager(ctx);
  if (!manager) {
    add_detail(e, "result", kNoManager);
    return false;
  }
  add_detail(e, "manager", *manager);
  const std::string& address = ctx.s.buffer2.assign(*manager);
  const std::span<const std::string> one(&address, 1);
  switch (type) {
    case rules::added_manager_action::to: add_recipients(ctx, one, ctx.compiled.to_slot); break;
    case rules::added_manager_action::cc: add_recipients(ctx, one, ctx.compiled.cc_slot); break;
    case rules::added_manager_action::bcc: add_recipients(ctx, one, kNoSlot); break;
    case rules::added_manager_action::redirect: redirect_recipients(ctx, one); return true;
  }
  return false;
}

// The top-level media type as the body walk reads a part's (decisions 710, 900, 1206):
// comments dropped, and the blanks around each half, the subtype its token; "" when it is
// longer than `out` holds (none of those content_is_sealed() seeks) or a half holds a blank.
// Read in place: an evaluation allocates nothing after warm-up.
std::string_view media_type_of(std::string_view value, std::array<char, 32>& out) {
  constexpr std::string_view kEndsSubtype = ",()<>@:\\\"/[]?=";
  std::size_t n = 0;
  bool in_subtype = false;  // past the '/'
  bool half_started = false;
  bool half_ended = false;  // a blank after the half's first byte
  bool unclosed = false;    // past a '(' in a token that no ')' closes
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (unclosed && (c == '(' || c == ')')) continue;
    if (c == '(') {
      // As without_comments() reads it (decision 713): a comment is dropped; one left open
      // runs to the end after a blank, and inside a token only its parentheses are dropped.
      const std::size_t end = mail::skip_comment(value, i);
      if (end != std::string_view::npos) {
        i = end - 1;
        continue;
      }
      if (i == 0 || value[i - 1] == ' ' || value[i - 1] == '\t') break;
      unclosed = true;
      continue;
    }
    if (c == ';') break;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
      half_ended = half_started;
      continue;
    }
    if (c == '/' && !in_subtype) {
      in_subtype = true;
      half_started = half_ended = false;
    } else if (in_subtype && (half_ended || kEndsSubtype.find(c) != std::string_view::npos)) {
      break;  // the subtype's token ended
    } else if (half_ended) {
      return {};  // `multi part/signed`
    } else {
      half_started = true;
    }
    if (n == out.size()) return {};
    out[n++] = c;
  }
  return {out.data(), n};
}

// Whether the message's content cannot be altered: S/MIME signed (multipart/signed) or
// encrypted (application/pkcs7-mime), by its top-level Content-Type.
bool content_is_sealed(context& ctx) {
  scratch::impl& s = ctx.s;
  for (std::uint32_t i = 0; i < s.block.fields.size(); ++i) {
    if (!ascii_iequals(s.block.fields[i].name, "content-type")) continue;
    ensure_decoded(s, i);
    std::array<char, 32> buffer{};
    const std::string_view type = media_type_of(s.lowered[i], buffer);
    return type == "multipart/signed" || type == "application/pkcs7-mime" ||
           type == "application/x-pkcs7-mime";  // the first Content-Type is the message's
  }
  return false;
}

// ApplyHtmlDisclaimerText with its location and fallback; returns true when the fallback
// rejects the message.
bool apply_disclaimer(context& ctx, const rules::rule_actions& a) {
  effect& e = record_text(ctx, "ApplyHtmlDisclaimerText", *a.disclaimer_text);
  add_detail(e, "ApplyHtmlDisclaimerLocation", rules::parameter_value(a.disclaimer_at));
  add_detail(e, "ApplyHtmlDisclaimerFallbackAction",
             rules::parameter_value(a.disclaimer_fallback_action));
  if (!content_is_sealed(ctx)) {
    add_detail(e, "result", "applied");
    return false;
  }
  switch (a.disclaimer_fallback_action) {
    case rules::disclaimer_fallback::wrap: add_detail(e, "result", "wrapped"); return false;
    case rules::disclaimer_fallback::ignore: add_detail(e, "result", "ignored"); return false;
    case rules::disclaimer_fallback::reject: add_detail(e, "result", "rejected"); return true;
  }
  return false;
}

}  // namespace

void add_header_value(scratch::impl& s, int slot, std::string_view value) {
  if (s.added_count == s.added.size()) s.added.emplace_back();
  auto& a = s.added[s.added_count++];
  a.slot = slot;
  a.decoded.assign(value);
  a.lowered.clear();
  append_case_folded(value, a.lowered);
}

effect& record_effect(context& ctx, const char* action, effect_value kind) {
  auto& effects = ctx.s.result.effects;
  effect& e = effects.emplace_back();
  e.action = action;
  e.rule = ctx.rule_index;
  e.kind = kind;
  return e;
}

void redirect_recipients(context& ctx, std::span<const std::string> addresses) {
  scratch::impl& s = ctx.s;
  if (!ctx.compiled.needs_recipients) return;
  s.live_from = s.recipient_count;
  for (const auto& a : addresses) s.add_recipient(a);
}

namespace {

// GenerateIncidentReport, and GenerateNotification: the actions an audit-mode rule runs too.
void record_incident_report(context& ctx, const compiled_rule& rule) {
  const rules::rule_actions& a = rule.source->actions;
  if (a.generate_incident_report.empty()) return;
  effect& e = record_list(ctx, "GenerateIncidentReport", a.generate_incident_report);
  if (!rule.incident_report_content.empty()) {
    add_detail(e, "IncidentReportContent", rule.incident_report_content);
  }
}

void record_notification(context& ctx, const compiled_rule& rule) {
  const rules::rule_actions& a = rule.source->actions;
  if (a.generate_notification) record_text(ctx, "GenerateNotification", *a.generate_notification);
}

}  // namespace

void apply_audit_actions(context& ctx, const compiled_rule& rule) {
  record_incident_report(ctx, rule);
  if (rule.source->mode == rules::rule_mode::audit_and_notify) record_notification(ctx, rule);
}

other_actions_result apply_other_actions(context& ctx, const compiled_rule& rule) {
  const rules::rule_actions& a = rule.source->actions;
  const plan::impl& p = ctx.compiled;
  other_actions_result result;
  if (a.apply_classification) record_text(ctx, "ApplyClassification", *a.apply_classification);
  result.rejected = a.disclaimer_text && apply_disclaimer(ctx, a);
  if (!a.add_to_recipients.empty()) {
    record_list(ctx, "AddToRecipients", a.add_to_recipients);
    add_recipients(ctx, a.add_to_recipients, p.to_slot);
  }
  if (!a.copy_to.empty()) {
    record_list(ctx, "CopyTo", a.copy_to);
    add_recipients(ctx, a.copy_to, p.cc_slot);
  }
  if (!a.blind_copy_to.empty()) {
    record_list(ctx, "BlindCopyTo", a.blind_copy_to);
    add_recipients(ctx, a.blind_copy_to, kNoSlot);  // Bcc: in no header
  }
  if (a.add_manager_as_recipient_type) {
    result.redirected = add_manager(ctx, *a.add_manager_as_recipient_type);
  }
  if (!a.moderate_message_by_user.empty()) {
    record_list(ctx, "ModerateMessageByUser", a.moderate_message_by_user);
  }
  if (a.moderate_message_by_manager) {
    effect& e = record_effect(ctx, "ModerateMessageByManager");
    const auto manager = sender_manager(ctx);
    if (manager) {
      add_detail(e, "manager", *manager);
    } else {
      add_detail(e, "result", kNoManager);
    }
  }
  if (a.apply_ome) record_effect(ctx, "ApplyOME");
  if (a.remove_ome) record_effect(ctx, "RemoveOME");
  if (a.remove_ome_v2) record_effect(ctx, "RemoveOMEv2");
  if (a.remove_rms_attachment_encryption) record_effect(ctx, "RemoveRMSAttachmentEncryption");
  if (a.apply_rights_protection_template) {
    record_text(ctx, "ApplyRightsProtectionTemplate", *a.apply_rights_protection_template);
  }
  if (a.apply_rights_protection_customization_template) {
    record_text(ctx, "ApplyRightsProtectionCustomizationTemplate",
                *a.apply_rights_protection_customization_template);
  }
  if (a.route_message_outbound_require_tls) record_effect(ctx, "RouteMessageOutboundRequireTls");
  if (a.route_message_outbound_connector) {
    record_text(ctx, "RouteMessageOutboundConnector", *a.route_message_outbound_connector);
  }
  record_incident_report(ctx, rule);
  record_notification(ctx, rule);
  if (a.notify_sender) {
    effect& e = record_text(ctx, "NotifySender", rules::parameter_value(*a.notify_sender));
    if (a.rejects()) {
      add_detail(e, "RejectMessageReasonText",
                 a.reject_reason ? std::string_view(*a.reject_reason) : rules::kDefaultRejectText);
      add_detail(e, "RejectMessageEnhancedStatusCode",
                 a.reject_status_code ? std::string_view(*a.reject_status_code)
                                      : rules::kDefaultRejectCode);
    }
  }
  if (a.log_event_text) {
    add_detail(record_text(ctx, "LogEventText", *a.log_event_text), "result", kEdgeTransportOnly);
  }
  if (a.smtp_reject_text || a.smtp_reject_status_code) {
    effect& e = record_text(
        ctx, "SmtpRejectMessageRejectText",
        a.smtp_reject_text ? std::string_view(*a.smtp_reject_text) : rules::kDefaultRejectText);
    add_detail(e, "SmtpRejectMessageRejectStatusCode",
               a.smtp_reject_status_code ? std::string_view(*a.smtp_reject_status_code)
                                         : rules::kDefaultSmtpRejectCode);
    add_detail(e, "result", kEdgeTransportOnly);
  }
  if (a.disconnect) add_detail(record_effect(ctx, "Disconnect"), "result", kEdgeTransportOnly);
  return result;
}

}  // namespace mfsim::eval_detail
