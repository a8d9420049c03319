// The recipient scope of anti-spam policies other than Default (New-HostedContentFilterRule):
// kinds of condition ANDed, exceptions ORed, groups through --directory; and the quarantine
// policy settings New-QuarantinePermissions and IncludeMessagesFromBlockedSenderAddress.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/directory/load_directory.h"
#include "engine/engine.h"
#include "engine/rules/directory_conditions.h"
#include "engine/rules/load_native.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/write_yaml.h"
#include "tests/support/build_paths.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::test::message;
using mfsim::test::simulator;
namespace directory = mfsim::directory;

std::shared_ptr<const directory::directory_index> contoso() {
  static const auto index = directory::load_directory(
      {mfsim::test::source_dir() + "/tests/testdata/directory/contoso.yaml"});
  return index;
}

// One scoped policy "Strict" (BulkThreshold 4, so the choice shows) with `scope` as its rule.
std::string strict_with(const std::string& scope) {
  return "mfsim: 1\nantispam_policies:\n  - Name: Strict\n    BulkThreshold: 4\n" + scope;
}

// The name of the anti-spam policy that applies to a message to `to`.
std::string policy_for(simulator& sim, const std::string& to) {
  const auto& o = sim.run(message({"From: x@fabrikam.com", "To: " + to}));
  return o.antispam != nullptr ? o.antispam->name : std::string("Default");
}

std::vector<std::string> errors_of(const std::string& yaml) {
  std::vector<std::string> out;
  try {
    (void)mfsim::rules::load_rule_set_yaml(yaml, "t.yaml");
  } catch (const mfsim::load_error& e) {
    for (const auto& d : e.diagnostics()) out.push_back(d.message);
  }
  return out;
}

}  // namespace

TEST_SUITE("anti-spam policy scope") {
  // Set-HostedContentFilterRule: "Different types of recipient conditions use AND logic (the
  // recipient must satisfy all specified conditions). Different types of recipient exceptions
  // use OR logic (the recipient must satisfy any of the specified exceptions)."
  TEST_CASE("different kinds of condition must all hold; values of one kind are alternatives") {
    simulator sim(strict_with(
        "    RecipientDomainIs: [contoso.com]\n    SentTo: [tony@contoso.com, x@fabrikam.com]\n"));
    CHECK(policy_for(sim, "tony@contoso.com") == "Strict");
    CHECK(policy_for(sim, "bob@contoso.com") == "Default");  // the domain alone is not enough
    CHECK(policy_for(sim, "x@fabrikam.com") == "Default");   // the address alone neither
    CHECK(policy_for(sim, "bob@contoso.com, tony@contoso.com") == "Strict");  // any recipient
  }

  TEST_CASE("any exception takes a recipient out") {
    simulator sim(
        strict_with("    RecipientDomainIs: [contoso.com]\n    ExceptIfSentTo: [ceo@contoso.com]\n"
                    "    ExceptIfRecipientDomainIs: [legal.contoso.com]\n"));
    CHECK(policy_for(sim, "bob@contoso.com") == "Strict");
    CHECK(policy_for(sim, "ceo@contoso.com") == "Default");
    CHECK(policy_for(sim, "ann@legal.contoso.com") == "Default");  // a subdomain of both
    CHECK(policy_for(sim, "ceo@contoso.com, bob@contoso.com") == "Strict");
  }

  TEST_CASE("SentToMemberOf and its exception read the directory's groups, nested") {
    const std::string yaml = strict_with(
        "    SentToMemberOf: [Finance Team]\n    ExceptIfSentToMemberOf: [Sales Team]\n");
    simulator sim(yaml, contoso());
    CHECK(policy_for(sim, "tony@contoso.com") == "Strict");
    CHECK(policy_for(sim, "t.smith@contoso.com") == "Strict");  // a proxy address
    CHECK(policy_for(sim, "bob@contoso.com") == "Default");     // not in Finance Team
    // carol is in Audit Team (inside Finance Team) and in Sales Team: the exception wins.
    CHECK(policy_for(sim, "carol@contoso.com") == "Default");
    // Without a directory the group condition never holds, and the run names the policy.
    simulator without(yaml);
    CHECK(policy_for(without, "tony@contoso.com") == "Default");
    CHECK(mfsim::rules::rules_reading_directory(mfsim::rules::load_rule_set_yaml(yaml, "t.yaml")) ==
          std::vector<std::string>{"anti-spam policy 'Strict'"});
    // A group the directory does not hold stops the rule set, with the parameter named.
    try {
      (void)mfsim::compile(
          mfsim::rules::load_rule_set_yaml(strict_with("    SentToMemberOf: [Nobody]\n"), "t.yaml"),
          contoso());
      FAIL("expected a load error");
    } catch (const mfsim::load_error& e) {
      REQUIRE(!e.diagnostics().empty());
      CHECK(e.diagnostics().front().message.find("SentToMemberOf 'Nobody'") == 0);
    }
  }

  TEST_CASE("a rule with exceptions only scopes nobody") {
    const auto errors = errors_of(strict_with("    ExceptIfSentTo: [ceo@contoso.com]\n"));
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().find("has no recipient scope") != std::string::npos);
  }

  TEST_CASE("New-HostedContentFilterRule's six scope parameters import and write back") {
    const auto set = mfsim::rules::load_rule_set_powershell(
        "New-HostedContentFilterPolicy Strict -BulkThreshold 4\n"
        "New-HostedContentFilterRule Strict -HostedContentFilterPolicy Strict "
        "-RecipientDomainIs contoso.com -SentToMemberOf 'Finance Team' "
        "-ExceptIfSentTo CEO@contoso.com -ExceptIfRecipientDomainIs legal.contoso.com "
        "-ExceptIfSentToMemberOf 'Sales Team'\n",
        "t.ps1");
    REQUIRE(set.scoped_antispam.size() == 1);
    const auto& p = set.scoped_antispam.front();
    CHECK(p.sent_to_member_of == std::vector<std::string>{"Finance Team"});
    CHECK(p.except_sent_to == std::vector<std::string>{"ceo@contoso.com"});
    CHECK(p.except_recipient_domain_is == std::vector<std::string>{"legal.contoso.com"});
    CHECK(p.except_sent_to_member_of == std::vector<std::string>{"Sales Team"});
    simulator sim(mfsim::rules::write_rule_set_yaml(set), contoso());
    CHECK(policy_for(sim, "tony@contoso.com") == "Strict");
    CHECK(policy_for(sim, "carol@contoso.com") == "Default");
    CHECK(policy_for(sim, "ceo@contoso.com") == "Default");
  }
}

TEST_SUITE("quarantine policy settings") {
  TEST_CASE("New-QuarantinePermissions builds the bits EndUserQuarantinePermissions takes") {
    const auto set = mfsim::rules::load_rule_set_powershell(
        "$perms = New-QuarantinePermissions -PermissionToRelease $true -PermissionToPreview "
        "-PermissionToDelete:$true -PermissionToBlockSender $false\n"
        "New-QuarantinePolicy Mine -EndUserQuarantinePermissions $perms -ESNEnabled $true\n",
        "t.ps1");
    REQUIRE(set.quarantine_policies.size() == 1);
    CHECK(set.quarantine_policies.front().permissions == 7);  // release, preview, delete
    CHECK(set.quarantine_policies.front().notifications);
  }

  TEST_CASE("an export's permission text, and a contradiction, are read as Exchange does") {
    const auto set = mfsim::rules::load_rule_set_powershell(
        "New-QuarantinePolicy Mine -EndUserQuarantinePermissions 'PermissionToViewHeader: True, "
        "PermissionToDownload: False, PermissionToRequestRelease: True'\n",
        "t.ps1");
    REQUIRE(set.quarantine_policies.size() == 1);
    CHECK(set.quarantine_policies.front().permissions == 128 + 8);
    bool refused = false;
    try {
      (void)mfsim::rules::load_rule_set_powershell(
          "$p = New-QuarantinePermissions -PermissionToRelease $true -PermissionToRequestRelease "
          "$true\nNew-QuarantinePolicy Mine -EndUserQuarantinePermissions $p\n",
          "t.ps1");
    } catch (const mfsim::load_error& e) {
      refused = e.diagnostics().front().message.find("both release (4) and request release (8)") !=
                std::string::npos;
    }
    CHECK(refused);
  }

  // New-QuarantinePolicy: IncludeMessagesFromBlockedSenderAddress "$false: Recipients don't get
  // quarantine notifications for affected messages from blocked senders. This value is the
  // default."
  TEST_CASE("messages quarantined for a blocked sender notify only when the policy says so") {
    const auto yaml = [](const char* include) {
      return std::string(
                 "mfsim: 1\nquarantine_policies:\n  - Name: Notify\n"
                 "    EndUserQuarantinePermissionsValue: 39\n    ESNEnabled: true\n") +
             include +
             "antispam_policy:\n  Name: Default\n  SpamAction: Quarantine\n"
             "  SpamQuarantineTag: Notify\n  BlockedSenderDomains: [spam.example]\n"
             "transport_rules:\n  - Name: spam\n    SubjectContainsWords: offer\n    SetSCL: 6\n";
    };
    simulator plain(yaml(""));
    const auto& blocked = plain.run(message({"From: x@spam.example", "To: a@contoso.com"}));
    CHECK(blocked.action == mfsim::final_action::quarantine);
    CHECK_FALSE(blocked.notify);
    const auto& by_rule = plain.run(message({"From: x@ok.example", "Subject: offer"}));
    CHECK(by_rule.action == mfsim::final_action::quarantine);
    CHECK(by_rule.notify);
    simulator included(yaml("    IncludeMessagesFromBlockedSenderAddress: true\n"));
    CHECK(included.run(message({"From: x@spam.example", "To: a@contoso.com"})).notify);
  }
}
