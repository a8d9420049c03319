// The organisation a rule set belongs to: its accepted domains (New-AcceptedDomain), which
// FromScope and SentToScope read to tell inside from outside.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace mfsim::rules {

// DomainType of New-AcceptedDomain. Authoritative and InternalRelay domains are the
// organisation's; an ExternalRelay domain's recipients are outside it (New-TransportRule,
// FromScope / SentToScope).
enum class accepted_domain_type { authoritative, internal_relay, external_relay };

struct accepted_domain {
  std::string name;    // Name (defaults to the domain)
  std::string domain;  // DomainName, lower-cased; "*.contoso.com" covers every subdomain
  accepted_domain_type type = accepted_domain_type::authoritative;
  source_span where;
};

// "Authoritative", "InternalRelay", "ExternalRelay".
[[nodiscard]] const char* parameter_value(accepted_domain_type type) noexcept;
// Exchange's spellings, without case; nullopt for anything else.
[[nodiscard]] std::optional<accepted_domain_type> parse_accepted_domain_type(
    std::string_view text) noexcept;

// The accepted domain a lower-cased address (or bare domain) falls in, or nullptr: its domain
// equals DomainName, or is a subdomain of a "*.domain" entry.
[[nodiscard]] const accepted_domain* find_accepted_domain(
    std::string_view address_lower, std::span<const accepted_domain> domains) noexcept;

// Whether a lower-cased address is in the organisation by its domain: an Authoritative or
// InternalRelay accepted domain of either list (the rule set's, then --accepted-domain's).
[[nodiscard]] bool in_organization_domain(std::string_view address_lower,
                                          std::span<const accepted_domain> rule_set_domains,
                                          std::span<const accepted_domain> extra_domains) noexcept;

}  // namespace mfsim::rules
