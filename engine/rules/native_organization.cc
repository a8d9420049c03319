// The YAML rule format's `organization` section: the accepted domains, each with
// New-AcceptedDomain's parameters (DomainName, DomainType, Name), or a bare domain
// (Authoritative).
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "engine/rules/native_loader.h"

namespace mfsim::rules::native {

void loader::load_organization(const field& f) {
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'organization' at the top level: expected a mapping of {}, found {}",
                      join(organization_keys), describe(f.value)));
    return;
  }
  const fields map = read_mapping(f.value, organization_keys, "in organization");
  const field* domains = map.find("accepted_domains");
  if (domains == nullptr) return;
  if (!domains->value.IsSequence()) {
    error(
        diag_code::bad_value, value_span(*domains),
        fmt::format("'accepted_domains' in organization: expected a list of domains (contoso.com, "
                    "or a mapping of {}), found {}",
                    join(accepted_domain_keys), describe(domains->value)));
    return;
  }
  std::size_t index = 0;
  for (const auto& node : domains->value) load_accepted_domain(node, ++index);
  check_accepted_domains(out_, diagnostics_);
}

void loader::load_accepted_domain(const YAML::Node& node, std::size_t index) {
  const std::string ctx = fmt::format("in accepted domain #{} of organization", index);
  std::vector<parameter> params;
  if (node.IsScalar()) {
    // `- contoso.com`: an Authoritative domain named after itself.
    params.push_back(parameter{"DomainName", to_param_value(node), span_of(node)});
  } else if (node.IsMap()) {
    const fields map = read_mapping(node, accepted_domain_keys, ctx);
    for (const auto& k : map.items) params.push_back(as_parameter(k, false));
  } else {
    error(diag_code::bad_value, span_of(node),
          fmt::format("accepted domain #{} of organization: expected a domain or a mapping of "
                      "{}, found {}",
                      index, join(accepted_domain_keys), describe(node)));
    return;
  }
  if (auto d = build_accepted_domain(params, ctx, param_style::yaml, span_of(node), diagnostics_)) {
    out_.accepted_domains.push_back(std::move(*d));
  }
}

}  // namespace mfsim::rules::native
