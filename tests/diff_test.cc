// End-to-end tests of `mfsim diff`: the transition matrix, changed messages, JSONL, exit codes.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/json_text.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"

using mfsim::test::lines_of;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

using mfsim::test::contains;

std::map<std::string, nlohmann::json> records_by_id(const std::string& jsonl) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& line : lines_of(jsonl)) {
    auto j = mfsim::parse_json(line);
    const std::string id = j["id"];
    j.erase("id");
    out[id] = std::move(j);
  }
  return out;
}

std::string state_of(const nlohmann::json& r) {
  std::string s = r["action"];
  if (!r["quarantine_policy"].is_null())
    s += " (" + r["quarantine_policy"].get<std::string>() + ")";
  return s;
}

}  // namespace

TEST_SUITE("e2e: diff") {
  TEST_CASE("uc4-2023-01 -> uc4 moves the UCE messages from deliver to quarantine; exit 1") {
    const auto r = run_mfsim({"diff", "--base", "uc4-2023-01", "--rules", "uc4", "corpus/samples"});
    CHECK_MESSAGE(r.exit_code == 1, r.out << r.err);
    CHECK(contains(r.out,
                   "mfsim diff: uc4-2023-01 (preset:uc4-2023-01) -> uc4 (preset:uc4): 38 messages, "
                   "9 changed"));  // 02: 52.58.35.43 joined the egress list (issue 20)
    CHECK(contains(
        r.out, "Transition matrix: action (quarantine policy), before (rows) -> after (columns)"));
    CHECK(contains(r.out, "  deliver -> quarantine (UserNotifyUserRelease): 6\n"));
    CHECK(contains(r.out, "  quarantine (UserNotifyUserRelease) -> deliver: 1\n"));
    CHECK(contains(r.out,
                   "\ndeliver -> quarantine (UserNotifyUserRelease): 6 messages\n"
                   "  corpus/samples/01-uce-from-egress.eml\n"
                   "    changed:      rules, scl, scl_source, verdict, action, quarantine_policy, "
                   "release, notify, expires"));
    CHECK(
        contains(r.out, "    rules before: -\n    rules after:  Area 1 User Quarantine Message\n"));
    // The decision's values, before and after, so a reviewer needs no jq to see the move.
    CHECK(
        contains(r.out,
                 "    values:       scl 1 -> 5; verdict not_spam -> spam; action deliver -> "
                 "quarantine; quarantine_policy - -> UserNotifyUserRelease; release - -> "
                 "user; notify false -> true; folder inbox -> quarantine\n    rules before: -\n"));
    CHECK(contains(r.out, "  corpus/samples/15-lowercase-uce-from-egress.eml\n"));
    CHECK(contains(r.out, "  corpus/samples/16-uce-with-reason-from-egress.eml\n"));
    // A message can change (rules, SCL) without changing its action: listed under its own
    // transition.
    CHECK(contains(r.out,
                   "quarantine (UserNotifyAdminRelease) -> quarantine (UserNotifyAdminRelease): 2 "
                   "messages\n"));
    // Only its rules moved: no values line.
    CHECK(contains(r.out,
                   "  corpus/samples/21-repeated-uce-then-malicious.eml\n"
                   "    changed:      rules, effects\n    rules before:"));
  }

  TEST_CASE("the same rule set twice changes nothing: exit 0") {
    const auto r = run_mfsim({"diff", "--base", "uc4", "--rules", "uc4", "corpus/samples"});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "38 messages, 0 changed"));
    CHECK(contains(r.out, "No message changed."));
    const auto j = run_mfsim(
        {"diff", "--base", "uc4", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    CHECK(j.exit_code == 0);
    CHECK(j.out.empty());
  }

  TEST_CASE("--format jsonl gives one record per changed message that agrees with two runs") {
    const auto before = records_by_id(
        run_mfsim({"run", "--rules", "uc4-2023-01", "--format", "jsonl", "corpus/samples"}).out);
    const auto after = records_by_id(
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"}).out);
    REQUIRE(before.size() == 38);
    const auto r = run_mfsim(
        {"diff", "--base", "uc4-2023-01", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "38 messages, 9 changed"));  // 02 joined the egress list (issue 20)
    std::size_t expected_changes = 0;
    for (const auto& [id, record] : before) expected_changes += record != after.at(id);
    const auto lines = lines_of(r.out);
    CHECK(lines.size() == expected_changes);
    std::string previous;
    for (const auto& line : lines) {
      const auto j = mfsim::parse_json(line);
      const std::string id = j["id"];
      CHECK(id > previous);  // input order (the walk is sorted)
      previous = id;
      CHECK(j["before"] == before.at(id));
      CHECK(j["after"] == after.at(id));
      for (const auto& field : j["changed"]) {
        const std::string f = field;
        CHECK_MESSAGE(
            before.at(id).value(f, nlohmann::json()) != after.at(id).value(f, nlohmann::json()), f);
      }
      for (const auto& item : before.at(id).items()) {  // not a binding: clang 14
        const std::string& key = item.key();
        const nlohmann::json& value = item.value();
        if (value != after.at(id).value(key, nlohmann::json())) {
          CHECK_MESSAGE(
              std::find(j["changed"].begin(), j["changed"].end(), key) != j["changed"].end(), key);
        }
      }
    }
    // The table's transitions count what the two runs say.
    std::map<std::pair<std::string, std::string>, int> moves;
    for (const auto& [id, record] : before) {
      if (state_of(record) != state_of(after.at(id)))
        ++moves[{state_of(record), state_of(after.at(id))}];
    }
    const auto table =
        run_mfsim({"diff", "--base", "uc4-2023-01", "--rules", "uc4", "corpus/samples"});
    for (const auto& [key, n] : moves) {
      CHECK(contains(table.out,
                     "  " + key.first + " -> " + key.second + ": " + std::to_string(n) + "\n"));
    }
  }

  TEST_CASE("output is the same for any --jobs") {
    for (const std::string format : {"table", "jsonl"}) {
      const auto one = run_mfsim({"diff", "--base", "uc4-2023-01", "--rules", "uc4", "--format",
                                  format, "--jobs", "1", "corpus/samples"});
      const auto many = run_mfsim({"diff", "--base", "uc4-2023-01", "--rules", "uc4", "--format",
                                   format, "--jobs", "5", "corpus/samples"});
      CHECK(one.exit_code == 1);
      CHECK(one.out == many.out);
    }
  }

  TEST_CASE("--client-ip applies to both sides") {
    const std::string message =
        "X-Area1Security-Disposition: SPAM\nX-Sender-IP: 198.51.100.1\n\nx\n";
    const auto plain = run_mfsim({"diff", "--base", "uc4-2023-01", "--rules", "uc4", "-"}, message);
    CHECK(plain.exit_code == 0);  // not from egress: no rule fires on either side
    const auto replay = run_mfsim({"diff", "--base", "uc4-2023-01", "--rules", "uc4", "--client-ip",
                                   "104.30.32.7", "--format", "jsonl", "-"},
                                  message);
    CHECK(replay.exit_code == 1);
    const auto j = mfsim::parse_json(replay.out);
    CHECK(j["before"]["action"] == "quarantine");
    CHECK(j["after"]["action"] == "deliver");
    CHECK(j["before"]["sender_ip_source"] == "client-ip");
  }

  TEST_CASE("usage errors exit 2") {
    CHECK(run_mfsim({"diff", "--rules", "uc4", "corpus/samples"}).exit_code == 2);
    CHECK(run_mfsim({"diff", "--base", "uc4", "corpus/samples"}).exit_code == 2);
    CHECK(
        run_mfsim({"diff", "--base", "uc4", "--rules", "uc4", "--format", "xml", "corpus/samples"})
            .exit_code == 2);
    CHECK(run_mfsim({"diff", "--base", "uc4", "--rules", "uc4", "no/such/dir"}).exit_code == 2);
    temp_dir dir;
    const std::string bad =
        dir.write("bad.yaml", "mfsim: 1\ntransport_rules:\n  - Name: r\n    SetScl: 5\n");
    const auto r = run_mfsim({"diff", "--base", "uc4", "--rules", bad, "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, bad + ":4:5: error: unknown key 'SetScl'"));
    CHECK(r.out.empty());
  }
}
