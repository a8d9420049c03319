// MF018: a SenderDomainIs or RecipientDomainIs value with an empty label, which no address has.
#include <fmt/format.h>

#include <string_view>

#include "engine/lint/lint.h"

namespace mfsim::lint {
namespace {

// An address's domain is labels joined by dots, none of them empty (RFC 5321 section 4.1.2):
// a value that starts or ends with a dot, or has two together, is the domain of no address
// and the end of no address's domain.
bool has_empty_label(std::string_view domain) {
  return domain.starts_with('.') || domain.ends_with('.') ||
         domain.find("..") != std::string_view::npos;
}

const char* parameter_of(rules::condition_kind kind, bool exception) {
  if (kind == rules::condition_kind::sender_domain_is)
    return exception ? "ExceptIfSenderDomainIs" : "SenderDomainIs";
  return exception ? "ExceptIfRecipientDomainIs" : "RecipientDomainIs";
}

void check(const rules::transport_rule& rule, const std::vector<rules::condition>& conditions,
           bool exception, std::vector<finding>& out) {
  for (const auto& c : conditions) {
    if (c.kind != rules::condition_kind::sender_domain_is &&
        c.kind != rules::condition_kind::recipient_domain_is)
      continue;
    for (const auto& value : c.values) {
      if (!has_empty_label(value)) continue;
      const char* parameter = parameter_of(c.kind, exception);
      out.push_back(finding{
          "MF018", severity::warning, c.where.line != 0 ? c.where : rule.where,
          fmt::format("transport rule '{}': {} value '{}' has an empty label (a dot at an end, "
                      "or two together), which no address's domain has: Exchange stores it, and "
                      "it never matches, so {}",
                      rule.name, parameter, value,
                      exception ? "the exception never takes a message out"
                                : "this value never makes the rule apply"),
          "write the domain without the stray dot ('contoso.com' matches contoso.com and its "
          "subdomains)"});
    }
  }
}

}  // namespace

std::vector<finding> empty_label_domain_findings(const rules::rule_set& set) {
  std::vector<finding> out;
  for (const auto& rule : set.transport_rules) {
    check(rule, rule.conditions, false, out);
    check(rule, rule.exceptions, true, out);
  }
  return out;
}

}  // namespace mfsim::lint
