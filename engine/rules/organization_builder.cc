// Accepted domains from New-AcceptedDomain's parameters, checked alike for scripts and YAML.
#include <fmt/format.h>

#include <algorithm>

#include "engine/case_fold.h"
#include "engine/rules/param_readers.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {
namespace {

using detail::enum_name;
using detail::error;
using detail::read_enum;

constexpr enum_name<accepted_domain_type> domain_types[] = {
    {"Authoritative", accepted_domain_type::authoritative},
    {"InternalRelay", accepted_domain_type::internal_relay},
    {"ExternalRelay", accepted_domain_type::external_relay}};

const parameter* find(std::span<const parameter> params, std::string_view name) {
  for (const auto& p : params) {
    if (ascii_iequals(p.name, name)) return &p;
  }
  return nullptr;
}

// A domain, or "*." and a domain (New-AcceptedDomain's only wildcard form). Exchange's
// -DomainName is an SmtpDomainWithSubdomains, which it checks: `.contoso.com` is refused
// (decision 662).
bool is_accepted_domain_name(std::string_view text) {
  if (text.substr(0, 2) == "*.") text.remove_prefix(2);
  return is_host_domain(text);
}

}  // namespace

std::optional<accepted_domain> build_accepted_domain(std::span<const parameter> params,
                                                     const std::string& ctx, param_style style,
                                                     const source_span& where,
                                                     std::vector<diagnostic>& out) {
  accepted_domain d;
  d.where = where;
  const parameter* domain = find(params, "DomainName");
  if (domain == nullptr) {
    error(out, diag_code::missing_key, where,
          fmt::format("{} needs {} (the SMTP domain, such as contoso.com)",
                      ctx.substr(std::min<std::size_t>(ctx.size(), 3)),
                      param_label("DomainName", style)));
    return std::nullopt;
  }
  auto text = read_text(*domain, ctx, style, false, out);
  if (!text) return std::nullopt;
  const std::string value = case_folded_copy(ascii_trim_blanks(*text));
  if (!is_accepted_domain_name(value)) {
    error(out, diag_code::bad_value, domain->value.where,
          fmt::format("{} {}: expected a domain such as contoso.com or *.contoso.com, found {}",
                      param_label("DomainName", style), ctx, describe(domain->value, style)));
    return std::nullopt;
  }
  d.domain = value;
  d.name = value;
  if (const parameter* type = find(params, "DomainType")) {
    const auto parsed = read_enum(*type, ctx, style, domain_types, out);
    if (!parsed) return std::nullopt;
    d.type = *parsed;
  }
  if (const parameter* name = find(params, "Name")) {
    if (auto n = read_name(*name, ctx, style, out)) d.name = *n;
  }
  return d;
}

void check_accepted_domains(const rule_set& set, std::vector<diagnostic>& out) {
  for (std::size_t i = 0; i < set.accepted_domains.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (set.accepted_domains[i].domain != set.accepted_domains[j].domain) continue;
      error(out, diag_code::duplicate, set.accepted_domains[i].where,
            fmt::format("accepted domain '{}' is declared twice (first at line {})",
                        set.accepted_domains[i].domain, set.accepted_domains[j].where.line));
      break;
    }
  }
}

}  // namespace mfsim::rules
