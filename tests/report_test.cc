// Tests of the JSONL record, the table and the summary.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/report/diff_summary.h"
#include "engine/report/jsonl_writer.h"
#include "engine/report/run_summary.h"
#include "engine/report/table_writer.h"
#include "engine/rules/presets.h"

namespace {

const char* kUceFromEgress =
    "Received: from mx.area1.example (104.30.32.5) by mx.protection.outlook.com;\r\n"
    " Thu, 27 Mar 2025 02:11:12 +0000\r\n"
    "X-Area1Security-Disposition: UCE\r\n"
    "Subject: hi\r\n\r\nbody\r\n";

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("a record has every contract field, in order, with nulls where nothing applies") {
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    mfsim::scratch s;
    const auto& r = mfsim::evaluate(*plan, kUceFromEgress, {}, s);
    std::string line;
    mfsim::report::append_record(line, "m/1.eml", r, *plan);
    REQUIRE(line.back() == '\n');
    const auto j = mfsim::parse_json(line);
    const std::vector<std::string> contract = {
        "id",     "disposition", "sender_ip", "sender_ip_source", "in_egress",         "rules",
        "scl",    "scl_source",  "verdict",   "action",           "quarantine_policy", "release",
        "notify", "expires",     "error"};
    // nlohmann sorts keys: check presence on the object and order on the raw text.
    std::size_t last = 0;
    for (const auto& k : contract) {
      CHECK_MESSAGE(j.contains(k), k);
      const std::size_t at = line.find("\"" + k + "\":");
      CHECK(at != std::string::npos);
      CHECK(at >= last);
      last = at;
    }
    CHECK(j["id"] == "m/1.eml");
    CHECK(j["disposition"] == "UCE");
    CHECK(j["sender_ip"] == "104.30.32.5");
    CHECK(j["sender_ip_source"] == "received");
    CHECK(j["in_egress"] == true);
    CHECK(j["rules"] == nlohmann::json::array({"Area 1 User Quarantine Message"}));
    CHECK(j["scl"] == 5);
    CHECK(j["scl_source"] == "rule");
    CHECK(j["verdict"] == "spam");
    CHECK(j["action"] == "quarantine");
    CHECK(j["quarantine_policy"] == "UserNotifyUserRelease");
    CHECK(j["release"] == "user");
    CHECK(j["notify"] == true);
    CHECK(j["expires"] == "2025-04-11T02:11:12Z");
    CHECK(j["error"].is_null());
    CHECK(j["flags"] == nlohmann::json::array());
    CHECK(j["notify_frequency"] == "daily");

    const auto& clean = mfsim::evaluate(*plan, "Subject: x\n\nbody\n", {}, s);
    line.clear();
    mfsim::report::append_record(line, "m/2.eml", clean, *plan);
    const auto k = mfsim::parse_json(line);
    for (const char* field :
         {"disposition", "sender_ip", "scl", "quarantine_policy", "release", "expires", "error"}) {
      CHECK_MESSAGE(k[field].is_null(), field);
    }
    CHECK(k["notify"] == false);
    CHECK(k["action"] == "deliver");
    CHECK_FALSE(k.contains("notify_frequency"));
  }

  TEST_CASE("the table shows one row per message with rules as R numbers and a legend") {
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    mfsim::scratch s;
    const mfsim::report::table_writer table(*plan);
    std::string out;
    table.append_row(out, "m/1.eml", mfsim::evaluate(*plan, kUceFromEgress, {}, s));
    CHECK(out.find("m/1.eml") == 0);
    for (const char* cell : {"UCE", "104.30.32.5", "yes", "R1", "spam", "quarantine",
                             "UserNotifyUserRelease", "user"}) {
      CHECK_MESSAGE(out.find(cell) != std::string::npos, cell);
    }
    CHECK(table.header().find("QUARANTINE POLICY") != std::string::npos);
    CHECK(table.legend().find("R2 = Area 1 User Quarantine Message Admin Release") !=
          std::string::npos);
  }

  TEST_CASE("the summary counts actions, verdicts, policies, rules and forged dispositions") {
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    mfsim::scratch s;
    mfsim::report::run_summary summary(*plan);
    summary.add(mfsim::evaluate(*plan, kUceFromEgress, {}, s));
    summary.add(mfsim::evaluate(
        *plan, "X-Area1Security-Disposition: MALICIOUS\nX-Sender-IP: 198.51.100.1\n\n", {}, s));
    summary.add(mfsim::evaluate(*plan, "", {}, s));
    CHECK(summary.messages() == 3);
    CHECK(summary.errors() == 1);
    const std::string text = summary.format();
    CHECK(text.find("disposition but not from egress ") != std::string::npos);
    // Every count stands in one column, the longest label (R2's rule name, 47 characters)
    // included: all count lines are as long as each other.
    std::size_t count_lines = 0;
    std::size_t line_width = 0;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t end = text.find('\n', at);
      const std::string line = text.substr(at, end - at);
      at = end + 1;
      if (!line.starts_with("  ") || line.find("(none)") != std::string::npos) continue;
      if (line_width == 0) line_width = line.size();
      CHECK_MESSAGE(line.size() == line_width, line);
      ++count_lines;
    }
    CHECK(count_lines > 8);
    CHECK(text.find("  disposition but not from egress                        1\n") !=
          std::string::npos);
    CHECK(text.find("UserNotifyUserRelease") != std::string::npos);
    CHECK(text.find("R1 Area 1 User Quarantine Message") != std::string::npos);
    CHECK(summary.accounting_line() ==
          "messages read: 3, records written: 3 (evaluated: 2, with errors: 1)");
  }

  TEST_CASE(
      "the diff summary counts every message, lists 1000 changes per transition, sorts states") {
    using mfsim::report::message_change;
    mfsim::report::diff_summary summary(true);
    message_change kept{"kept", "deliver", "deliver", false, {}, {}, {}, {}};
    summary.add(kept);
    for (int k = 0; k < 1002; ++k) {
      message_change m{"m" + std::to_string(k),
                       "quarantine (AdminOnlyAccessPolicy)",
                       "deliver",
                       true,
                       {"action", "quarantine_policy"},
                       {"R1"},
                       {},
                       {"action quarantine -> deliver"}};
      summary.add(m);
    }
    const auto set = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    const auto data = summary.data(mfsim::report::label_of(*set), mfsim::report::label_of(*set));
    CHECK(summary.changed() == 1002);
    CHECK(data.messages == 1003);
    CHECK(data.states == std::vector<std::string>{"deliver", "quarantine (AdminOnlyAccessPolicy)"});
    CHECK(data.matrix.at({0, 0}) == 1);
    CHECK(data.matrix.at({1, 0}) == 1002);
    REQUIRE(data.changes.size() == mfsim::report::diff_summary::kListedPerTransition);
    CHECK(data.changes_left_out == 2);
    CHECK(data.changes.front().id == "m0");
    CHECK(data.changes.front().rules_before == std::vector<std::string>{"R1"});
    CHECK(data.changes.front().values == std::vector<std::string>{"action quarantine -> deliver"});
    CHECK(data.field_counts.at("action") == 1002);

    mfsim::report::diff_summary counts_only(false);
    message_change m{"m", "deliver", "junk", true, {"action"}, {}, {}, {}};
    counts_only.add(m);
    CHECK(counts_only.data(mfsim::report::label_of(*set), mfsim::report::label_of(*set))
              .changes.empty());
    CHECK(counts_only.data(mfsim::report::label_of(*set), mfsim::report::label_of(*set))
              .changes_left_out == 0);
  }
}
