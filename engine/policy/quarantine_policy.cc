// Release paths and quarantine policy lookup.
#include "engine/policy/quarantine_policy.h"

#include "engine/ascii.h"

namespace mfsim::policy {

release_path release_for(std::uint32_t permissions, verdict v) noexcept {
  const bool release_forbidden = v == verdict::malware || v == verdict::high_confidence_phish;
  if ((permissions & rules::perm_release) != 0) {
    return release_forbidden ? release_path::request : release_path::user;
  }
  if ((permissions & rules::perm_request_release) != 0) return release_path::request;
  return release_path::admin;
}

const rules::quarantine_policy* find_quarantine_policy(const rules::rule_set& set,
                                                       std::string_view name) noexcept {
  for (const auto& p : set.quarantine_policies) {
    if (ascii_iequals(p.name, name)) return &p;  // Exchange ignores case
  }
  for (const auto& p : rules::built_in_quarantine_policies()) {
    if (ascii_iequals(p.name, name)) return &p;  // Exchange ignores case
  }
  return nullptr;
}

}  // namespace mfsim::policy
