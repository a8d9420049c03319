// What an accepted domain is (decisions 662 and 663): --accepted-domain and New-AcceptedDomain
// refuse what no address can have (`.contoso.com`, `contoso..com`), and an empty piece of a
// comma-separated list is refused by name instead of taking the message path as a domain.
#include <doctest/doctest.h>

#include <string>

#include "engine/rules/validate.h"
#include "tests/support/process.h"
#include "tests/support/script_import.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::run_mfsim;

}  // namespace

TEST_SUITE("accepted domain option") {
  TEST_CASE("a host domain is labels of letters, digits and hyphens joined by single dots") {
    using mfsim::rules::is_host_domain;
    CHECK(is_host_domain("contoso.com"));
    CHECK(is_host_domain("mail.contoso-eu.co.uk"));
    CHECK(is_host_domain("localhost"));
    CHECK(
        is_host_domain("b\xC3\xBC"
                       "cher.de"));  // an internationalized name, in UTF-8
    CHECK(is_host_domain(std::string(63, 'a') + ".com"));
    CHECK_FALSE(is_host_domain(""));
    CHECK_FALSE(is_host_domain(".contoso.com"));
    CHECK_FALSE(is_host_domain("contoso..com"));
    CHECK_FALSE(is_host_domain("contoso.com."));
    CHECK_FALSE(is_host_domain("-contoso.com"));
    CHECK_FALSE(is_host_domain("contoso-.com"));
    CHECK_FALSE(is_host_domain("con_toso.com"));
    CHECK_FALSE(is_host_domain("con toso.com"));
    CHECK_FALSE(is_host_domain(std::string(64, 'a') + ".com"));
    CHECK_FALSE(is_host_domain(std::string(250, 'a').insert(60, ".").insert(120, ".")));
  }

  TEST_CASE("--accepted-domain refuses a malformed domain by name") {
    for (const std::string bad :
         {".contoso.com", "contoso..com", "-contoso.com", "contoso.com.", "*..contoso.com"}) {
      const auto r =
          run_mfsim({"run", "--rules", "uc4", "--accepted-domain", bad, "corpus/samples"});
      CHECK_MESSAGE(r.exit_code == 2, bad);
      CHECK_MESSAGE(contains(r.err, "--accepted-domain '" + bad + "' is not DOMAIN"), r.err);
    }
    const auto good = run_mfsim({"run", "--rules", "uc4", "--accepted-domain",
                                 "contoso.com,*.fabrikam.com:InternalRelay", "corpus/samples"});
    CHECK_MESSAGE(good.exit_code == 0, good.err);
  }

  TEST_CASE("an empty piece of --accepted-domain or --rcpt is refused, not the path taken") {
    for (const std::string list : {",", "contoso.com,", ",contoso.com", "a.com,,b.com"}) {
      const auto r =
          run_mfsim({"run", "--rules", "uc4", "--accepted-domain", list, "corpus/samples"});
      CHECK_MESSAGE(r.exit_code == 2, list);
      CHECK_MESSAGE(contains(r.err, "--accepted-domain: an empty domain"), r.err);
      CHECK_FALSE(contains(r.err, "paths is required"));
    }
    const auto rcpt = run_mfsim({"run", "--rules", "uc4", "--rcpt", ",", "corpus/samples"});
    CHECK(rcpt.exit_code == 2);
    CHECK_MESSAGE(contains(rcpt.err, "--rcpt '' is not an email address"), rcpt.err);
  }

  TEST_CASE("New-AcceptedDomain refuses a domain no address can have, at its position") {
    const auto r = mfsim::test::import(
        "New-AcceptedDomain -Name X -DomainName '.contoso.com' -DomainType Authoritative\n");
    REQUIRE(r.errors.size() == 1);
    CHECK_MESSAGE(mfsim::test::has(r.errors, 1, 40, "expected a domain such as contoso.com"),
                  mfsim::test::lines_of(r.errors).front());
  }
}
