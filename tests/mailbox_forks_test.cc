// Recipients with their own mailbox settings end in their own folders: under a plan that reads
// no recipient (uc1), a --mailbox-state file that gives recipients different settings still
// forks the message (decision 497), and one that gives everyone the same does not.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/json_text.h"
#include "tests/support/process.h"

namespace {

using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

// Area 1 called it BULK from one of its egress addresses: uc1 sets SCL 5, Default junks it.
std::string bulk_to(const std::string& to) {
  return "Received: from mx.area1.example ([52.11.209.211]) by mx.contoso.com; "
         "Tue, 19 Mar 2024 09:41:11 +0000\r\n"
         "X-Area1Security-Disposition: BULK\r\nFrom: offers@partner.example\r\nTo: " +
         to + "\r\nSubject: offer\r\nDate: Tue, 19 Mar 2024 09:41:11 +0000\r\n\r\nbody\r\n";
}

// alice trusts the sender; bob has no entry of his own.
const std::string kAliceTrusts =
    "mfsim_mailbox: 1\nmailboxes:\n"
    "  - Recipient: Alice@contoso.com\n    TrustedSendersAndDomains: [partner.example]\n";

nlohmann::json run_one(const temp_dir& dir, const std::string& mailboxes,
                       const std::string& message, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"run", "--rules", "uc1", "--mailbox-state",
                                   dir.write("mailboxes.yaml", mailboxes)};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(dir.write("m.eml", message));
  const auto r = run_mfsim(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return mfsim::parse_json(r.out);
}

}  // namespace

TEST_SUITE("mailbox forks") {
  TEST_CASE("a Safe Sender of one recipient: inbox for her, junk for the other") {
    temp_dir dir;
    const auto record =
        run_one(dir, kAliceTrusts, bulk_to("Bob <bob@contoso.com>, alice@contoso.com"));
    CHECK(record["verdict"] == "spam");
    // The record's own folder is the first recipient with an entry's (decision 468).
    CHECK(record["folder"] == "inbox");
    REQUIRE(record.contains("forks"));
    const auto& forks = record["forks"];
    REQUIRE(forks.size() == 2);
    CHECK(forks[0]["recipients"] == nlohmann::json::array({"bob@contoso.com"}));
    CHECK(forks[0]["folder"] == "junk");
    CHECK(forks[1]["recipients"] == nlohmann::json::array({"alice@contoso.com"}));
    CHECK(forks[1]["folder"] == "inbox");
    CHECK(forks[1]["action"] == forks[0]["action"]);  // only the mailbox differs
  }

  TEST_CASE("the table and explain name the folder where it is not the action's own word") {
    temp_dir dir;
    const std::string mailboxes = dir.write("mailboxes.yaml", kAliceTrusts);
    const std::string message =
        dir.write("m.eml", bulk_to("Bob <bob@contoso.com>, alice@contoso.com"));
    const auto table = run_mfsim(
        {"run", "--rules", "uc1", "--mailbox-state", mailboxes, "--format", "table", message});
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(table.out.find("  forks: bob@contoso.com: spam, junk (Default); alice@contoso.com: "
                         "spam, junk (Default), folder inbox\n") != std::string::npos);
    const auto explain =
        run_mfsim({"explain", "--rules", "uc1", "--mailbox-state", mailboxes, message});
    REQUIRE_MESSAGE(explain.exit_code == 0, explain.err);
    CHECK(explain.out.find("  1. bob@contoso.com: spam, junk (anti-spam policy Default)\n"
                           "  2. alice@contoso.com: spam, junk, folder inbox (anti-spam policy "
                           "Default)\n") != std::string::npos);
  }

  TEST_CASE("recipients given with --rcpt are the ones forked") {
    temp_dir dir;
    const auto record = run_one(dir, kAliceTrusts, bulk_to("list@contoso.com"),
                                {"--rcpt", "alice@contoso.com", "--rcpt", "carol@contoso.com"});
    REQUIRE(record.contains("forks"));
    CHECK(record["forks"][0]["recipients"] == nlohmann::json::array({"alice@contoso.com"}));
    CHECK(record["forks"][1]["recipients"] == nlohmann::json::array({"carol@contoso.com"}));
  }

  TEST_CASE("no fork where the mailboxes cannot differ or do not") {
    temp_dir dir;
    // One '*' entry gives every recipient the same settings.
    const std::string everyone =
        "mfsim_mailbox: 1\nmailboxes:\n"
        "  - Recipient: '*'\n    TrustedSendersAndDomains: [partner.example]\n";
    const auto same = run_one(dir, everyone, bulk_to("bob@contoso.com, alice@contoso.com"));
    CHECK(same["folder"] == "inbox");
    CHECK_FALSE(same.contains("forks"));
    // alice's entry, but neither recipient is alice.
    const auto neither = run_one(dir, kAliceTrusts, bulk_to("bob@contoso.com, carol@contoso.com"));
    CHECK(neither["folder"] == "junk");
    CHECK_FALSE(neither.contains("forks"));
    // Area 1 kept it (uc1 keeps SPOOF): every copy stays in Area 1's quarantine.
    std::string spoof = bulk_to("bob@contoso.com, alice@contoso.com");
    spoof.replace(spoof.find("BULK"), 4, "SPOOF");
    const auto kept = run_one(dir, kAliceTrusts, spoof);
    CHECK(kept["action"] == "area1_quarantine");
    CHECK_FALSE(kept.contains("forks"));
    // One recipient: nothing to fork.
    CHECK_FALSE(run_one(dir, kAliceTrusts, bulk_to("alice@contoso.com")).contains("forks"));
  }
}
