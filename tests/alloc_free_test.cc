// The evaluate path allocates nothing per message once its scratch is warm: on data every clone
// has, and on the public phishing corpus when it is there (docs/testing.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "corpus/generator/generator.h"
#include "engine/engine.h"
#include "engine/rules/load_native.h"
#include "engine/rules/presets.h"
#include "tests/support/alloc_counter.h"
#include "tests/support/build_paths.h"
#include "tests/support/corpora.h"
#include "tests/support/process.h"

namespace {

// Up to `limit` files of `dir` in sorted order, read whole.
void add_files(const std::filesystem::path& dir, std::size_t limit,
               std::vector<std::string>& messages) {
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    // Compressed fixtures are inflated by the corpus reader, never by evaluate().
    const auto extension = e.path().extension();
    if (e.is_regular_file() && extension != ".gz" && extension != ".md") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  for (std::size_t i = 0; i < paths.size() && i < limit; ++i) {
    messages.push_back(mfsim::test::read_file(paths[i].string()));
  }
}

// Data every clone has: the sample messages, the malformed fixtures (damaged headers of every
// kind, a 70 KiB header line) and 300 messages the generator of `mfsim generate` writes now
// (Exchange Online header blocks with Area 1 stamps).
std::vector<std::string> batch() {
  std::vector<std::string> messages;
  add_files(mfsim::test::source_dir() + "/corpus/samples", 1000, messages);
  add_files(mfsim::test::source_dir() + "/tests/testdata/malformed", 1000, messages);
  const mfsim::test::temp_dir dir;
  mfsim::corpus::generator_options options;
  options.count = 300;
  options.seed = 11;
  options.out = dir.path() + "/out";
  (void)mfsim::corpus::generate(*mfsim::rules::load_preset("uc4"), options);
  add_files(options.out, 300, messages);
  return messages;
}

std::size_t allocations_on_second_pass(const mfsim::plan& plan,
                                       const std::vector<std::string>& messages) {
  mfsim::scratch s;
  const mfsim::run_options options;
  for (const auto& m : messages) (void)mfsim::evaluate(plan, m, options, s);  // warm-up
  const mfsim::test::allocation_counter counter;
  for (const auto& m : messages) (void)mfsim::evaluate(plan, m, options, s);
  return counter.count();
}

// Every header condition and header action in one rule set, and the anti-spam settings that
// read header fields only (the SPF ones of the Advanced Spam Filter, IntraOrgFilterState). The
// body and attachment conditions parse MIME with mimetic and allocate (decisions.md 36).
std::shared_ptr<const mfsim::plan> every_header_condition_plan() {
  return mfsim::compile(mfsim::rules::load_rule_set_yaml(R"(mfsim: 1
area1:
  egress_list: egress
ip_lists:
  egress:
    entries: [104.30.32.0/19, 52.11.209.211, '2405:8100:c400::/38']
antispam_policy:
  BlockedSenderDomains: [spam.example]
  AllowedSenders: [friend@example.org]
  EnableLanguageBlockList: true
  LanguageBlockList: [RU]
  MarkAsSpamSpfRecordHardFail: On
  MarkAsSpamFromAddressAuthFail: On
  IntraOrgFilterState: Spam
antispam_policies:
  - Name: scoped
    RecipientDomainIs: [contoso.com]
    SpamAction: Quarantine
organization:
  accepted_domains: [contoso.com, {DomainName: relay.contoso.com, DomainType: InternalRelay}]
transport_rules:
  - Name: organization
    FromScope: NotInOrganization
    SentToScope: InOrganization
    ExceptIfFromScope: InOrganization
    SetAuditSeverity: Low
  - Name: words
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: [UCE, SPOOF, MALICIOUS]
    SenderIpRanges: [$egress]
    SetSCL: 5
  - Name: patterns
    HeaderMatchesMessageHeader: Authentication-Results
    HeaderMatchesPatterns: ['spf=(fail|softfail)', 'dmarc=fail']
    ExceptIfSubjectMatchesPatterns: ['^re:']
    SetHeaderName: X-Seen
    SetHeaderValue: yes
  - Name: subject
    SubjectContainsWords: [invoice, password, urgent]
    PrependSubject: '[EXT] '
  - Name: sender
    FromAddressContainsWords: [noreply]
    ExceptIfSenderDomainIs: [contoso.com]
    RemoveHeader: X-Seen
  - Name: from patterns
    FromAddressMatchesPatterns: ['@.*\.ru$']
    SCLOver: 5
    SetSCL: 9
  - Name: people and size
    From: [noreply@contoso.com]
    SenderAddressLocation: HeaderOrEnvelope
    ExceptIfSentTo: [adele.vance@contoso.com]
    RecipientDomainIs: [pot, contoso.com, example.com]
    MessageSizeOver: 2 KB
    ActivationDate: 2020-01-01
    SetAuditSeverity: Medium
  - Name: later
    HeaderContainsMessageHeader: X-Seen
    HeaderContainsWords: ['yes']
    SubjectContainsWords: ['[EXT]']
    StopRuleProcessing: true
)",
                                                         "alloc.yaml"));
}

}  // namespace

TEST_SUITE("alloc_free") {
  TEST_CASE("the counter sees allocations, so a zero below means something") {
    const mfsim::test::allocation_counter counter;
    auto* p = new std::string(100, 'x');
    delete p;
    CHECK(counter.count() >= 1);
  }

  TEST_CASE("evaluating with uc4 allocates nothing after warm-up") {
    const auto messages = batch();
    REQUIRE(messages.size() > 300);
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    CHECK(allocations_on_second_pass(*plan, messages) == 0);
  }

  TEST_CASE("evaluating every header condition and header action allocates nothing after warm-up") {
    CHECK(allocations_on_second_pass(*every_header_condition_plan(), batch()) == 0);
  }

  // Real header blocks up to 42 KB, 192 of them over 16 KiB (corpora README).
  TEST_CASE("the first 200 phishing_pot messages allocate nothing after warm-up" *
            doctest::test_suite("corpora")) {
    const auto dir = mfsim::test::corpus_dir("phishing_pot");
    if (!dir) return;
    std::vector<std::string> messages;
    add_files(*dir, 200, messages);
    REQUIRE(messages.size() == 200);
    CHECK(allocations_on_second_pass(*mfsim::compile(*mfsim::rules::load_preset("uc4")),
                                     messages) == 0);
    CHECK(allocations_on_second_pass(*every_header_condition_plan(), messages) == 0);
  }

  // Issue 15: recording effects, adding and redirecting recipients, the disclaimer's check for
  // signed or encrypted content and the recorded-only actions reuse the scratch too.
  TEST_CASE("actions with effects allocate nothing after warm-up") {
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(R"(mfsim: 1
transport_rules:
  - Name: add
    AddToRecipients: [boss@contoso.com]
    CopyTo: [cc@contoso.com]
    BlindCopyTo: [audit@fabrikam.com]
    ApplyHtmlDisclaimerText: '<p>Confidential</p>'
    AddManagerAsRecipientType: Bcc
    GenerateIncidentReport: [dlp@contoso.com]
    IncidentReportContent: [Sender, Subject]
    RouteMessageOutboundRequireTls: true
    LogEventText: seen
    SetSCL: 1
  - Name: sees added
    SentTo: [boss@contoso.com]
    HeaderContainsMessageHeader: Cc
    HeaderContainsWords: [cc@contoso.com]
    RedirectMessageTo: [legal@contoso.com]
  - Name: after redirect
    RecipientDomainIs: [contoso.com]
    NotifySender: NotifyOnly
)",
                                                                      "effects.yaml"));
    CHECK(allocations_on_second_pass(*plan, batch()) == 0);
  }
}
