// Tests of IP address parsing, range entries and range-set lookups, and of the tagged range
// table behind the rule index's SenderIpRanges keys (checked against a plain scan).
#include "engine/net/ip_range_set.h"

#include <doctest/doctest.h>

#include <random>
#include <set>
#include <vector>

#include "engine/net/ip_range_table.h"

using mfsim::net::ip_address;
using mfsim::net::ip_range_set;
using mfsim::net::ip_range_table;
using mfsim::net::parse_ip_range;

namespace {

ip_address ip(const char* text) {
  const auto a = ip_address::parse(text);
  REQUIRE_MESSAGE(a.has_value(), text);
  return *a;
}

ip_range_set set_of(std::initializer_list<const char*> entries) {
  ip_range_set set;
  for (const char* e : entries) {
    std::string error;
    auto r = parse_ip_range(e, error);
    REQUIRE_MESSAGE(r.has_value(), e << ": " << error);
    set.add(std::move(*r));
  }
  set.finish();
  return set;
}

std::multiset<std::uint32_t> tags_at(const ip_range_table& table, const ip_address& a) {
  std::multiset<std::uint32_t> tags;
  table.for_each_tag(a, [&](std::uint32_t t) { tags.insert(t); });
  return tags;
}

struct range {
  ip_address first, last;
  std::uint32_t tag;
};

}  // namespace

TEST_SUITE("ip_range_set") {
  TEST_CASE("IPv4 and IPv6 text parses and prints canonically") {
    CHECK(ip("52.11.209.211").to_string() == "52.11.209.211");
    CHECK(ip("2405:8100:C400::1").to_string() == "2405:8100:c400::1");
    CHECK(ip("2001:db8:0:0:1:0:0:1").to_string() == "2001:db8::1:0:0:1");
    CHECK(ip("::").to_string() == "::");
    CHECK(ip("::1").to_string() == "::1");
    CHECK(ip("::ffff:192.0.2.1").to_string() == "192.0.2.1");
    CHECK(ip("::ffff:192.0.2.1") == ip("192.0.2.1"));
    CHECK(ip("fe80::1:2").to_string() == "fe80::1:2");
    // Appended after what the string holds: the first group still has no ':' before it.
    for (const char* text : {"52.11.209.211", "2001:db8::1:0:0:1", "::1", "fe80::1:2", "1::"}) {
      std::string out = "ip ";
      ip(text).append_to(out);
      CHECK(out == std::string("ip ") + text);
    }
  }

  TEST_CASE("malformed addresses are rejected") {
    for (const char* bad :
         {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "1::2::3",
          ":1:2", "1:2:3:4:5:6:7:8:9", "12345::", "1.2.3.4/24", "g::1", "[1.2.3.4]"}) {
      CHECK_MESSAGE(!ip_address::parse(bad).has_value(), bad);
    }
  }

  TEST_CASE("private, loopback and link-local addresses are recognised") {
    CHECK(ip("10.1.2.3").is_private());
    CHECK(ip("172.16.0.1").is_private());
    CHECK(ip("172.31.255.255").is_private());
    CHECK_FALSE(ip("172.32.0.1").is_private());
    CHECK(ip("192.168.1.1").is_private());
    CHECK(ip("fd00::1").is_private());
    CHECK_FALSE(ip("52.11.209.211").is_private());
    CHECK(ip("127.0.0.1").is_loopback_or_link_local());
    CHECK(ip("169.254.1.1").is_loopback_or_link_local());
    CHECK(ip("::1").is_loopback_or_link_local());
    CHECK(ip("fe80::1").is_loopback_or_link_local());
    CHECK_FALSE(ip("2603:10a6:10:d4::35").is_loopback_or_link_local());
    CHECK_FALSE(ip("0.0.0.0").is_loopback_or_link_local());
    CHECK_FALSE(ip("::").is_loopback_or_link_local());
  }

  TEST_CASE("an entry may be an address, a CIDR prefix or an a-b range") {
    std::string error;
    const auto single = parse_ip_range("52.11.209.211", error);
    REQUIRE(single);
    CHECK(single->first == single->last);
    const auto cidr = parse_ip_range("104.30.32.0/19", error);
    REQUIRE(cidr);
    CHECK(cidr->first == ip("104.30.32.0"));
    CHECK(cidr->last == ip("104.30.63.255"));
    CHECK(cidr->prefix_len == 19);
    const auto unaligned = parse_ip_range("104.30.33.7/24", error);
    REQUIRE(unaligned);
    CHECK(unaligned->first == ip("104.30.33.0"));
    const auto range = parse_ip_range(" 192.0.2.10 - 192.0.2.20 ", error);
    REQUIRE(range);
    CHECK(range->first == ip("192.0.2.10"));
    CHECK(range->last == ip("192.0.2.20"));
    const auto v6 = parse_ip_range("2405:8100:c400::/38", error);
    REQUIRE(v6);
    CHECK(v6->last == ip("2405:8100:c7ff:ffff:ffff:ffff:ffff:ffff"));
  }

  TEST_CASE("bad entries say what is wrong") {
    std::string error;
    CHECK_FALSE(parse_ip_range("1.2.3.0/33", error));
    CHECK(error == "'1.2.3.0/33' has a bad prefix length (expected 0 to 32)");
    CHECK_FALSE(parse_ip_range("1.2.3.9-1.2.3.1", error));
    CHECK(error == "'1.2.3.9-1.2.3.1' ends before it starts");
    CHECK_FALSE(parse_ip_range("1.2.3.4-::1", error));
    CHECK(error == "'1.2.3.4-::1' is not a range of two addresses of one family (a-b)");
    CHECK_FALSE(parse_ip_range("mail.example.com", error));
    CHECK(error == "'mail.example.com' is not an IP address, a-b range or CIDR prefix");
    CHECK_FALSE(parse_ip_range("", error));
  }

  TEST_CASE("lookups find addresses inside any entry and nothing outside") {
    const auto set = set_of({"52.11.209.211", "104.30.32.0/19", "134.195.26.0/24",
                             "2405:8100:c400::/38", "192.0.2.10-192.0.2.20"});
    CHECK(set.contains(ip("52.11.209.211")));
    CHECK_FALSE(set.contains(ip("52.11.209.210")));
    CHECK_FALSE(set.contains(ip("52.11.209.212")));
    CHECK(set.contains(ip("104.30.32.0")));
    CHECK(set.contains(ip("104.30.63.255")));
    CHECK_FALSE(set.contains(ip("104.30.64.0")));
    CHECK_FALSE(set.contains(ip("104.30.31.255")));
    CHECK(set.contains(ip("134.195.26.77")));
    CHECK_FALSE(set.contains(ip("134.195.27.77")));
    CHECK(set.contains(ip("2405:8100:c500::1")));
    CHECK_FALSE(set.contains(ip("2405:8100:c800::1")));
    CHECK(set.contains(ip("192.0.2.15")));
    CHECK_FALSE(set.contains(ip("192.0.2.21")));
    CHECK_FALSE(set.contains(ip("::ffff:0:0")));  // IPv4 0.0.0.0 is in no entry
  }

  TEST_CASE("overlapping and adjacent entries merge without changing membership") {
    const auto set = set_of({"10.0.0.0/24", "10.0.1.0/24", "10.0.0.128/25", "10.0.3.0-10.0.3.5"});
    CHECK(set.contains(ip("10.0.0.200")));
    CHECK(set.contains(ip("10.0.1.255")));
    CHECK_FALSE(set.contains(ip("10.0.2.0")));
    CHECK(set.contains(ip("10.0.3.5")));
    CHECK_FALSE(set.contains(ip("10.0.3.6")));
  }

  TEST_CASE("the entry holding an address is reported as written") {
    const auto set = set_of({"104.30.32.0/19", "104.30.40.0/24", "52.11.209.211"});
    const auto* inner = set.find_entry(ip("104.30.40.9"));
    REQUIRE(inner != nullptr);
    CHECK(inner->text == "104.30.40.0/24");
    const auto* outer = set.find_entry(ip("104.30.50.9"));
    REQUIRE(outer != nullptr);
    CHECK(outer->text == "104.30.32.0/19");
    CHECK(set.find_entry(ip("8.8.8.8")) == nullptr);
  }

  TEST_CASE("the whole address space and an empty set are handled at the edges") {
    const auto all_v6 = set_of({"::/0"});
    CHECK(all_v6.contains(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
    CHECK(all_v6.contains(ip("1.2.3.4")));
    const auto empty = set_of({});
    CHECK_FALSE(empty.contains(ip("1.2.3.4")));
  }
}

TEST_SUITE("ip_range_table") {
  TEST_CASE("an empty table holds nothing") {
    ip_range_table table;
    table.finish();
    CHECK(table.empty());
    CHECK(tags_at(table, ip("10.0.0.1")).empty());
  }

  TEST_CASE("nested, overlapping and edge ranges give every tag that holds the address") {
    ip_range_table table;
    table.add(ip("10.0.0.0"), ip("10.255.255.255"), 1);
    table.add(ip("10.1.0.0"), ip("10.1.255.255"), 2);
    table.add(ip("10.1.2.3"), ip("10.1.2.3"), 3);
    table.add(ip("10.1.2.3"), ip("10.1.2.3"), 3);  // the same rule twice: seen twice
    table.add(ip("::"), ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 4);
    table.add(ip("2001:db8::"), ip("2001:db8:0:ffff:ffff:ffff:ffff:ffff"), 5);
    table.finish();
    CHECK(tags_at(table, ip("10.1.2.3")) == std::multiset<std::uint32_t>{1, 2, 3, 3, 4});
    CHECK(tags_at(table, ip("10.1.2.4")) == std::multiset<std::uint32_t>{1, 2, 4});
    CHECK(tags_at(table, ip("10.2.0.0")) == std::multiset<std::uint32_t>{1, 4});
    CHECK(tags_at(table, ip("11.0.0.0")) == std::multiset<std::uint32_t>{4});
    CHECK(tags_at(table, ip("2001:db8::1")) == std::multiset<std::uint32_t>{4, 5});
    CHECK(tags_at(table, ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) ==
          std::multiset<std::uint32_t>{4});
  }

  TEST_CASE("random ranges: lookups agree with checking every range") {
    std::mt19937 rng(16);
    const auto address = [&](std::uint32_t span) {
      return ip_address::from_v4(0x0a000000u +
                                 std::uniform_int_distribution<std::uint32_t>(0, span)(rng));
    };
    for (int round = 0; round < 50; ++round) {
      const std::size_t n = 1 + round * 7;
      std::vector<range> ranges;
      ip_range_table table;
      for (std::size_t k = 0; k < n; ++k) {
        ip_address a = address(1000), b = address(1000);
        if (b < a) std::swap(a, b);
        ranges.push_back({a, b, static_cast<std::uint32_t>(k % 13)});
        table.add(a, b, ranges.back().tag);
      }
      table.finish();
      for (int q = 0; q < 300; ++q) {
        const ip_address a = address(1010);
        std::multiset<std::uint32_t> expected;
        for (const auto& r : ranges) {
          if (r.first <= a && a <= r.last) expected.insert(r.tag);
        }
        CAPTURE(round);
        CHECK(tags_at(table, a) == expected);
      }
    }
  }
}
