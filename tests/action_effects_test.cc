// Every action of an enforced rule leaves an effect on the record, in the order applied, and
// the ones later rules can see change what they see (docs/decisions.md, "Actions and effects
// (issue 15)").
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/directory/directory_index.h"
#include "engine/directory/load_directory.h"
#include "engine/effect_text.h"
#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/load_native.h"
#include "engine/rules/write_yaml.h"
#include "tests/support/build_paths.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::final_action;
using mfsim::test::message;
using mfsim::test::simulator;
using strings = std::vector<std::string>;

std::string rules(const std::string& transport_rules) {
  return "mfsim: 1\nname: effects-test\ntransport_rules:\n" + transport_rules;
}

// The record's `effects` as `mfsim run --format jsonl` writes them ([] when absent).
nlohmann::ordered_json effects_of(simulator& sim, const mfsim::outcome& o) {
  std::string line;
  mfsim::report::append_record(line, "m", o, sim.compiled());
  const auto record = mfsim::parse_ordered_json(line);
  return record.contains("effects") ? record["effects"] : nlohmann::ordered_json::array();
}

strings actions_of(const nlohmann::ordered_json& effects) {
  strings out;
  for (const auto& e : effects) out.push_back(e["action"].get<std::string>());
  return out;
}

// The diagnostics a rule file gets, one message per line.
std::string problems_of(const std::string& yaml) {
  try {
    (void)mfsim::rules::load_rule_set_yaml(yaml, "effects.yaml");
  } catch (const mfsim::load_error& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.message + "\n";
    return out;
  }
  return {};
}

const std::string kSigned =
    "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"";

// tests/testdata/directory/contoso.yaml: Tony's and Bob's manager is Anna, Carol's is Bob.
std::shared_ptr<const mfsim::directory::directory_index> contoso() {
  static const auto index = mfsim::directory::load_directory(
      {mfsim::test::source_dir() + "/tests/testdata/directory/contoso.yaml"});
  return index;
}

}  // namespace

TEST_SUITE("action effects") {
  TEST_CASE("BlindCopyTo is written as the issue shows it") {
    simulator sim(rules(R"(  - Name: Bcc compliance
    SubjectContainsWords: [contract]
    BlindCopyTo: [audit@contoso.com]
)"));
    const auto& o =
        sim.run(message({"From: a@example.org", "To: b@contoso.com", "Subject: the contract"}));
    CHECK(effects_of(sim, o).dump() ==
          R"([{"action":"BlindCopyTo","rule":"Bcc compliance","value":["audit@contoso.com"]}])");
    CHECK(o.action == final_action::deliver);
  }

  TEST_CASE("a message no rule acted on has no effects field") {
    simulator sim(rules(R"(  - Name: never
    SubjectContainsWords: [nothing-matches-this]
    SetSCL: 5
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: hello"}));
    std::string line;
    mfsim::report::append_record(line, "m", o, sim.compiled());
    CHECK(line.find("\"effects\"") == std::string::npos);
  }

  TEST_CASE("effects follow rule order, and a rule's own actions a fixed order") {
    simulator sim(rules(R"(  - Name: first
    SubjectContainsWords: [invoice]
    StopRuleProcessing: false
    PrependSubject: '[EXT] '
    SetHeaderName: X-Tag
    SetHeaderValue: one
    RemoveHeader: X-Old
    SetSCL: 5
    SetAuditSeverity: Low
  - Name: second
    SubjectContainsWords: [invoice]
    AddToRecipients: [boss@contoso.com]
    CopyTo: [cc@contoso.com]
    GenerateIncidentReport: [dlp@contoso.com]
    IncidentReportContent: [Sender, Subject]
    RouteMessageOutboundRequireTls: true
    RouteMessageOutboundConnector: Partner TLS
    ApplyClassification: Confidential
    ApplyOME: true
    StopRuleProcessing: true
  - Name: third
    SubjectContainsWords: [invoice]
    SetSCL: 9
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: invoice"}));
    const auto effects = effects_of(sim, o);
    CHECK(actions_of(effects) ==
          strings{"SetSCL", "RemoveHeader", "SetHeaderName", "PrependSubject", "SetAuditSeverity",
                  "ApplyClassification", "AddToRecipients", "CopyTo", "ApplyOME",
                  "RouteMessageOutboundRequireTls", "RouteMessageOutboundConnector",
                  "GenerateIncidentReport", "StopRuleProcessing"});
    CHECK(effects[0].dump() == R"({"action":"SetSCL","rule":"first","value":5})");
    CHECK(effects[2].dump() ==
          R"({"action":"SetHeaderName","rule":"first","value":"X-Tag","SetHeaderValue":"one"})");
    CHECK(effects[4]["value"] == "Low");
    CHECK(effects[11].dump() ==
          R"({"action":"GenerateIncidentReport","rule":"second","value":["dlp@contoso.com"],)"
          R"("IncidentReportContent":"Sender, Subject"})");
    CHECK(effects[12]["rule"] == "second");
    CHECK(*o.scl == 5);  // the third rule was not reached
  }

  TEST_CASE("a later rule sees the header and the subject an earlier rule set") {
    simulator sim(rules(R"(  - Name: tag
    SubjectContainsWords: [invoice]
    SetHeaderName: X-Tagged
    SetHeaderValue: finance
    PrependSubject: '[EXT] '
  - Name: sees header
    HeaderContainsMessageHeader: X-Tagged
    HeaderContainsWords: [finance]
    LogEventText: tagged
  - Name: sees subject
    SubjectMatchesPatterns: ['^\[EXT\] invoice']
    Disconnect: true
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: invoice"}));
    CHECK(sim.fired() == strings{"tag", "sees header", "sees subject"});
    const auto effects = effects_of(sim, o);
    // Edge Transport actions are recorded and change nothing in Exchange Online.
    CHECK(effects[2].dump() == R"({"action":"LogEventText","rule":"sees header","value":"tagged",)"
                               R"("result":"edge_transport_only"})");
    CHECK(effects[3].dump() == R"({"action":"Disconnect","rule":"sees subject","value":true,)"
                               R"("result":"edge_transport_only"})");
    CHECK(o.action == final_action::deliver);
  }

  TEST_CASE("later rules see recipients that earlier rules added, and only the redirect's") {
    simulator sim(rules(R"(  - Name: add
    SubjectContainsWords: [hello]
    AddToRecipients: [boss@contoso.com]
    BlindCopyTo: [audit@fabrikam.com]
  - Name: sees added To
    SentTo: [boss@contoso.com]
    GenerateNotification: 'You got %%Subject%%'
  - Name: sees Bcc
    RecipientDomainIs: [fabrikam.com]
    ApplyRightsProtectionTemplate: Do Not Forward
  - Name: To header has boss
    HeaderContainsMessageHeader: To
    HeaderContainsWords: [boss@contoso.com]
    RemoveOMEv2: true
  - Name: To header has no Bcc
    HeaderContainsMessageHeader: To
    HeaderContainsWords: [audit@fabrikam.com]
    RemoveOME: true
  - Name: redirect
    SentTo: [b@contoso.com]
    RedirectMessageTo: [legal@contoso.com]
  - Name: original gone
    SentTo: [b@contoso.com]
    ApplyOME: true
  - Name: redirected
    SentTo: [legal@contoso.com]
    ModerateMessageByUser: [approver@contoso.com]
)"));
    const auto& o =
        sim.run(message({"From: a@example.org", "To: b@contoso.com", "Subject: hello"}));
    CHECK(sim.fired() == strings{"add", "sees added To", "sees Bcc", "To header has boss",
                                 "redirect", "redirected"});
    CHECK(o.action == final_action::redirect);
    const auto effects = effects_of(sim, o);
    CHECK(actions_of(effects) == strings{"AddToRecipients", "BlindCopyTo", "GenerateNotification",
                                         "ApplyRightsProtectionTemplate", "RemoveOMEv2",
                                         "RedirectMessageTo", "ModerateMessageByUser"});
    CHECK(effects[5]["value"] == strings{"legal@contoso.com"});
  }

  TEST_CASE("the anti-spam policy is chosen by the message's own recipients, not added ones") {
    simulator sim(R"(mfsim: 1
antispam_policies:
  - Name: Audit
    SentTo: [audit@contoso.com]
    SpamAction: Delete
transport_rules:
  - Name: bcc
    SubjectContainsWords: [hello]
    BlindCopyTo: [audit@contoso.com]
    SetSCL: 6
)");
    const auto& o =
        sim.run(message({"From: a@example.org", "To: b@contoso.com", "Subject: hello"}));
    REQUIRE(o.antispam != nullptr);
    CHECK(o.antispam->name == "Default");
    CHECK(o.action == final_action::junk);
  }

  TEST_CASE("a disclaimer is applied, or its fallback taken on signed and encrypted messages") {
    const auto rule = [](const std::string& fallback) {
      return rules(R"(  - Name: disclaimer
    SubjectContainsWords: [hello]
    ApplyHtmlDisclaimerText: '<p>Confidential</p>'
    ApplyHtmlDisclaimerLocation: Prepend
)" + (fallback.empty() ? "" : "    ApplyHtmlDisclaimerFallbackAction: " + fallback + "\n") +
                   R"(  - Name: after
    SubjectContainsWords: [hello]
    SetSCL: 1
)");
    };
    SUBCASE("a plain message takes it") {
      simulator sim(rule(""));
      const auto& o = sim.run(message({"From: a@example.org", "Subject: hello"}));
      CHECK(effects_of(sim, o)[0].dump() ==
            R"({"action":"ApplyHtmlDisclaimerText","rule":"disclaimer",)"
            R"("value":"<p>Confidential</p>","ApplyHtmlDisclaimerLocation":"Prepend",)"
            R"("ApplyHtmlDisclaimerFallbackAction":"Wrap","result":"applied"})");
    }
    SUBCASE("Wrap (the default) wraps a signed message, and later rules still run") {
      simulator sim(rule(""));
      const auto& o = sim.run(message({"From: a@example.org", "Subject: hello", kSigned}));
      const auto effects = effects_of(sim, o);
      CHECK(effects[0]["result"] == "wrapped");
      CHECK(actions_of(effects) == strings{"ApplyHtmlDisclaimerText", "SetSCL"});
    }
    SUBCASE("Ignore delivers an encrypted message without it") {
      simulator sim(rule("Ignore"));
      const auto& o = sim.run(message(
          {"From: a@example.org", "Subject: hello",
           "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m"}));
      CHECK(effects_of(sim, o)[0]["result"] == "ignored");
      CHECK(o.action == final_action::deliver);
    }
    SUBCASE("Reject returns a signed message in an NDR and stops rule processing") {
      simulator sim(rule("Reject"));
      const auto& o = sim.run(message({"From: a@example.org", "Subject: hello", kSigned}));
      const auto effects = effects_of(sim, o);
      CHECK(effects[0]["result"] == "rejected");
      CHECK(effects.size() == 1);
      CHECK(o.action == final_action::reject);
      CHECK(o.reject_code == "5.7.1");
      CHECK(sim.fired() == strings{"disclaimer"});
    }
    SUBCASE("Reject leaves a plain message alone") {
      simulator sim(rule("Reject"));
      const auto& o = sim.run(message(
          {"From: a@example.org", "Subject: hello", "Content-Type: multipart/mixed; boundary=x"}));
      CHECK(effects_of(sim, o)[0]["result"] == "applied");
      CHECK(o.action == final_action::deliver);
    }
  }

  TEST_CASE("manager actions without a directory record that no manager is known") {
    simulator sim(rules(R"(  - Name: managers
    SubjectContainsWords: [hello]
    AddManagerAsRecipientType: Bcc
    ModerateMessageByManager: true
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: hello"}));
    CHECK(effects_of(sim, o).dump() ==
          R"([{"action":"AddManagerAsRecipientType","rule":"managers","value":"Bcc",)"
          R"("result":"no_manager"},{"action":"ModerateMessageByManager","rule":"managers",)"
          R"("value":true,"result":"no_manager"}])");
    CHECK(o.action == final_action::deliver);
  }

  TEST_CASE("terminal actions and NDR parameters are effects too") {
    simulator sim(rules(R"(  - Name: ndr
    SubjectContainsWords: [ndr]
    RejectMessageEnhancedStatusCode: 5.7.901
  - Name: reason
    SubjectContainsWords: [reason]
    RejectMessageReasonText: Not here
  - Name: gone
    SubjectContainsWords: [gone]
    DeleteMessage: true
    StopRuleProcessing: true
  - Name: held
    SubjectContainsWords: [held]
    Quarantine: true
  - Name: smtp
    SubjectContainsWords: [smtp]
    SmtpRejectMessageRejectStatusCode: 554
)"));
    auto o = &sim.run(message({"From: a@example.org", "Subject: ndr"}));
    CHECK(effects_of(sim, *o).dump() ==
          R"([{"action":"RejectMessageEnhancedStatusCode","rule":"ndr","value":"5.7.901",)"
          R"("RejectMessageReasonText":"Delivery not authorized, message refused"}])");
    o = &sim.run(message({"From: a@example.org", "Subject: reason"}));
    CHECK(effects_of(sim, *o).dump() ==
          R"([{"action":"RejectMessageReasonText","rule":"reason","value":"Not here",)"
          R"("RejectMessageEnhancedStatusCode":"5.7.1"}])");
    o = &sim.run(message({"From: a@example.org", "Subject: gone"}));
    CHECK(actions_of(effects_of(sim, *o)) == strings{"DeleteMessage", "StopRuleProcessing"});
    o = &sim.run(message({"From: a@example.org", "Subject: held"}));
    CHECK(actions_of(effects_of(sim, *o)) == strings{"Quarantine"});
    o = &sim.run(message({"From: a@example.org", "Subject: smtp"}));
    CHECK(effects_of(sim, *o).dump() ==
          R"([{"action":"SmtpRejectMessageRejectText","rule":"smtp",)"
          R"("value":"Delivery not authorized, message refused",)"
          R"("SmtpRejectMessageRejectStatusCode":"554","result":"edge_transport_only"}])");
    CHECK(o->action == final_action::deliver);
  }

  TEST_CASE("NotifySender NotifyOnly delivers; its reject types reject with its NDR text") {
    const auto rule = [](const std::string& type) {
      return rules(R"(  - Name: tip
    SubjectContainsWords: [hello]
    NotifySender: )" +
                   type + R"(
    RejectMessageReasonText: Contains card numbers
)");
    };
    simulator notify(rule("NotifyOnly"));
    const auto& delivered = notify.run(message({"From: a@example.org", "Subject: hello"}));
    CHECK(delivered.action == final_action::deliver);
    CHECK(effects_of(notify, delivered).dump() ==
          R"([{"action":"NotifySender","rule":"tip","value":"NotifyOnly"}])");
    simulator reject(rule("RejectUnlessSilentOverride"));
    const auto& rejected = reject.run(message({"From: a@example.org", "Subject: hello"}));
    CHECK(rejected.action == final_action::reject);
    CHECK(rejected.reject_reason == "Contains card numbers");
    CHECK(effects_of(reject, rejected).dump() ==
          R"([{"action":"NotifySender","rule":"tip","value":"RejectUnlessSilentOverride",)"
          R"("RejectMessageReasonText":"Contains card numbers",)"
          R"("RejectMessageEnhancedStatusCode":"5.7.1"}])");
  }

  TEST_CASE("Audit-mode rules change nothing, so they leave no effects") {
    simulator sim(rules(R"(  - Name: audit
    Mode: Audit
    SubjectContainsWords: [hello]
    BlindCopyTo: [audit@contoso.com]
    SetSCL: 9
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: hello"}));
    CHECK(sim.fired() == strings{"audit"});
    CHECK(o.effects.empty());
  }

  TEST_CASE("Audit runs GenerateIncidentReport, AuditAndNotify GenerateNotification too") {
    // New-TransportRule -Mode: "no action that affects message delivery is taken on the
    // message. The GenerateIncidentReport action occurs." (AuditAndNotify: "The
    // GenerateIncidentReport and GenerateNotification actions occur.")
    simulator sim(rules(R"(  - Name: audit
    Mode: Audit
    SubjectContainsWords: [hello]
    GenerateIncidentReport: [sec@contoso.com]
    GenerateNotification: not in Audit
    SetSCL: 9
  - Name: notify
    Mode: AuditAndNotify
    SubjectContainsWords: [hello]
    GenerateIncidentReport: [sec@contoso.com]
    GenerateNotification: flagged
    BlindCopyTo: [audit@contoso.com]
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: hello"}));
    CHECK(sim.fired() == strings{"audit", "notify"});
    CHECK(effects_of(sim, o).dump() ==
          R"([{"action":"GenerateIncidentReport","rule":"audit","value":["sec@contoso.com"]},)"
          R"({"action":"GenerateIncidentReport","rule":"notify","value":["sec@contoso.com"]},)"
          R"({"action":"GenerateNotification","rule":"notify","value":"flagged"}])");
    CHECK(o.scl == std::nullopt);
    CHECK(o.action == final_action::deliver);
  }

  TEST_CASE("effect_summary gives one line of words") {
    simulator sim(rules(R"(  - Name: d
    SubjectContainsWords: [hello]
    BlindCopyTo: [audit@contoso.com, legal@contoso.com]
    ApplyHtmlDisclaimerText: '<p>A long disclaimer text</p>'
    SetSCL: 5
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: hello"}));
    REQUIRE(o.effects.size() == 3);
    CHECK(mfsim::effect_summary(o.effects[0]) == "SetSCL 5");
    CHECK(mfsim::effect_summary(o.effects[1], 8) ==
          "ApplyHtmlDisclaimerText '<p>A lon...' (ApplyHtmlDisclaimerFallbackAction Wrap; "
          "ApplyHtmlDisclaimerLocation Append; result applied)");
    CHECK(mfsim::effect_summary(o.effects[2]) ==
          "BlindCopyTo audit@contoso.com, legal@contoso.com");
  }

  TEST_CASE("bad action values are errors with the parameter named") {
    CHECK(problems_of(rules(R"(  - Name: r
    SubjectContainsWords: [x]
    BlindCopyTo: [not-an-address]
)"))
              .find("'BlindCopyTo' in transport rule 'r': expected an email address") !=
          std::string::npos);
    CHECK(problems_of(rules(R"(  - Name: r
    SubjectContainsWords: [x]
    SetSCL: 1
    IncidentReportContent: [Sender]
)"))
              .find("'IncidentReportContent' in transport rule 'r' needs 'GenerateIncidentReport' "
                    "too") != std::string::npos);
    CHECK(problems_of(rules(R"(  - Name: r
    SubjectContainsWords: [x]
    GenerateIncidentReport: [a@contoso.com]
    IncidentReportContent: [Sender, Everything]
)"))
              .find("found 'Everything'") != std::string::npos);
    CHECK(problems_of(rules(R"(  - Name: r
    SubjectContainsWords: [x]
    ApplyHtmlDisclaimerText: ')" +
                            std::string(5001, 'x') + R"('
)"))
              .find("at most 5000 characters, found 5001") != std::string::npos);
    CHECK(problems_of(rules(R"(  - Name: r
    SubjectContainsWords: [x]
    AddManagerAsRecipientType: Boss
)"))
              .find("expected one of To, Cc, Bcc, Redirect") != std::string::npos);
  }

  TEST_CASE("a rule whose only action is a new one does something") {
    CHECK(problems_of(rules(R"(  - Name: r
    SubjectContainsWords: [x]
    RouteMessageOutboundRequireTls: true
)")) == "");
  }

  TEST_CASE("the YAML writer keeps every new action") {
    const auto set = mfsim::rules::load_rule_set_yaml(rules(R"(  - Name: all
    SubjectContainsWords: [x]
    AddToRecipients: [a@contoso.com]
    CopyTo: [c@contoso.com]
    BlindCopyTo: [b@contoso.com]
    AddManagerAsRecipientType: Cc
    ModerateMessageByUser: [m@contoso.com]
    ModerateMessageByManager: true
    RouteMessageOutboundConnector: Partner
    RouteMessageOutboundRequireTls: true
    ApplyOME: true
    RemoveOME: true
    RemoveOMEv2: true
    RemoveRMSAttachmentEncryption: true
    ApplyRightsProtectionTemplate: Encrypt
    ApplyRightsProtectionCustomizationTemplate: Brand
    ApplyClassification: Confidential
    ApplyHtmlDisclaimerText: '<p>x</p>'
    ApplyHtmlDisclaimerLocation: Prepend
    ApplyHtmlDisclaimerFallbackAction: Ignore
    GenerateIncidentReport: [r@contoso.com]
    IncidentReportContent: [Sender, AttachOriginalMail]
    GenerateNotification: note
    NotifySender: NotifyOnly
    LogEventText: logged
    Disconnect: true
    SmtpRejectMessageRejectText: go away
    SmtpRejectMessageRejectStatusCode: 554
)"),
                                                      "a.yaml");
    const std::string written = mfsim::rules::write_rule_set_yaml(set);
    const auto again = mfsim::rules::load_rule_set_yaml(written, "b.yaml");
    CHECK(mfsim::rules::write_rule_set_yaml(again) == written);
    const auto& a = again.transport_rules.at(0).actions;
    CHECK(a.blind_copy_to == strings{"b@contoso.com"});
    CHECK(a.disclaimer_fallback_action == mfsim::rules::disclaimer_fallback::ignore);
    CHECK(a.incident_report_content == strings{"Sender", "AttachOriginalMail"});
    CHECK(*a.smtp_reject_status_code == "554");
    CHECK(a.has_other_action());
  }
}

TEST_SUITE("manager actions") {
  TEST_CASE("AddManagerAsRecipientType adds the sender's manager where it says") {
    simulator sim(rules(R"(  - Name: to manager
    SubjectContainsWords: [to]
    AddManagerAsRecipientType: To
  - Name: bcc manager
    SubjectContainsWords: [bcc]
    AddManagerAsRecipientType: Bcc
  - Name: seen in To
    AnyOfToHeader: [anna@contoso.com]
    SetAuditSeverity: Low
  - Name: seen as recipient
    SentTo: [anna@contoso.com]
    SetAuditSeverity: Medium
)"),
                  contoso());
    auto* o =
        &sim.run(message({"From: Tony <tony@contoso.com>", "To: x@fabrikam.com", "Subject: to"}));
    CHECK(effects_of(sim, *o)[0].dump() ==
          R"({"action":"AddManagerAsRecipientType","rule":"to manager","value":"To",)"
          R"("manager":"anna@contoso.com"})");
    CHECK(sim.fired() == strings{"to manager", "seen in To", "seen as recipient"});
    o = &sim.run(message({"From: tony@contoso.com", "To: x@fabrikam.com", "Subject: bcc"}));
    CHECK(sim.fired() == strings{"bcc manager", "seen as recipient"});
    // Anna has no manager: nothing is added.
    o = &sim.run(message({"From: anna@contoso.com", "To: x@fabrikam.com", "Subject: to"}));
    CHECK(effects_of(sim, *o)[0]["result"] == "no_manager");
    CHECK(sim.fired() == strings{"to manager"});
  }

  TEST_CASE("Redirect sends the message to the manager; ModerateMessageByManager names them") {
    simulator sim(rules(R"(  - Name: redirect
    SubjectContainsWords: [hello]
    AddManagerAsRecipientType: Redirect
    ModerateMessageByManager: true
)"),
                  contoso());
    const auto& o = sim.run(message({"From: carol@contoso.com", "Subject: hello"}));
    CHECK(o.action == final_action::redirect);
    CHECK(effects_of(sim, o).dump() ==
          R"([{"action":"AddManagerAsRecipientType","rule":"redirect","value":"Redirect",)"
          R"("manager":"bob@contoso.com"},{"action":"ModerateMessageByManager","rule":"redirect",)"
          R"("value":true,"manager":"bob@contoso.com"}])");
  }
}
