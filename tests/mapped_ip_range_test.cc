// A range written in IPv6 notation around an IPv4-mapped address (decision 664): its prefix
// counts 128 bits, so ::ffff:1.2.3.4/96 is every IPv4 address.
#include <doctest/doctest.h>

#include <string>

#include "engine/net/ip_range_set.h"

namespace {

using mfsim::net::ip_range;
using mfsim::net::parse_ip_range;

}  // namespace

TEST_SUITE("mapped ip range") {
  TEST_CASE("::ffff:a.b.c.d/96 and longer prefixes are IPv4 ranges") {
    std::string error;
    const auto all = parse_ip_range("::ffff:1.2.3.4/96", error);
    REQUIRE_MESSAGE(all, error);
    CHECK(all->first.to_string() == "0.0.0.0");
    CHECK(all->last.to_string() == "255.255.255.255");
    CHECK(all->prefix_len == 0);
    const auto one = parse_ip_range("::ffff:1.2.3.4/120", error);
    REQUIRE_MESSAGE(one, error);
    CHECK(one->first.to_string() == "1.2.3.0");
    CHECK(one->last.to_string() == "1.2.3.255");
    CHECK(one->prefix_len == 24);
    const auto host = parse_ip_range("::FFFF:1.2.3.4/128", error);
    REQUIRE_MESSAGE(host, error);
    CHECK(host->first.to_string() == "1.2.3.4");
    CHECK(host->last.to_string() == "1.2.3.4");
  }

  TEST_CASE("a prefix shorter than 96 covers IPv6 addresses too") {
    std::string error;
    const auto wide = parse_ip_range("::ffff:1.2.3.4/24", error);
    REQUIRE_MESSAGE(wide, error);
    CHECK_FALSE(wide->first.is_v4());
    CHECK(wide->first.to_string() == "::");
    CHECK(wide->prefix_len == 24);
  }

  TEST_CASE("IPv4 notation still takes 0 to 32, IPv6 notation 0 to 128") {
    std::string error;
    CHECK_FALSE(parse_ip_range("1.2.3.4/96", error));
    CHECK(error.find("expected 0 to 32") != std::string::npos);
    CHECK_FALSE(parse_ip_range("::ffff:1.2.3.4/129", error));
    CHECK(error.find("expected 0 to 128") != std::string::npos);
  }
}
