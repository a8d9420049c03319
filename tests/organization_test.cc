// Tests of the organisation (issue 15): accepted domains from scripts, YAML and the command
// line; the direction and authentication Exchange records; FromScope and SentToScope as
// New-TransportRule defines them; and the anti-spam policy's sender, language and region lists
// as Set-HostedContentFilterPolicy documents them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/mail/message_auth.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/load_json_export.h"
#include "engine/rules/load_native.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/write_yaml.h"
#include "tests/support/process.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::load_error;
using mfsim::run_options;
using mfsim::verdict;
using mfsim::test::message;
using mfsim::test::simulator;
using namespace mfsim::rules;
using strings = std::vector<std::string>;

std::string diagnostics_of(const std::string& script) {
  try {
    (void)load_rule_set_powershell(script, "org.ps1");
  } catch (const load_error& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += format_diagnostic(d) + "\n";
    return all;
  }
  return {};
}

// Rules that report where the sender and the recipients are.
const std::string kScopeRules = R"(mfsim: 1
name: scopes
organization:
  accepted_domains:
    - contoso.com
    - DomainName: relay.contoso.com
      DomainType: InternalRelay
    - DomainName: partner.example
      DomainType: ExternalRelay
transport_rules:
  - Name: From inside
    FromScope: InOrganization
    SetAuditSeverity: Low
  - Name: From outside
    FromScope: NotInOrganization
    SetAuditSeverity: Low
  - Name: To inside
    SentToScope: InOrganization
    SetAuditSeverity: Low
  - Name: To outside
    SentToScope: NotInOrganization
    SetAuditSeverity: Low
  - Name: To partner
    SentToScope: ExternalPartner
    SetAuditSeverity: Low
)";

}  // namespace

TEST_SUITE("organization") {
  TEST_CASE("New-AcceptedDomain, Set-AcceptedDomain and Remove-AcceptedDomain build the domains") {
    // New-AcceptedDomain: DomainType defaults to Authoritative; Identity is the Name.
    const auto set = load_rule_set_powershell(R"(
New-AcceptedDomain -Name Contoso -DomainName Contoso.com -DomainType Authoritative
New-AcceptedDomain -Name Relay -DomainName relay.contoso.com
Set-AcceptedDomain -Identity Relay -DomainType InternalRelay
New-AcceptedDomain Old -DomainName old.example -DomainType ExternalRelay
Remove-AcceptedDomain -Identity old.example
Get-AcceptedDomain -Identity Contoso | Set-AcceptedDomain -MakeDefault $true
)",
                                              "org.ps1");
    REQUIRE(set.accepted_domains.size() == 2);
    CHECK(set.accepted_domains[0].domain == "contoso.com");
    CHECK(set.accepted_domains[0].name == "Contoso");
    CHECK(set.accepted_domains[0].type == accepted_domain_type::authoritative);
    CHECK(set.accepted_domains[1].domain == "relay.contoso.com");
    CHECK(set.accepted_domains[1].type == accepted_domain_type::internal_relay);
  }

  TEST_CASE("a bad accepted domain is reported with its position") {
    CHECK(
        diagnostics_of("New-AcceptedDomain -Name X -DomainName contoso.com -DomainType Hosted\n") ==
        "org.ps1:1:64: error: -DomainType in accepted domain 'X': expected one of "
        "Authoritative, InternalRelay, ExternalRelay, found 'Hosted' [bad_value]\n");
    CHECK(diagnostics_of("New-AcceptedDomain -Name X\n")
              .find("New-AcceptedDomain 'X' needs -DomainName") != std::string::npos);
    CHECK(diagnostics_of("New-AcceptedDomain -Name X -DomainName 'not a domain'\n")
              .find("expected a domain such as contoso.com or *.contoso.com") != std::string::npos);
    CHECK(diagnostics_of("New-AcceptedDomain -Name A -DomainName a.com\n"
                         "New-AcceptedDomain -Name B -DomainName A.com\n")
              .find("accepted domain 'a.com' is declared twice (first at line 1)") !=
          std::string::npos);
    // Changing a domain the script did not create is a warning, and the command is skipped.
    const auto set = load_rule_set_powershell(
        "Set-AcceptedDomain -Identity Nope -DomainType InternalRelay\n", "org.ps1");
    REQUIRE(set.imported.warnings.size() == 1);
    CHECK(set.imported.warnings[0].message.find("no accepted domain named 'Nope'") !=
          std::string::npos);
    CHECK(set.accepted_domains.empty());
  }

  TEST_CASE("Get-AcceptedDomain | ConvertTo-Json gives the domains; numeric types are refused") {
    // Get-AcceptedDomain's objects carry many read-only properties: only Name, DomainName and
    // DomainType are read.
    const auto set = load_rule_set_json_export(
        R"([{"Name": "Contoso", "DomainName": "contoso.com", "DomainType": "Authoritative",
             "Default": true, "AddressBookEnabled": true, "Identity": {"Name": "Contoso"}},
            {"Name": "Relay", "DomainName": "relay.contoso.com", "DomainType": "InternalRelay"}])",
        "domains.json");
    REQUIRE(set.accepted_domains.size() == 2);
    CHECK(set.accepted_domains[0].name == "Contoso");
    CHECK(set.accepted_domains[1].type == accepted_domain_type::internal_relay);
    CHECK_THROWS_AS((void)load_rule_set_json_export(
                        R"({"Name": "X", "DomainName": "x.com", "DomainType": 0})", "num.json"),
                    load_error);
  }

  TEST_CASE("organization: accepted_domains in YAML round-trips through the YAML writer") {
    const auto set = load_rule_set_yaml(kScopeRules, "scopes.yaml");
    REQUIRE(set.accepted_domains.size() == 3);
    CHECK(set.accepted_domains[2].type == accepted_domain_type::external_relay);
    const std::string written = write_rule_set_yaml(set, "");
    CHECK(written.find("organization:\n  accepted_domains:\n    - DomainName: contoso.com\n"
                       "      DomainType: Authoritative\n") != std::string::npos);
    CHECK(written.find("    FromScope: InOrganization\n") != std::string::npos);
    const auto again = load_rule_set_yaml(written, "again.yaml");
    REQUIRE(again.accepted_domains.size() == 3);
    CHECK(again.accepted_domains[1].domain == "relay.contoso.com");
    CHECK(again.accepted_domains[1].type == accepted_domain_type::internal_relay);
    REQUIRE(again.transport_rules.size() == 5);
    CHECK(again.transport_rules[4].conditions[0].values == strings{"ExternalPartner"});
  }

  TEST_CASE("a bad scope value or accepted domain in YAML names the key and the position") {
    try {
      (void)load_rule_set_yaml(
          "mfsim: 1\norganization:\n  accepted_domains:\n    - DomainName: x.com\n      "
          "DomainType: Relay\ntransport_rules:\n  - Name: A\n    FromScope: Inside\n    "
          "SetSCL: 1\n",
          "bad.yaml");
      FAIL("expected a load error");
    } catch (const load_error& e) {
      std::string all;
      for (const auto& d : e.diagnostics()) all += format_diagnostic(d) + "\n";
      CHECK(all.find("bad.yaml:5:19: error: 'DomainType' in accepted domain #1 of organization: "
                     "expected one of Authoritative, InternalRelay, ExternalRelay") !=
            std::string::npos);
      CHECK(all.find("bad.yaml:8:16: error: 'FromScope' in transport rule 'A': expected one of "
                     "InOrganization, NotInOrganization, found 'Inside'") != std::string::npos);
    }
  }

  // New-TransportRule, FromScope: "InOrganization: The message was sent or received over an
  // authenticated connection AND the sender ... is in an accepted domain that's configured as an
  // authoritative domain or an internal relay domain"; NotInOrganization: "The sender's email
  // address isn't in an accepted domain or ... is in an accepted domain that's configured as an
  // external relay domain."
  TEST_CASE("FromScope reads the accepted domains and the authentication Exchange recorded") {
    simulator sim(kScopeRules);
    const auto from = [&](std::vector<std::string_view> headers) {
      headers.push_back("To: someone@elsewhere.example");
      sim.run(message(headers));
      strings fired = sim.fired();
      std::erase_if(fired, [](const std::string& n) { return n.rfind("From", 0) != 0; });
      return fired;
    };
    // Authenticated as the organisation's own user.
    CHECK(from({"From: a@contoso.com", "X-MS-Exchange-Organization-AuthAs: Internal"}) ==
          strings{"From inside"});
    // Internal relay domains are the organisation's too.
    CHECK(from({"From: a@relay.contoso.com", "X-MS-Exchange-CrossTenant-AuthAs: Internal"}) ==
          strings{"From inside"});
    // Anonymous mail that claims an accepted domain: neither inside nor outside.
    CHECK(from({"From: a@contoso.com", "X-MS-Exchange-Organization-AuthAs: Anonymous"}).empty());
    // Outside: no accepted domain, or an external relay domain.
    CHECK(from({"From: x@fabrikam.example", "X-MS-Exchange-Organization-AuthAs: Anonymous"}) ==
          strings{"From outside"});
    CHECK(from({"From: x@partner.example"}) == strings{"From outside"});
    // Originating mail is the organisation's own, whatever the From domain.
    CHECK(from({"From: a@contoso.com",
                "X-MS-Exchange-Organization-MessageDirectionality: Originating"}) ==
          strings{"From inside"});
    // No authentication recorded at all: an accepted domain's sender counts as inside.
    CHECK(from({"From: a@contoso.com"}) == strings{"From inside"});
    // A subdomain is not the accepted domain itself.
    CHECK(from({"From: a@mail.contoso.com"}) == strings{"From outside"});
  }

  TEST_CASE("the manifest's auth_as and direction win over the headers") {
    simulator sim(kScopeRules);
    const auto msg = message({"From: a@contoso.com", "X-MS-Exchange-Organization-AuthAs: Internal",
                              "To: b@elsewhere.example"});
    mfsim::message_overrides overrides;
    overrides.auth_as = mfsim::mail::auth_as::anonymous;
    const auto& o = mfsim::evaluate(sim.compiled(), msg, {}, sim.working_memory(), &overrides);
    CHECK(o.auth.as == mfsim::mail::auth_as::anonymous);
    CHECK(o.auth.source == mfsim::mail::auth_source::manifest);
    for (const auto i : o.rules) CHECK(sim.compiled().rule_name(i) != "From inside");
  }

  // SentToScope: InOrganization is a recipient in an authoritative or internal relay domain;
  // NotInOrganization one that is not, or is in an external relay domain; ExternalPartner is
  // "available only in on-premises Exchange" (partner organisations over mutual TLS).
  TEST_CASE("SentToScope holds when any recipient is in the scope") {
    simulator sim(kScopeRules);
    const auto to = [&](std::string_view recipients) {
      std::string header = "To: " + std::string(recipients);
      sim.run(message({"From: x@fabrikam.example", header}));
      strings fired = sim.fired();
      std::erase_if(fired, [](const std::string& n) { return n.rfind("To", 0) != 0; });
      return fired;
    };
    CHECK(to("a@contoso.com") == strings{"To inside"});
    CHECK(to("a@relay.contoso.com") == strings{"To inside"});
    CHECK(to("a@partner.example") == strings{"To outside"});
    CHECK(to("a@contoso.com, b@gmail.example") == strings{"To inside", "To outside"});
  }

  TEST_CASE("--accepted-domain adds domains to the rule set's own") {
    simulator sim(R"(mfsim: 1
transport_rules:
  - Name: To inside
    SentToScope: InOrganization
    SetSCL: 6
  - Name: Unless from inside
    SentToScope: InOrganization
    ExceptIfFromScope: InOrganization
    SetAuditSeverity: High
)");
    const auto msg = message({"From: a@fabrikam.com", "To: b@fabrikam.com"});
    CHECK(sim.run(msg).verdict_value == verdict::not_spam);
    run_options options;
    accepted_domain d;
    d.domain = "fabrikam.com";
    d.name = d.domain;
    options.accepted_domains.push_back(d);
    CHECK(sim.run(msg, options).verdict_value == verdict::spam);
    CHECK(sim.fired() == strings{"To inside"});  // the sender is inside too: excepted
  }

  TEST_CASE("mfsim run takes --accepted-domain DOMAIN[:TYPE] and refuses bad ones") {
    const mfsim::test::temp_dir dir;
    const auto rules = dir.write("r.yaml",
                                 "mfsim: 1\ntransport_rules:\n  - Name: In\n"
                                 "    SentToScope: InOrganization\n    SetSCL: 6\n");
    const auto eml = dir.write("m.eml", message({"From: a@x.example", "To: b@fabrikam.com"}));
    const auto run = [&](const std::string& domain) {
      return mfsim::test::run_mfsim(
          {"run", "--rules", rules, "--format", "jsonl", "--accepted-domain", domain, eml});
    };
    const auto inside = run("fabrikam.com:InternalRelay");
    REQUIRE(inside.exit_code == 0);
    CHECK(mfsim::parse_json(inside.out)["verdict"] == "spam");
    const auto relay = run("fabrikam.com:ExternalRelay");
    CHECK(mfsim::parse_json(relay.out)["verdict"] == "not_spam");
    const auto bad = run("fabrikam.com:Hosted");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--accepted-domain 'fabrikam.com:Hosted' is not DOMAIN or DOMAIN:TYPE") !=
          std::string::npos);
  }

  TEST_CASE("a script's (Get-AcceptedDomain).DomainName reads the --accepted-domain values") {
    const mfsim::test::temp_dir dir;
    const auto script =
        dir.write("r.ps1",
                  "New-TransportRule Ours -RecipientDomainIs (Get-AcceptedDomain).DomainName "
                  "-SetSCL 6\n");
    const auto eml = dir.write("m.eml", message({"From: a@x.example", "To: b@fabrikam.com"}));
    const auto run = [&](const std::vector<std::string>& domains) {
      std::vector<std::string> args{"run", "--rules", script, "--format", "jsonl"};
      for (const auto& d : domains) args.insert(args.end(), {"--accepted-domain", d});
      args.push_back(eml);
      return mfsim::test::run_mfsim(args);
    };
    // DOMAIN:TYPE gives the script the domain: the type is New-AcceptedDomain's, not the name's.
    const auto ours = run({"contoso.com", "fabrikam.com:InternalRelay"});
    REQUIRE_MESSAGE(ours.exit_code == 0, ours.err);
    CHECK(mfsim::parse_json(ours.out)["rules"] == nlohmann::json::array({"Ours"}));
    const auto other = run({"contoso.com"});
    REQUIRE(other.exit_code == 0);
    CHECK(mfsim::parse_json(other.out)["rules"] == nlohmann::json::array());
    const auto none = run({});
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("--accepted-domain DOMAIN") != std::string::npos);
  }

  TEST_CASE("the record shows auth_as and direction only when a rule reads them") {
    simulator sim(kScopeRules);
    const auto& o = sim.run(message({"From: a@contoso.com", "To: b@contoso.com",
                                     "X-MS-Exchange-Organization-AuthAs: Internal",
                                     "X-MS-Exchange-Organization-MessageDirectionality: "
                                     "Originating"}));
    std::string line;
    mfsim::report::append_record(line, "m.eml", o, sim.compiled());
    const auto j = mfsim::parse_json(line);
    CHECK(j["auth_as"] == "internal");
    CHECK(j["direction"] == "originating");
    simulator plain("mfsim: 1\n");
    line.clear();
    mfsim::report::append_record(line, "m.eml", plain.run(message({"From: a@contoso.com"})),
                                 plain.compiled());
    CHECK(mfsim::parse_json(line).count("auth_as") == 0);
  }
}

TEST_SUITE("anti-spam policy lists") {
  // Set-HostedContentFilterPolicy: BlockedSenders/-Domains "are always marked as spam sources"
  // (SFV:SKB); AllowedSenders/-Domains "bypass spam filtering" (SFV:SKA); LanguageBlockList /
  // RegionBlockList mark as spam the languages and source countries listed when enabled.
  const std::string kLists = R"(mfsim: 1
antispam_policy:
  Name: Default
  BlockedSenders: [bad@spam.example]
  BlockedSenderDomains: [spam.example]
  AllowedSenders: [friend@partner.example]
  AllowedSenderDomains: [trusted.example]
  EnableLanguageBlockList: true
  LanguageBlockList: [RU, zh-cn]
  EnableRegionBlockList: false
  RegionBlockList: [KP]
transport_rules:
  - Name: Force spam
    SubjectContainsWords: force
    SetSCL: 6
)";

  std::string list_of(const mfsim::outcome& o) {
    return std::string(o.list_setting) + (o.list_entry.empty() ? "" : "=") +
           std::string(o.list_entry);
  }

  TEST_CASE("blocked senders and domains are spam; either sender address is read") {
    simulator sim(kLists);
    const auto& a = sim.run(message({"From: x@mail.spam.example"}));
    CHECK(a.verdict_value == verdict::spam);
    CHECK(list_of(a) == "BlockedSenderDomains=spam.example");
    CHECK(a.why_verdict.cause == mfsim::verdict_cause::policy_list);
    // The 5321.MailFrom (Return-Path) counts as much as the 5322.From.
    const auto& b = sim.run(message({"From: x@ok.example", "Return-Path: <bad@spam.example>"}));
    CHECK(list_of(b) == "BlockedSenders=bad@spam.example");
    CHECK(b.action == mfsim::final_action::junk);  // SpamAction MoveToJmf
  }

  TEST_CASE("allowed senders skip filtering except for malware and high confidence phish") {
    simulator sim(kLists);
    const auto& a = sim.run(
        message({"From: a@trusted.example", "X-Forefront-Antispam-Report: SFV:SPM;SCL:6;CAT:SPM"}));
    CHECK(a.verdict_value == verdict::skipped);
    CHECK(list_of(a) == "AllowedSenderDomains=trusted.example");
    const auto& b = sim.run(message(
        {"From: friend@partner.example", "X-Forefront-Antispam-Report: SFV:SPM;SCL:9;CAT:HPHSH"}));
    CHECK(b.verdict_value == verdict::high_confidence_phish);
    CHECK(list_of(b).empty());
    // Blocked wins over allowed.
    const auto& c =
        sim.run(message({"From: friend@partner.example", "Return-Path: <x@spam.example>"}));
    CHECK(list_of(c) == "BlockedSenderDomains=spam.example");
  }

  TEST_CASE("a rule's SCL decides before the lists are read") {
    simulator sim(kLists);
    const auto& o = sim.run(message({"From: a@trusted.example", "Subject: force"}));
    CHECK(o.verdict_value == verdict::spam);
    CHECK(list_of(o).empty());
  }

  TEST_CASE("the language block list reads LANG:; a disabled region list reads nothing") {
    simulator sim(kLists);
    const auto& a = sim.run(
        message({"From: a@x.example", "X-Forefront-Antispam-Report: CTRY:KP;LANG:ru;SCL:1"}));
    CHECK(a.verdict_value == verdict::spam);
    CHECK(list_of(a) == "LanguageBlockList=RU");
    const auto& b = sim.run(
        message({"From: a@x.example", "X-Forefront-Antispam-Report: CTRY:KP;LANG:en;SCL:1"}));
    CHECK(b.verdict_value == verdict::not_spam);
    CHECK(list_of(b).empty());
  }

  TEST_CASE("the lists round-trip through the YAML writer and reject bad entries") {
    const auto set = load_rule_set_yaml(kLists, "lists.yaml");
    CHECK(set.antispam.language_block_list == strings{"RU", "ZH-CN"});
    const auto again = load_rule_set_yaml(write_rule_set_yaml(set, ""), "again.yaml");
    CHECK(again.antispam.blocked_sender_domains == strings{"spam.example"});
    CHECK(again.antispam.allowed_senders == strings{"friend@partner.example"});
    CHECK(again.antispam.enable_language_block_list);
    CHECK_FALSE(again.antispam.enable_region_block_list);
    CHECK(again.antispam.region_block_list == strings{"KP"});
    CHECK_THROWS_AS(
        (void)load_rule_set_yaml("mfsim: 1\nantispam_policy:\n  BlockedSenders: [not-an-address]\n",
                                 "b.yaml"),
        load_error);
    const auto ps = load_rule_set_powershell(
        "Set-HostedContentFilterPolicy -Identity Default -AllowedSenderDomains a.example,b.example "
        "-EnableRegionBlockList $true -RegionBlockList CN\n",
        "lists.ps1");
    CHECK(ps.antispam.allowed_sender_domains == strings{"a.example", "b.example"});
    CHECK(ps.antispam.region_block_list == strings{"CN"});
  }
}
