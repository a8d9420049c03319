// Review of the thirty-fifth session's work (recipient forks, anti-spam action details, the
// PowerShell reader's ++/--, typed lists and Write-Output): each case failed before its fix.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/recipient_forks.h"
#include "engine/rules/load_native.h"
#include "tests/support/process.h"
#include "tests/support/script_import.h"

namespace {

using mfsim::test::names_of;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

// A spam message (Microsoft's SCL 6) to `to`.
std::string spam_to(const std::string& to) {
  return "From: x@fabrikam.example\r\nTo: " + to +
         "\r\nSubject: offer\r\nDate: Tue, 19 Mar 2024 09:41:11 +0000\r\n"
         "X-Forefront-Antispam-Report: SCL:6;CAT:SPM\r\n\r\nbody\r\n";
}

// The forks of `message` under the rule set `yaml`.
mfsim::recipient_forks forks_of(const std::string& yaml, const std::string& message) {
  const std::shared_ptr<const mfsim::plan> plan =
      mfsim::compile(mfsim::rules::load_rule_set_yaml(yaml, "t.yaml"));
  mfsim::scratch whole, alone;
  const mfsim::message_prefix m{message, message.size()};
  (void)mfsim::evaluate(*plan, m, mfsim::run_options{}, whole);
  mfsim::recipient_forks out;
  mfsim::find_recipient_forks(*plan, m, mfsim::run_options{}, nullptr, whole, alone, out);
  return out;
}

std::string bypass_rule(const std::string& condition) {
  return "mfsim: 1\nname: r\nantispam_policy:\n  SpamAction: MoveToJmf\ntransport_rules:\n"
         "  - Name: Execs bypass\n    " +
         condition + ": [exec]\n    SetSCL: -1\n";
}

}  // namespace

TEST_SUITE("review 35") {
  TEST_CASE("an AnyOfRecipientAddress match applies the rule to every recipient's copy") {
    // New-TransportRule: "A match for this condition applies the rule action to all recipients
    // of the message" (decision 475): bob's copy is delivered too, so nothing forks.
    for (const std::string condition :
         {"AnyOfRecipientAddressContainsWords", "AnyOfRecipientAddressMatchesPatterns"}) {
      CAPTURE(condition);
      const auto forks =
          forks_of(bypass_rule(condition), spam_to("alice@exec.example, bob@staff.example"));
      CHECK_FALSE(forks.any());
    }
  }

  TEST_CASE("after a redirect an AnyOfRecipientAddress condition sees the new recipients only") {
    // The whole message, redirected, no longer matches 'exec'; neither may any copy.
    const std::string yaml =
        "mfsim: 1\nname: r\nantispam_policy:\n  SpamAction: MoveToJmf\n"
        "antispam_policies:\n  - Name: Strict\n    RecipientDomainIs: [exec.example]\n"
        "    SpamAction: MoveToJmf\ntransport_rules:\n"
        "  - Name: Away\n    Priority: 0\n    SubjectContainsWords: [offer]\n"
        "    RedirectMessageTo: [triage@staff.example]\n"
        "  - Name: Execs bypass\n    Priority: 1\n"
        "    AnyOfRecipientAddressContainsWords: [exec]\n    SetSCL: -1\n";
    const auto forks = forks_of(yaml, spam_to("alice@exec.example, bob@staff.example"));
    REQUIRE(forks.forks.size() == 2);  // Strict and Default
    for (const auto& f : forks.forks) {
      CAPTURE(f.recipients.front());
      CHECK(f.rules.size() == 1);  // Away only: Execs bypass no longer matches
    }
  }

  TEST_CASE("a RecipientAddress match still applies per recipient: the message forks") {
    for (const std::string condition :
         {"RecipientAddressContainsWords", "RecipientAddressMatchesPatterns"}) {
      CAPTURE(condition);
      const auto forks =
          forks_of(bypass_rule(condition), spam_to("alice@exec.example, bob@staff.example"));
      REQUIRE(forks.forks.size() == 2);
      CHECK(forks.forks[0].action == mfsim::final_action::deliver);
      CHECK(forks.forks[1].recipients == std::vector<std::string>{"bob@staff.example"});
      CHECK(forks.forks[1].action == mfsim::final_action::junk);
    }
  }

  TEST_CASE("a Write-Output value piped on reads its arguments once") {
    // The pipeline went to the command reader after write_output() had read the arguments:
    // ++$i stepped twice, and .Add() added twice (decision 476).
    CHECK(names_of("$i = 0\n$x = Write-Output (++$i) | Out-String\n"
                   "New-TransportRule -Name \"R$i\" -SetSCL 5\n") ==
          std::vector<std::string>{"R1"});
    CHECK(names_of("$l = New-Object System.Collections.ArrayList\n"
                   "$x = Write-Output $l.Add('a') | Out-Null\n"
                   "New-TransportRule -Name \"R$($l.Count)\" -SetSCL 5\n") ==
          std::vector<std::string>{"R1"});
  }

  TEST_CASE("a Write-Output value with a common parameter loads, as before decision 480") {
    // about_CommonParameters: Write-Output takes -Verbose, -OutVariable, ... as every cmdlet.
    CHECK(names_of("$x = Write-Output 'hi' -Verbose\nNew-TransportRule -Name R -SetSCL 5\n") ==
          std::vector<std::string>{"R"});
    CHECK(names_of("$x = Write-Output 'hi' -ErrorAction SilentlyContinue\n"
                   "New-TransportRule -Name R -SetSCL 5\n") == std::vector<std::string>{"R"});
    // Without them it is still read as a value.
    CHECK(names_of("$x = Write-Output -NoEnumerate @('a', 'b')\n"
                   "New-TransportRule -Name \"R$($x.Count)\" -SetSCL 5\n") ==
          std::vector<std::string>{"R2"});
  }

  TEST_CASE("an expectation can say a message neither forks nor has anti-spam action details") {
    // `forks: []` and `forks_truncated: null` never matched (a record without them compared as
    // null), and null was refused at load for these fields (decision 477).
    temp_dir dir;
    const std::string rules =
        dir.write("r.yaml",
                  "mfsim: 1\nname: r\nantispam_policy:\n  SpamAction: MoveToJmf\n"
                  "antispam_policies:\n  - Name: Strict\n    RecipientDomainIs: [exec.example]\n"
                  "    SpamAction: Quarantine\n");
    const std::string mail = dir.write("m.eml", spam_to("bob@staff.example"));
    const std::string expect = dir.write(
        "e.jsonl", "{\"id\":\"" + mail +
                       "\",\"forks\":[],\"forks_truncated\":null,\"antispam_redirect_to\":null,"
                       "\"antispam_x_header\":null,\"antispam_subject_prefix\":null}\n");
    const auto r = run_mfsim({"check", "--rules", rules, "--expect", expect, mail});
    CHECK_MESSAGE(r.exit_code == 0, (r.out + r.err));
    // A message that forks fails `forks: []`.
    const std::string forked = dir.write("f.eml", spam_to("alice@exec.example, bob@staff.example"));
    const std::string none = dir.write("n.jsonl", "{\"id\":\"" + forked + "\",\"forks\":[]}\n");
    const auto f = run_mfsim({"check", "--rules", rules, "--expect", none, forked});
    CHECK(f.exit_code == 1);
    CHECK(f.out.find("forks: expected []") != std::string::npos);
  }
}
