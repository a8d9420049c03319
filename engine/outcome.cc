// Resetting an outcome, and the one home of its enumerations' spellings.
#include "engine/outcome.h"

#include "engine/trace.h"

namespace mfsim {

void outcome::clear() noexcept {
  disposition.reset();
  sender_ip.reset();
  sender_ip_source = mail::ip_source::none;
  in_egress = false;
  rules.clear();
  scl.reset();
  scl_source = scl_origin::none;
  verdict_value = verdict::not_spam;
  action = final_action::deliver;
  quarantine_policy = {};
  release = release_path::none;
  notify = false;
  expires.reset();
  received.reset();
  error = {};
  flags = 0;
  rule_errors.clear();
  effects.clear();
  antispam = nullptr;
  reject_code = {};
  reject_reason = {};
  audit_severity = {};
  scl_requested = false;
  scl_rule.reset();
  folder_value = folder::inbox;
  folder_reason = {};
  rules_ended = rule_terminal::none;
  terminal_rule.reset();
  why_verdict = {};
  decision = {};
  quarantine_policy_used = nullptr;
  retention_days.reset();
  retention_source = retention_origin::none;
  release_reason = release_basis::none;
  auth = {};
  list_setting = {};
  list_entry = {};
  asf_on = asf_test = 0;
  asf_decided.reset();
  intra_org_skipped = false;
  intra_org_verdict = verdict::not_spam;
}

const char* to_string(verdict v) noexcept {
  switch (v) {
    case verdict::not_spam: return "not_spam";
    case verdict::skipped: return "skipped";
    case verdict::bulk: return "bulk";
    case verdict::spam: return "spam";
    case verdict::high_confidence_spam: return "high_confidence_spam";
    case verdict::spoof: return "spoof";
    case verdict::phish: return "phish";
    case verdict::high_confidence_phish: return "high_confidence_phish";
    case verdict::malware: return "malware";
  }
  return "not_spam";
}

const char* to_string(final_action a) noexcept {
  switch (a) {
    case final_action::deliver: return "deliver";
    case final_action::junk: return "junk";
    case final_action::quarantine: return "quarantine";
    case final_action::delete_message: return "delete";
    case final_action::redirect: return "redirect";
    case final_action::reject: return "reject";
    case final_action::add_x_header: return "add_x_header";
    case final_action::modify_subject: return "modify_subject";
    case final_action::area1_quarantine: return "area1_quarantine";
  }
  return "deliver";
}

const char* to_string(release_path r) noexcept {
  switch (r) {
    case release_path::none: return "none";
    case release_path::user: return "user";
    case release_path::request: return "request";
    case release_path::admin: return "admin";
  }
  return "none";
}

const char* to_string(scl_origin s) noexcept {
  switch (s) {
    case scl_origin::none: return "none";
    case scl_origin::rule: return "rule";
    case scl_origin::message: return "message";
  }
  return "none";
}

const char* verdict_words(verdict v) noexcept {
  switch (v) {
    case verdict::not_spam: return "not spam";
    case verdict::skipped: return "skipped filtering";
    case verdict::bulk: return "bulk";
    case verdict::spam: return "spam";
    case verdict::high_confidence_spam: return "high confidence spam";
    case verdict::spoof: return "spoof";
    case verdict::phish: return "phish";
    case verdict::high_confidence_phish: return "high confidence phish";
    case verdict::malware: return "malware";
  }
  return "not spam";
}

const char* to_string(action_decider d) noexcept {
  switch (d) {
    case action_decider::none: return "none";
    case action_decider::area1: return "area1";
    case action_decider::anti_malware: return "anti_malware";
    case action_decider::transport_rule: return "transport_rule";
    case action_decider::anti_spam_policy: return "anti_spam_policy";
    case action_decider::anti_phishing_policy: return "anti_phishing_policy";
    case action_decider::scl_bypass: return "scl_bypass";
  }
  return "none";
}

const char* to_parameter(rule_terminal t) noexcept {
  switch (t) {
    case rule_terminal::none: return "";
    case rule_terminal::redirect: return "RedirectMessageTo";
    case rule_terminal::quarantine: return "Quarantine";
    case rule_terminal::reject: return "RejectMessage";
    case rule_terminal::delete_message: return "DeleteMessage";
  }
  return "";
}

// ---- stage [G] --------------------------------------------------------------------------
const char* to_string(folder f) noexcept {
  switch (f) {
    case folder::inbox: return "inbox";
    case folder::junk: return "junk";
    case folder::quarantine: return "quarantine";
    case folder::custom: return "custom";
    case folder::deleted: return "deleted";
    case folder::rejected: return "rejected";
    case folder::redirected: return "redirected";
    case folder::area1_quarantine: return "area1_quarantine";
  }
  return "inbox";
}

void append_folder_reason(std::string& out, const folder_cause& cause) {
  out.append(cause.tag);
  if (!cause.name.empty()) {
    out += ':';
    out.append(cause.name);
  }
}
// ---- end of stage [G] ------------------------------------------------------------------

const char* to_string(rule_status s) noexcept {
  switch (s) {
    case rule_status::disabled: return "disabled";
    case rule_status::not_reached: return "not_reached";
    case rule_status::inactive: return "inactive";
    case rule_status::no_match: return "no_match";
    case rule_status::excepted: return "excepted";
    case rule_status::undecided: return "undecided";
    case rule_status::audit_match: return "audit_match";
    case rule_status::applied: return "applied";
  }
  return "no_match";
}

}  // namespace mfsim
