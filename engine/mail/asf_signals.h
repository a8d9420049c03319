// The message properties the Advanced Spam Filter (ASF) settings look for ("Advanced Spam
// Filter (ASF) settings in EOP"): HTML tags, web bugs and remote images, the links' hosts and
// ports, delivery reports, and the SPF results Exchange recorded. Facts only: which anti-spam
// setting reads which, and what it does, is stage [D]'s (engine/policy/asf_policy.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "engine/mail/header_scanner.h"

namespace mfsim::mail {

// Bits of body_summary::signals (docs/decisions.md 270-289 says how each is recognised).
enum content_signal : std::uint32_t {
  signal_embed_tag = 1u << 0,         // <embed>
  signal_script = 1u << 1,            // <script>, javascript: / vbscript: links, on* handlers
  signal_form_tag = 1u << 2,          // <form>
  signal_frame_tag = 1u << 3,         // <frame>, <iframe>
  signal_web_bug = 1u << 4,           // a remote image at most 1x1 pixel
  signal_object_tag = 1u << 5,        // <object>
  signal_remote_image = 1u << 6,      // <img> whose src is http:, https: or //host
  signal_numeric_ip_url = 1u << 7,    // a link whose host is an IP address or a number
  signal_other_port_url = 1u << 8,    // a link to a port other than 80, 8080, 443
  signal_biz_info_url = 1u << 9,      // a link to a .biz or .info host
  signal_delivery_report = 1u << 10,  // a message/delivery-status part: an NDR (RFC 3464)
  // The NDR returns the original's header fields (text/rfc822-headers or message/rfc822), and
  // they show the organisation sent it (AuthAs Internal, or Originating).
  signal_returned_from_organization = 1u << 11,
};

// Adds the signals of the tags of one text/html part (as decoded, before rendering).
void scan_html_signals(std::string_view html, std::uint32_t& signals);

// Adds the link signals of every http:// and https:// URL in `text` (a text/plain part, or the
// attribute values and text of a text/html one).
void scan_url_signals(std::string_view text, std::uint32_t& signals);

// Whether the header fields of an NDR's returned original say the organisation sent it.
[[nodiscard]] bool returned_from_organization(std::string_view header_text);

// The SPF results Exchange recorded in the topmost Authentication-Results that has an spf
// result (else Received-SPF): a hard fail, and whether the 5322.From's domain is the domain
// that failed (Sender ID's From check fails too then).
struct auth_failures {
  bool spf_hard_fail = false;
  bool from_hard_fail = false;
};
[[nodiscard]] auth_failures read_auth_failures(std::span<const header_field> fields,
                                               std::string& buffer);

}  // namespace mfsim::mail
