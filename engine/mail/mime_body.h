// The body of a message as the body and attachment conditions read it, parsed with mimetic.
//
// Only rules that need it (SubjectOrBodyContainsWords, AttachmentExtensionMatchesWords) pay
// for this parse; header-only rule sets never reach it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/attachment_content.h"

namespace mfsim::mail {

// Bounds that keep one hostile message from costing much (both are reported, never fatal).
struct body_limits {
  std::size_t max_text_bytes = 4u << 20;  // decoded text kept for word matching
  std::size_t max_parts = 1000;           // MIME parts walked
  // Whether attachments' content is inspected (the attachment content conditions), and within
  // which budgets: only plans with those conditions pay for it.
  bool inspect_content = false;
  // Whether archive attachments are opened for their files' names, programs and locked files
  // (the file name, executable and password conditions), when their content is not inspected.
  bool list_archives = false;
  content_limits content;
  // Whether each attachment is decoded, for its size and the executable and password checks
  // (attachment_info), as inspecting implies; without, attachments give their names only.
  bool decode_attachments = true;
  bool scan_signals = false;  // fill body_summary::signals (the ASF settings)
};

// One attachment as the attachment conditions see it (issue 15).
struct attachment_info {
  std::string name;                 // file name, empty when the part has none
  std::size_t size = 0;             // decoded bytes
  bool executable = false;          // is_executable_content() of the decoded bytes
  bool password_protected = false;  // is_password_protected() of the decoded bytes
  bool decoded = false;             // the three above were found (body_limits::decode_attachments)
};

struct body_summary {
  // The decoded text of every text/plain and text/html part (HTML as rendered: see
  // append_html_text), parts separated by a newline, case-folded for word matching
  // (engine/case_fold.h).
  std::string text_lower;
  // Lower-cased file name extensions of the attachments (without the dot), in part order.
  std::vector<std::string> attachment_extensions;
  // Every attachment, in part order (the extensions above are theirs that have one).
  std::vector<attachment_info> attachments;
  // Every part's charset parameter, lower-cased, in part order, each once.
  std::vector<std::string> charsets;
  // With body_limits::inspect_content: each attachment's type, text, properties and insides;
  // a MIME walk cut short by max_parts, or a body mimetic cannot read, counts as an inspection
  // that did not complete.
  attachment_contents contents;
  bool has_calendar_part = false;          // a text/calendar part: a meeting request or response
  bool has_rights_protected_part = false;  // message.rpmsg (Rights Management, OME)
  // mail::content_signal bits (asf_signals.h), when body_limits::scan_signals asked for them.
  std::uint32_t signals = 0;
  bool truncated = false;   // a limit was reached; what was read is kept
  bool unreadable = false;  // mimetic could not parse the body, or split a multipart in it
  // A header block gives Content-Type, Content-Transfer-Encoding or Content-Disposition twice:
  // the attachments are those of either reading (decision 667).
  bool duplicate_fields = false;

  void clear() noexcept {
    text_lower.clear();
    attachment_extensions.clear();
    attachments.clear();
    charsets.clear();
    contents.clear();
    has_calendar_part = has_rights_protected_part = false;
    signals = 0;
    truncated = unreadable = duplicate_fields = false;
  }
};

// Parses `message` (headers and body) and fills `out`. Never throws.
void read_body(std::string_view message, const body_limits& limits, body_summary& out) noexcept;

// The extension of a file name, lower-cased, without the dot; empty when there is none. Read
// from recipient_file_name(): a path inside an archive gives its file's extension.
[[nodiscard]] std::string file_extension(std::string_view file_name);

}  // namespace mfsim::mail
