// Zero-copy scanner for the header block of one RFC 5322 message.
//
// The scanner never throws and never reads past the buffer. It returns views into the
// caller's message bytes: the views stay valid as long as those bytes do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/ascii.h"

namespace mfsim::mail {

// Damage found while scanning; several may be set at once.
enum scan_flag : std::uint32_t {
  flag_none = 0,
  flag_no_separator = 1u << 0,          // no empty line between header and body
  flag_bare_cr = 1u << 1,               // a CR not followed by LF (a line end; decision 1206)
  flag_nul_byte = 1u << 2,              // a NUL byte inside the header block
  flag_line_too_long = 1u << 3,         // a physical header line longer than the limit
  flag_header_too_large = 1u << 4,      // header block cut at max_header_bytes
  flag_too_many_fields = 1u << 5,       // fields past max_fields were not recorded
  flag_leading_continuation = 1u << 6,  // the block starts with a folded (WSP) line
  flag_malformed_line = 1u << 7,        // a line that is neither a field nor a continuation
  flag_empty_header = 1u << 8,          // the message starts with the empty line
  flag_eight_bit = 1u << 9,             // raw bytes >= 0x80 in the header block
  flag_mixed_line_endings = 1u << 10,   // both CRLF and bare LF line ends
  flag_mbox_from_line = 1u << 11,       // a leading mbox "From " envelope line was skipped
  flag_empty_message = 1u << 12,        // zero bytes
  // Set by evaluate(), when a rule read the body (SubjectOrBodyContainsWords,
  // AttachmentExtensionMatchesWords):
  flag_body_truncated = 1u << 13,   // past the body limits: the rest was not read
  flag_body_unreadable = 1u << 14,  // mimetic could not parse the body, or split a multipart
  // Set by the corpus readers:
  flag_no_transport_headers = 1u << 15,  // an Outlook item (.msg, PST) without
                                         // PR_TRANSPORT_MESSAGE_HEADERS: the header block was
                                         // reconstructed from its properties (docs/outlook.md)
  // Set by evaluate(), when a rule read the body: a header block (the message's or a part's)
  // gives Content-Type, Content-Transfer-Encoding or Content-Disposition twice (decision 667).
  flag_duplicate_mime_field = 1u << 16,
};

// Names of the set flags, in bit order ("no_separator", "bare_cr", ...).
void flag_names(std::uint32_t flags, std::vector<std::string_view>& out);

struct scan_limits {
  std::size_t max_header_bytes = 1u << 20;  // 1 MiB of header block, then stop
  std::size_t max_line_bytes = 64u * 1024;  // longer physical lines are kept but flagged
  std::size_t max_fields = 20000;           // further fields are dropped and flagged
};

// One header field as it stands in the message.
struct header_field {
  std::string_view name;       // as written (case preserved), without trailing spaces
  std::string_view raw_value;  // after the colon, folded lines included, final line end removed
};

struct header_block {
  std::vector<header_field> fields;  // in message order, repeated names all kept
  std::uint32_t flags = flag_none;
  std::size_t header_end = 0;   // offset just past the header block (before the empty line)
  std::size_t body_offset = 0;  // offset of the first body byte (== size when there is none)

  void clear() noexcept {
    fields.clear();
    flags = flag_none;
    header_end = body_offset = 0;
  }
};

// Scans `message` into `out` (cleared first; its capacity is reused).
void scan_headers(std::string_view message, const scan_limits& limits, header_block& out);

// The same scan, taking every physical line on its own: what scan_headers() must equal (the
// tests compare them), which takes the plain continuation lines of a folded field at once.
void scan_headers_line_by_line(std::string_view message, const scan_limits& limits,
                               header_block& out);

// ASCII case-insensitive equality of header names. Inline: lookups by name call it for every
// field, and most fields differ from the name sought in length.
[[nodiscard]] inline bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  return ascii_iequals(a, b);
}

// Appends the unfolded value to `out`: line breaks inside the value are removed (the
// whitespace after them kept), NUL bytes dropped, and leading/trailing whitespace trimmed. A CR
// before a byte that is no line break and no blank (a line after a bare CR joined to its field,
// decision 1206) is read as a blank.
void unfold_value(std::string_view raw_value, std::string& out);

}  // namespace mfsim::mail
