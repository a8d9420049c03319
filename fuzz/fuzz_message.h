// Shared pieces of the fuzz targets that evaluate messages: a fixed message and outcome checks.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/engine.h"
#include "engine/mail/header_scanner.h"
#include "fuzz/fuzz_check.h"

namespace mfsim::fuzz {

// A message that touches every stage: Area 1 disposition, an egress Received hop, an EOP
// verdict, an encoded Subject, a From address and dates.
inline constexpr std::string_view kFixedMessage =
    "Received: from mx.area1.example (mx.area1.example [104.30.32.7])\r\n"
    "\tby tenant.mail.protection.outlook.com; Tue, 19 Mar 2024 09:41:11 +0000\r\n"
    "X-Area1Security-Disposition: UCE\r\n"
    "X-Forefront-Antispam-Report: CIP:104.30.32.7;SCL:5;CAT:SPM;\r\n"
    "X-Microsoft-Antispam: BCL:8;\r\n"
    "From: \"Sender\" <someone@mail.example.com>\r\n"
    "Subject: =?utf-8?B?U3BhbSDwn5Kw?= offer\r\n"
    "Date: Tue, 19 Mar 2024 09:41:11 +0000\r\n"
    "\r\n"
    "body\r\n";

// Invariants every outcome keeps, whatever the message.
inline void check_outcome(const plan& p, std::string_view message, const outcome& o) {
  MFSIM_FUZZ_CHECK(o.error.empty() || o.error == "empty message" ||
                   o.error.substr(0, 16) == "no header fields");  // never "out of memory"
  MFSIM_FUZZ_CHECK(message.empty() == (o.error == "empty message"));
  // Only the flags evaluate() sets (mail::scan_flag): no_transport_headers is the Outlook
  // readers' own.
  constexpr std::uint32_t kEvaluateFlags =
      (mail::flag_no_transport_headers - 1) | mail::flag_duplicate_mime_field;
  MFSIM_FUZZ_CHECK((o.flags & ~kEvaluateFlags) == 0);
  for (std::size_t k = 0; k < o.rules.size(); ++k) {
    MFSIM_FUZZ_CHECK(o.rules[k] < p.rule_count());
    if (k > 0) MFSIM_FUZZ_CHECK(o.rules[k - 1] < o.rules[k]);  // evaluation order, once each
  }
  for (const rule_error& e : o.rule_errors) MFSIM_FUZZ_CHECK(e.rule < p.rule_count());
  if (o.scl) {
    MFSIM_FUZZ_CHECK(*o.scl >= -1 && *o.scl <= 9);
    MFSIM_FUZZ_CHECK(o.scl_source != scl_origin::none);
  } else {
    MFSIM_FUZZ_CHECK(o.scl_source == scl_origin::none);
  }
  MFSIM_FUZZ_CHECK(o.sender_ip.has_value() == (o.sender_ip_source != mail::ip_source::none));
  if (o.in_egress) MFSIM_FUZZ_CHECK(o.sender_ip.has_value());
  if (o.disposition) {
    MFSIM_FUZZ_CHECK(!o.disposition->empty());
    for (const char c : *o.disposition) MFSIM_FUZZ_CHECK(!(c >= 'a' && c <= 'z'));
    MFSIM_FUZZ_CHECK(o.disposition->front() != ' ' && o.disposition->back() != ' ');
  }
  const bool quarantined =
      o.action == final_action::quarantine || o.action == final_action::area1_quarantine;
  MFSIM_FUZZ_CHECK(quarantined == !o.quarantine_policy.empty());
  if (quarantined) MFSIM_FUZZ_CHECK(o.release != release_path::none);
  if (o.expires) MFSIM_FUZZ_CHECK(o.action == final_action::quarantine && o.received);
  if (o.action == final_action::area1_quarantine) {
    MFSIM_FUZZ_CHECK(o.rules.empty() && !o.scl && o.verdict_value == verdict::not_spam);
  }
  if (o.verdict_value == verdict::malware) MFSIM_FUZZ_CHECK(o.action == final_action::quarantine);
}

// The fields of an outcome that must not change between two evaluations of one message.
inline bool same_outcome(const outcome& a, const outcome& b) {
  return a.disposition == b.disposition && a.sender_ip == b.sender_ip &&
         a.in_egress == b.in_egress && a.rules == b.rules && a.scl == b.scl &&
         a.verdict_value == b.verdict_value && a.action == b.action &&
         a.quarantine_policy == b.quarantine_policy && a.release == b.release &&
         a.notify == b.notify && a.expires == b.expires && a.received == b.received &&
         a.error == b.error && a.flags == b.flags && a.rule_errors.size() == b.rule_errors.size();
}

}  // namespace mfsim::fuzz
