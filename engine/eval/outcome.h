// The result of evaluating one message: the fields of the `mfsim run` record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/message_view.h"
#include "engine/net/ip_address.h"

namespace mfsim {

namespace rules {
struct antispam_policy;  // engine/rules/rule_set.h
}

enum class verdict {
  not_spam,
  skipped,  // SCL -1
  bulk,
  spam,
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
//                                      RedirectMessageTo
//   antimalware:Quarantine             malware is always quarantined
//   antispam:PARAMETER=VALUE           the anti-spam policy's action, e.g.
//                                      antispam:SpamAction=MoveToJmf
//   antispam:not_spam, antispam:skipped  no verdict (delivered), SCL -1 (delivered)
//   mailbox:safe_sender, mailbox:trusted_contact, mailbox:blocked_sender,
//   mailbox:trusted_lists_only, mailbox:inbox_rule[:NAME]  the mailbox's junk email settings
// `tag` is static text; `name` points into the plan, the mailbox state or the scratch.
struct folder_cause {
  std::string_view tag;
  std::string_view name;
};
// ---- end of stage [G] ------------------------------------------------------------------

// The contract's spellings ("not_spam", "junk", "user", "rule", ...).
[[nodiscard]] const char* to_string(verdict v) noexcept;
[[nodiscard]] const char* to_string(final_action a) noexcept;
[[nodiscard]] const char* to_string(release_path r) noexcept;
[[nodiscard]] const char* to_string(scl_origin s) noexcept;
[[nodiscard]] const char* to_string(folder f) noexcept;
// Appends a folder_cause as "TAG" or "TAG:NAME".
void append_folder_reason(std::string& out, const folder_cause& cause);

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
  std::string_view reject_code;         // RejectMessageEnhancedStatusCode when action is reject
  std::string_view reject_reason;       // RejectMessageReasonText, likewise
  std::string_view audit_severity;      // "low", "medium", "high": the highest SetAuditSeverity
  bool scl_requested = false;           // scl_model advisory: a rule's SCL is a request (section 6)
  folder folder_value = folder::inbox;  // stage [G]: where it lands
  folder_cause folder_reason;           // stage [G]: what put it there

  void clear() noexcept;
};

}  // namespace mfsim
