// The Advanced Spam Filter (ASF) settings of an anti-spam policy (MarkAsSpam*,
// IncreaseScoreWith*, TestModeAction, TestModeBccToRecipients) and IntraOrgFilterState, as
// Set-HostedContentFilterPolicy and "Advanced Spam Filter (ASF) settings in EOP" describe them
// (docs/decisions.md 270-289).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::rules {

// Off, On or Test (Test: the TestModeAction is taken instead of marking the message).
enum class asf_state : std::uint8_t { off, on, test };

// One ASF setting. The order is the order settings are reported in (the record, explain).
enum class asf_setting : std::uint8_t {
  empty_messages,          // MarkAsSpamEmptyMessages
  embed_tags,              // MarkAsSpamEmbedTagsInHtml
  javascript,              // MarkAsSpamJavaScriptInHtml
  form_tags,               // MarkAsSpamFormTagsInHtml
  frames,                  // MarkAsSpamFramesInHtml
  web_bugs,                // MarkAsSpamWebBugsInHtml
  object_tags,             // MarkAsSpamObjectTagsInHtml
  spf_hard_fail,           // MarkAsSpamSpfRecordHardFail
  from_address_auth_fail,  // MarkAsSpamFromAddressAuthFail
  ndr_backscatter,         // MarkAsSpamNdrBackscatter
  image_links,             // IncreaseScoreWithImageLinks
  numeric_ips,             // IncreaseScoreWithNumericIps
  redirect_to_other_port,  // IncreaseScoreWithRedirectToOtherPort
  biz_or_info_urls,        // IncreaseScoreWithBizOrInfoUrls
};
inline constexpr std::size_t kAsfSettingCount = 14;

// What the ASF page documents for each setting.
struct asf_info {
  asf_setting id;
  std::string_view parameter;      // "MarkAsSpamEmptyMessages"
  std::string_view x_custom_spam;  // the X-CustomSpam: value it adds: "Empty Message"
  int scl;                         // 9 (high confidence spam), 6 or 5 (spam)
  bool test_mode;                  // false: "Test mode isn't available for this setting"
  bool reads_body;                 // needs the body and attachments (else header fields only)
};

// Every setting, in asf_setting order.
[[nodiscard]] std::span<const asf_info> asf_settings() noexcept;
[[nodiscard]] const asf_info& info_of(asf_setting s) noexcept;

// TestModeAction: None, AddXHeader (X-CustomSpam: kAsfTestHeader), BccMessage.
enum class asf_test_action : std::uint8_t { none, add_x_header, bcc_message };
inline constexpr std::string_view kAsfTestHeader =
    "This message was filtered by the custom spam filter option";

// IntraOrgFilterState: which verdicts the policy acts on for mail between internal users.
// not_set is Exchange's "Default" (currently HighConfidencePhish), or the parameter never
// given: Exchange applied it before recording its verdict, so mfsim adds no step of its own
// (docs/decisions.md 277).
enum class intra_org_filter : std::uint8_t {
  not_set,
  high_confidence_phish,
  phish,
  high_confidence_spam,
  spam,
  disabled,
};

// Exchange's spellings: "On", "Off", "Test"; "None", "AddXHeader", "BccMessage"; "Default", ...
[[nodiscard]] const char* parameter_value(asf_state s) noexcept;
[[nodiscard]] const char* parameter_value(asf_test_action a) noexcept;
[[nodiscard]] const char* parameter_value(intra_org_filter f) noexcept;

struct asf_policy {
  std::array<asf_state, kAsfSettingCount> state{};  // all Off
  asf_test_action test_action = asf_test_action::none;
  std::vector<std::string> test_bcc;  // TestModeBccToRecipients, lower-cased
  intra_org_filter intra_org = intra_org_filter::not_set;

  [[nodiscard]] asf_state of(asf_setting s) const noexcept {
    return state[static_cast<std::size_t>(s)];
  }
  // Some setting is On or Test.
  [[nodiscard]] bool any_enabled() const noexcept;
  // Some setting that reads the body is On or Test.
  [[nodiscard]] bool reads_body() const noexcept;
};

}  // namespace mfsim::rules
