// The ASF settings table: parameter names, X-CustomSpam values and SCLs from "Advanced Spam
// Filter (ASF) settings in EOP" (learn.microsoft.com/defender-office-365/
// anti-spam-policies-asf-settings-about).
#include "engine/rules/asf_settings.h"

#include <iterator>

namespace mfsim::rules {
namespace {

using s = asf_setting;

// Mark as spam: SCL 9 (high confidence spam), but Sender ID hard fail and backscatter: SCL 6.
// Increase spam score: SCL 5 or 6; mfsim gives 5 (decisions.md 272).
constexpr asf_info kSettings[] = {
    {s::empty_messages, "MarkAsSpamEmptyMessages", "Empty Message", 9, true, true},
    {s::embed_tags, "MarkAsSpamEmbedTagsInHtml", "Embed tag in html", 9, true, true},
    {s::javascript, "MarkAsSpamJavaScriptInHtml", "Javascript or VBscript tags in HTML", 9, true,
     true},
    {s::form_tags, "MarkAsSpamFormTagsInHtml", "Form tag in html", 9, true, true},
    {s::frames, "MarkAsSpamFramesInHtml", "IFRAME or FRAME in HTML", 9, true, true},
    {s::web_bugs, "MarkAsSpamWebBugsInHtml", "Web bug", 9, true, true},
    {s::object_tags, "MarkAsSpamObjectTagsInHtml", "Object tag in html", 9, true, true},
    {s::spf_hard_fail, "MarkAsSpamSpfRecordHardFail", "SPF Record Fail", 9, false, false},
    {s::from_address_auth_fail, "MarkAsSpamFromAddressAuthFail", "SPF From Record Fail", 6, false,
     false},
    {s::ndr_backscatter, "MarkAsSpamNdrBackscatter", "Backscatter NDR", 6, false, true},
    {s::image_links, "IncreaseScoreWithImageLinks", "Image links to remote sites", 5, true, true},
    {s::numeric_ips, "IncreaseScoreWithNumericIps", "Numeric IP in URL", 5, true, true},
    {s::redirect_to_other_port, "IncreaseScoreWithRedirectToOtherPort",
     "URL redirect to other port", 5, true, true},
    {s::biz_or_info_urls, "IncreaseScoreWithBizOrInfoUrls", "URL to .biz or .info websites", 5,
     true, true},
};
static_assert(std::size(kSettings) == kAsfSettingCount);

}  // namespace

std::span<const asf_info> asf_settings() noexcept { return kSettings; }

const asf_info& info_of(asf_setting id) noexcept { return kSettings[static_cast<std::size_t>(id)]; }

const char* parameter_value(asf_state state) noexcept {
  switch (state) {
    case asf_state::off: return "Off";
    case asf_state::on: return "On";
    case asf_state::test: return "Test";
  }
  return "Off";
}

const char* parameter_value(asf_test_action action) noexcept {
  switch (action) {
    case asf_test_action::none: return "None";
    case asf_test_action::add_x_header: return "AddXHeader";
    case asf_test_action::bcc_message: return "BccMessage";
  }
  return "None";
}

const char* parameter_value(intra_org_filter f) noexcept {
  switch (f) {
    case intra_org_filter::not_set: return "Default";
    case intra_org_filter::high_confidence_phish: return "HighConfidencePhish";
    case intra_org_filter::phish: return "Phish";
    case intra_org_filter::high_confidence_spam: return "HighConfidenceSpam";
    case intra_org_filter::spam: return "Spam";
    case intra_org_filter::disabled: return "Disabled";
  }
  return "Default";
}

bool asf_policy::any_enabled() const noexcept {
  for (const asf_state st : state) {
    if (st != asf_state::off) return true;
  }
  return false;
}

bool asf_policy::reads_body() const noexcept {
  for (const auto& setting : kSettings) {
    if (setting.reads_body && of(setting.id) != asf_state::off) return true;
  }
  return false;
}

}  // namespace mfsim::rules
