// The evaluate path allocates nothing per message once its scratch is warm.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/rules/load_native.h"
#include "engine/rules/presets.h"
#include "tests/support/alloc_counter.h"
#include "tests/support/process.h"

namespace {

// Every sample message plus a slice of the phishing corpus: real header blocks of all sizes.
std::vector<std::string> batch() {
  std::vector<std::string> messages;
  for (const char* dir :
       {MFSIM_SOURCE_DIR "/corpus/samples", MFSIM_SHARED_DIR "/corpora/phishing_pot"}) {
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(dir)) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (std::size_t i = 0; i < paths.size() && i < 200; ++i) {
      messages.push_back(mfsim::test::read_file(paths[i].string()));
    }
  }
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
    REQUIRE(messages.size() > 200);
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    CHECK(allocations_on_second_pass(*plan, messages) == 0);
  }

  // The body and attachment conditions parse MIME with mimetic and allocate (decisions.md 36).
  TEST_CASE("evaluating every header condition and header action allocates nothing after warm-up") {
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(R"(mfsim: 1
area1:
  egress_list: egress
ip_lists:
  egress:
    entries: [104.30.32.0/19, 52.11.209.211, '2405:8100:c400::/38']
antispam_policies:
  - Name: scoped
    RecipientDomainIs: [contoso.com]
    SpamAction: Quarantine
transport_rules:
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
    CHECK(allocations_on_second_pass(*plan, batch()) == 0);
  }
}
