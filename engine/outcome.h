// The record every stage writes for one message: the fields of the `mfsim run` record, and
// each decision as the stage that made it recorded it (which component and rule decided the
// action, why the verdict, where the retention came from). Explain and stage [G] read these
// facts; nothing downstream works them out again.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/message_auth.h"
#include "engine/mail/message_view.h"
#include "engine/net/ip_address.h"
#include "engine/rules/rule_set.h"

namespace mfsim {

enum class verdict {
  not_spam,
  skipped,  // SCL -1
  bulk,
  spam,
  spoof,  // the anti-phishing policy's spoof verdict (CAT:SPOOF, CAT:DMARC)
  high_confidence_spam,
  phish,
  high_confidence_phish,
  malware,
};

enum class final_action {
  deliver,
  junk,
  quarantine,
  delete_message,
  redirect,
  reject,
  add_x_header,
  modify_subject,
  area1_quarantine,
};

enum class release_path { none, user, request, admin };
enum class scl_origin { none, rule, message };

// ---- decisions, as the deciding stage records them -------------------------------------

// The terminal action an enforced transport rule ended with (stage [C]): DeleteMessage,
// RejectMessage and Quarantine stop rule processing; RedirectMessageTo counts unless one of
// those comes later. Exchange's parameter names: to_parameter().
enum class rule_terminal { none, redirect, quarantine, reject, delete_message };

// The component whose decision is the action (stage [E]).
// anti_phishing_policy: a spoof verdict's action (decisions.md 13); scl_bypass: an SCL -1 rule
// delivered high confidence phish because the MX is not Microsoft 365 (decisions.md 12a).
enum class action_decider {
  none,
  area1,
  anti_malware,
  transport_rule,
  anti_spam_policy,
  anti_phishing_policy,
  scl_bypass,
};

// Where a quarantined message's retention comes from.
enum class retention_origin {
  none,             // not quarantined in Microsoft 365 (Area 1 keeps its own)
  rule_quarantine,  // a transport rule's Quarantine: fixed, admin-only hosted quarantine
  anti_malware,     // malware: fixed, under AdminOnlyAccessPolicy
  antispam_policy,  // QuarantineRetentionPeriod of the deciding anti-spam policy
};

// Why the release path is what it is (stage [F]).
enum class release_basis {
  none,                        // not quarantined
  area1,                       // Area 1's own quarantine: an Area 1 administrator releases
  rule_quarantine,             // a transport rule's hosted quarantine: admin only
  anti_malware,                // malware under AdminOnlyAccessPolicy: admin only
  permission_release,          // PermissionToRelease: the recipient releases it
  release_withheld,            // PermissionToRelease, never honoured for malware or HC phish
  permission_request_release,  // PermissionToRequestRelease: the recipient asks, an admin releases
  no_permission,               // neither permission: admin only
};

// What decided the verdict (stage [D], policy::decide_verdict), with the inputs it weighed.
enum class verdict_cause {
  none,      // nothing said spam: not_spam
  scl,       // the SCL that counted (a rule's -1 or 5-9, else Microsoft's)
  category,  // Microsoft's category (CAT:MALW, HPHSH, PHSH, BULK, SPOOF, DMARC; SRV:BULK)
  bcl,       // BCL at or over the policy's BulkThreshold
  // The anti-spam policy's lists (outcome.list_setting): BlockedSenders/-Domains, the language
  // or region block list (spam), AllowedSenders/-Domains (skipped filtering).
  policy_list,
  // An Advanced Spam Filter setting that is On found its property (outcome.asf_decided).
  asf,
  // IntraOrgFilterState: the policy does not act on this verdict for mail between internal
  // users, so filtering is skipped (SFV:SKI); outcome.intra_org_skipped.
  intra_org,
};

struct verdict_reason {
  verdict_cause cause = verdict_cause::none;
  std::optional<int> scl;  // the SCL that counted; nullopt when none did
  scl_origin scl_source = scl_origin::none;
  std::optional<int> ignored_rule_scl;                     // a rule's SCL 0-4, which forces nothing
  mail::eop_category category = mail::eop_category::none;  // Microsoft's CAT
  std::optional<int> bcl;                                  // Microsoft's BCL
  int bulk_threshold = 0;                                  // BulkThreshold of the deciding policy
  bool bulk_service = false;                               // SRV:BULK
  mail::dmarc_policy dmarc = mail::dmarc_policy::none;     // the sender's DMARC policy applied
};

struct action_decision {
  action_decider by = action_decider::none;
  rule_terminal rule_action = rule_terminal::none;  // by transport_rule: which action
  std::optional<std::uint32_t> rule;                // by transport_rule: plan rule index
  // by anti_spam_policy, for a verdict that has a setting: which of the policy's settings.
  std::optional<rules::verdict_setting_id> setting;
  // by anti_phishing_policy: the setting that decided ("AuthenticationFailAction",
  // "DmarcQuarantineAction", "DmarcRejectAction") and its value. by scl_bypass: `rule`.
  const char* antiphish_setting = nullptr;
  rules::spoof_action antiphish_value = rules::spoof_action::move_to_jmf;
};

// ---- stage [G]: where the message ends up (docs/decisions.md 25-34) --------------------
// The folder (or place outside the mailbox) the message lands in after the anti-spam action
// and the mailbox's own settings: "inbox", "junk", "quarantine", "custom" (an Inbox rule moved
// it), "deleted", "rejected", "redirected" (delivered to the redirect address instead),
// "area1_quarantine".
enum class folder {
  inbox,
  junk,
  quarantine,
  custom,
  deleted,
  rejected,
  redirected,
  area1_quarantine,
};

// What put the message in its folder: a static tag and, for some tags, a name. Printed as
// "TAG" or "TAG:NAME" (folder_reason in the JSONL record):
//   area1:DISPOSITION                  Area 1 kept it (name: the disposition)
//   rule:NAME                          a transport rule's DeleteMessage, Quarantine or
//                                      RedirectMessageTo; or the SCL -1 rule that delivered a
//                                      high confidence phish (secure by default's exception)
//   antimalware:Quarantine             malware is always quarantined
//   antispam:PARAMETER=VALUE           the anti-spam policy's action, e.g.
//                                      antispam:SpamAction=MoveToJmf
//   antiphish:PARAMETER=VALUE          the anti-phishing policy's action for a spoof, e.g.
//                                      antiphish:AuthenticationFailAction=MoveToJmf
//   antispam:not_spam, antispam:skipped  no verdict (delivered), SCL -1 (delivered)
//   mailbox:safe_sender, mailbox:trusted_contact, mailbox:blocked_sender,
//   mailbox:trusted_lists_only, mailbox:inbox_rule[:NAME]  the mailbox's junk email settings
// `tag` is static text; `name` points into the plan, the mailbox state or the scratch.
struct folder_cause {
  std::string_view tag;
  std::string_view name;
};
// ---- end of stage [G] ------------------------------------------------------------------

// The contract's spellings ("not_spam", "junk", "user", "rule", ...), all of them here.
[[nodiscard]] const char* to_string(verdict v) noexcept;
[[nodiscard]] const char* to_string(final_action a) noexcept;
[[nodiscard]] const char* to_string(release_path r) noexcept;
[[nodiscard]] const char* to_string(scl_origin s) noexcept;
[[nodiscard]] const char* to_string(folder f) noexcept;
[[nodiscard]] const char* to_string(action_decider d) noexcept;  // "transport_rule", ...
// Exchange's parameter for a rule's terminal action: "DeleteMessage", "RejectMessage",
// "Quarantine", "RedirectMessageTo"; "" for none.
[[nodiscard]] const char* to_parameter(rule_terminal t) noexcept;
// A verdict in words: "high confidence spam", "skipped filtering".
[[nodiscard]] const char* verdict_words(verdict v) noexcept;
// Appends a folder_cause as "TAG" or "TAG:NAME".
void append_folder_reason(std::string& out, const folder_cause& cause);

// ---- effects: what each applied action did, in the order applied (docs/decisions.md,
// "Actions and effects (issue 15)") ----------------------------------------------------------
// The JSON shape of `value`: true (an action without a value, such as DeleteMessage), a
// string, a list of strings, or a number.
enum class effect_value { flag, text, list, number };

// A companion parameter or a result shown beside the value: {"SetHeaderValue", "1"},
// {"result", "wrapped"}. `key` is static text.
struct effect_detail {
  const char* key = "";
  std::string_view value;
};

// One action an enforced rule applied. Views point into the plan or at static text.
struct effect {
  const char* action = "";  // Exchange's parameter name: "BlindCopyTo", "SetSCL", ...
  std::uint32_t rule = 0;   // plan rule index
  effect_value kind = effect_value::flag;
  std::string_view text;              // kind text
  std::span<const std::string> list;  // kind list
  int number = 0;                     // kind number
  static constexpr std::size_t kMaxDetails = 3;
  std::array<effect_detail, kMaxDetails> details{};
  std::size_t detail_count = 0;

  [[nodiscard]] std::span<const effect_detail> shown_details() const noexcept {
    return {details.data(), detail_count};
  }
};

// A pattern condition that could not finish (Boost.Regex's complexity limit).
struct rule_error {
  std::uint32_t rule = 0;    // index into plan::rule_count()
  std::string_view message;  // static text
};

// Views point into the plan (names) or into the scratch that produced this outcome: both must
// outlive it, and the next evaluate() with the same scratch overwrites it.
struct outcome {
  std::optional<std::string_view> disposition;  // upper-cased; nullopt when absent
  std::optional<net::ip_address> sender_ip;
  mail::ip_source sender_ip_source = mail::ip_source::none;
  bool in_egress = false;
  std::vector<std::uint32_t> rules;  // plan rule indexes that matched, in evaluation order
  std::optional<int> scl;
  scl_origin scl_source = scl_origin::none;
  verdict verdict_value = verdict::not_spam;
  final_action action = final_action::deliver;
  std::string_view quarantine_policy;  // empty when not quarantined
  release_path release = release_path::none;
  bool notify = false;
  std::optional<std::int64_t> expires;   // seconds since the epoch, UTC
  std::optional<std::int64_t> received;  // the received time used
  std::string_view error;                // empty when the header block could be read
  std::uint32_t flags = 0;               // mail::scan_flag bits
  std::vector<rule_error> rule_errors;
  // The anti-spam policy that decided (Default unless a scoped one covers a recipient); null
  // when no policy was reached (Area 1 kept the message).
  const rules::antispam_policy* antispam = nullptr;
  std::string_view reject_code;     // RejectMessageEnhancedStatusCode when action is reject
  std::string_view reject_reason;   // RejectMessageReasonText, likewise
  std::string_view audit_severity;  // "low", "medium", "high": the highest SetAuditSeverity
  bool scl_requested = false;       // scl_model advisory: a rule's SCL is a request (section 6)
  // The enforced rule whose SetSCL counted (plan rule index); nullopt when no rule set one.
  std::optional<std::uint32_t> scl_rule;
  folder folder_value = folder::inbox;  // stage [G]: where it lands
  folder_cause folder_reason;           // stage [G]: what put it there

  // The decisions behind the fields above, recorded where they were made.
  rule_terminal rules_ended = rule_terminal::none;  // stage [C]: the rules' terminal action
  std::optional<std::uint32_t> terminal_rule;       // stage [C]: the rule that set it
  verdict_reason why_verdict;                       // stage [D]
  action_decision decision;                         // stage [E]
  // Stage [F]: the quarantine policy applied (in the plan's rule set or the built-ins; null
  // when the name is unknown or nothing was quarantined), retention and release reasons.
  const rules::quarantine_policy* quarantine_policy_used = nullptr;
  std::optional<int> retention_days;
  retention_origin retention_source = retention_origin::none;
  release_basis release_reason = release_basis::none;
  // Stage [C]: every action enforced rules applied, in the order applied (issue 15).
  std::vector<effect> effects;

  // Read when the plan looks at the organisation (FromScope, SentToScope, IntraOrgFilterState):
  // the authentication and direction Exchange recorded, or the manifest's.
  mail::message_auth auth;
  // Stage [D]: the anti-spam policy's sender or language/region list that decided the verdict
  // ("BlockedSenders", "AllowedSenderDomains", "LanguageBlockList", ...; static text), and the
  // address, domain or code it matched (points into the plan). Empty when none did.
  std::string_view list_setting;
  std::string_view list_entry;
  // Stage [D]: the Advanced Spam Filter settings that found their property in the message,
  // bit i for rules::asf_setting(i): those On (X-CustomSpam added, a verdict given) and those
  // in Test mode (TestModeAction taken); the On setting whose verdict counted.
  std::uint32_t asf_on = 0;
  std::uint32_t asf_test = 0;
  std::optional<rules::asf_setting> asf_decided;
  // Stage [D]: the message went between internal users and IntraOrgFilterState does not let
  // the policy act on the verdict filtering gave (`intra_org_verdict`): it is skipped.
  bool intra_org_skipped = false;
  verdict intra_org_verdict = verdict::not_spam;

  void clear() noexcept;
};

}  // namespace mfsim
