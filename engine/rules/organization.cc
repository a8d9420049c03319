// Accepted domains: their type names and how an address is matched against them.
#include "engine/rules/organization.h"

#include "engine/ascii.h"

namespace mfsim::rules {

const char* parameter_value(accepted_domain_type type) noexcept {
  switch (type) {
    case accepted_domain_type::authoritative: return "Authoritative";
    case accepted_domain_type::internal_relay: return "InternalRelay";
    case accepted_domain_type::external_relay: return "ExternalRelay";
  }
  return "Authoritative";
}

std::optional<accepted_domain_type> parse_accepted_domain_type(std::string_view text) noexcept {
  for (const auto t : {accepted_domain_type::authoritative, accepted_domain_type::internal_relay,
                       accepted_domain_type::external_relay}) {
    if (ascii_iequals(text, parameter_value(t))) return t;
  }
  return std::nullopt;
}

const accepted_domain* find_accepted_domain(std::string_view address_lower,
                                            std::span<const accepted_domain> domains) noexcept {
  const auto at = address_lower.rfind('@');
  const std::string_view domain =
      at == std::string_view::npos ? address_lower : address_lower.substr(at + 1);
  if (domain.empty()) return nullptr;
  for (const auto& d : domains) {
    const std::string_view listed = d.domain;
    if (listed.size() > 2 && listed.substr(0, 2) == "*.") {
      // "*.contoso.com": every subdomain of contoso.com (New-AcceptedDomain's wildcard).
      const std::string_view parent = listed.substr(1);  // ".contoso.com"
      if (domain.size() > parent.size() && domain.substr(domain.size() - parent.size()) == parent) {
        return &d;
      }
    } else if (domain == listed) {
      return &d;
    }
  }
  return nullptr;
}

bool in_organization_domain(std::string_view address_lower,
                            std::span<const accepted_domain> rule_set_domains,
                            std::span<const accepted_domain> extra_domains) noexcept {
  for (const auto list : {rule_set_domains, extra_domains}) {
    if (const accepted_domain* d = find_accepted_domain(address_lower, list)) {
      return d->type != accepted_domain_type::external_relay;
    }
  }
  return false;
}

}  // namespace mfsim::rules
