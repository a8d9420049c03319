// Fuzzes the body and attachment inspection of the message conditions (issue 15): the MIME walk
// (read_body: charsets, attachments, decoded sizes, content sniffing, the inspection of
// attachments' content: archives, Office documents, text, and the Advanced Spam Filter's HTML,
// link and NDR signals) on the raw input, and evaluate() with a rule set that uses every
// condition read from the message and every ASF setting.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "engine/engine.h"
#include "engine/mail/executable_content.h"
#include "engine/mail/mime_body.h"
#include "engine/rules/load_native.h"
#include "fuzz/fuzz_message.h"

namespace {

constexpr std::string_view kMessageRules = R"(mfsim: 1
name: fuzz-message-conditions
organization:
  accepted_domains: [example.com]
antispam_policy:
  MarkAsSpamEmptyMessages: On
  MarkAsSpamEmbedTagsInHtml: On
  MarkAsSpamJavaScriptInHtml: Test
  MarkAsSpamFormTagsInHtml: On
  MarkAsSpamFramesInHtml: On
  MarkAsSpamWebBugsInHtml: On
  MarkAsSpamObjectTagsInHtml: On
  MarkAsSpamSpfRecordHardFail: On
  MarkAsSpamFromAddressAuthFail: On
  MarkAsSpamNdrBackscatter: On
  IncreaseScoreWithImageLinks: On
  IncreaseScoreWithNumericIps: On
  IncreaseScoreWithRedirectToOtherPort: Test
  IncreaseScoreWithBizOrInfoUrls: On
  TestModeAction: BccMessage
  TestModeBccToRecipients: [audit@example.com]
  IntraOrgFilterState: Spam
transport_rules:
  - Name: importance
    WithImportance: High
    SetAuditSeverity: Low
  - Name: types
    MessageTypeMatches: Calendaring
    ExceptIfMessageTypeMatches: PermissionControlled
    SetAuditSeverity: Low
  - Name: signed
    MessageTypeMatches: Signed
    ExceptIfMessageTypeMatches: ReadReceipt
    SetAuditSeverity: Low
  - Name: to and cc
    AnyOfToCcHeader: [a@example.com]
    ExceptIfAnyOfToHeader: [b@example.com]
    SetAuditSeverity: Low
  - Name: recipients
    RecipientAddressContainsWords: [finance]
    AnyOfRecipientAddressMatchesPatterns: ['^ceo@']
    SetAuditSeverity: Low
  - Name: body patterns
    SubjectOrBodyMatchesPatterns: ['\d{4}-\d{4}', 'wire\s+transfer']
    SetAuditSeverity: Low
  - Name: charsets
    ContentCharacterSetContainsWords: [iso-2022-jp, koi8-r]
    SetAuditSeverity: Low
  - Name: attachments
    AttachmentNameMatchesPatterns: ['\.(exe|scr)$']
    AttachmentSizeOver: 1 KB
    SetAuditSeverity: Low
  - Name: executable
    AttachmentHasExecutableContent: true
    HasNoClassification: true
    ExceptIfHasClassification: [Company Internal]
    Quarantine: true
  - Name: dlp
    MessageContainsDataClassifications:
      - {Name: Credit Card Number, minCount: 2}
      - {Name: U.S. Social Security Number (SSN), minConfidence: 55, maxCount: 3}
      - International Banking Account Number (IBAN)
    ExceptIfHasSenderOverride: true
    ExceptIfMessageContainsDataClassifications: [ABA Routing Number]
    SetAuditSeverity: High
  - Name: attachment content
    AttachmentContainsWords: [falcon, wire transfer]
    AttachmentMatchesPatterns: ['\d{3}-\d{2}-\d{4}']
    ExceptIfAttachmentPropertyContainsWords: ['Confidentiality:High', 'Author:Tony']
    SetAuditSeverity: Low
  - Name: attachment scanning
    AttachmentIsUnsupported: true
    ExceptIfAttachmentProcessingLimitExceeded: true
    SetAuditSeverity: Low
)";

struct fixture {
  std::shared_ptr<const mfsim::plan> plan =
      mfsim::compile(mfsim::rules::load_rule_set_yaml(kMessageRules, "fuzz-message.yaml"));
  mfsim::scratch s;
  mfsim::run_options options;
  mfsim::mail::body_summary body;
  mfsim::mail::body_limits limits = [] {
    mfsim::mail::body_limits l;
    l.inspect_content = true;
    l.scan_signals = true;
    return l;
  }();
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fixture f;
  const std::string_view message(reinterpret_cast<const char*>(data), size);
  mfsim::mail::read_body(message, f.limits, f.body);
  MFSIM_FUZZ_CHECK(f.body.text_lower.size() <= f.limits.max_text_bytes + 1);
  MFSIM_FUZZ_CHECK(f.body.contents.files.size() <= f.limits.content.max_files);
  for (const auto& file : f.body.contents.files) {
    MFSIM_FUZZ_CHECK(file.text_lower.size() <= f.limits.content.max_text_bytes);
  }
  for (const auto& a : f.body.attachments) {
    MFSIM_FUZZ_CHECK(a.size <= size);  // decoding never grows an attachment past the message
  }
  (void)mfsim::mail::is_executable_content(message);
  const mfsim::outcome first = mfsim::evaluate(*f.plan, message, f.options, f.s);
  mfsim::fuzz::check_outcome(*f.plan, message, first);
  const mfsim::outcome& second = mfsim::evaluate(*f.plan, message, f.options, f.s);
  MFSIM_FUZZ_CHECK(mfsim::fuzz::same_outcome(first, second));
  return 0;
}
