// MF017: a transport rule that skips spam filtering for a sender's address or domain alone.
#include <fmt/format.h>

#include <algorithm>

#include "engine/lint/lint.h"

namespace mfsim::lint {
namespace {

// Conditions that read only the sender's address, which the sender writes (decision 546).
bool names_only_the_sender(const rules::condition& c) {
  switch (c.kind) {
    case rules::condition_kind::sender_domain_is:
    case rules::condition_kind::from:
    case rules::condition_kind::from_address_contains_words:
    case rules::condition_kind::from_address_matches_patterns: return true;
    default: return false;
  }
}

}  // namespace

std::vector<finding> spam_bypass_findings(const rules::rule_set& set) {
  std::vector<finding> out;
  for (const auto& rule : set.transport_rules) {
    if (rule.actions.set_scl != -1 || rule.state == rules::rule_state::disabled) continue;
    if (rule.conditions.empty() ||
        !std::all_of(rule.conditions.begin(), rule.conditions.end(), names_only_the_sender)) {
      continue;
    }
    out.push_back(finding{
        "MF017", severity::warning, rule.where,
        fmt::format("transport rule '{}' skips spam filtering (SetSCL -1) for a sender address "
                    "or domain alone, which anyone can forge: spoofed mail from it reaches the "
                    "Inbox unfiltered",
                    rule.name),
        "add a condition the sender cannot forge: HeaderContainsMessageHeader "
        "Authentication-Results with HeaderContainsWords dmarc=pass, dmarc=bestguesspass, or "
        "SenderIpRanges of its servers"});
  }
  return out;
}

}  // namespace mfsim::lint
