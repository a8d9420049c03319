// Stage [D] after the policy's lists: the Advanced Spam Filter settings of the deciding
// anti-spam policy, then IntraOrgFilterState (docs/decisions.md 270-289).
#include "engine/eval/eval_context.h"
#include "engine/mail/asf_signals.h"
#include "engine/policy/asf_policy.h"

namespace mfsim::eval_detail {
namespace {

bool blank(std::string_view text) {
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// MarkAsSpamEmptyMessages: "no subject, no content in the message body, and no attachments".
bool is_empty_message(context& ctx) {
  for (const auto& f : ctx.s.block.fields) {
    if (mail::header_name_equals(f.name, "Subject") && !blank(f.raw_value)) return false;
  }
  const mail::body_summary& body = body_of(ctx);
  return !body.unreadable && body.attachments.empty() && blank(body.text_lower);
}

}  // namespace

void apply_asf_settings(context& ctx) {
  outcome& out = ctx.s.result;
  const rules::asf_policy& asf = out.antispam->asf;
  if (!asf.any_enabled()) return;
  // Spam filtering did not run: a rule's SCL -1 or 5..9 decided, or the verdict is skipped
  // (SCL -1 recorded, an allowed sender).
  if (ctx.rule_scl && (*ctx.rule_scl < 0 || *ctx.rule_scl >= 5)) return;
  if (out.verdict_value == verdict::skipped) return;
  policy::asf_inputs in;
  if (asf.reads_body()) {
    in.content = body_of(ctx).signals;
    in.empty = asf.of(rules::asf_setting::empty_messages) != rules::asf_state::off &&
               is_empty_message(ctx);
  }
  in.auth = mail::read_auth_failures(ctx.s.block.fields, ctx.s.buffer2);
  const policy::asf_decision d = policy::apply_asf(asf, policy::asf_found(in), out.verdict_value);
  out.asf_on = d.on;
  out.asf_test = d.test;
  if (!d.decided) return;
  out.asf_decided = d.decided;
  out.verdict_value = d.value;
  out.why_verdict.cause = verdict_cause::asf;
}

void apply_intra_org_filter(context& ctx) {
  outcome& out = ctx.s.result;
  const rules::intra_org_filter state = out.antispam->asf.intra_org;
  if (state == rules::intra_org_filter::not_set) return;
  if (policy::intra_org_acts_on(state, out.verdict_value)) return;
  // Between internal users: an internal sender, and every recipient in the organisation.
  if (!out.auth.internal_sender()) return;
  const auto recipients = ctx.s.original_recipients();
  if (recipients.empty()) return;
  for (const auto& r : recipients) {
    if (!rules::in_organization_domain(r, ctx.compiled.source.accepted_domains,
                                       ctx.extra_domains)) {
      return;
    }
  }
  out.intra_org_skipped = true;
  out.intra_org_verdict = out.verdict_value;
  out.verdict_value = verdict::skipped;
  out.why_verdict.cause = verdict_cause::intra_org;
}

}  // namespace mfsim::eval_detail
