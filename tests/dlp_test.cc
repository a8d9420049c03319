// Tests of DLP and rule properties (issue 15): the sensitive information types scanner, the
// MessageContainsDataClassifications and HasSenderOverride conditions, their loaders (YAML and
// PowerShell hash tables), RuleErrorAction, IncidentReportOriginalMail and the properties that
// change nothing.
#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/mail/sensitive_info.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/data_classifications.h"
#include "engine/rules/load_native.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/write_yaml.h"
#include "engine/status.h"
#include "engine/trace.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::final_action;
using mfsim::mail::scan_sensitive;
using mfsim::mail::sensitive_type;
using mfsim::test::message;
using mfsim::test::simulator;
using strings = std::vector<std::string>;

std::string rules(const std::string& transport_rules) {
  return "mfsim: 1\nname: dlp-test\ntransport_rules:\n" + transport_rules;
}

// The instances of `type` in `text` at the type's recommended confidence or above.
std::size_t found(sensitive_type type, std::string_view text, int min_confidence = 0) {
  return scan_sensitive(type, text, min_confidence, 100).count;
}
int confidence(sensitive_type type, std::string_view text) {
  return scan_sensitive(type, text, 0, 100).highest_confidence;
}

// The load error of a rule file, one message per line; empty when it loads.
std::string problems_of(const std::string& text, bool powershell = false) {
  try {
    if (powershell) {
      (void)mfsim::rules::load_rule_set_powershell(text, "dlp.ps1");
    } else {
      (void)mfsim::rules::load_rule_set_yaml(text, "dlp.yaml");
    }
  } catch (const mfsim::load_error& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.message + "\n";
    return out;
  }
  return {};
}

nlohmann::ordered_json effects_of(simulator& sim, const mfsim::outcome& o) {
  std::string line;
  mfsim::report::append_record(line, "m", o, sim.compiled());
  const auto record = nlohmann::ordered_json::parse(line);
  return record.contains("effects") ? record["effects"] : nlohmann::ordered_json::array();
}

// A text/plain message with this body.
std::string with_body(const std::string& subject, const std::string& body) {
  return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: " + subject +
         "\r\nContent-Type: text/plain\r\n\r\n" + body + "\r\n";
}

}  // namespace

TEST_SUITE("sensitive information types") {
  TEST_CASE("the checksums: Luhn, the ABA check digit and IBAN mod-97") {
    CHECK(mfsim::mail::luhn_valid("4111111111111111"));
    CHECK(mfsim::mail::luhn_valid("378282246310005"));
    CHECK_FALSE(mfsim::mail::luhn_valid("4111111111111112"));
    CHECK(mfsim::mail::aba_valid("021000021"));
    CHECK(mfsim::mail::aba_valid("011000015"));
    CHECK_FALSE(mfsim::mail::aba_valid("021000022"));
    CHECK(mfsim::mail::iban_valid("GB82WEST12345698765432"));
    CHECK(mfsim::mail::iban_valid("de89370400440532013000"));
    CHECK_FALSE(mfsim::mail::iban_valid("GB82WEST12345698765433"));
    CHECK(mfsim::mail::find_sensitive_type("credit card number") != nullptr);
    CHECK(mfsim::mail::find_sensitive_type("EU Debit Card Number") == nullptr);
  }

  TEST_CASE("Credit Card Number: Microsoft's example, 85 with evidence nearby, 65 alone") {
    // "How DLP rules are applied to evaluate messages" (Exchange): the card with a brand and
    // an expiry date is found; the reservation code fails the checksum.
    CHECK(confidence(sensitive_type::credit_card,
                     "Christian Lacombe\nVisa: 4111 1111 1111 1111\nExpires: 2/2012") == 85);
    CHECK(confidence(sensitive_type::credit_card, "profile 4111-1111-1111-1111 updated") == 65);
    CHECK(found(sensitive_type::credit_card, "my reservation code is 1234 1234 1234 1234") == 0);
    CHECK(found(sensitive_type::credit_card, "amex 3782 822463 10005 and 4111111111111111") == 2);
    // Glued to letters, mixed separators or more digits than a card: not a candidate.
    CHECK(found(sensitive_type::credit_card, "x4111111111111111 4111 1111-1111 1111") == 0);
    CHECK(found(sensitive_type::credit_card, "4111 1111 1111 1111 1111") == 0);
    CHECK(found(sensitive_type::credit_card, "visa 4111 1111 1111 1111", 85) == 1);
    CHECK(found(sensitive_type::credit_card, "4111 1111 1111 1111", 85) == 0);
  }

  TEST_CASE("ABA Routing Number needs its checksum and a keyword within 300 characters") {
    CHECK(confidence(sensitive_type::aba_routing, "routing transit number: 0210-0002-1") == 75);
    CHECK(found(sensitive_type::aba_routing, "021000021") == 0);
    CHECK(found(sensitive_type::aba_routing, "aba 021000022") == 0);
    CHECK(found(sensitive_type::aba_routing, "aba 521000021") == 0);  // 5 starts no routing number
    CHECK(found(sensitive_type::aba_routing, "ABA# " + std::string(400, '.') + " 021000021") == 0);
  }

  TEST_CASE("IBAN: a covered country, mod-97, groups of four with or without spaces") {
    CHECK(found(sensitive_type::iban, "pay GB82 WEST 1234 5698 7654 32 today") == 1);
    CHECK(found(sensitive_type::iban, "DE89370400440532013000, FR7630006000011234567890189") == 2);
    CHECK(confidence(sensitive_type::iban, "GB82WEST12345698765432") == 85);
    CHECK(found(sensitive_type::iban, "GB82 WEST 1234 5698 7654 33") == 0);
    CHECK(found(sensitive_type::iban, "US82WEST12345698765432") == 0);  // not a covered country
  }

  TEST_CASE("U.S. SSN: the four patterns and their confidence levels") {
    CHECK(confidence(sensitive_type::us_ssn, "SSN: 078-05-1120") == 85);
    CHECK(found(sensitive_type::us_ssn, "order 078-05-1120") == 0);
    CHECK(confidence(sensitive_type::us_ssn, "born 12/31/1960, 078 05 1120") == 85);
    CHECK(confidence(sensitive_type::us_ssn, "ssn 078051120 born 12/31/1960") == 75);
    CHECK(found(sensitive_type::us_ssn, "ssn 078051120") == 0);
    CHECK(confidence(sensitive_type::us_ssn, "ssn: 880-12-3456") == 65);  // issued after 2011
    CHECK(confidence(sensitive_type::us_ssn, "ssn 880123456 dob 1/2/1990") == 55);
    CHECK(found(sensitive_type::us_ssn, "ssn: 666-12-3456 000-12-3456 123-00-4567 123-45-0000") ==
          0);
  }

  TEST_CASE("a scan is bounded on hostile text") {
    std::string cards;
    while (cards.size() < (4u << 20)) cards += "visa 4111111111111111 ssn 078-05-1120 ";
    const std::string digits(4u << 20, '7');
    std::string spaced(4u << 20, '1');
    for (std::size_t i = 1; i < spaced.size(); i += 2) spaced[i] = ' ';
    const std::string* const texts[] = {&cards, &digits, &spaced};
    const auto start = std::chrono::steady_clock::now();
    for (const auto type : {sensitive_type::credit_card, sensitive_type::aba_routing,
                            sensitive_type::iban, sensitive_type::us_ssn}) {
      for (const std::string* text : texts) (void)found(type, *text);
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    const auto r = scan_sensitive(sensitive_type::credit_card, cards, 0, 100, {1u << 20, 100});
    CHECK(r.count == 100);
    CHECK(r.truncated);
  }
}

TEST_SUITE("DLP conditions") {
  TEST_CASE("MessageContainsDataClassifications counts types in the subject and the body") {
    simulator sim(rules(R"(  - Name: Two cards
    MessageContainsDataClassifications:
      - {Name: Credit Card Number, minCount: 2}
    SetAuditSeverity: High
  - Name: One routing number or an SSN
    MessageContainsDataClassifications:
      - {Name: ABA Routing Number}
      - U.S. Social Security Number (SSN)
    SetAuditSeverity: Low
  - Name: At most one IBAN
    MessageContainsDataClassifications: [{Name: International Banking Account Number (IBAN), maxCount: 1}]
    SetAuditSeverity: Low
)"));
    sim.run(with_body("visa 4111 1111 1111 1111", "and mastercard 5555 5555 5555 4444"));
    CHECK(sim.fired() == strings{"Two cards"});
    sim.run(with_body("card", "visa 4111 1111 1111 1111 only"));
    CHECK(sim.fired().empty());
    sim.run(with_body("hello", "SSN: 078-05-1120"));
    CHECK(sim.fired() == strings{"One routing number or an SSN"});
    sim.run(with_body("iban", "GB82 WEST 1234 5698 7654 32"));
    CHECK(sim.fired() == strings{"At most one IBAN"});
    sim.run(with_body("iban", "GB82 WEST 1234 5698 7654 32 and DE89370400440532013000"));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("the attachments' text is read too, and counts with the subject and the body") {
    // The cmdlet: "looks for sensitive information types in the body of messages, and in any
    // attachments" (decision 260).
    simulator sim(rules(R"(  - Name: An SSN
    MessageContainsDataClassifications: [U.S. Social Security Number (SSN)]
    SetAuditSeverity: Low
  - Name: Two SSNs
    MessageContainsDataClassifications: [{Name: U.S. Social Security Number (SSN), minCount: 2}]
    SetAuditSeverity: Low
)"));
    const auto with_attachment = [](const std::string& body, const std::string& attached) {
      return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: records\r\n"
             "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
             "--b\r\nContent-Type: text/plain\r\n\r\n" +
             body +
             "\r\n--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
             "filename=\"staff.txt\"\r\n\r\n" +
             attached + "\r\n--b--\r\n";
    };
    sim.run(with_attachment("see the file", "Employee SSN: 078-05-1120"));
    CHECK(sim.fired() == strings{"An SSN"});
    sim.run(with_attachment("SSN: 078-05-1120", "SSN: 219-09-9999"));
    CHECK(sim.fired() == strings{"An SSN", "Two SSNs"});
    sim.run(with_attachment("see the file", "nothing sensitive"));
    CHECK(sim.fired().empty());

    // explain names the file the first instance is in.
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(rules(R"(  - Name: SSN
    MessageContainsDataClassifications: [U.S. Social Security Number (SSN)]
    SetAuditSeverity: Low
)"),
                                                                      "t.yaml"));
    mfsim::scratch scratch;
    mfsim::evaluation_trace trace;
    (void)mfsim::evaluate(*plan, with_attachment("see the file", "SSN: 078-05-1120"), {}, scratch,
                          nullptr, &trace);
    REQUIRE(trace.conditions.size() == 1);
    CHECK(trace.conditions.front().match.value == "078-05-1120");
    CHECK(trace.conditions.front().match.term ==
          "U.S. Social Security Number (SSN): 1 found, confidence 85, the first in staff.txt");
  }

  TEST_CASE("confidence bounds choose which instances count") {
    simulator sim(rules(R"(  - Name: Any card
    MessageContainsDataClassifications: [{Name: Credit Card Number, minConfidence: 65}]
    SetAuditSeverity: Low
  - Name: Recommended
    MessageContainsDataClassifications: [Credit Card Number]
    SetAuditSeverity: Low
  - Name: Only unsupported
    MessageContainsDataClassifications: [{Name: Credit Card Number, minConfidence: 1, maxConfidence: 70}]
    SetAuditSeverity: Low
)"));
    sim.run(with_body("x", "number 4111 1111 1111 1111"));
    CHECK(sim.fired() == strings{"Any card", "Only unsupported"});
    sim.run(with_body("x", "visa number 4111 1111 1111 1111"));
    CHECK(sim.fired() == strings{"Any card", "Recommended"});
  }

  TEST_CASE("a type mfsim cannot find is never found, and the rule set names it") {
    const std::string yaml = rules(R"(  - Name: EU cards
    MessageContainsDataClassifications: [EU Debit Card Number]
    SetAuditSeverity: Low
  - Name: Not EU cards
    ExceptIfMessageContainsDataClassifications: [EU Debit Card Number]
    SetAuditSeverity: Low
)");
    simulator sim(yaml);
    sim.run(with_body("x", "visa 4111 1111 1111 1111"));
    CHECK(sim.fired() == strings{"Not EU cards"});
    CHECK(mfsim::rules::types_needing_classifiers(mfsim::rules::load_rule_set_yaml(
              yaml, "t.yaml")) == strings{"'EU Debit Card Number' in rule 'EU cards'",
                                          "'EU Debit Card Number' in rule 'Not EU cards'"});
  }

  TEST_CASE("explain shows the types found, their count and confidence") {
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(rules(R"(  - Name: Cards
    MessageContainsDataClassifications: [{Name: Credit Card Number, minCount: 1}, Unknown Type]
    SetAuditSeverity: Low
)"),
                                                                      "t.yaml"));
    mfsim::scratch scratch;
    mfsim::evaluation_trace trace;
    const std::string m = with_body("card", "visa 4111 1111 1111 1111");
    (void)mfsim::evaluate(*plan, m, {}, scratch, nullptr, &trace);
    REQUIRE(trace.conditions.size() == 1);
    const auto& t = trace.conditions.front();
    CHECK(t.result);
    CHECK(t.match.value == "4111 1111 1111 1111");
    CHECK(t.match.term == "Credit Card Number: 1 found, confidence 85");
    CHECK(t.decoded_values ==
          strings{"Credit Card Number: 1 found at confidence 85 to 100, highest 85 (wanted 1 or "
                  "more)",
                  "Unknown Type: needs Microsoft's classifiers, never found by mfsim"});
  }

  TEST_CASE("HasSenderOverride reads the header Exchange stamps on an override") {
    simulator sim(rules(R"(  - Name: Overridden
    HasSenderOverride: true
    SetAuditSeverity: High
  - Name: Not overridden
    ExceptIfHasSenderOverride: true
    SetAuditSeverity: Low
)"));
    sim.run(message({"From: a@contoso.com",
                     "X-Ms-Exchange-Organization-Dlp-SenderOverrideJustification: business"}));
    CHECK(sim.fired() == strings{"Overridden"});
    sim.run(message({"From: a@contoso.com"}));
    CHECK(sim.fired() == strings{"Not overridden"});
  }

  TEST_CASE("the loaders check the hash tables as the cmdlet documents them") {
    const auto bad = [](const std::string& value) {
      return problems_of(rules("  - Name: Bad\n    MessageContainsDataClassifications: " + value +
                               "\n    SetAuditSeverity: Low\n"));
    };
    CHECK(bad("[{Name: Credit Card Number, minCnt: 2}]").find("did you mean 'minCount'") !=
          std::string::npos);
    CHECK(bad("[{Name: Credit Card Number, minCount: 3, maxCount: 2}]")
              .find("maxCount 2 is below minCount 3") != std::string::npos);
    CHECK(bad("[{Name: Credit Card Number, maxConfidence: 101}]")
              .find("maxConfidence: expected a whole number from 1 to 100") != std::string::npos);
    CHECK(bad("[{minCount: 1}]").find("a hash table without Name") != std::string::npos);
    CHECK(bad("[]").find("give at least one sensitive information type") != std::string::npos);
    CHECK(problems_of("New-TransportRule x -MessageContainsDataClassifications 'Credit Card "
                      "Number' -SetAuditSeverity Low\n",
                      true)
              .find("expected a hash table") != std::string::npos);
  }

  TEST_CASE("PowerShell hash tables: one, a comma list and an array") {
    const auto set = mfsim::rules::load_rule_set_powershell(
        "New-TransportRule one -MessageContainsDataClassifications @{Name=\"Credit Card "
        "Number\"; minCount=\"2\"},@{Name=\"ABA Routing Number\"; minCount=\"1\"} "
        "-SetAuditSeverity Low\n"
        "New-TransportRule two -ExceptIfMessageContainsDataClassifications "
        "@(@{Name='U.S. Social Security Number (SSN)'; maxConfidence=85}) -SetAuditSeverity Low\n"
        "New-TransportRule three -MessageContainsDataClassifications @{Name='Credit Card Number'} "
        "-SubjectContainsWords @{Add='x'} -SetAuditSeverity Low\n",
        "t.ps1");
    REQUIRE(set.transport_rules.size() == 3);
    const auto& one = set.transport_rules[0].conditions.at(0).classifications;
    REQUIRE(one.size() == 2);
    CHECK(one[0].name == "Credit Card Number");
    CHECK(one[0].min_count == 2);
    CHECK(one[1].name == "ABA Routing Number");
    const auto& two = set.transport_rules[1].exceptions.at(0).classifications;
    REQUIRE(two.size() == 1);
    CHECK(two[0].max_confidence == 85);
    // @{Add=...} on a New- cmdlet still edits (adds to) the multi-value parameter.
    CHECK(set.transport_rules[2].conditions.size() == 2);
  }

  TEST_CASE("the YAML writer keeps the types, their bounds and the rule properties") {
    const auto set = mfsim::rules::load_rule_set_powershell(
        "New-TransportRule r -MessageContainsDataClassifications @{Name='Credit Card Number'; "
        "minCount=2; maxCount=5; minConfidence=65},@{Name='ABA Routing Number'} "
        "-HasSenderOverride $true -RuleErrorAction Defer -GenerateIncidentReport a@contoso.com "
        "-IncidentReportOriginalMail IncludeOriginalMail -DlpPolicy 'PII' -RuleSubType Dlp "
        "-UseLegacyRegex $true\n",
        "t.ps1");
    const std::string yaml = mfsim::rules::write_rule_set_yaml(set);
    CHECK(yaml.find("      - {Name: Credit Card Number, minCount: 2, maxCount: 5, "
                    "minConfidence: 65}\n      - {Name: ABA Routing Number}\n") !=
          std::string::npos);
    const auto again = mfsim::rules::load_rule_set_yaml(yaml, "again.yaml");
    const auto& r = again.transport_rules.at(0);
    CHECK(r.conditions.at(0).classifications.at(0).max_count == 5);
    CHECK(r.conditions.at(1).kind == mfsim::rules::condition_kind::has_sender_override);
    CHECK(r.on_error == mfsim::rules::rule_error_action::defer);
    CHECK(r.actions.incident_report_content == strings{"AttachOriginalMail"});
  }
}

TEST_SUITE("rule properties") {
  TEST_CASE("IncidentReportOriginalMail IncludeOriginalMail attaches the original message") {
    simulator sim(rules(R"(  - Name: report
    SubjectContainsWords: [hello]
    GenerateIncidentReport: [dlp@contoso.com]
    IncidentReportContent: [Sender]
    IncidentReportOriginalMail: IncludeOriginalMail
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: hello"}));
    CHECK(effects_of(sim, o)[0]["IncidentReportContent"] == "Sender, AttachOriginalMail");
    CHECK(problems_of(rules(R"(  - Name: alone
    IncidentReportOriginalMail: IncludeOriginalMail
    SetSCL: 1
)"))
              .find("needs 'GenerateIncidentReport' too") != std::string::npos);
  }

  TEST_CASE("RuleErrorAction Defer records a deferral when the rule cannot be evaluated") {
    simulator sim(rules(R"(  - Name: Deferred
    RuleErrorAction: Defer
    SubjectMatchesPatterns: '(a+)+$'
    SetSCL: 8
  - Name: Ignored
    RuleErrorAction: Ignore
    SubjectMatchesPatterns: '(a|aa)+c'
    SetSCL: 9
)"));
    const auto& o =
        sim.run(message({"From: a@example.org", "Subject: " + std::string(5000, 'a') + "!"}));
    CHECK(sim.fired().empty());
    CHECK(
        effects_of(sim, o).dump() ==
        R"([{"action":"RuleErrorAction","rule":"Deferred","value":"Defer","result":"deferred"}])");
    CHECK(problems_of(rules("  - Name: x\n    RuleErrorAction: Retry\n    SetSCL: 1\n"))
              .find("expected one of Ignore, Defer") != std::string::npos);
  }

  TEST_CASE("DlpPolicy, RuleSubType and UseLegacyRegex are accepted and change nothing") {
    CHECK(problems_of(rules(R"(  - Name: x
    DlpPolicy: PII
    RuleSubType: Dlp
    UseLegacyRegex: true
    SetSCL: 1
)"))
              .empty());
  }
}
