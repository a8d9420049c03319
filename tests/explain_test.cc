// End-to-end tests of `mfsim explain`: every stage of one message, text and JSON.
#include <doctest/doctest.h>

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

#define CHECK_HAS(text, part) \
  CHECK_MESSAGE(contains(text, part), "missing: " << (part) << "\n--- in ---\n" << (text))

// One rule of each status: disabled, audit match, excepted, applied with StopRuleProcessing,
// not reached; a pattern, an RFC 2047-encoded header and a From domain.
const char* kStatusRules = R"(mfsim: 1
name: explain-test
area1:
  egress_list: egress
ip_lists:
  egress:
    entries: [104.30.32.0/24, 2405:8100:c400::/38]
transport_rules:
  - Name: Disabled rule
    State: Disabled
    SubjectContainsWords: [anything]
    SetSCL: 9
  - Name: Audit free money
    Mode: Audit
    SubjectMatchesPatterns: ['free\s+money']
    SetSCL: 7
  - Name: Tag newsletters unless trusted
    SubjectContainsWords: [newsletter]
    ExceptIfSenderDomainIs: [trusted.example]
    SetSCL: 6
  - Name: Pattern on disposition
    HeaderMatchesMessageHeader: X-Area1Security-Disposition
    HeaderMatchesPatterns: ['SPO+F']
    SenderIpRanges: [$egress]
    SetSCL: 5
    StopRuleProcessing: true
  - Name: Never reached
    SCLOver: 1
    SetSCL: 9
)";

const char* kStatusMessage =
    "X-Area1Security-Disposition: =?utf-8?q?SPOOOF?=\n"
    "X-Sender-IP: 104.30.32.9\n"
    "From: News <news@mail.trusted.example>\n"
    "Subject: Your newsletter: get FREE   money now\n"
    "Date: Tue, 05 Mar 2024 14:22:31 +0000\n"
    "\n"
    "body\n";

}  // namespace

TEST_SUITE("e2e: explain") {
  TEST_CASE("a UCE message from egress: every stage from disposition to expiry") {
    const auto r =
        run_mfsim({"explain", "--rules", "uc4", "corpus/samples/01-uce-from-egress.eml"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const std::string& t = r.out;
    CHECK_HAS(t, "Message: corpus/samples/01-uce-from-egress.eml\nRule set: uc4 (preset:uc4)\n");
    CHECK_HAS(t, "Outcome: quarantine under UserNotifyUserRelease, verdict spam, SCL 5 (rule)\n");
    CHECK_HAS(t,
              "[A] Area 1 disposition (header X-Area1Security-Disposition)\n  read:  \"UCE\"\n  "
              "disposition: UCE\n");
    CHECK_HAS(t,
              "  104.30.32.17 (source: x-forefront-antispam-report)\n    "
              "X-Forefront-Antispam-Report: CIP:104.30.32.17;");
    CHECK_HAS(t, "  in the Area 1 egress list 'area1-office365': yes, entry 104.30.32.0/24\n");
    CHECK_HAS(t,
              "Microsoft's recorded verdict (X-Forefront-Antispam-Report)\n  SCL 1, SFV NSPM, CAT "
              "NONE, BCL 0\n");
    CHECK_HAS(t,
              "  R1 \"Area 1 User Quarantine Message\" (priority 0, Enabled, Enforce): applied\n"
              "     if HeaderContainsWords X-Area1Security-Disposition [\"UCE\", \"SPOOF\"]: true\n"
              "          looked at: \"UCE\"\n"
              "          matched \"UCE\" at offset 0:\n"
              "            UCE\n"
              "            ^~~\n"
              "     and SenderIpRanges [\"$area1-office365\"]: true\n"
              "          sender IP 104.30.32.17 is in 104.30.32.0/24\n"
              "     actions: SetSCL 5\n"
              "     SCL after this rule: 5\n");
    CHECK_HAS(t,
              "  R2 \"Area 1 User Quarantine Message Admin Release\" (priority 1, Enabled, "
              "Enforce): no_match\n"
              "     if HeaderContainsWords X-Area1Security-Disposition [\"MALICIOUS\"]: false\n");
    CHECK_HAS(t,
              "     and SenderIpRanges [\"$area1-office365\"]: not evaluated\n     actions: SetSCL "
              "9 (not run)\n");
    CHECK_HAS(t, "  StopRuleProcessing: no rule stopped processing\n");
    CHECK_HAS(
        t,
        "[D] SCL\n  rule \"Area 1 User Quarantine Message\" SetSCL 5\n  recorded by Microsoft: 1\n"
        "  SCL: 5 (source: rule)\n  Verdict: spam\n");
    CHECK_HAS(t,
              "[E] Action: quarantine (decided by anti_spam_policy)\n"
              "  anti-spam policy Default: SpamAction = Quarantine, SpamQuarantineTag = "
              "UserNotifyUserRelease\n");
    CHECK_HAS(t,
              "  policy: UserNotifyUserRelease (custom)\n"
              "  permissions: 7 = PermissionToRelease + PermissionToPreview + PermissionToDelete "
              "(custom)\n"
              "  release: user: PermissionToRelease: the recipient releases it themselves\n"
              "  notification: yes, daily: ESNEnabled is on for UserNotifyUserRelease\n"
              "  expiry: 2024-03-20T14:22:31Z (2024-03-05T14:22:31Z + 15 days, "
              "QuarantineRetentionPeriod of "
              "anti-spam policy Default)\n");
  }

  TEST_CASE("an IP outside the egress list shows the nearest range and its distance") {
    // 104.30.64.9 lies just past 104.30.63.0/24 (02's 52.58.35.43 joined the list in issue 20).
    const std::string sample = "corpus/samples/10-bulk-from-non-egress-bcl8.eml";
    const auto r = run_mfsim({"explain", "--rules", "uc4", sample});
    CHECK(r.exit_code == 0);
    CHECK_HAS(r.out,
              "  in the Area 1 egress list 'area1-office365': no; nearest entry 104.30.63.0/24 (10 "
              "addresses above it)\n");
    CHECK_HAS(r.out, "forged, or Area 1 was bypassed");
    const auto j =
        mfsim::parse_json(run_mfsim({"explain", "--rules", "uc4", "--format", "json", sample}).out);
    CHECK(j["connection"]["nearest_miss"] ==
          nlohmann::json{{"entry", "104.30.63.0/24"}, {"distance", "10"}, {"position", "above"}});
    CHECK(j["connection"]["egress_entry"].is_null());
  }

  TEST_CASE("each rule status, a pattern match marked in context, StopRuleProcessing") {
    temp_dir dir;
    const std::string rules = dir.write("rules.yaml", kStatusRules);
    const std::string message = dir.write("m.eml", kStatusMessage);
    const auto r = run_mfsim({"explain", "--rules", rules, message});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const std::string& t = r.out;
    CHECK_HAS(t, "  read:  \"SPOOOF\"  (raw: \" =?utf-8?q?SPOOOF?=\")\n");
    CHECK_HAS(t,
              "  R1 \"Disabled rule\" (priority 0, Disabled, Enforce): disabled\n"
              "     if SubjectContainsWords Subject [\"anything\"]: not evaluated\n");
    CHECK_HAS(t,
              "  R2 \"Audit free money\" (priority 1, Enabled, Audit): audit_match\n"
              "     if SubjectMatchesPatterns Subject [\"free\\s+money\"]: true\n"
              "          looked at: \"Your newsletter: get FREE   money now\"\n"
              "          matched \"free\\s+money\" at offset 21:\n"
              "            Your newsletter: get FREE   money now\n"
              "                                 ^~~~~~~~~~~~\n"
              "     actions: SetSCL 7 (not run)\n");
    CHECK_HAS(t,
              "  R3 \"Tag newsletters unless trusted\" (priority 2, Enabled, Enforce): excepted\n");
    CHECK_HAS(t,
              "     except if ExceptIfSenderDomainIs From [\"trusted.example\"]: true\n"
              "          looked at: \"News <news@mail.trusted.example>\"\n"
              "          matched \"trusted.example\" at offset 10:\n"
              "            news@mail.trusted.example\n"
              "                      ^~~~~~~~~~~~~~~\n");
    CHECK_HAS(t,
              "  R4 \"Pattern on disposition\" (priority 3, Enabled, Enforce): applied\n"
              "     if HeaderMatchesPatterns X-Area1Security-Disposition [\"SPO+F\"]: true\n"
              "          looked at: \"SPOOOF\"  (raw: \" =?utf-8?q?SPOOOF?=\")\n"
              "          matched \"SPO+F\" at offset 0:\n"
              "            SPOOOF\n"
              "            ^~~~~~\n");
    CHECK_HAS(t,
              "     actions: SetSCL 5, StopRuleProcessing\n     SCL after this rule: 5\n     rule "
              "processing stops here\n");
    CHECK_HAS(t, "  R5 \"Never reached\" (priority 4, Enabled, Enforce): not_reached\n");
    CHECK_HAS(t,
              "  StopRuleProcessing: rule \"Pattern on disposition\" (StopRuleProcessing) stopped "
              "the rules after it\n");
    CHECK_HAS(t,
              "[E] Action: junk (decided by anti_spam_policy)\n  anti-spam policy Default: "
              "SpamAction = MoveToJmf\n");
    CHECK_HAS(t, "[F] Quarantine\n  not quarantined\n");

    const auto j = mfsim::parse_json(
        run_mfsim({"explain", "--rules", rules, "--format", "json", message}).out);
    std::vector<std::string> statuses;
    for (const auto& rule : j["rules"]) statuses.push_back(rule["status"]);
    CHECK(statuses == std::vector<std::string>{"disabled", "audit_match", "excepted", "applied",
                                               "not_reached"});
    const auto& pattern = j["rules"][1]["conditions"][0];
    CHECK(pattern["parameter"] == "SubjectMatchesPatterns");
    CHECK(pattern["match"]["offset"] == 21);
    CHECK(pattern["match"]["length"] == 12);
    CHECK(pattern["match"]["text"] == "FREE   money");
    const auto& exception = j["rules"][2]["conditions"][1];
    CHECK(exception["exception"] == true);
    CHECK(exception["parameter"] == "ExceptIfSenderDomainIs");
    CHECK(j["stop_rule_processing"] ==
          nlohmann::json{{"rule", "Pattern on disposition"}, {"by", "StopRuleProcessing"}});
    CHECK(j["scl"]["steps"] ==
          mfsim::parse_json(R"([{"rule":"Pattern on disposition","set_scl":5}])"));
    CHECK(j["quarantine"].is_null());
  }

  TEST_CASE("transport-rule quarantine, malware, and Area 1's own quarantine are explained") {
    temp_dir dir;
    const std::string rules = dir.write("q.yaml", R"(mfsim: 1
name: q
area1:
  quarantine_dispositions: [MALICIOUS]
  egress_list: egress
ip_lists:
  egress:
    entries: [104.30.32.0/24]
transport_rules:
  - Name: Hold bad subjects
    SubjectContainsWords: [bad]
    Quarantine: true
  - Name: After the hold
    SetSCL: 1
)");
    const auto held = run_mfsim({"explain", "--rules", rules, "-"},
                                "Subject: a bad one\nDate: Tue, 05 Mar 2024 14:22:31 +0000\n\nx\n");
    CHECK(held.exit_code == 0);
    CHECK_HAS(held.out,
              "[E] Action: quarantine (decided by transport_rule)\n"
              "  transport rule \"Hold bad subjects\" applied Quarantine");
    CHECK_HAS(held.out,
              "  policy: AdminOnlyAccessPolicy (built_in)\n  permissions: 0 = none (No access)\n");
    CHECK_HAS(held.out,
              "  release: admin: a transport rule's Quarantine puts it in the hosted quarantine");
    CHECK_HAS(held.out,
              "  expiry: 2024-04-04T14:22:31Z (2024-03-05T14:22:31Z + 30 days, fixed 30 days)\n");
    CHECK_HAS(held.out, "  R2 \"After the hold\" (priority 1, Enabled, Enforce): not_reached\n");
    CHECK_HAS(held.out, "rule \"Hold bad subjects\" (Quarantine) stopped the rules after it");

    const auto kept =
        run_mfsim({"explain", "--rules", rules, "-"},
                  "X-Area1Security-Disposition: malicious\nX-Sender-IP: 104.30.32.1\n\nx\n");
    CHECK(kept.exit_code == 0);
    CHECK_HAS(
        kept.out,
        "  Area 1 keeps MALICIOUS in its own quarantine (quarantine dispositions: MALICIOUS)\n");
    CHECK_HAS(kept.out, "Microsoft's recorded verdict: not read (Area 1 kept the message)\n");
    CHECK_HAS(kept.out, "[E] Action: area1_quarantine (decided by area1)\n");
    CHECK_HAS(kept.out, "  policy: Area1Quarantine (area1)\n");

    const auto malware =
        run_mfsim({"explain", "--rules", "uc4", "-"},
                  "X-Forefront-Antispam-Report: CIP:198.51.100.1;SCL:1;SFV:NSPM;CAT:MALW;\n\nx\n");
    CHECK_HAS(malware.out, "    - Microsoft's category CAT:MALW gives malware\n");
    CHECK_HAS(malware.out, "[E] Action: quarantine (decided by anti_malware)\n");
    CHECK_HAS(malware.out, "  release: admin: malware is quarantined under AdminOnlyAccessPolicy");
  }

  TEST_CASE("--client-ip, --message-verdict and standard input work as in run") {
    const std::string message =
        "X-Area1Security-Disposition: MALICIOUS\nX-MS-Exchange-Organization-SCL: 1\nX-Sender-IP: "
        "198.51.100.7\n\nx\n";
    const auto r =
        run_mfsim({"explain", "--rules", "uc4", "--client-ip", "104.30.32.7", "-"}, message);
    CHECK(r.exit_code == 0);
    CHECK_HAS(r.out, "Message: -\n");
    CHECK_HAS(r.out,
              "  104.30.32.7 (source: client-ip)\n  in the Area 1 egress list 'area1-office365': "
              "yes, entry 104.30.32.0/24\n");
    CHECK_HAS(r.out, "Admin Release\" (priority 1, Enabled, Enforce): applied\n");
    CHECK_HAS(r.out, "  release: request: PermissionToRequestRelease");
    const auto ignored =
        run_mfsim({"explain", "--rules", "uc4", "--message-verdict", "ignore", "-"}, message);
    CHECK_HAS(ignored.out, "Microsoft's recorded verdict: ignored (--message-verdict ignore)\n");
  }

  TEST_CASE("an mbox: every entry, or PATH#N for one") {
    const auto all = run_mfsim({"explain", "--rules", "uc4", "corpus/samples/30-mailbox.mbox"});
    CHECK(all.exit_code == 0);
    CHECK_HAS(all.out, "Message: corpus/samples/30-mailbox.mbox#1\n");
    CHECK_HAS(all.out, "Message: corpus/samples/30-mailbox.mbox#2\n");
    const auto json_all = run_mfsim(
        {"explain", "--rules", "uc4", "--format", "json", "corpus/samples/30-mailbox.mbox"});
    CHECK(lines_of(json_all.out).size() == 2);
    const auto second =
        run_mfsim({"explain", "--rules", "uc4", "corpus/samples/30-mailbox.mbox#2"});
    CHECK(second.exit_code == 0);
    CHECK_HAS(second.out, "Message: corpus/samples/30-mailbox.mbox#2\n");
    CHECK_FALSE(contains(second.out, "mbox#1"));
    const auto none = run_mfsim({"explain", "--rules", "uc4", "corpus/samples/30-mailbox.mbox#5"});
    CHECK(none.exit_code == 2);
    CHECK_HAS(none.err, "corpus/samples/30-mailbox.mbox holds 2 messages; there is no entry 5");
  }

  TEST_CASE("--format json carries the run record of every sample, unchanged") {
    const auto run = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    REQUIRE(run.exit_code == 0);
    std::size_t explained = 0;
    for (const auto& line : lines_of(run.out)) {
      const auto record = mfsim::parse_json(line);
      const std::string id = record["id"];
      const auto r = run_mfsim({"explain", "--rules", "uc4", "--format", "json", id});
      REQUIRE_MESSAGE(r.exit_code == 0, id << ": " << r.err);
      const auto lines = lines_of(r.out);
      REQUIRE(lines.size() == 1);
      const auto e = mfsim::parse_json(lines[0]);
      CHECK_MESSAGE(e["record"] == record, id);
      CHECK(e["id"] == id);
      for (const char* key :
           {"rule_set", "area1", "connection", "recorded_verdict", "rules", "stop_rule_processing",
            "scl", "verdict", "action", "quarantine", "error"}) {
        CHECK_MESSAGE(e.contains(key), key);
      }
      CHECK(e["verdict"]["value"] == record["verdict"]);
      CHECK(e["action"]["value"] == record["action"]);
      CHECK(e["connection"]["in_egress"] == record["in_egress"]);
      CHECK(e["quarantine"].is_null() == record["quarantine_policy"].is_null());
      ++explained;
    }
    CHECK(explained == 38);
  }

  TEST_CASE("usage errors exit 2") {
    CHECK(run_mfsim({"explain", "--rules", "uc4"}).exit_code == 2);
    const auto missing = run_mfsim({"explain", "--rules", "uc4", "no/such.eml"});
    CHECK(missing.exit_code == 2);
    CHECK_HAS(missing.err, "no/such.eml: no such file");
    CHECK(run_mfsim({"explain", "--rules", "uc4", "--format", "xml", "-"}).exit_code == 2);
    CHECK(run_mfsim({"explain", "--rules", "uc4", "--client-ip", "nope", "-"}).exit_code == 2);
    CHECK(run_mfsim({"explain", "--rules", "no-such.yaml", "-"}).exit_code == 2);
  }
}

TEST_SUITE("e2e: explain: scoped policies, dates and rejections") {
  TEST_CASE(
      "explain names the scoped policy that decided, an inactive rule's window, and the NDR") {
    const auto wire =
        run_mfsim({"explain", "--rules", "tests/testdata/import/fidelity.yaml", "--format", "json",
                   "tests/testdata/fidelity/01-wire-in-html-body.eml"});
    REQUIRE(wire.exit_code == 0);
    const auto j = mfsim::parse_json(wire.out);
    CHECK(j["antispam_policy"]["name"] == "Contoso strict");
    CHECK(j["antispam_policy"]["scoped"] == true);
    CHECK(j["antispam_policy"]["recipients"] == nlohmann::json{"adele.vance@contoso.com"});
    CHECK(j["action"]["explanation"] ==
          "anti-spam policy Contoso strict: SpamAction = Quarantine, SpamQuarantineTag = "
          "AdminOnlyAccessPolicy");
    CHECK(j["quarantine"]["retention_source"] ==
          "QuarantineRetentionPeriod of anti-spam policy Contoso strict");
    const auto& retired = j["rules"][4];
    CHECK(retired["status"] == "inactive");
    CHECK(retired["expiry_date"] == "2020-01-01T00:00:00Z");
    const auto exe = run_mfsim({"explain", "--rules", "tests/testdata/import/fidelity.yaml",
                                "tests/testdata/fidelity/03-executable-attachment.eml"});
    REQUIRE(exe.exit_code == 0);
    CHECK(exe.out.find("transport rule \"Block executables\" applied RejectMessage, which decides "
                       "over the anti-spam policy (decisions.md 16): a non-delivery report 5.7.900 "
                       "\"Executable attachments are not accepted\"") != std::string::npos);
    CHECK(exe.out.find("looked at: \"exe\"") != std::string::npos);
  }
}
