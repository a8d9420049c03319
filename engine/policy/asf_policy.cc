// The ASF settings' verdicts and IntraOrgFilterState's reach.
#include "engine/policy/asf_policy.h"

#include "engine/policy/antispam_policy.h"

namespace mfsim::policy {
namespace {

using rules::asf_setting;

bool has(std::uint32_t signals, mail::content_signal bit) noexcept { return (signals & bit) != 0; }

// Whether the message has the property the setting looks for.
bool finds(asf_setting s, const asf_inputs& in) noexcept {
  const std::uint32_t c = in.content;
  switch (s) {
    case asf_setting::empty_messages: return in.empty;
    case asf_setting::embed_tags: return has(c, mail::signal_embed_tag);
    case asf_setting::javascript: return has(c, mail::signal_script);
    case asf_setting::form_tags: return has(c, mail::signal_form_tag);
    case asf_setting::frames: return has(c, mail::signal_frame_tag);
    case asf_setting::web_bugs: return has(c, mail::signal_web_bug);
    case asf_setting::object_tags: return has(c, mail::signal_object_tag);
    case asf_setting::spf_hard_fail: return in.auth.spf_hard_fail;
    case asf_setting::from_address_auth_fail: return in.auth.from_hard_fail;
    // Backscatter: an NDR for a message the organisation did not send.
    case asf_setting::ndr_backscatter:
      return has(c, mail::signal_delivery_report) &&
             !has(c, mail::signal_returned_from_organization);
    case asf_setting::image_links: return has(c, mail::signal_remote_image);
    case asf_setting::numeric_ips: return has(c, mail::signal_numeric_ip_url);
    case asf_setting::redirect_to_other_port: return has(c, mail::signal_other_port_url);
    case asf_setting::biz_or_info_urls: return has(c, mail::signal_biz_info_url);
  }
  return false;
}

verdict verdict_of_scl(int scl) noexcept {
  return scl >= 7 ? verdict::high_confidence_spam : verdict::spam;
}

}  // namespace

std::uint32_t asf_found(const asf_inputs& in) noexcept {
  std::uint32_t found = 0;
  for (const auto& setting : rules::asf_settings()) {
    if (finds(setting.id, in)) found |= 1u << static_cast<unsigned>(setting.id);
  }
  return found;
}

asf_decision apply_asf(const rules::asf_policy& policy, std::uint32_t found,
                       verdict filtered) noexcept {
  asf_decision d;
  d.value = filtered;
  int best_scl = 0;
  for (const auto& setting : rules::asf_settings()) {
    const auto bit = 1u << static_cast<unsigned>(setting.id);
    if ((found & bit) == 0) continue;
    const rules::asf_state state = policy.of(setting.id);
    if (state == rules::asf_state::test) d.test |= bit;
    if (state != rules::asf_state::on) continue;
    d.on |= bit;
    if (setting.scl > best_scl) {
      best_scl = setting.scl;
      if (verdict_rank(verdict_of_scl(setting.scl)) > verdict_rank(filtered)) {
        d.decided = setting.id;
        d.value = verdict_of_scl(setting.scl);
      }
    }
  }
  return d;
}

bool intra_org_acts_on(rules::intra_org_filter state, verdict v) noexcept {
  using f = rules::intra_org_filter;
  switch (v) {
    case verdict::not_spam:
    case verdict::skipped:
    case verdict::malware:
    case verdict::spoof: return true;
    case verdict::high_confidence_phish: return state != f::disabled;
    case verdict::phish:
      return state == f::phish || state == f::high_confidence_spam || state == f::spam;
    case verdict::high_confidence_spam: return state == f::high_confidence_spam || state == f::spam;
    case verdict::spam: return state == f::spam;
    case verdict::bulk: return false;  // no state includes bulk
  }
  return true;
}

}  // namespace mfsim::policy
