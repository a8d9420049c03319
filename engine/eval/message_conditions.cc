// The conditions read from the message (issue 15): what each looks at is said at its function
// and in docs/decisions.md ("Message conditions and parity").
#include "engine/eval/message_conditions.h"

#include <algorithm>
#include <string>

#include "engine/ascii.h"
#include "engine/eval/eval_context.h"
#include "engine/mail/attachment_file_name.h"
#include "engine/mail/message_view.h"

namespace mfsim {
namespace eval {
namespace {

using kind = rules::condition_kind;

constexpr std::pair<std::string_view, message_type> kMessageTypes[] = {
    {"OOF", message_type::oof},
    {"AutoForward", message_type::auto_forward},
    {"Encrypted", message_type::encrypted},
    {"Calendaring", message_type::calendaring},
    {"PermissionControlled", message_type::permission_controlled},
    {"Voicemail", message_type::voicemail},
    {"Signed", message_type::signed_message},
    {"ApprovalRequest", message_type::approval_request},
    {"ReadReceipt", message_type::read_receipt},
};
constexpr std::pair<std::string_view, importance> kImportances[] = {
    {"Low", importance::low}, {"Normal", importance::normal}, {"High", importance::high}};

// The headers each condition reads; the order is the index into compiled_condition::slots.
constexpr std::string_view kImportanceHeaders[] = {"importance", "x-priority", "x-msmail-priority",
                                                   "priority"};
enum importance_slot { importance_header, x_priority_header, x_msmail_header, priority_header };
constexpr std::string_view kTypeHeaders[] = {"content-type", "content-class", "auto-submitted",
                                             "x-ms-exchange-organization-autoforwarded",
                                             "x-ms-exchange-organization-approval-allowed-"
                                             "decision-makers"};
enum type_slot { content_type, content_class, auto_submitted, auto_forwarded, approval };
constexpr std::string_view kTo[] = {"to"};
constexpr std::string_view kCc[] = {"cc"};
constexpr std::string_view kToCc[] = {"to", "cc"};
constexpr std::string_view kSubject[] = {"subject"};
constexpr std::string_view kCharsetHeaders[] = {"content-type"};
// MS-OXCMAIL 2.2.3.2.22: what Outlook and Exchange write for a message classification.
constexpr std::string_view kClassificationHeaders[] = {
    "x-microsoft-classified", "x-microsoft-classification", "x-microsoft-classid"};
enum classification_slot { classified, classification_name, classification_id };
// What Exchange stamps when the sender overrides a DLP Policy Tip (decisions.md, "DLP").
constexpr std::string_view kSenderOverrideHeaders[] = {
    "x-ms-exchange-organization-dlp-senderoverridejustification"};

}  // namespace

std::optional<message_type> parse_message_type(std::string_view text) noexcept {
  for (const auto& [name, type] : kMessageTypes) {
    if (ascii_iequals(name, text)) return type;
  }
  return std::nullopt;
}

std::optional<importance> parse_importance(std::string_view text) noexcept {
  for (const auto& [name, level] : kImportances) {
    if (ascii_iequals(name, text)) return level;
  }
  return std::nullopt;
}

const char* to_string(message_type type) noexcept {
  for (const auto& [name, t] : kMessageTypes) {
    if (t == type) return name.data();
  }
  return "";
}

const char* to_string(importance level) noexcept {
  for (const auto& [name, l] : kImportances) {
    if (l == level) return name.data();
  }
  return "";
}

bool is_message_condition(kind k) noexcept {
  switch (k) {
    case kind::with_importance:
    case kind::message_type_matches:
    case kind::any_of_to_header:
    case kind::any_of_cc_header:
    case kind::any_of_to_cc_header:
    case kind::recipient_address_contains_words:
    case kind::recipient_address_matches_patterns:
    case kind::any_of_recipient_address_contains_words:
    case kind::any_of_recipient_address_matches_patterns:
    case kind::subject_or_body_matches_patterns:
    case kind::content_character_set_contains_words:
    case kind::attachment_name_matches_patterns:
    case kind::attachment_size_over:
    case kind::attachment_has_executable_content:
    case kind::has_classification:
    case kind::has_no_classification:
    case kind::attachment_is_password_protected:
    case kind::message_contains_data_classifications:
    case kind::has_sender_override: return true;
    default: return inspects_attachments(k);
  }
}

bool inspects_attachments(kind k) noexcept {
  return k == kind::attachment_contains_words || k == kind::attachment_matches_patterns ||
         k == kind::attachment_property_contains_words || k == kind::attachment_is_unsupported ||
         k == kind::attachment_processing_limit_exceeded ||
         k == kind::message_contains_data_classifications;  // in the attachments' text too
}

bool decodes_attachments(kind k) noexcept {
  return k == kind::attachment_size_over || k == kind::attachment_has_executable_content ||
         k == kind::attachment_is_password_protected ||
         k == kind::attachment_name_matches_patterns || inspects_attachments(k);
}

std::span<const std::string_view> headers_read(kind k) noexcept {
  switch (k) {
    case kind::with_importance: return kImportanceHeaders;
    case kind::message_type_matches: return kTypeHeaders;
    case kind::any_of_to_header: return kTo;
    case kind::any_of_cc_header: return kCc;
    case kind::any_of_to_cc_header: return kToCc;
    case kind::subject_or_body_matches_patterns:
    case kind::message_contains_data_classifications: return kSubject;
    case kind::has_sender_override: return kSenderOverrideHeaders;
    case kind::content_character_set_contains_words: return kCharsetHeaders;
    case kind::has_classification:
    case kind::has_no_classification: return kClassificationHeaders;
    default: return {};
  }
}

bool lists_archives(kind k) noexcept {
  return k == kind::attachment_extension_matches_words ||
         k == kind::attachment_name_matches_patterns ||
         k == kind::attachment_has_executable_content ||
         k == kind::attachment_is_password_protected;
}

bool reads_body(const rules::condition& c) noexcept {
  switch (c.kind) {
    case kind::message_type_matches: {
      const auto type = c.values.empty() ? std::nullopt : parse_message_type(c.values.front());
      return type == message_type::calendaring || type == message_type::permission_controlled;
    }
    case kind::subject_or_body_matches_patterns:
    case kind::content_character_set_contains_words:
    case kind::attachment_name_matches_patterns:
    case kind::attachment_size_over:
    case kind::attachment_has_executable_content:
    case kind::attachment_is_password_protected:
    case kind::message_contains_data_classifications: return true;
    default: return inspects_attachments(c.kind);
  }
}

bool reads_recipients(kind k) noexcept {
  return k == kind::recipient_address_contains_words ||
         k == kind::recipient_address_matches_patterns ||
         k == kind::any_of_recipient_address_contains_words ||
         k == kind::any_of_recipient_address_matches_patterns;
}

}  // namespace eval

namespace eval_detail {
namespace {

using kind = rules::condition_kind;
using eval::importance;
using eval::message_type;

// The slot of the n-th header of headers_read(kind).
int slot_at(const compiled_condition& c, std::size_t n) {
  return n < c.slots.size() ? c.slots[n] : kNoSlot;
}

// The first current value of a header, lower-cased; empty when it has none.
std::string_view first_lowered(context& ctx, int slot) {
  std::string_view out;
  any_value(ctx, slot, [&](const slot_value& v) {
    out = v.lowered;
    return true;
  });
  return out;
}

// "multipart/signed; protocol=..." -> "multipart/signed".
std::string_view media_type(std::string_view content_type_lower) {
  return ascii_trim_whitespace(content_type_lower.substr(0, content_type_lower.find(';')));
}

// The value of a parameter of a lower-cased Content-Type ("smime-type"), without quotes.
std::string_view type_parameter(std::string_view content_type_lower, std::string_view name) {
  for (std::size_t at = content_type_lower.find(';'); at != std::string_view::npos;
       at = content_type_lower.find(';', at + 1)) {
    std::string_view rest = ascii_trim_whitespace(content_type_lower.substr(at + 1));
    if (rest.substr(0, name.size()) != name) continue;
    rest = ascii_trim_whitespace(rest.substr(name.size()));
    if (rest.empty() || rest.front() != '=') continue;
    rest = ascii_trim_whitespace(rest.substr(1));
    if (!rest.empty() && rest.front() == '"') {
      rest.remove_prefix(1);
      return rest.substr(0, rest.find('"'));
    }
    return ascii_trim_whitespace(rest.substr(0, rest.find(';')));
  }
  return {};
}

// WithImportance: the Importance header (RFC 2156: low, normal, high); without it X-Priority
// (1-2 high, 3 normal, 4-5 low, as Outlook writes it), then X-MSMail-Priority (low, normal,
// high), then Priority (RFC 2156: urgent, normal, non-urgent), the headers MS-OXCMAIL 2.2.3.2.5
// maps to importance (decision 409); a message that states none is Normal.
importance importance_of(context& ctx, const compiled_condition& c) {
  const std::string_view stated =
      ascii_trim_whitespace(first_lowered(ctx, slot_at(c, eval::importance_header)));
  if (const auto level = eval::parse_importance(stated)) return *level;
  const std::string_view x_priority =
      ascii_trim_whitespace(first_lowered(ctx, slot_at(c, eval::x_priority_header)));
  if (!x_priority.empty() && x_priority.front() >= '1' && x_priority.front() <= '5') {
    const char digit = x_priority.front();
    return digit <= '2' ? importance::high : digit == '3' ? importance::normal : importance::low;
  }
  const std::string_view msmail =
      ascii_trim_whitespace(first_lowered(ctx, slot_at(c, eval::x_msmail_header)));
  if (const auto level = eval::parse_importance(msmail)) return *level;
  const std::string_view priority =
      ascii_trim_whitespace(first_lowered(ctx, slot_at(c, eval::priority_header)));
  if (priority == "urgent") return importance::high;
  if (priority == "non-urgent") return importance::low;
  return importance::normal;
}

// MessageTypeMatches, from the headers Exchange and mail clients write and, for Calendaring
// and PermissionControlled, from the MIME parts.
bool is_message_type(context& ctx, const compiled_condition& c, message_type type) {
  const std::string_view ctype = first_lowered(ctx, slot_at(c, eval::content_type));
  const std::string_view media = media_type(ctype);
  const std::string_view cclass =
      ascii_trim_whitespace(first_lowered(ctx, slot_at(c, eval::content_class)));
  const std::string_view submitted =
      ascii_trim_whitespace(first_lowered(ctx, slot_at(c, eval::auto_submitted)));
  const bool pkcs7 = media == "application/pkcs7-mime" || media == "application/x-pkcs7-mime";
  switch (type) {
    case message_type::oof:  // RFC 3834's vacation responses, which Exchange's OOF writes
      return submitted.substr(0, 12) == "auto-replied";
    case message_type::auto_forward:
      return ascii_trim_whitespace(first_lowered(ctx, slot_at(c, eval::auto_forwarded))) ==
                 "true" ||
             submitted.substr(0, 14) == "auto-forwarded";
    case message_type::encrypted:  // S/MIME enveloped data, or PGP/MIME (RFC 3156)
      return (pkcs7 && type_parameter(ctype, "smime-type") != "signed-data") ||
             media == "multipart/encrypted";
    case message_type::signed_message:  // RFC 1847 / RFC 8551 clear or opaque signing
      return media == "multipart/signed" ||
             (pkcs7 && type_parameter(ctype, "smime-type") == "signed-data");
    case message_type::read_receipt:  // RFC 8098 message disposition notification
      return media == "multipart/report" &&
             type_parameter(ctype, "report-type") == "disposition-notification";
    case message_type::calendaring:
      return media == "text/calendar" || cclass.find("calendarmessage") != std::string_view::npos ||
             body_of(ctx).has_calendar_part;
    case message_type::permission_controlled:
      return cclass == "rpmsg.message" || body_of(ctx).has_rights_protected_part;
    case message_type::voicemail:  // Unified Messaging: voice, voice-uc, voice-ca
      return cclass.substr(0, 5) == "voice";
    case message_type::approval_request:  // moderation requests name their decision makers
      return any_value(ctx, slot_at(c, eval::approval), [](const slot_value&) { return true; });
  }
  return false;
}

void note(condition_match* where, std::string_view value, std::string_view what) {
  if (where != nullptr) where->note(value, what, std::nullopt, 0);
}

// The To and/or Cc addresses, lower-cased, one of which the test accepts.
template <typename Test>
bool any_header_address(context& ctx, const compiled_condition& c, Test&& test) {
  for (const int slot : c.slots) {
    if (any_address(ctx, slot, test)) return true;
  }
  return false;
}

bool is_classified(context& ctx, const compiled_condition& c) {
  return ascii_trim_whitespace(first_lowered(ctx, slot_at(c, eval::classified))) == "true";
}

// HasClassification: the message is classified (X-Microsoft-Classified: true) with one of the
// classifications named, by name (X-Microsoft-Classification) or GUID (X-Microsoft-ClassID).
std::string_view matching_classification(context& ctx, const compiled_condition& c) {
  if (!is_classified(ctx, c)) return {};
  for (const auto slot : {eval::classification_name, eval::classification_id}) {
    const std::string_view value = ascii_trim_whitespace(first_lowered(ctx, slot_at(c, slot)));
    if (!value.empty() && is_listed(value, c.addresses)) return value;
  }
  return {};
}

// Whether `matches` holds for a recipient the condition reads: the recipients as the rule sees
// them; for an AnyOf* condition in one recipient's copy (recipient forks), every recipient of
// the message too, since its match applies the rule to all of them (New-TransportRule;
// decision 475).
template <class Matches>
bool any_recipient(const context& ctx, const compiled_condition& c, Matches matches) {
  for (const auto& r : ctx.s.recipients()) {
    if (matches(std::string_view(r))) return true;
  }
  // After a RedirectMessageTo the message's own recipients are gone from every copy.
  if ((c.kind != kind::any_of_recipient_address_contains_words &&
       c.kind != kind::any_of_recipient_address_matches_patterns) ||
      ctx.s.live_from != 0)
    return false;
  for (const auto& r : ctx.message_recipients) {
    if (matches(std::string_view(r))) return true;
  }
  return false;
}

}  // namespace

bool message_condition_holds(context& ctx, const compiled_condition& c, condition_match* where) {
  switch (c.kind) {
    case kind::with_importance: {
      const importance level = importance_of(ctx, c);
      if (static_cast<int>(level) != c.choice) return false;
      note(where, eval::to_string(level), eval::to_string(level));
      return true;
    }
    case kind::message_type_matches: {
      const auto type = static_cast<message_type>(c.choice);
      if (!is_message_type(ctx, c, type)) return false;
      note(where, eval::to_string(type), eval::to_string(type));
      return true;
    }
    case kind::any_of_to_header:
    case kind::any_of_cc_header:
    case kind::any_of_to_cc_header:
      return any_header_address(ctx, c, [&](std::string_view address, std::string_view lower) {
        if (!is_listed(lower, c.addresses)) return false;
        if (where != nullptr) where->note(address, address, 0, address.size());
        return true;
      });
    case kind::recipient_address_contains_words:
    case kind::any_of_recipient_address_contains_words:
      return any_recipient(ctx, c, [&](std::string_view r) {
        eval::word_match w;
        if (!c.words.matches(r, &w)) return false;
        if (where != nullptr) {
          const std::string_view term = c.source->values[w.word];
          where->note(r, term, w.offset, std::min(term.size(), r.size() - w.offset));
        }
        return true;
      });
    case kind::recipient_address_matches_patterns:
    case kind::any_of_recipient_address_matches_patterns:
      return any_recipient(ctx, c, [&](std::string_view r) {
        const int k = first_matching_pattern(ctx, c, r);
        if (k < 0) return false;
        note(where, r, c.source->values[static_cast<std::size_t>(k)]);
        return true;
      });
    case kind::subject_or_body_matches_patterns: {
      int k = -1;
      any_value(ctx, slot_at(c, 0), [&](const slot_value& v) {
        k = first_matching_pattern(ctx, c, v.decoded);
        if (k >= 0) note(where, v.decoded, c.source->values[static_cast<std::size_t>(k)]);
        return k >= 0;
      });
      if (k < 0) {
        // The body as the word conditions read it (lower-cased; patterns ignore case).
        const std::string& body = body_of(ctx).text_lower;
        k = first_matching_pattern(ctx, c, body);
        if (k >= 0 && where != nullptr) {
          where->note("(body)", c.source->values[static_cast<std::size_t>(k)], std::nullopt, 0);
          where->in_body = true;
        }
      }
      return k >= 0;
    }
    case kind::content_character_set_contains_words: {
      // Every part's charset, the top-level one included (a single-part message).
      for (const auto& charset : body_of(ctx).charsets) {
        if (!is_listed(charset, c.addresses)) continue;
        note(where, charset, charset);
        return true;
      }
      return false;
    }
    case kind::attachment_name_matches_patterns:
      for (const auto& a : body_of(ctx).attachments) {
        // The file name the recipient's system keeps, not a path the sender put before it
        // (decision 592); the trace shows the name as sent.
        const std::string name = mail::recipient_file_name(a.name);
        if (name.empty()) continue;
        const int k = first_matching_pattern(ctx, c, name);
        if (k < 0) continue;
        note(where, a.name, c.source->values[static_cast<std::size_t>(k)]);
        return true;
      }
      // The files archives hold, by their own names (decision 407).
      for (const auto& path : body_of(ctx).contents.archived_names) {
        const std::string name = mail::recipient_file_name(path);
        if (name.empty()) continue;
        const int k = first_matching_pattern(ctx, c, name);
        if (k < 0) continue;
        note(where, path, c.source->values[static_cast<std::size_t>(k)]);
        return true;
      }
      return false;
    case kind::attachment_size_over:
      for (const auto& a : body_of(ctx).attachments) {
        // "greater than or equal to" (the attachments page; decision 406).
        if (static_cast<std::int64_t>(a.size) < c.size_bytes) continue;
        if (where != nullptr) {
          where->note(std::to_string(a.size) + " bytes (" + a.name + ")",
                      std::to_string(c.size_bytes) + " bytes", std::nullopt, 0);
        }
        return true;
      }
      return false;
    case kind::attachment_has_executable_content:
      for (const auto& a : body_of(ctx).attachments) {
        if (!a.executable) continue;
        note(where, a.name.empty() ? std::string_view("(unnamed attachment)") : a.name,
             "executable content");
        return true;
      }
      // The files archives hold (decision 410).
      for (const auto& path : body_of(ctx).contents.archived_executables) {
        note(where, path, "executable content");
        return true;
      }
      return false;
    case kind::has_classification: {
      const std::string_view found = matching_classification(ctx, c);
      if (found.empty()) return false;
      note(where, found, found);
      return true;
    }
    case kind::attachment_is_password_protected:
      for (const auto& a : body_of(ctx).attachments) {
        if (!a.password_protected) continue;
        note(where, a.name.empty() ? std::string_view("(unnamed attachment)") : a.name,
             "password protected");
        return true;
      }
      // The files archives hold (decision 411).
      for (const auto& path : body_of(ctx).contents.archived_locked) {
        note(where, path, "password protected");
        return true;
      }
      return false;
    case kind::has_no_classification:
      if (is_classified(ctx, c)) return false;
      note(where, "not classified", "no classification");
      return true;
    case kind::message_contains_data_classifications:
    case kind::has_sender_override: return dlp_condition_holds(ctx, c, where);
    default: return attachment_content_holds(ctx, c, where);
  }
}

void list_message_inputs(context& ctx, const compiled_condition& c, condition_trace& t) {
  const auto add_value = [&](const slot_value& v) {
    t.raw_values.emplace_back(v.raw);
    t.decoded_values.emplace_back(v.decoded);
    return false;  // every value
  };
  switch (c.kind) {
    case kind::with_importance:
      for (const int slot : c.slots) any_value(ctx, slot, add_value);
      t.decoded_values.push_back(std::string("importance ") +
                                 eval::to_string(importance_of(ctx, c)));
      break;
    case kind::message_type_matches:
    case kind::has_classification:
    case kind::has_no_classification:
    case kind::any_of_to_header:
    case kind::any_of_cc_header:
    case kind::any_of_to_cc_header:
      for (const int slot : c.slots) any_value(ctx, slot, add_value);
      break;
    case kind::recipient_address_contains_words:
    case kind::recipient_address_matches_patterns:
    case kind::any_of_recipient_address_contains_words:
    case kind::any_of_recipient_address_matches_patterns:
      for (const auto& r : ctx.s.recipients()) t.decoded_values.push_back(r);
      break;
    case kind::subject_or_body_matches_patterns: any_value(ctx, slot_at(c, 0), add_value); break;
    case kind::content_character_set_contains_words:
      for (const auto& charset : body_of(ctx).charsets) t.decoded_values.push_back(charset);
      break;
    case kind::attachment_name_matches_patterns:
    case kind::attachment_size_over:
    case kind::attachment_has_executable_content:
    case kind::attachment_is_password_protected:
      for (const auto& a : body_of(ctx).attachments) {
        t.decoded_values.push_back((a.name.empty() ? std::string("(unnamed)") : a.name) + ", " +
                                   std::to_string(a.size) + " bytes" +
                                   (a.executable ? ", executable" : "") +
                                   (a.password_protected ? ", password protected" : ""));
      }
      if (c.kind == kind::attachment_name_matches_patterns) {
        for (const auto& path : body_of(ctx).contents.archived_names) {
          t.decoded_values.push_back("in an archive: " + path);
        }
      }
      if (c.kind == kind::attachment_has_executable_content) {
        for (const auto& path : body_of(ctx).contents.archived_executables) {
          t.decoded_values.push_back("in an archive: " + path + ", executable");
        }
      }
      if (c.kind == kind::attachment_is_password_protected) {
        for (const auto& path : body_of(ctx).contents.archived_locked) {
          t.decoded_values.push_back("in an archive: " + path + ", password protected");
        }
      }
      if (c.kind != kind::attachment_size_over) list_unfinished_inspection(ctx, t);
      break;
    case kind::message_contains_data_classifications:
    case kind::has_sender_override: list_dlp_inputs(ctx, c, t); break;
    default: list_attachment_content_inputs(ctx, c, t); break;
  }
}

}  // namespace eval_detail
}  // namespace mfsim
