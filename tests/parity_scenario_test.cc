// One rule set in the shape of issue 15's acceptance check, end to end: a PowerShell script
// (tests/testdata/scenario/parity.ps1) declaring its accepted domain, FromScope, SentToScope,
// MessageTypeMatches, WithImportance, AttachmentHasExecutableContent,
// ContentCharacterSetContainsWords, a disclaimer, BlindCopyTo and allowed/blocked senders; crafted
// messages through `mfsim run`; the rules fired, the action and the effects of each record.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/json_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

namespace {

using json = nlohmann::json;
using strings = std::vector<std::string>;

// A plain message; `extra` are further header lines, `body` the text after them.
std::string mail(const std::string& from, const std::string& to, const strings& extra = {},
                 const std::string& body = "Hello.\r\n") {
  std::string m = "From: " + from + "\r\nTo: " + to + "\r\nSubject: Report\r\n" + "Message-ID: <" +
                  std::to_string(from.size() + to.size()) + "@test>\r\n";
  for (const auto& h : extra) m += h + "\r\n";
  return m + "\r\n" + body;
}

// A multipart message with one attachment (base64 of `attachment`).
std::string with_attachment(const std::string& from, const std::string& to, const std::string& name,
                            const std::string& base64) {
  return mail(from, to, {"MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b1\""},
              "--b1\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b1\r\n"
              "Content-Type: application/octet-stream; name=\"" +
                  name +
                  "\"\r\n"
                  "Content-Disposition: attachment; filename=\"" +
                  name +
                  "\"\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n" +
                  base64 + "\r\n--b1--\r\n");
}

strings names(const json& list) {
  strings out;
  for (const auto& item : list) out.push_back(item.get<std::string>());
  return out;
}

strings effect_actions(const json& record) {
  strings out;
  if (!record.contains("effects")) return out;
  for (const auto& e : record["effects"]) out.push_back(e["action"].get<std::string>());
  return out;
}

}  // namespace

TEST_SUITE("e2e: parity scenario") {
  TEST_CASE("an acceptance-shaped rule set over crafted messages") {
    const mfsim::test::temp_dir dir;
    const std::map<std::string, std::string> messages = {
        {"01-external.eml",
         mail("Bob <bob@fabrikam.com>", "alice@contoso.com", {"Importance: High"})},
        {"02-oof.eml",
         mail("bob@fabrikam.com", "alice@contoso.com", {"Auto-Submitted: auto-replied"})},
        {"03-forward.eml",
         mail("alice@contoso.com", "someone@gmail.example",
              {"X-MS-Exchange-Organization-AuthAs: Internal", "Auto-Submitted: auto-forwarded"})},
        {"04-program.eml", with_attachment("bob@fabrikam.com", "alice@contoso.com", "notes.txt",
                                           // "MZ" followed by padding: a DOS executable header.
                                           "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAA=")},
        {"05-cyrillic.eml",
         mail("ivan@mail.example", "alice@contoso.com",
              {"MIME-Version: 1.0", "Content-Type: text/plain; charset=KOI8-R"})},
        {"06-outbound.eml", mail("alice@contoso.com", "partner@fabrikam.com",
                                 {"X-MS-Exchange-Organization-AuthAs: Internal",
                                  "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8"},
                                 "<html><body><p>Quarterly numbers</p></body></html>\r\n")},
        {"07-blocked.eml", mail("sales@spam.example", "alice@contoso.com")},
        {"08-allowed.eml", mail("partner@fabrikam.com", "alice@contoso.com",
                                {"X-Forefront-Antispam-Report: SFV:SPM;SCL:5;CAT:SPM"})},
    };
    for (const auto& [name, text] : messages) dir.write("mail/" + name, text);
    const auto run = mfsim::test::run_mfsim(
        {"run", "--rules", mfsim::test::source_dir() + "/tests/testdata/scenario/parity.ps1",
         "--format", "jsonl", "--now", "2026-01-01T00:00:00Z", dir.path() + "/mail"});
    REQUIRE(run.exit_code == 0);
    std::map<std::string, json> records;
    for (const auto& line : mfsim::test::lines_of(run.out)) {
      const json j = mfsim::parse_json(line);
      const std::string id = j["id"].get<std::string>();
      records[id.substr(id.rfind('/') + 1)] = j;
    }
    REQUIRE(records.size() == messages.size());

    // External to internal: the Bcc (its address in the record) and the importance rule.
    const json& external = records["01-external.eml"];
    CHECK(names(external["rules"]) == strings{"Bcc inbound", "Urgent"});
    CHECK(effect_actions(external) == strings{"BlindCopyTo", "PrependSubject"});
    CHECK(external["effects"][0]["value"] == json::array({"audit@contoso.com"}));
    CHECK(external["action"] == "deliver");

    CHECK(names(records["02-oof.eml"]["rules"]) == strings{"Bcc inbound", "Out of office"});

    // Internal, authenticated, auto-forwarded to the outside: rejected; no Bcc (not inbound).
    const json& forward = records["03-forward.eml"];
    CHECK(names(forward["rules"]) == strings{"Auto forward"});
    CHECK(forward["action"] == "reject");

    // The program is recognised by its content, whatever its name.
    const json& program = records["04-program.eml"];
    CHECK(names(program["rules"]) == strings{"Bcc inbound", "Programs"});
    CHECK(program["action"] == "quarantine");

    CHECK(names(records["05-cyrillic.eml"]["rules"]) == strings{"Bcc inbound", "Cyrillic"});
    CHECK(records["05-cyrillic.eml"]["verdict"] == "spam");

    // Internal to external: the disclaimer is appended.
    const json& outbound = records["06-outbound.eml"];
    CHECK(names(outbound["rules"]) == strings{"Disclaimer"});
    CHECK(effect_actions(outbound) == strings{"ApplyHtmlDisclaimerText"});
    CHECK(outbound["effects"][0]["result"] == "applied");

    // The blocked domain makes spam, quarantined under the policy with notifications.
    const json& blocked = records["07-blocked.eml"];
    CHECK(blocked["verdict"] == "spam");
    CHECK(blocked["action"] == "quarantine");
    CHECK(blocked["quarantine_policy"] == "DefaultFullAccessWithNotificationPolicy");
    // An allowed sender skips filtering, whatever Microsoft recorded.
    CHECK(records["08-allowed.eml"]["verdict"] == "skipped");
    CHECK(records["08-allowed.eml"]["action"] == "deliver");
  }
}
