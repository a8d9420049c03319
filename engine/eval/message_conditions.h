// The conditions read from the message itself (issue 15): MessageTypeMatches, WithImportance,
// the To/Cc and recipient-address families, ContentCharacterSetContainsWords, the subject or
// body patterns and the attachment name, size and executable-content conditions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "engine/rules/rule_set.h"

namespace mfsim {
struct compiled_condition;
struct condition_match;
struct condition_trace;
namespace eval_detail {
struct context;
}

namespace eval {

// MessageTypeMatches' values, as Exchange spells them (New-TransportRule).
enum class message_type : std::uint8_t {
  oof,
  auto_forward,
  encrypted,
  calendaring,
  permission_controlled,
  voicemail,
  signed_message,
  approval_request,
  read_receipt,
};
// WithImportance's values.
enum class importance : std::uint8_t { low, normal, high };

[[nodiscard]] std::optional<message_type> parse_message_type(std::string_view text) noexcept;
[[nodiscard]] std::optional<importance> parse_importance(std::string_view text) noexcept;
// Exchange's spelling: "OOF", "AutoForward", ...; "Low", "Normal", "High".
[[nodiscard]] const char* to_string(message_type type) noexcept;
[[nodiscard]] const char* to_string(importance level) noexcept;

// Whether the kind is one of these conditions.
[[nodiscard]] bool is_message_condition(rules::condition_kind kind) noexcept;
// The headers (lower-cased) a message condition reads: the compiler gives each a slot, in this
// order, in compiled_condition::slots.
[[nodiscard]] std::span<const std::string_view> headers_read(rules::condition_kind kind) noexcept;
// Whether it reads the body or the attachments (MIME walk), for the plan's needs_body; the
// message type matters: only Calendaring and PermissionControlled look inside the parts.
[[nodiscard]] bool reads_body(const rules::condition& c) noexcept;
// Whether it reads the content of attachments (AttachmentContainsWords, ...): the MIME walk
// then inspects each attachment (engine/mail/attachment_content.h).
[[nodiscard]] bool inspects_attachments(rules::condition_kind kind) noexcept;
// Whether it reads what only an attachment's decoded bytes give (its size, executable or
// password-protected content; AttachmentNameMatchesPatterns lists the sizes in its trace) or
// inspects attachments: the MIME walk then decodes each attachment. Other plans that read the
// body take only the attachments' names (decision 361).
[[nodiscard]] bool decodes_attachments(rules::condition_kind kind) noexcept;
// Whether it reads the files inside archive attachments by their names (the file name
// conditions; decision 407), executable content (410) or passwords (411): the MIME walk then opens
// archives, without reading their files' text.
[[nodiscard]] bool lists_archives(rules::condition_kind kind) noexcept;
// Whether it reads the message's recipients (the manifest's, --rcpt, else To and Cc).
[[nodiscard]] bool reads_recipients(rules::condition_kind kind) noexcept;

}  // namespace eval

namespace eval_detail {

// As condition_holds(), for a message condition.
bool message_condition_holds(context& ctx, const compiled_condition& c, condition_match* where);
// As list_inputs(), for a message condition.
void list_message_inputs(context& ctx, const compiled_condition& c, condition_trace& t);
// The DLP conditions (dlp_conditions.cc): MessageContainsDataClassifications, HasSenderOverride.
bool dlp_condition_holds(context& ctx, const compiled_condition& c, condition_match* where);
void list_dlp_inputs(context& ctx, const compiled_condition& c, condition_trace& t);

}  // namespace eval_detail
}  // namespace mfsim
