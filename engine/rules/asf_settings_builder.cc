// The Advanced Spam Filter settings of an anti-spam policy from Set-HostedContentFilterPolicy's
// parameters: MarkAsSpam* and IncreaseScoreWith* (Off, On, Test), TestModeAction,
// TestModeBccToRecipients and IntraOrgFilterState.
#include <fmt/format.h>

#include "engine/rules/param_readers.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {
namespace {

using detail::enum_name;
using detail::error;
using detail::read_enum;
using detail::read_list;

constexpr enum_name<asf_state> kStates[] = {
    {"Off", asf_state::off}, {"On", asf_state::on}, {"Test", asf_state::test}};
constexpr enum_name<asf_test_action> kTestActions[] = {
    {"None", asf_test_action::none},
    {"AddXHeader", asf_test_action::add_x_header},
    {"BccMessage", asf_test_action::bcc_message}};
constexpr enum_name<intra_org_filter> kIntraOrg[] = {
    {"Default", intra_org_filter::not_set},
    {"HighConfidencePhish", intra_org_filter::high_confidence_phish},
    {"Phish", intra_org_filter::phish},
    {"HighConfidenceSpam", intra_org_filter::high_confidence_spam},
    {"Spam", intra_org_filter::spam},
    {"Disabled", intra_org_filter::disabled}};

void read_test_bcc(const parameter& p, const std::string& ctx, param_style style, asf_policy& asf,
                   std::vector<diagnostic>& out) {
  asf.test_bcc.clear();
  if (p.value.type == value_type::null) return;  // -X $null empties the list
  const auto items = read_list(p, ctx, style, "an email address", out, true);
  if (!items) return;
  for (const auto& item : *items) {
    const std::string value = ascii_lower_copy(ascii_trim_blanks(item.text));
    if (is_address(value)) {
      asf.test_bcc.push_back(value);
    } else {
      error(out, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected an email address such as user@contoso.com, found '{}'",
                        param_label(p.name, style), ctx, item.text));
    }
  }
}

}  // namespace

bool apply_asf_setting(const parameter& p, const std::string& ctx, param_style style,
                       antispam_policy& policy, std::vector<diagnostic>& out) {
  asf_policy& asf = policy.asf;
  if (p.name == "TestModeAction") {
    if (auto action = read_enum(p, ctx, style, kTestActions, out)) asf.test_action = *action;
    return true;
  }
  if (p.name == "TestModeBccToRecipients") {
    read_test_bcc(p, ctx, style, asf, out);
    return true;
  }
  if (p.name == "IntraOrgFilterState") {
    if (auto state = read_enum(p, ctx, style, kIntraOrg, out)) asf.intra_org = *state;
    return true;
  }
  for (const auto& setting : asf_settings()) {
    if (p.name != setting.parameter) continue;
    const auto state = read_enum(p, ctx, style, kStates, out);
    if (!state) return true;
    if (*state == asf_state::test && !setting.test_mode) {
      error(out, diag_code::bad_value, p.value.where,
            fmt::format("{} {}: Test mode isn't available for this setting (ASF settings in "
                        "EOP); expected On or Off",
                        param_label(p.name, style), ctx));
      return true;
    }
    asf.state[static_cast<std::size_t>(setting.id)] = *state;
    return true;
  }
  return false;
}

}  // namespace mfsim::rules
