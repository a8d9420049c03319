// Tests of what the engine reads from headers: connecting IP, recorded verdict, dates, addresses.
#include "engine/mail/message_view.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/rfc5322_date.h"

using namespace mfsim::mail;

namespace {

struct scanned {
  std::string text;
  header_block block;
  explicit scanned(std::string t) : text(std::move(t)) { scan_headers(text, scan_limits{}, block); }
};

std::string ip_of(const std::string& headers, ip_source expected_source) {
  scanned m(headers + "\r\nbody\r\n");
  std::string buffer;
  const auto found = find_sender_ip(m.block.fields, buffer);
  CHECK(found.source == expected_source);
  return found.address ? found.address->to_string() : "none";
}

}  // namespace

TEST_SUITE("message_view") {
  TEST_CASE("each header source of the connecting IP is read") {
    CHECK(ip_of("X-Forefront-Antispam-Report: CIP:104.30.32.9;CTRY:US;SCL:1;SFV:NSPM;\r\n",
                ip_source::x_forefront_antispam_report) == "104.30.32.9");
    CHECK(ip_of("X-Sender-IP: 52.11.209.211\r\n", ip_source::x_sender_ip) == "52.11.209.211");
    CHECK(ip_of("Authentication-Results: spf=pass (sender IP is 66.179.17.183)\r\n"
                " smtp.mailfrom=example.com; dkim=none\r\n",
                ip_source::authentication_results) == "66.179.17.183");
    CHECK(
        ip_of(
            "Received-SPF: Pass (protection.outlook.com: domain of x designates 198.51.100.7 as\r\n"
            " permitted sender) receiver=protection.outlook.com; client-ip=198.51.100.7;\r\n"
            " helo=mail.example.com; pr=C\r\n",
            ip_source::received_spf) == "198.51.100.7");
    CHECK(ip_of("Subject: nothing here\r\n", ip_source::none) == "none");
  }

  TEST_CASE("sources are taken in the contract's precedence order") {
    const std::string all =
        "Received: from mx.example.net (mx.example.net [203.0.113.5]) by a.example\r\n"
        "Received-SPF: Pass client-ip=203.0.113.4;\r\n"
        "Authentication-Results: spf=pass (sender IP is 203.0.113.3)\r\n"
        "X-Sender-IP: 203.0.113.2\r\n"
        "X-Forefront-Antispam-Report: CIP:203.0.113.1;SCL:1\r\n";
    CHECK(ip_of(all, ip_source::x_forefront_antispam_report) == "203.0.113.1");
    CHECK(ip_of(all.substr(0, all.find("X-Forefront")), ip_source::x_sender_ip) == "203.0.113.2");
    CHECK(ip_of(all.substr(0, all.find("X-Sender")), ip_source::authentication_results) ==
          "203.0.113.3");
    CHECK(ip_of(all.substr(0, all.find("Authentication")), ip_source::received_spf) ==
          "203.0.113.4");
    CHECK(ip_of(all.substr(0, all.find("Received-SPF")), ip_source::received) == "203.0.113.5");
  }

  TEST_CASE("untrusted copies of the headers are never read") {
    CHECK(ip_of("X-Forefront-Antispam-Report-Untrusted: CIP:203.0.113.9;SCL:1\r\n"
                "X-Sender-IP: 203.0.113.2\r\n",
                ip_source::x_sender_ip) == "203.0.113.2");
  }

  TEST_CASE("a source whose value holds no address is passed over") {
    CHECK(ip_of("X-Sender-IP: unknown\r\nReceived-SPF: None client-ip=192.0.2.8;\r\n",
                ip_source::received_spf) == "192.0.2.8");
  }

  TEST_CASE("the Received walk skips Exchange Online, private and loopback hops") {
    const std::string chain =
        "Received: from DS7PR20MB4759.namprd20.prod.outlook.com (::1) by\r\n"
        " SN7PR20MB5311.namprd20.prod.outlook.com with HTTPS; Thu, 27 Mar 2025 02:11:12 +0000\r\n"
        "Received: from DBBPR09CA0047.eurprd09.prod.outlook.com (2603:10a6:10:d4::35)\r\n"
        " by DS7PR20MB4759.namprd20.prod.outlook.com (2603:10b6:8:9c::20); Thu, 27 Mar 2025\r\n"
        "Received: from internal.example.com (internal.example.com [10.1.2.3]) by relay; Thu\r\n"
        "Received: from mailer.example.net (104.30.33.12) by\r\n"
        " DB1PEPF00050A01.mail.protection.outlook.com (10.167.242.43) with Microsoft SMTP;\r\n"
        " Thu, 27 Mar 2025 02:11:09 +0000\r\n";
    CHECK(ip_of(chain, ip_source::received) == "104.30.33.12");
  }

  TEST_CASE("the by clause's address is never used") {
    CHECK(ip_of("Received: from mailer.example.net by mx.example.org (52.11.209.211) with SMTP\r\n",
                ip_source::none) == "none");
    // "by" next to a comment or a literal is still the keyword (comments may touch it).
    for (const std::string by_clause :
         {"(unknown)by mx.example ([104.30.33.9])", "by(y.example [104.30.33.9])",
          "by[104.30.33.9]", "(unknown) BY\tmx ([104.30.33.9])"}) {
      CHECK_MESSAGE(!external_received_hop("from mail.attacker.example " + by_clause + "; Tue"),
                    by_clause);
    }
  }

  TEST_CASE("the from clause ends at any later clause's keyword: via, with, id, for") {
    for (const std::string rest :
         {"with ESMTP id abc (104.30.33.9)", "(unknown) with ESMTP id 12 (104.30.33.9) by x",
          "id <a@b> (104.30.33.9)", "via relay (104.30.33.9)", "for <a@b.example> (104.30.33.9)",
          "(helo)with(104.30.33.9)"}) {
      CHECK_MESSAGE(!external_received_hop("from mail.example.net " + rest + "; Tue"), rest);
    }
    // Words that only begin like a keyword are not one, nor is the host itself.
    const auto named = external_received_hop("from by (198.51.100.40) by mx; Tue");
    REQUIRE(named.has_value());
    CHECK(named->to_string() == "198.51.100.40");
    const auto word = external_received_hop("from x.example withheld (198.51.100.41) by mx");
    REQUIRE(word.has_value());
    CHECK(word->to_string() == "198.51.100.41");
  }

  TEST_CASE("the address the receiving server saw wins over the client's EHLO literal") {
    // RFC 5321 4.4: "from" EHLO-argument "(" TCP-info ")".
    const auto tcp_info = external_received_hop("from [104.30.33.9] (unknown [203.0.113.5]) by y");
    REQUIRE(tcp_info.has_value());
    CHECK(tcp_info->to_string() == "203.0.113.5");
    const auto private_helo = external_received_hop("from [10.0.0.5] (unknown [203.0.113.5]) by y");
    REQUIRE(private_helo.has_value());
    CHECK(private_helo->to_string() == "203.0.113.5");
    // No address in the comment (Exim's "helo="): the literal the host part holds.
    const auto exim = external_received_hop("from [198.51.100.42] (helo=mail.example) by y");
    REQUIRE(exim.has_value());
    CHECK(exim->to_string() == "198.51.100.42");
  }

  TEST_CASE("the Received walks agree with a walk over every byte, on random values") {
    // The reference: depth counted at every byte; the from clause ends at the first byte outside
    // comments that is ';' or starts a keyword after a space, ')' or ']'.
    const auto keyword_at = [](std::string_view v, std::size_t i) {
      if (i == 0) return false;
      const char before = v[i - 1];
      if (before != ' ' && before != '\t' && before != '\r' && before != '\n' && before != ')' &&
          before != ']') {
        return false;
      }
      for (const std::string_view k : {"by", "via", "with", "id", "for"}) {
        if (i + k.size() > v.size()) continue;
        bool same = true;
        for (std::size_t j = 0; j < k.size(); ++j) same = same && (v[i + j] | 0x20) == k[j];
        if (!same) continue;
        const std::size_t after = i + k.size();
        if (after == v.size() || v[after] == ' ' || v[after] == '\t' || v[after] == '\r' ||
            v[after] == '\n' || v[after] == '(' || v[after] == '[') {
          return true;
        }
      }
      return false;
    };
    const auto clause_end = [&](std::string_view v) {
      int depth = 0;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '(') {
          ++depth;
        } else if (v[i] == ')' && depth > 0) {
          --depth;
        } else if (depth == 0 && (v[i] == ';' || keyword_at(v, i))) {
          return i;
        }
      }
      return v.size();
    };
    const auto date_separator = [](std::string_view v) {
      int depth = 0;
      std::size_t last = std::string_view::npos;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '(') {
          ++depth;
        } else if (v[i] == ')' && depth > 0) {
          --depth;
        } else if (depth == 0 && v[i] == ';') {
          last = i;
        }
      }
      return depth == 0 || last != std::string_view::npos ? last : v.rfind(';');
    };
    const std::vector<std::string> pieces = {"(",        ")",    ";",
                                             "[",        "]",    " ",
                                             "\t",       "\r\n", "by",
                                             "BY",       "via",  "With",
                                             "id",       "for",  "fo",
                                             "b",        "x",    "mail.example.org",
                                             "10.0.0.1", "with", "Tue, 19 Mar 2024 09:41:11 +0000"};
    std::mt19937 random(367);
    for (int round = 0; round < 20000; ++round) {
      std::string value;
      const int count = static_cast<int>(random() % 40);
      for (int k = 0; k < count; ++k) value += pieces[random() % pieces.size()];
      CAPTURE(value);
      CHECK(received_from_clause_end(value) == clause_end(value));
      CHECK(received_date_separator(value) == date_separator(value));
    }
  }

  TEST_CASE("Received from clauses in the common shapes yield their address") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"from mail.example.net ([198.51.100.23]) by mx", "198.51.100.23"},
        {"from mail.example.net (HELO x) (198.51.100.24) by mx", "198.51.100.24"},
        {"from [198.51.100.25] by mx", "198.51.100.25"},
        {"from mail.example.net (mail.example.net [IPv6:2001:db8::25]) by mx", "2001:db8::25"},
        {"from mail.example.net (unknown [198.51.100.26] (may be forged)) by mx", "198.51.100.26"},
        {"FROM mail.example.net (198.51.100.27)\tBY mx", "198.51.100.27"},
        {"from mail.example.net (authenticated by bob) ([198.51.100.28]) by mx", "198.51.100.28"},
        // Unclosed '[' groups share one lookup of the next ']' (a clause of them was quadratic).
        {"from x ([1.2.3 [198.51.100.29] [ [ by mx", "198.51.100.29"},
        {"from x ([ 198.51.100.30 ]) by mx", "198.51.100.30"},
        {"from x ([1.2.3 [1.2.3 (198.51.100.31) by mx", "198.51.100.31"},
    };
    // Not a structured binding: clang 14 (the fuzz and sanitizer build) cannot capture one in
    // REQUIRE_MESSAGE's lambda.
    for (const auto& c : cases) {
      const auto found = external_received_hop(c.first);
      REQUIRE_MESSAGE(found.has_value(), c.first);
      CHECK(found->to_string() == c.second);
    }
    CHECK_FALSE(external_received_hop("by mx.example.org with local; Thu"));
    CHECK_FALSE(external_received_hop("from mx.protection.outlook.com (52.11.209.211) by x"));
    CHECK_FALSE(external_received_hop("from relay.example.com (127.0.0.1) by x"));
    CHECK_FALSE(external_received_hop("from relay.example.com (fe80::1) by x"));
    // A group longer than any literal with its padding is not read as one.
    CHECK_FALSE(
        external_received_hop("from x ([" + std::string(300, ' ') + "198.51.100.32]) by mx"));
    // 60,000 unclosed '[' (4 s before): still nothing found, and the address after them is.
    std::string many = "from x ";
    for (int k = 0; k < 60000; ++k) many += '[';
    CHECK_FALSE(external_received_hop(many + " by mx"));
    const auto after = external_received_hop(many + " (198.51.100.33) by mx");
    REQUIRE(after.has_value());
    CHECK(after->to_string() == "198.51.100.33");
  }

  TEST_CASE("semicolon lists are parsed by key after trimming, in any order") {
    const std::string report = "CIP:1.2.3.4; CTRY:US;LANG:en; SCL : 5 ;SFV:SPM;CAT:PHSH;";
    CHECK(semicolon_field(report, "SCL") == "5");
    CHECK(semicolon_field(report, "cat") == "PHSH");
    CHECK(semicolon_field(report, "CIP") == "1.2.3.4");
    CHECK_FALSE(semicolon_field(report, "BCL"));
    CHECK_FALSE(semicolon_field(report, "SC"));
  }

  TEST_CASE("Microsoft's recorded verdict comes from the antispam report, else the SCL header") {
    scanned with_report(
        "X-MS-Exchange-Organization-SCL: 1\r\n"
        "X-Forefront-Antispam-Report: CIP:1.2.3.4;SCL:9;SFV:SPM;CAT:HPHSH;\r\n"
        "X-Microsoft-Antispam: BCL:8;ARA:1444111002;\r\n\r\n");
    std::string buffer;
    const auto v = read_eop_verdict(with_report.block.fields, buffer);
    CHECK(v.scl == 9);
    CHECK(v.category == eop_category::high_confidence_phish);
    CHECK(v.bcl == 8);
    CHECK(v.sfv == "SPM");
    CHECK(v.from_forefront_report);

    scanned scl_only("X-MS-Exchange-Organization-SCL: -1\r\n\r\n");
    const auto w = read_eop_verdict(scl_only.block.fields, buffer);
    CHECK(w.scl == -1);
    CHECK(w.category == eop_category::none);
    CHECK_FALSE(w.from_forefront_report);

    scanned out_of_range("X-MS-Exchange-Organization-SCL: 12\r\n\r\n");
    CHECK_FALSE(read_eop_verdict(out_of_range.block.fields, buffer).scl);

    scanned categories("X-Forefront-Antispam-Report: CAT:MALW;SFV:SPM\r\n\r\n");
    const auto m = read_eop_verdict(categories.block.fields, buffer);
    CHECK(m.category == eop_category::malware);
    CHECK_FALSE(m.scl);
  }

  TEST_CASE("the received time is the topmost Received date, else Date") {
    std::string buffer;
    scanned received(
        "Received: from a by b; Thu, 27 Mar 2025 02:11:12 +0000\r\n"
        "Received: from c by a; Thu, 27 Mar 2025 02:11:09 +0000\r\n"
        "Date: Wed, 26 Mar 2025 10:00:00 -0500\r\n\r\n");
    CHECK(format_iso8601_utc(*received_time(received.block.fields, buffer)) ==
          "2025-03-27T02:11:12Z");
    scanned date_only("Date: Wed, 26 Mar 2025 10:00:00 -0500\r\n\r\n");
    CHECK(format_iso8601_utc(*received_time(date_only.block.fields, buffer)) ==
          "2025-03-26T15:00:00Z");
    scanned none("Subject: x\r\n\r\n");
    CHECK_FALSE(received_time(none.block.fields, buffer));
    // A comment after the date may hold a ';': the date follows the last one outside comments.
    scanned commented(
        "Received: from a ([203.0.113.1]) by b; Tue, 05 Mar 2024 14:22:31 +0000 (comment; x)\r\n"
        "Date: Sun, 03 Mar 2024 09:00:00 +0000\r\n\r\n");
    CHECK(format_iso8601_utc(*received_time(commented.block.fields, buffer)) ==
          "2024-03-05T14:22:31Z");
    // A comment that never closes: the last ';' still starts the date.
    scanned unclosed(
        "Received: from a (by b with ESMTP id 1 for <x@y>; Mon, 22 Sep 2008 20:20:25 GMT\r\n"
        "Date: Sun, 03 Mar 2024 09:00:00 +0000\r\n\r\n");
    CHECK(format_iso8601_utc(*received_time(unclosed.block.fields, buffer)) ==
          "2008-09-22T20:20:25Z");
  }

  TEST_CASE("ISO 8601 text is appended after what the string holds, whatever the year") {
    // Years 0-9999 in four digits; others as %04lld writes them (the sign counts in the width).
    const std::vector<std::pair<std::int64_t, std::string>> cases = {
        {0, "1970-01-01T00:00:00Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {951782400 + 86399, "2000-02-29T23:59:59Z"},
        {253402214400 + 86399, "9999-12-31T23:59:59Z"},
        {253402300800, "10000-01-01T00:00:00Z"},
        {-62167219200, "0000-01-01T00:00:00Z"},
        {-62198755200, "-001-01-01T00:00:00Z"},
        {-451737734400, "-12345-01-01T00:00:00Z"},
    };
    for (const auto& [seconds, text] : cases) {
      std::string out = "held ";
      append_iso8601_utc(out, seconds);
      CHECK(out == "held " + text);
      CHECK(format_iso8601_utc(seconds) == text);
    }
  }

  TEST_CASE("RFC 5322 dates parse in the forms real mail uses") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Thu, 27 Mar 2025 02:11:12 +0000", "2025-03-27T02:11:12Z"},
        {"27 Mar 2025 02:11:12 +0100", "2025-03-27T01:11:12Z"},
        {"Thu, 1 Aug 2002 10:47:52 -0700 (PDT)", "2002-08-01T17:47:52Z"},
        {"Mon, 02 Sep 02 14:05 GMT", "2002-09-02T14:05:00Z"},
        {"Fri, 29 Feb 2024 23:59:59 EST", "2024-03-01T04:59:59Z"},
        {"Tue, 29 Feb 2000 12:00:00 +0000", "2000-02-29T12:00:00Z"},
        {"  Sat,  4 Jan 1999 00:00:00 -0000", "1999-01-04T00:00:00Z"},
    };
    for (const auto& c : cases) {
      const auto t = parse_rfc5322_date(c.first);
      REQUIRE_MESSAGE(t.has_value(), c.first);
      CHECK(format_iso8601_utc(*t) == c.second);
    }
    for (const char* bad : {"", "yesterday", "32 Mar 2025 00:00:00 +0000", "27 Foo 2025 01:02:03",
                            "30 Feb 2025 10:00:00 +0000 x", "27 Mar 2025",
                            // no 29 February outside leap years; no zone of 99 minutes
                            "29 Feb 2023 10:00:00 +0000", "29 Feb 1900 10:00:00 +0000",
                            "27 Mar 2025 02:11:12 +9999"}) {
      CHECK_MESSAGE(!parse_rfc5322_date(bad).has_value(), bad);
    }
  }

  TEST_CASE("ISO 8601 clock values for --now parse and print back") {
    CHECK(format_iso8601_utc(*parse_iso8601("2024-03-20T09:41:11Z")) == "2024-03-20T09:41:11Z");
    CHECK(format_iso8601_utc(*parse_iso8601("2024-03-20")) == "2024-03-20T00:00:00Z");
    CHECK(format_iso8601_utc(*parse_iso8601("2024-03-20T09:41:11+02:00")) ==
          "2024-03-20T07:41:11Z");
    CHECK(format_iso8601_utc(*parse_iso8601("2024-03-20T09:41:11.250Z")) == "2024-03-20T09:41:11Z");
    CHECK_FALSE(parse_iso8601("2024-13-01"));
    // An offset past 23:59 (or signed twice) is no offset; a text longer than a date is no date,
    // even when its first 40 bytes would be one.
    CHECK_FALSE(parse_iso8601("2024-03-20T09:41:11+99:99"));
    CHECK_FALSE(parse_iso8601("2024-03-20T09:41:11+-1:00"));
    CHECK(parse_iso8601("2024-03-20T09:41:11-23:59"));
    CHECK_FALSE(parse_iso8601("2024-03-20T09:41:11.0000000000000000000000junk"));
    CHECK_FALSE(parse_iso8601("2024-03-20T09:41:11Zjunk"));
    // ISO 8601's basic format, and an offset of hours alone (or without its colon).
    CHECK(format_iso8601_utc(*parse_iso8601("20240320")) == "2024-03-20T00:00:00Z");
    CHECK(format_iso8601_utc(*parse_iso8601("20240320T094111Z")) == "2024-03-20T09:41:11Z");
    CHECK(format_iso8601_utc(*parse_iso8601("20240320T0941+0130")) == "2024-03-20T08:11:00Z");
    CHECK(format_iso8601_utc(*parse_iso8601("2024-03-20T09:41:11+01")) == "2024-03-20T08:41:11Z");
    CHECK(format_iso8601_utc(*parse_iso8601("2024-03-20T09:41:11,5-0100")) ==
          "2024-03-20T10:41:11Z");
    // One format throughout; signs, spaces and short fields are not digits.
    CHECK_FALSE(parse_iso8601("2024-0320"));
    CHECK_FALSE(parse_iso8601("20240320T09:41"));
    CHECK_FALSE(parse_iso8601("2024- 3-20"));
    CHECK_FALSE(parse_iso8601("+024-03-20"));
    CHECK_FALSE(parse_iso8601("2024-03-20T09:41:11+1"));
    CHECK_FALSE(parse_iso8601("2024-03-20T09:41:11."));
    CHECK(format_iso8601_utc(0) == "1970-01-01T00:00:00Z");
  }

  TEST_CASE("addresses are found in From values of every common shape") {
    const auto addresses = [](std::string_view value) {
      std::vector<std::string> out;
      for_each_address(value, [&](std::string_view a) { out.emplace_back(a); });
      return out;
    };
    CHECK(addresses("Bittrex Global <kitsapcounty@public.govdelivery.com>") ==
          std::vector<std::string>{"kitsapcounty@public.govdelivery.com"});
    CHECK(addresses("user@example.com") == std::vector<std::string>{"user@example.com"});
    CHECK(addresses("\"Doe, John\" <john@example.com>, jane@example.org (Jane)") ==
          std::vector<std::string>{"john@example.com", "jane@example.org"});
    CHECK(addresses("undisclosed-recipients:;").empty());
    CHECK(addresses("team: a@example.com, b@example.com;") ==
          std::vector<std::string>{"a@example.com", "b@example.com"});
    CHECK(addresses("\"<fake@evil.example>\" <real@example.com>") ==
          std::vector<std::string>{"real@example.com"});
    CHECK(addresses("").empty());
  }
}
