// Fuzzes evaluate(): the input is one message, evaluated against the uc4 preset and against a
// rule set that uses every condition kind (patterns, and the body and attachments through
// mimetic, included) and every action; each outcome's JSONL record must be one line of valid
// JSON that says what the outcome says. Patterns that
// backtrack catastrophically run only on inputs up to 1 KiB: on longer ones Boost.Regex's state
// limit (100 million states) takes about a second per search in a release build and ten times
// that under the sanitizers, which the fuzzer reports as a timeout (docs/reliability.md).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/load_native.h"
#include "engine/rules/presets.h"
#include "fuzz/fuzz_message.h"

namespace {

constexpr std::string_view kPatternRules = R"(mfsim: 1
name: fuzz-patterns
area1:
  egress_list: egress
  quarantine_dispositions: [MALICIOUS]
ip_lists:
  egress:
    entries: [104.30.32.0/24, 52.11.209.211, 2405:8100:c400::/38, 10.0.0.1-10.0.0.9]
quarantine_policies:
  - Name: Notify
    EndUserQuarantinePermissionsValue: 7
    ESNEnabled: true
antispam_policy:
  SpamAction: Quarantine
  SpamQuarantineTag: Notify
  BulkSpamAction: Quarantine
antispam_policies:
  - Name: scoped
    RecipientDomainIs: [example.com]
    SpamAction: Delete
transport_rules:
  - Name: words
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: [UCE, SPOOF, 'two words']
    SenderIpRanges: [$egress]
    SetSCL: 5
  - Name: header pattern
    HeaderMatchesMessageHeader: X-Test
    HeaderMatchesPatterns: ['^(a|b)+c$', '\d{3}-\d{4}']
    ExceptIfSenderIpRanges: [192.0.2.0/24]
    SetHeaderName: X-Test
    SetHeaderValue: replaced
  - Name: subject pattern
    SubjectMatchesPatterns: ['^\[ext\]', '^(?:re|fwd?):\s*\S']
    PrependSubject: '[fuzz] '
  - Name: subject words
    SubjectContainsWords: ['[fuzz] ', offer]
    RemoveHeader: X-Test
  - Name: from
    FromAddressMatchesPatterns: ['@(.+\.)?example\.com$']
    FromAddressContainsWords: [someone]
    SenderDomainIs: [example.com]
    SCLOver: 4
    RedirectMessageTo: [admin@example.org]
  - Name: audit
    Mode: Audit
    SubjectContainsWords: [audit]
    DeleteMessage: true
  - Name: quarantine
    HeaderContainsMessageHeader: X-Quarantine
    HeaderContainsWords: ['yes']
    Quarantine: true
  - Name: body and attachments
    SubjectOrBodyContainsWords: [wire transfer, gift]
    ExceptIfAttachmentExtensionMatchesWords: [exe, js]
    SetAuditSeverity: High
  - Name: people
    SenderAddressLocation: HeaderOrEnvelope
    From: [a@example.com]
    SentTo: [b@example.com]
    ExceptIfRecipientDomainIs: [example.org]
    RejectMessageReasonText: rejected
  - Name: size and dates
    MessageSizeOver: 2 KB
    ActivationDate: 2020-01-01
    ExpiryDate: 2030-01-01
    SetSCL: 6
  - Name: delete
    Priority: 9
    HeaderMatchesMessageHeader: X-Delete
    HeaderMatchesPatterns: ['.']
    DeleteMessage: true
    StopRuleProcessing: true
)";

// Catastrophic backtracking: exercises the complexity-limit path (outcome.rule_errors).
constexpr std::string_view kBacktrackingRules = R"(mfsim: 1
name: fuzz-backtracking
transport_rules:
  - Name: nested quantifiers
    HeaderMatchesMessageHeader: X-Test
    HeaderMatchesPatterns: ['(x+x+)+y']
    SetSCL: 6
  - Name: star of star
    SubjectMatchesPatterns: ['(.*)*z']
    PrependSubject: '[slow] '
)";
constexpr std::size_t kBacktrackingMaxInput = 1024;

struct fixture {
  std::shared_ptr<const mfsim::plan> uc4 = mfsim::compile(*mfsim::rules::load_preset("uc4"));
  std::shared_ptr<const mfsim::plan> patterns =
      mfsim::compile(mfsim::rules::load_rule_set_yaml(kPatternRules, "fuzz-patterns.yaml"));
  std::shared_ptr<const mfsim::plan> backtracking = mfsim::compile(
      mfsim::rules::load_rule_set_yaml(kBacktrackingRules, "fuzz-backtracking.yaml"));
  mfsim::scratch s;
  mfsim::run_options options;
  mfsim::run_options with_client_ip;

  fixture() {
    with_client_ip.client_ip = mfsim::net::ip_address::parse("104.30.32.7");
    with_client_ip.now = 1710841271;
    with_client_ip.ignore_message_verdict = true;
  }
};

// The record `mfsim run` writes: one line, valid JSON (so valid UTF-8, whatever bytes the
// message held), whose fields are the outcome's.
void check_record(const mfsim::plan& p, const mfsim::outcome& o) {
  std::string line;
  mfsim::report::append_record(line, "fuzz.eml", o, p);
  MFSIM_FUZZ_CHECK(line.find('\n') == line.size() - 1);
  const nlohmann::json record = mfsim::parse_json_or_discarded(line);
  MFSIM_FUZZ_CHECK(!record.is_discarded() && record.is_object());
  MFSIM_FUZZ_CHECK(record.at("rules").size() == o.rules.size());
  MFSIM_FUZZ_CHECK(record.at("scl").is_null() == !o.scl);
  if (o.scl) MFSIM_FUZZ_CHECK(record.at("scl") == *o.scl);
  MFSIM_FUZZ_CHECK(record.at("sender_ip").is_null() == !o.sender_ip);
  if (o.sender_ip) MFSIM_FUZZ_CHECK(record.at("sender_ip") == o.sender_ip->to_string());
  MFSIM_FUZZ_CHECK(record.at("received").is_null() == !o.received);
  if (o.received) {
    MFSIM_FUZZ_CHECK(record.at("received") == mfsim::mail::format_iso8601_utc(*o.received));
  }
  MFSIM_FUZZ_CHECK(record.at("error").is_null() == o.error.empty());
}

void evaluate_twice(const mfsim::plan& p, std::string_view message,
                    const mfsim::run_options& options, mfsim::scratch& s) {
  const mfsim::outcome first = mfsim::evaluate(p, message, options, s);
  mfsim::fuzz::check_outcome(p, message, first);
  check_record(p, first);
  // Scratch reuse: the same message gives the same outcome on a warm scratch.
  const mfsim::outcome& second = mfsim::evaluate(p, message, options, s);
  MFSIM_FUZZ_CHECK(mfsim::fuzz::same_outcome(first, second));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fixture f;
  const std::string_view message(reinterpret_cast<const char*>(data), size);
  evaluate_twice(*f.uc4, message, f.options, f.s);
  evaluate_twice(*f.patterns, message, f.options, f.s);
  evaluate_twice(*f.patterns, message, f.with_client_ip, f.s);
  if (size <= kBacktrackingMaxInput) evaluate_twice(*f.backtracking, message, f.options, f.s);
  return 0;
}
