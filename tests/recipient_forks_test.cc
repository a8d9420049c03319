// A message to several recipients forks when its recipients, evaluated alone, end differently
// (engine/recipient_forks.h; docs/decisions.md 470-474): the record keeps its "any recipient"
// fields and adds `forks`.
#include "engine/recipient_forks.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/load_native.h"
#include "engine/rules/presets.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"

namespace {

using mfsim::test::contains;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

// Default junks spam; Strict, scoped to exec.example, quarantines it.
const std::string kStrictForExecs =
    "mfsim: 1\nname: forks\nantispam_policy:\n  SpamAction: MoveToJmf\n"
    "antispam_policies:\n  - Name: Strict\n    RecipientDomainIs: [exec.example]\n"
    "    SpamAction: Quarantine\n";

// A spam message (Microsoft's SCL 6) to `to`.
std::string spam_to(const std::string& to) {
  return "From: x@fabrikam.example\r\nTo: " + to +
         "\r\nSubject: offer\r\nDate: Tue, 19 Mar 2024 09:41:11 +0000\r\n"
         "X-Forefront-Antispam-Report: SCL:6;CAT:SPM\r\n\r\nbody\r\n";
}

// One message evaluated whole, then forked; its record with and without the forks.
struct forked {
  std::shared_ptr<const mfsim::plan> plan;
  mfsim::scratch whole, alone;
  mfsim::recipient_forks forks;
  std::string message;
  std::string record, record_without_forks;

  forked(const std::string& yaml, std::string msg) : message(std::move(msg)) {
    plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(yaml, "t.yaml"));
    run();
  }
  forked(std::shared_ptr<const mfsim::plan> p, std::string msg)
      : plan(std::move(p)), message(std::move(msg)) {
    run();
  }

  void run() {
    const mfsim::message_prefix m{message, message.size()};
    const mfsim::outcome& o = mfsim::evaluate(*plan, m, mfsim::run_options{}, whole);
    mfsim::find_recipient_forks(*plan, m, mfsim::run_options{}, nullptr, whole, alone, forks);
    mfsim::report::append_record(record, "m", o, *plan, &forks);
    mfsim::report::append_record(record_without_forks, "m", o, *plan);
  }
};

}  // namespace

TEST_SUITE("recipient forks") {
  TEST_CASE("an executive and a regular user: quarantined for one, junked for the other") {
    forked f(kStrictForExecs, spam_to("alice@exec.example, bob@staff.example"));
    REQUIRE(f.forks.forks.size() == 2);
    CHECK_FALSE(f.forks.truncated);
    const auto& exec = f.forks.forks[0];
    const auto& staff = f.forks.forks[1];
    CHECK(exec.recipients == std::vector<std::string>{"alice@exec.example"});
    CHECK(exec.action == mfsim::final_action::quarantine);
    REQUIRE(exec.antispam != nullptr);
    CHECK(exec.antispam->name == "Strict");
    CHECK(staff.recipients == std::vector<std::string>{"bob@staff.example"});
    CHECK(staff.action == mfsim::final_action::junk);
    REQUIRE(staff.antispam != nullptr);
    CHECK(staff.antispam->name == "Default");
    // The record spells each fork's fields as the top level does.
    CHECK(contains(f.record,
                   ",\"forks\":[{\"recipients\":[\"alice@exec.example\"],\"rules\":[],\"scl\":6,"
                   "\"verdict\":\"spam\",\"action\":\"quarantine\",\"antispam_policy\":\"Strict\","
                   "\"quarantine_policy\":\"DefaultFullAccessPolicy\",\"release\":\"user\","
                   "\"notify\":false,\"expires\":\"2024-04-03T09:41:11Z\","
                   "\"folder\":\"quarantine\"},"
                   "{\"recipients\":[\"bob@staff.example\"],\"rules\":[],\"scl\":6,"
                   "\"verdict\":\"spam\",\"action\":\"junk\",\"antispam_policy\":\"Default\","
                   "\"quarantine_policy\":null,\"release\":null,\"notify\":false,"
                   "\"expires\":null,\"folder\":\"junk\"}]}\n"));
  }

  TEST_CASE("the record's own fields keep the any-recipient answer, byte for byte") {
    forked f(kStrictForExecs, spam_to("bob@staff.example, alice@exec.example"));
    REQUIRE(f.forks.forks.size() == 2);
    // In order of first recipient: staff first here.
    CHECK(f.forks.forks[0].recipients == std::vector<std::string>{"bob@staff.example"});
    // Without the forks the record ends where the forks begin.
    const std::string head = f.record_without_forks.substr(0, f.record_without_forks.size() - 2);
    CHECK(f.record.compare(0, head.size(), head) == 0);
    CHECK(f.record.compare(head.size(), 9, ",\"forks\":") == 0);
    CHECK(contains(head, "\"action\":\"quarantine\""));  // any recipient in Strict's scope
    CHECK(contains(head, "\"antispam_policy\":\"Strict\""));
  }

  TEST_CASE("one recipient, or two in the same scope, or one address twice: no forks") {
    for (const std::string to :
         {"alice@exec.example", "alice@exec.example, carol@exec.example",
          "bob@staff.example, dan@staff.example", "alice@exec.example, ALICE@exec.example"}) {
      CAPTURE(to);
      forked f(kStrictForExecs, spam_to(to));
      CHECK_FALSE(f.forks.any());
      CHECK(f.record == f.record_without_forks);
      CHECK_FALSE(contains(f.record, "forks"));
    }
  }

  TEST_CASE("a SentTo rule that matches one of two recipients forks by rules") {
    forked f(
        "mfsim: 1\ntransport_rules:\n  - Name: Board mail\n    SentTo: [alice@exec.example]\n"
        "    SetSCL: 9\n",
        spam_to("bob@staff.example, alice@exec.example"));
    REQUIRE(f.forks.forks.size() == 2);
    CHECK(f.forks.forks[0].recipients == std::vector<std::string>{"bob@staff.example"});
    CHECK(f.forks.forks[0].rules.empty());
    CHECK(f.forks.forks[1].recipients == std::vector<std::string>{"alice@exec.example"});
    CHECK(f.forks.forks[1].rules.size() == 1);
    CHECK(f.forks.forks[1].scl == 9);
    CHECK(contains(f.record,
                   "{\"recipients\":[\"alice@exec.example\"],\"rules\":[\"Board mail\"],"
                   "\"scl\":9,"));
    CHECK(contains(f.record_without_forks, "\"rules\":[\"Board mail\"]"));  // any recipient
  }

  TEST_CASE("conditions that read every recipient at once do not fork; one per recipient does") {
    // AnyOfRecipientAddressContainsWords holds for every copy when it holds for one (decision
    // 475): evaluating each recipient alone could not differ, so it is not done (decision 498).
    const std::string all_at_once =
        "mfsim: 1\ntransport_rules:\n  - Name: Board\n"
        "    AnyOfRecipientAddressContainsWords: [exec]\n    SetSCL: 9\n";
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(all_at_once, "t.yaml"));
    CHECK_FALSE(mfsim::forks_by_recipient(*plan, mfsim::run_options{}));
    forked f(plan, spam_to("bob@staff.example, alice@exec.example"));
    CHECK_FALSE(f.forks.any());
    CHECK(contains(f.record, "\"rules\":[\"Board\"],\"scl\":9,"));
    // RecipientAddressContainsWords applies to the recipients it matches: the copies differ.
    const std::string each =
        "mfsim: 1\ntransport_rules:\n  - Name: Board\n"
        "    RecipientAddressContainsWords: [exec]\n    SetSCL: 9\n";
    forked g(each, spam_to("bob@staff.example, alice@exec.example"));
    CHECK(mfsim::forks_by_recipient(*g.plan, mfsim::run_options{}));
    REQUIRE(g.forks.forks.size() == 2);
    CHECK(g.forks.forks[1].recipients == std::vector<std::string>{"alice@exec.example"});
    CHECK(g.forks.forks[1].scl == 9);
  }

  TEST_CASE("at most kMaxForkedRecipients recipients are forked, and the record says so") {
    // 300 staff recipients, then an executive past the bound: nothing forked, but flagged.
    std::string to;
    for (int k = 0; k < 300; ++k) to += "u" + std::to_string(k) + "@staff.example, ";
    forked late(kStrictForExecs, spam_to(to + "alice@exec.example"));
    CHECK(late.forks.truncated);
    CHECK(late.forks.forks.empty());
    CHECK(contains(late.record, ",\"forks_truncated\":true}\n"));
    CHECK_FALSE(contains(late.record, "\"forks\":"));
    // An executive first: two forks among the first kMaxForkedRecipients, and the flag.
    forked early(kStrictForExecs, spam_to("alice@exec.example, " + to));
    CHECK(early.forks.truncated);
    REQUIRE(early.forks.forks.size() == 2);
    CHECK(early.forks.forks[1].recipients.size() == mfsim::kMaxForkedRecipients - 1);
    CHECK(contains(early.record, "}],\"forks_truncated\":true}\n"));
    // Exactly the bound: not truncated.
    std::string exact = "alice@exec.example";
    for (std::size_t k = 1; k < mfsim::kMaxForkedRecipients; ++k) {
      exact += ", u" + std::to_string(k) + "@staff.example";
    }
    forked full(kStrictForExecs, spam_to(exact));
    CHECK_FALSE(full.forks.truncated);
    CHECK(full.forks.forks.size() == 2);
  }

  TEST_CASE("a plan that reads no recipient never forks: uc4 and every preset pay nothing") {
    for (const auto& p : mfsim::rules::preset_list()) {
      CAPTURE(p.name);
      CHECK_FALSE(mfsim::forks_by_recipient(*mfsim::compile(*mfsim::rules::load_preset(p.name)),
                                            mfsim::run_options{}));
    }
    const auto uc4 = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    CHECK_FALSE(mfsim::forks_by_recipient(*uc4, mfsim::run_options{}));
    forked f(uc4, spam_to("alice@exec.example, bob@staff.example"));
    CHECK_FALSE(f.forks.any());
    CHECK(mfsim::forks_by_recipient(
        *mfsim::compile(mfsim::rules::load_rule_set_yaml(kStrictForExecs, "t.yaml")),
        mfsim::run_options{}));
  }
}

namespace {

// Strict for executives (before) and for staff too (after): for a message to one of each the
// record's own fields stay (any recipient: Strict), the forks go.
struct forks_widened {
  temp_dir dir;
  std::string before = dir.write("before.yaml", kStrictForExecs);
  std::string after = dir.write("after.yaml", widened());
  std::string mail = dir.write("m.eml", spam_to("alice@exec.example, bob@staff.example"));

  static std::string widened() {
    std::string all = kStrictForExecs;
    all.replace(all.find("[exec.example]"), 14, "[exec.example, staff.example]");
    return all;
  }
};

}  // namespace

TEST_SUITE("e2e: recipient forks") {
  TEST_CASE("run writes forks, the same for any --jobs; explain lists them") {
    temp_dir dir;
    const std::string rules = dir.write("r.yaml", kStrictForExecs);
    dir.write("mail/1.eml", spam_to("alice@exec.example, bob@staff.example"));
    dir.write("mail/2.eml", spam_to("bob@staff.example"));
    dir.write("mail/3.eml", spam_to("carol@exec.example, dan@staff.example"));
    const std::string mail = dir.path() + "/mail";
    const auto one = run_mfsim({"run", "--rules", rules, "--format", "jsonl", "--jobs", "1", mail});
    const auto two = run_mfsim({"run", "--rules", rules, "--format", "jsonl", "--jobs", "2", mail});
    REQUIRE(one.exit_code == 0);
    CHECK(one.out == two.out);
    const auto lines = mfsim::test::lines_of(one.out);
    REQUIRE(lines.size() == 3);
    CHECK(contains(lines[0], "\"forks\":[{\"recipients\":[\"alice@exec.example\"]"));
    CHECK_FALSE(contains(lines[1], "forks"));
    CHECK(contains(lines[2], "\"forks\":[{\"recipients\":[\"carol@exec.example\"]"));
    // --rcpt gives the recipients the same way.
    const auto rcpt =
        run_mfsim({"run", "--rules", rules, "--format", "jsonl", "--rcpt", "bob@staff.example",
                   "--rcpt", "alice@exec.example", mail + "/2.eml"});
    CHECK(contains(rcpt.out, "\"forks\":[{\"recipients\":[\"bob@staff.example\"]"));
    const auto e = run_mfsim({"explain", "--rules", rules, mail + "/1.eml"});
    CHECK(contains(e.out,
                   "\n\nRecipient forks: each recipient evaluated alone\n"
                   "  1. alice@exec.example: spam, quarantine (anti-spam policy Strict)\n"
                   "  2. bob@staff.example: spam, junk (anti-spam policy Default)\n"));
    const auto j = run_mfsim({"explain", "--rules", rules, "--format", "json", mail + "/1.eml"});
    CHECK(contains(j.out, "\"forks\":[{\"recipients\":[\"alice@exec.example\"]"));
  }

  TEST_CASE("each fork, and --rcpt, gets its own recipient's mailbox settings") {
    temp_dir dir;
    const std::string rules = dir.write("r.yaml", kStrictForExecs);
    // Bob trusts the sender: his copy of the junked spam lands in his inbox (decision 468).
    const std::string state =
        dir.write("state.yaml",
                  "mfsim_mailbox: 1\nmailboxes:\n  - Recipient: bob@staff.example\n"
                  "    TrustedSendersAndDomains: [x@fabrikam.example]\n");
    const std::string to_both =
        dir.write("both.eml", spam_to("carol@staff.example, bob@staff.example"));
    const auto run = run_mfsim(
        {"run", "--rules", rules, "--format", "jsonl", "--mailbox-state", state, to_both});
    REQUIRE(run.exit_code == 0);
    // The message as a whole: Bob is one of its recipients with settings.
    CHECK(contains(run.out, "\"folder\":\"inbox\",\"folder_reason\":\"mailbox:safe_sender\""));
    CHECK(contains(run.out, "\"forks\":[{\"recipients\":[\"carol@staff.example\"],"));
    CHECK(contains(run.out,
                   "\"recipients\":[\"carol@staff.example\"],\"rules\":[],\"scl\":6,"
                   "\"verdict\":\"spam\",\"action\":\"junk\""));
    CHECK(contains(run.out,
                   "\"recipients\":[\"bob@staff.example\"],\"rules\":[],\"scl\":6,"
                   "\"verdict\":\"spam\",\"action\":\"junk\",\"antispam_policy\":"
                   "\"Default\",\"quarantine_policy\":null,\"release\":null,"
                   "\"notify\":false,\"expires\":null,\"folder\":\"inbox\"}"));
    // --rcpt names the recipient whose mailbox counts, for a message to someone else.
    const std::string to_carol = dir.write("carol.eml", spam_to("carol@staff.example"));
    const auto carol = run_mfsim(
        {"run", "--rules", rules, "--format", "jsonl", "--mailbox-state", state, to_carol});
    CHECK(contains(carol.out, "\"folder\":\"junk\""));
    const auto as_bob = run_mfsim({"run", "--rules", rules, "--format", "jsonl", "--mailbox-state",
                                   state, "--rcpt", "Bob@Staff.example", to_carol});
    CHECK(contains(as_bob.out, "\"folder\":\"inbox\",\"folder_reason\":\"mailbox:safe_sender\""));
  }

  TEST_CASE("the table shows a forked message's forks on a line under its row") {
    temp_dir dir;
    const std::string rules = dir.write("r.yaml", kStrictForExecs);
    dir.write("mail/1.eml", spam_to("alice@exec.example, bob@staff.example"));
    dir.write("mail/2.eml", spam_to("bob@staff.example"));
    dir.write("mail/3.eml", spam_to("a@exec.example, b@exec.example, c@exec.example, "
                                    "d@exec.example, e@staff.example"));
    const auto t = run_mfsim({"run", "--rules", rules, "--format", "table", dir.path() + "/mail"});
    REQUIRE(t.exit_code == 0);
    CHECK(contains(t.out,
                   "\n  forks: alice@exec.example: spam, quarantine (Strict); "
                   "bob@staff.example: spam, junk (Default)\n"));
    CHECK(contains(t.out,
                   "\n  forks: a@exec.example, b@exec.example, c@exec.example and 1 "
                   "more: spam, quarantine (Strict); e@staff.example: spam, junk "
                   "(Default)\n"));
    // Two forks lines: the message to one recipient has none.
    std::size_t lines = 0;
    for (std::size_t at = t.out.find("  forks:"); at != std::string::npos;
         at = t.out.find("  forks:", at + 1)) {
      ++lines;
    }
    CHECK(lines == 2);
  }

  TEST_CASE("the HTML report has the forks, and a sharded run's merged report the same bytes") {
    temp_dir dir;
    const std::string rules = dir.write("r.yaml", kStrictForExecs);
    dir.write("mail/1.eml", spam_to("alice@exec.example, bob@staff.example"));
    dir.write("mail/2.eml", spam_to("bob@staff.example"));
    const std::string mail = dir.path() + "/mail";
    const std::string single = dir.path() + "/single.html";
    REQUIRE(run_mfsim({"run", "--rules", rules, "-q", "--format", "jsonl", "--report", single, "-o",
                       dir.path() + "/single.jsonl", mail})
                .exit_code == 0);
    const std::string html = mfsim::test::read_file(single);
    CHECK(contains(html, "<th>Forks</th>"));
    CHECK(contains(html,
                   "alice@exec.example: spam, quarantine (Strict)<br>bob@staff.example: "
                   "spam, junk (Default)"));
    std::vector<std::string> parts;
    for (const char* k : {"1/2", "2/2"}) {
      parts.push_back(dir.path() + "/part" + std::string(1, k[0]) + ".jsonl");
      REQUIRE(run_mfsim({"run", "--rules", rules, "-q", "--format", "jsonl", "--shard", k, "-o",
                         parts.back(), mail})
                  .exit_code == 0);
    }
    const std::string merged = dir.path() + "/merged.html";
    REQUIRE(run_mfsim({"merge", "-o", dir.path() + "/merged.jsonl", "--report", merged, parts[0],
                       parts[1]})
                .exit_code == 0);
    CHECK(mfsim::test::read_file(merged) == html);
  }

  TEST_CASE("diff counts a change in the forks alone as a change") {
    const forks_widened files;
    const std::string &before = files.before, &after = files.after, &mail = files.mail;
    const auto d =
        run_mfsim({"diff", "--base", before, "--rules", after, "--format", "jsonl", mail});
    CHECK(d.exit_code == 1);  // diff exits 1 when a message changed
    CHECK(contains(d.out, "\"changed\":[\"forks\"]"));
    const auto same =
        run_mfsim({"diff", "--base", before, "--rules", before, "--format", "jsonl", mail});
    CHECK(same.exit_code == 0);
  }

  TEST_CASE("check takes a baseline with forks and fails when only the forks change") {
    const forks_widened files;
    const temp_dir& dir = files.dir;
    const std::string &before = files.before, &after = files.after, &mail = files.mail;
    const auto blessed = run_mfsim({"run", "--rules", before, "--format", "jsonl", mail});
    REQUIRE(contains(blessed.out, "\"forks\":"));
    const std::string baseline = dir.write("baseline.jsonl", blessed.out);
    const auto same = run_mfsim({"check", "--rules", before, "--expect", baseline, mail});
    CHECK_MESSAGE(same.exit_code == 0, same.err);
    const auto changed = run_mfsim({"check", "--rules", after, "--expect", baseline, mail});
    CHECK(changed.exit_code == 1);
    CHECK(contains(changed.out, "forks"));
  }
}
