// What Exchange Online does with anti-spam policy and rule values that the cmdlets accept but
// treat specially: an AddXHeaderValue it ignores, and a rule -Priority that moves the others.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "engine/engine.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/write_yaml.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::test::message;
using mfsim::test::simulator;

mfsim::rules::rule_set ps(const std::string& script) {
  return mfsim::rules::load_rule_set_powershell(script, "t.ps1");
}

// The name of the anti-spam policy that applies to a message to `to`.
std::string policy_for(const mfsim::rules::rule_set& set, const std::string& to) {
  simulator sim(mfsim::rules::write_rule_set_yaml(set));
  const auto& o = sim.run(message({"From: x@fabrikam.com", "To: " + to}));
  return o.antispam != nullptr ? o.antispam->name : std::string("Default");
}

}  // namespace

TEST_SUITE("anti-spam import fidelity") {
  // Set-HostedContentFilterPolicy, AddXHeaderValue: "If you enter a value that contains spaces
  // or colons (:), the value is ignored, and the default X-header is added to the message
  // (X-This-Is-Spam: This message appears to be spam.)."
  TEST_CASE("an AddXHeaderValue with a space or ':' is ignored, with a warning") {
    for (const char* value : {"'X My Spam'", "'X-Spam:yes'"}) {
      CAPTURE(value);
      const auto set = ps(std::string("Set-HostedContentFilterPolicy Default -SpamAction "
                                      "AddXHeader -AddXHeaderValue ") +
                          value + "\n");
      CHECK(set.antispam.x_header == "X-This-Is-Spam: This message appears to be spam.");
      const auto& warnings = set.imported.warnings;
      CHECK(std::any_of(warnings.begin(), warnings.end(), [](const mfsim::diagnostic& d) {
        return d.message.find("AddXHeaderValue") != std::string::npos;
      }));
    }
  }

  TEST_CASE("a header name is still taken, and a name Exchange refuses is still an error") {
    CHECK(ps("Set-HostedContentFilterPolicy Default -AddXHeaderValue X-Contoso\n")
              .antispam.x_header == "X-Contoso: This message appears to be spam.");
    CHECK_THROWS_AS(ps("Set-HostedContentFilterPolicy Default -AddXHeaderValue " +
                       std::string(256, 'X') + "\n"),
                    mfsim::load_error);
  }

  // New-/Set-HostedContentFilterRule, Priority: "if you set the priority value of a rule to the
  // same value as an existing rule, the priority value of the existing rule and all other lower
  // priority rules after it is increased by 1"; a new rule's default is the end of the list.
  TEST_CASE("a rule given an existing rule's priority goes before it") {
    // Policies A and B, both scoping contoso.com; RA (A's rule) is created first.
    const auto winner = [](const std::string& then) {
      return policy_for(ps("New-HostedContentFilterPolicy A\nNew-HostedContentFilterPolicy B\n"
                           "New-HostedContentFilterRule RA -HostedContentFilterPolicy A "
                           "-RecipientDomainIs contoso.com\n"
                           "New-HostedContentFilterRule RB -HostedContentFilterPolicy B "
                           "-RecipientDomainIs contoso.com" +
                           then),
                        "u@contoso.com");
    };
    CHECK(winner(" -Priority 0\n") == "B");
    CHECK(winner("\nSet-HostedContentFilterRule RB -Priority 0\n") == "B");
    // Without a priority the new rule goes last, and moving one back keeps the others' order.
    CHECK(winner("\n") == "A");
    CHECK(winner(" -Priority 0\nSet-HostedContentFilterRule RB -Priority 1\n") == "A");
    // Removing the first rule moves the next one up: a new rule given 0 goes before it.
    CHECK(winner(" -Priority 0\nRemove-HostedContentFilterRule RB -Confirm:$false\n"
                 "New-HostedContentFilterRule RB -HostedContentFilterPolicy B "
                 "-RecipientDomainIs contoso.com -Priority 0\n") == "B");
  }
}
