// What the pipeline reads from a scanned header block: sender IP, EOP verdict, dates, addresses.
//
// Every function takes the fields of a header_block (views into the message bytes) and a
// caller-owned string buffer it may overwrite; none keeps a reference after it returns.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/mail/header_scanner.h"
#include "engine/net/ip_address.h"

namespace mfsim::mail {

// Where the connecting IP came from, in the contract's precedence order.
enum class ip_source {
  manifest,
  client_ip,
  x_forefront_antispam_report,
  x_sender_ip,
  authentication_results,
  received_spf,
  received,
  none,
};

// The contract's spelling: "client-ip", "x-forefront-antispam-report", ..., "none".
[[nodiscard]] const char* to_string(ip_source source) noexcept;

struct sender_ip_result {
  std::optional<net::ip_address> address;
  ip_source source = ip_source::none;
};

// Finds the connecting IP from the headers alone (the header sources of cli-contract.md, in
// order: X-Forefront-Antispam-Report CIP:, X-Sender-IP, Authentication-Results "sender IP is",
// Received-SPF client-ip=, then the Received walk). `buffer` is scratch space.
[[nodiscard]] sender_ip_result find_sender_ip(std::span<const header_field> fields,
                                              std::string& buffer);

// The address in a Received: header's `from` clause, if that hop is outside Exchange Online
// and not private, loopback or link-local; exposed for tests and explain.
[[nodiscard]] std::optional<net::ip_address> external_received_hop(std::string_view unfolded);

// Where a Received value's from clause ends: at the first later clause's keyword outside
// comments ("by", "via", "with", "id", "for", as a word after a space, a ')' or a ']'), at the
// first ';' outside comments, or at the end. Exposed for tests.
[[nodiscard]] std::size_t received_from_clause_end(std::string_view value) noexcept;

// The last ';' of a Received value outside comments (the date-time follows it, RFC 5322 3.6.7;
// a comment after the date may hold a ';' of its own); in a value whose comment never closes,
// the last ';' of all; npos when there is none. Exposed for tests.
[[nodiscard]] std::size_t received_date_separator(std::string_view value) noexcept;

// Microsoft's own category from CAT: in X-Forefront-Antispam-Report.
enum class eop_category {
  none,
  bulk,
  spam,
  high_confidence_spam,
  spoof,
  phish,
  high_confidence_phish,
  malware
};
// Microsoft's CAT: spelling: "NONE", "BULK", "SPM", "HSPM", "SPOOF", "PHSH", "HPHSH", "MALW".
[[nodiscard]] const char* to_string(eop_category c) noexcept;

// The sender's DMARC policy as Microsoft applied it to a message that failed DMARC
// (Authentication-Results "dmarc=fail action=..."): p=quarantine, p=reject, or neither (pass,
// p=none, or a pct.* action, which means the policy was not applied to this message).
enum class dmarc_policy { none, quarantine, reject };

struct eop_verdict {
  std::optional<int> scl;  // SCL: or X-MS-Exchange-Organization-SCL, -1..9
  eop_category category = eop_category::none;
  std::optional<int> bcl;     // BCL: in X-Microsoft-Antispam, 0..9
  bool bulk_service = false;  // SRV:BULK: spam filtering found bulk over the threshold
  dmarc_policy dmarc = dmarc_policy::none;
  bool from_forefront_report = false;  // else from X-MS-Exchange-Organization-SCL (or nothing)
  std::string sfv;                     // SFV: value as recorded, for explain
};

// Reads the verdict Microsoft recorded on the message (cli-contract.md "own EOP verdict").
[[nodiscard]] eop_verdict read_eop_verdict(std::span<const header_field> fields,
                                           std::string& buffer);

// The value of KEY in a "KEY:value;KEY:value" list, keys case-insensitive, spaces trimmed.
[[nodiscard]] std::optional<std::string_view> semicolon_field(std::string_view list,
                                                              std::string_view key) noexcept;

// The received time: the date of the topmost Received: header, else Date:; nullopt if neither
// parses.
[[nodiscard]] std::optional<std::int64_t> received_time(std::span<const header_field> fields,
                                                        std::string& buffer);

// The first instance of a header, unfolded; nullopt when absent.
[[nodiscard]] std::optional<std::string_view> first_unfolded(std::span<const header_field> fields,
                                                             std::string_view name,
                                                             std::string& buffer);

// Calls on_address(addr_spec) for each mailbox address in an address-list header value
// (angle-bracketed or bare), skipping display names, comments and quoted strings.
template <typename F>
void for_each_address(std::string_view value, F&& on_address);

// Calls on_address(addr_spec) for each address of every To: and Cc: field, in the order the
// fields are written, each value unfolded into `buffer` first.
template <typename F>
void for_each_to_cc_address(std::span<const header_field> fields, std::string& buffer,
                            F&& on_address);

// Whether a lower-cased address is in a lower-cased domain or one of its subdomains
// ("a@mail.contoso.com" is in "contoso.com"; "a@evilcontoso.com" is not).
[[nodiscard]] bool address_in_domain(std::string_view address_lower,
                                     std::string_view domain_lower) noexcept;

// Implementation detail of for_each_address.
std::size_t next_address(std::string_view value, std::size_t from, std::string_view& address);

template <typename F>
void for_each_address(std::string_view value, F&& on_address) {
  std::string_view address;
  for (std::size_t at = 0; (at = next_address(value, at, address)) != std::string_view::npos;) {
    on_address(address);
  }
}

template <typename F>
void for_each_to_cc_address(std::span<const header_field> fields, std::string& buffer,
                            F&& on_address) {
  for (const auto& f : fields) {
    if (!header_name_equals(f.name, "To") && !header_name_equals(f.name, "Cc")) continue;
    buffer.clear();
    unfold_value(f.raw_value, buffer);
    for_each_address(std::string_view(buffer), on_address);
  }
}

}  // namespace mfsim::mail
