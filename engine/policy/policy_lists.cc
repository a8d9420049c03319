// The anti-spam policy's sender, language and region lists.
#include "engine/policy/policy_lists.h"

#include "engine/ascii.h"
#include "engine/mail/message_view.h"

namespace mfsim::policy {
namespace {

// Verdicts no list can lower: filtering's own verdicts above spam.
bool worse_than_spam(verdict v) noexcept {
  return v == verdict::malware || v == verdict::high_confidence_phish || v == verdict::phish ||
         v == verdict::high_confidence_spam || v == verdict::spoof;
}

// The first sender whose address is listed (exactly) or whose domain is listed (the domain
// or a subdomain of it); the matching entry, else empty.
std::string_view listed_address(std::span<const std::string_view> senders,
                                const std::vector<std::string>& addresses) noexcept {
  for (const auto sender : senders) {
    for (const auto& a : addresses) {
      if (sender == a) return a;
    }
  }
  return {};
}

std::string_view listed_domain(std::span<const std::string_view> senders,
                               const std::vector<std::string>& domains) noexcept {
  for (const auto sender : senders) {
    for (const auto& d : domains) {
      if (mail::address_in_domain(sender, d)) return d;
    }
  }
  return {};
}

std::string_view listed_code(std::string_view code, bool enabled,
                             const std::vector<std::string>& codes) noexcept {
  if (!enabled || code.empty()) return {};
  for (const auto& c : codes) {
    if (ascii_iequals(code, c)) return c;
  }
  return {};
}

}  // namespace

list_decision apply_policy_lists(const rules::antispam_policy& policy, const list_inputs& in,
                                 verdict filtered) noexcept {
  list_decision out{filtered, {}, {}};
  if (in.rule_scl && (*in.rule_scl < 0 || *in.rule_scl >= 5)) return out;
  const auto decide = [&](verdict v, std::string_view setting, std::string_view entry) {
    out = {v, setting, entry};
    return out;
  };
  const auto spam_unless_worse = [&](std::string_view setting, std::string_view entry) {
    return worse_than_spam(filtered) ? out : decide(verdict::spam, setting, entry);
  };
  if (auto e = listed_address(in.senders, policy.blocked_senders); !e.empty()) {
    return spam_unless_worse(kBlockedSenders, e);
  }
  if (auto e = listed_domain(in.senders, policy.blocked_sender_domains); !e.empty()) {
    return spam_unless_worse(kBlockedSenderDomains, e);
  }
  const bool never_allowed =
      filtered == verdict::malware || filtered == verdict::high_confidence_phish;
  if (auto e = listed_address(in.senders, policy.allowed_senders); !e.empty()) {
    return never_allowed ? out : decide(verdict::skipped, "AllowedSenders", e);
  }
  if (auto e = listed_domain(in.senders, policy.allowed_sender_domains); !e.empty()) {
    return never_allowed ? out : decide(verdict::skipped, "AllowedSenderDomains", e);
  }
  if (auto e =
          listed_code(in.language, policy.enable_language_block_list, policy.language_block_list);
      !e.empty()) {
    return spam_unless_worse("LanguageBlockList", e);
  }
  if (auto e = listed_code(in.country, policy.enable_region_block_list, policy.region_block_list);
      !e.empty()) {
    return spam_unless_worse("RegionBlockList", e);
  }
  return out;
}

}  // namespace mfsim::policy
