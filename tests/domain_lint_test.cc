// MF018: a SenderDomainIs or RecipientDomainIs value with an empty label loads, as Exchange
// stores it (decision 661), and lint says it never matches (decision 697).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/lint/lint.h"
#include "tests/support/script_import.h"

namespace {

using mfsim::test::import;
using mfsim::test::lines_of;

std::vector<std::string> mf018_messages(const std::string& script) {
  const auto r = import(script);
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
  std::vector<std::string> out;
  for (const auto& f : mfsim::lint::lint_rule_set(r.set)) {
    if (f.id == "MF018") out.push_back(f.message);
  }
  return out;
}

}  // namespace

TEST_SUITE("lint empty domain labels") {
  TEST_CASE("a domain with a dot at an end or two together is a warning that says why") {
    const auto found = mf018_messages(
        "New-TransportRule A -SenderDomainIs .contoso.com, fabrikam.com -SetSCL 5\n"
        "New-TransportRule B -RecipientDomainIs 'contoso..com' -SetSCL 5\n"
        "New-TransportRule C -SenderDomainIs contoso.com -ExceptIfSenderDomainIs 'contoso.com.' "
        "-SetSCL 5\n");
    REQUIRE(found.size() == 3);
    CHECK(found[0] ==
          "transport rule 'A': SenderDomainIs value '.contoso.com' has an empty label (a dot at "
          "an end, or two together), which no address's domain has: Exchange stores it, and it "
          "never matches, so this value never makes the rule apply");
    CHECK(found[1].find("RecipientDomainIs value 'contoso..com'") != std::string::npos);
    CHECK(found[2].find("ExceptIfSenderDomainIs value 'contoso.com.'") != std::string::npos);
    CHECK(found[2].ends_with("the exception never takes a message out"));
  }

  TEST_CASE("well-formed domains give no MF018") {
    CHECK(mf018_messages("New-TransportRule A -SenderDomainIs contoso.com, mail.fabrikam.com "
                         "-RecipientDomainIs x.y -SetSCL 5\n")
              .empty());
  }
}
