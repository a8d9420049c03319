// A '-' before a value that is not a number literal: `- - 1`, `-(-2)`, `-$n` (decision 666).
#include <doctest/doctest.h>

#include <string>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::rule_named;

// The SCL the script's rule gets when `expression` gives it.
int scl_of(const std::string& prelude, const std::string& expression) {
  const auto r = import(prelude + "$x = " + expression +
                        "\nNew-TransportRule -Name 'r' -SubjectContainsWords 'a' -SetSCL $x\n");
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors).front());
  return rule_named(r.set, "r").actions.set_scl.value_or(-99);
}

}  // namespace

TEST_SUITE("powershell unary minus") {
  TEST_CASE("a minus before a value negates it") {
    CHECK(scl_of("", "- - 1") == 1);
    CHECK(scl_of("", "- 1") == -1);
    CHECK(scl_of("", "-(-2)") == 2);
    CHECK(scl_of("$n = -3\n", "-$n") == 3);
    CHECK(scl_of("$n = 3\n", "6 - -$n") == 9);
    CHECK(scl_of("", "- '-4'") == 4);
  }

  TEST_CASE("a minus before a value that is no whole number is an error there") {
    const auto r = import("$x = - 'abc'\n");
    REQUIRE(r.errors.size() == 1);
    CHECK_MESSAGE(r.errors[0].message.find("-'abc': mfsim reads - on numbers") != std::string::npos,
                  r.errors[0].message);
  }
}
