// Which anti-spam policies and rules are a preset security policy's: the preset's name, alone
// or with the number a tenant appends (engine/rules/preset_policies.cc, decision 562).
#include <doctest/doctest.h>

#include <string>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::only_error;

// A custom policy and its rule, both called `name`, that scope no recipient.
std::string unscoped_policy(const std::string& name) {
  return "New-HostedContentFilterPolicy -Name '" + name + "' -SpamAction Quarantine\n" +
         "New-HostedContentFilterRule -Name '" + name + "' -HostedContentFilterPolicy '" + name +
         "' -ExceptIfRecipientDomainIs a.com\n";
}

}  // namespace

TEST_SUITE("preset names") {
  TEST_CASE("a custom policy named like a preset still needs a recipient scope") {
    // Only the presets may cover every recipient (decision 547); a name that merely starts
    // with a preset's is a custom policy's.
    CHECK(only_error(unscoped_policy("Strict Preset Security Policy for Sales"))
              .find("scopes no recipient") != std::string::npos);
    CHECK(only_error(unscoped_policy("Standard Preset Security Policy 2"))
              .find("scopes no recipient") != std::string::npos);
  }
}
