// Stage [G]: from the action to a folder, then the mailbox's junk email settings.
#include "engine/mailbox/mailbox_stage.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <string>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/engine.h"
#include "engine/mail/message_view.h"
#include "engine/mail/rfc2047.h"
#include "engine/mailbox/mailbox_state.h"
#include "engine/policy/antispam_policy.h"

namespace mfsim::mailbox {
namespace {

constexpr std::size_t kSpamActions = 7;        // rules::spam_action values
constexpr std::size_t kMaxAddressBytes = 320;  // RFC 5321: 64 + 1 + 255; longer never matches

// "antispam:SpamAction=MoveToJmf" and the other 34 combinations, built once.
std::string_view antispam_tag(rules::verdict_setting_id setting, rules::spam_action action) {
  static const auto table = [] {
    std::array<std::array<std::string, kSpamActions>, rules::kVerdictSettingCount> t;
    for (std::size_t p = 0; p < rules::kVerdictSettingCount; ++p) {
      for (std::size_t a = 0; a < kSpamActions; ++a) {
        t[p][a] = std::string("antispam:") +
                  rules::action_parameter(static_cast<rules::verdict_setting_id>(p)) + "=" +
                  rules::parameter_value(static_cast<rules::spam_action>(a));
      }
    }
    return t;
  }();
  return table[static_cast<std::size_t>(setting)][static_cast<std::size_t>(action)];
}

constexpr const char* kAntiphishSettings[] = {"AuthenticationFailAction", "DmarcQuarantineAction",
                                              "DmarcRejectAction"};
constexpr std::size_t kSpoofActions = 3;  // rules::spoof_action values

// "antiphish:AuthenticationFailAction=MoveToJmf" and the other combinations, built once.
std::string_view antiphish_tag(std::string_view setting, rules::spoof_action value) {
  static const auto table = [] {
    std::array<std::array<std::string, kSpoofActions>, std::size(kAntiphishSettings)> t;
    for (std::size_t p = 0; p < t.size(); ++p) {
      for (std::size_t v = 0; v < kSpoofActions; ++v) {
        t[p][v] = std::string("antiphish:") + kAntiphishSettings[p] + "=" +
                  rules::parameter_value(static_cast<rules::spoof_action>(v));
      }
    }
    return t;
  }();
  for (std::size_t p = 0; p < table.size(); ++p) {
    if (setting == kAntiphishSettings[p]) return table[p][static_cast<std::size_t>(value)];
  }
  return "antiphish:spoof";
}

// What decided the action, as stage [E] recorded it: the transport rule, anti-malware, or the
// anti-spam policy's setting for the verdict (not_spam and skipped have none).
folder_cause decided_by(const plan& p, const outcome& out) {
  const action_decision& d = out.decision;
  switch (d.by) {
    case action_decider::transport_rule:
      if (d.rule) return {"rule", p.rule_name(*d.rule)};
      break;
    case action_decider::scl_bypass:
      if (d.rule) return {"rule", p.rule_name(*d.rule)};  // the SCL -1 rule (decisions.md 12a)
      break;
    case action_decider::anti_phishing_policy:
      if (d.antiphish_setting != nullptr) {
        return {antiphish_tag(d.antiphish_setting, d.antiphish_value), {}};
      }
      break;
    case action_decider::anti_malware: return {"antimalware:Quarantine", {}};
    case action_decider::area1: return {"area1", out.disposition.value_or(std::string_view())};
    case action_decider::anti_spam_policy:
    case action_decider::none: break;
  }
  if (d.setting) {
    const rules::antispam_policy& policy = policy::deciding_policy(p.source(), out);
    return {antispam_tag(*d.setting, policy.setting(*d.setting).action), {}};
  }
  return {out.verdict_value == verdict::skipped ? "antispam:skipped" : "antispam:not_spam", {}};
}

bool delivered_to_mailbox(final_action a) noexcept {
  return a == final_action::deliver || a == final_action::junk || a == final_action::add_x_header ||
         a == final_action::modify_subject;
}

// Copies `address` lower-cased into `out`; false when it does not fit.
bool lower_into(std::string_view address, std::array<char, kMaxAddressBytes>& out,
                std::string_view& lowered) noexcept {
  if (address.empty() || address.size() > out.size()) return false;
  std::copy(address.begin(), address.end(), out.begin());
  fold_case_in_place(out.data(), address.size());
  lowered = std::string_view(out.data(), address.size());
  return true;
}

bool flag_set(std::string_view list, std::string_view key) noexcept {
  const auto value = mail::semicolon_field(list, key);
  return value && *value == "1";
}

// Recorded mode: only the mailbox's settings flags are read; dest:, OFR:, RF:, jmr and the
// rest describe the delivery itself and are never inputs (docs/mailbox-state.md).
mailbox_facts recorded_facts(std::span<const mail::header_field> fields, std::string& buffer) {
  mailbox_facts facts;
  if (const auto delivery =
          mail::first_unfolded(fields, "X-Microsoft-Antispam-Mailbox-Delivery", buffer)) {
    facts.safe_sender = flag_set(*delivery, "wl");
    facts.trusted_contact = flag_set(*delivery, "abwl");
    facts.inbox_rule = flag_set(*delivery, "ucf");
  }
  if (const auto report = mail::first_unfolded(fields, "X-Forefront-Antispam-Report", buffer)) {
    if (const auto sfv = mail::semicolon_field(*report, "SFV")) {
      if (ascii_iequals(*sfv, "SFE")) facts.safe_sender = true;
      if (ascii_iequals(*sfv, "BLK")) facts.blocked_sender = true;
    }
  }
  return facts;
}

// The settings of the first recipient that has some, else the "*" entry: of the recipients the
// evaluation was given (a manifest entry's, --rcpt's, a recipient fork's), else of the To: and
// Cc: addresses (decisions 30, 468).
const mailbox_settings* recipient_mailbox(const mailbox_state& state,
                                          std::span<const mail::header_field> fields,
                                          std::span<const std::string> given, std::string& buffer) {
  std::array<char, kMaxAddressBytes> lowered_buffer{};
  if (!given.empty()) {
    for (const std::string& address : given) {
      std::string_view lowered;
      if (!lower_into(address, lowered_buffer, lowered)) continue;
      if (const mailbox_settings* found = state.find(lowered)) return found;
    }
    return state.default_mailbox();
  }
  const mailbox_settings* found = nullptr;
  mail::for_each_to_cc_address(fields, buffer, [&](std::string_view address) {
    std::string_view lowered;
    if (found == nullptr && lower_into(address, lowered_buffer, lowered))
      found = state.find(lowered);
  });
  return found != nullptr ? found : state.default_mailbox();
}

bool subject_has_any(const std::vector<std::string>& words, std::string_view lowered_subject) {
  for (const auto& w : words) {
    if (lowered_subject.find(w) != std::string_view::npos) return true;
  }
  return false;
}

const inbox_rule* first_inbox_rule(const mailbox_settings& m, std::string_view sender,
                                   std::span<const mail::header_field> fields, std::string& buffer,
                                   std::string& buffer2) {
  bool subject_read = false;
  for (const auto& rule : m.inbox_rules) {
    if (!rule.from.empty() && !mailbox_state::listed(rule.from, sender)) continue;
    if (!rule.subject_words.empty()) {
      if (!subject_read) {
        buffer2.clear();
        if (const auto subject = mail::first_unfolded(fields, "Subject", buffer)) {
          mail::decode_rfc2047(*subject, buffer2);
        }
        fold_case_in_place(buffer2.data(), buffer2.size());
        subject_read = true;
      }
      if (!subject_has_any(rule.subject_words, buffer2)) continue;
    }
    return &rule;
  }
  return nullptr;
}

mailbox_facts settings_facts(const mailbox_state& state, std::span<const mail::header_field> fields,
                             std::span<const std::string> given, std::string& buffer,
                             std::string& buffer2) {
  mailbox_facts facts;
  const mailbox_settings* m = recipient_mailbox(state, fields, given, buffer);
  if (m == nullptr) return facts;
  // Outlook Safe Senders and Blocked Senders look at the From address (5322.From) only
  // (create-safe-sender-lists-in-office-365#considerations-for-bulk-email).
  std::array<char, kMaxAddressBytes> sender_buffer{};
  std::string_view sender;
  if (const auto from = mail::first_unfolded(fields, "From", buffer)) {
    bool first = true;
    mail::for_each_address(*from, [&](std::string_view address) {
      if (first) lower_into(address, sender_buffer, sender);
      first = false;
    });
  }
  facts.safe_sender = mailbox_state::listed(m->safe_senders, sender);
  facts.blocked_sender = mailbox_state::listed(m->blocked_senders, sender);
  facts.trusted_contact = m->contacts_trusted && mailbox_state::listed(m->contacts, sender);
  facts.trusted_lists_only = m->trusted_lists_only;
  if (const inbox_rule* rule = first_inbox_rule(*m, sender, fields, buffer, buffer2)) {
    facts.inbox_rule = true;
    facts.inbox_rule_name = rule->name;
  }
  return facts;
}

}  // namespace

namespace {

folder folder_for(final_action a, verdict v) noexcept {
  switch (a) {
    case final_action::area1_quarantine: return folder::area1_quarantine;
    case final_action::delete_message: return folder::deleted;
    case final_action::quarantine: return folder::quarantine;
    case final_action::redirect: return folder::redirected;
    case final_action::reject: return folder::rejected;
    case final_action::junk: return folder::junk;
    // "Prepend subject ... delivered to the mailbox and moved to the Junk email folder"; AddXHeader
    // moves Spam and High confidence spam to the Junk Email folder (decisions.md 25).
    case final_action::modify_subject: return folder::junk;
    case final_action::add_x_header:
      return v == verdict::spam || v == verdict::high_confidence_spam ? folder::junk
                                                                      : folder::inbox;
    case final_action::deliver: return folder::inbox;
  }
  return folder::inbox;
}

}  // namespace

void folder_from_action(const plan& p, outcome& out) {
  out.folder_value = folder_for(out.action, out.verdict_value);
  out.folder_reason = decided_by(p, out);
}

void apply_mailbox_facts(const mailbox_facts& facts, outcome& out) noexcept {
  if (!delivered_to_mailbox(out.action)) return;  // decided before the mailbox
  if (facts.inbox_rule) {
    out.folder_value = folder::custom;
    out.folder_reason = {"mailbox:inbox_rule", facts.inbox_rule_name};
    return;
  }
  if (facts.safe_sender || facts.trusted_contact) {
    // Safe Senders win over Blocked Senders (how-policies-and-protections-are-combined).
    out.folder_value = folder::inbox;
    out.folder_reason = {facts.safe_sender ? "mailbox:safe_sender" : "mailbox:trusted_contact", {}};
    return;
  }
  const verdict v = out.verdict_value;
  const bool user_decides = v == verdict::not_spam || v == verdict::bulk || v == verdict::skipped;
  if (facts.blocked_sender && user_decides) {
    out.folder_value = folder::junk;
    out.folder_reason = {"mailbox:blocked_sender", {}};
    return;
  }
  if (facts.trusted_lists_only && out.folder_value != folder::junk) {
    out.folder_value = folder::junk;
    out.folder_reason = {"mailbox:trusted_lists_only", {}};
  }
}

mailbox_facts read_facts(const mailbox_state& state, std::span<const mail::header_field> fields,
                         std::span<const std::string> given, std::string& buffer,
                         std::string& buffer2) {
  return state.kind() == mailbox_state::mode::recorded
             ? recorded_facts(fields, buffer)
             : settings_facts(state, fields, given, buffer, buffer2);
}

void run_stage_g(const plan& p, const mailbox_state* state,
                 std::span<const mail::header_field> fields, std::span<const std::string> given,
                 std::string& buffer, std::string& buffer2, outcome& out) {
  folder_from_action(p, out);
  if (state == nullptr || !delivered_to_mailbox(out.action)) return;
  apply_mailbox_facts(read_facts(*state, fields, given, buffer, buffer2), out);
}

}  // namespace mfsim::mailbox
