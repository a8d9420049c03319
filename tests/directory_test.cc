// The directory (--directory, docs/directory.md): its YAML and CSV readers, group expansion
// with nesting cycles, and every transport-rule condition that reads it.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/case_fold.h"
#include "engine/directory/directory_index.h"
#include "engine/directory/load_directory.h"
#include "engine/engine.h"
#include "engine/rules/directory_conditions.h"
#include "engine/rules/load_native.h"
#include "tests/support/alloc_counter.h"
#include "tests/support/build_paths.h"
#include "tests/support/load_problems.h"
#include "tests/support/process.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::test::message;
using mfsim::test::simulator;
using strings = std::vector<std::string>;
namespace directory = mfsim::directory;

const std::string kData = mfsim::test::source_dir() + "/tests/testdata/directory/";

std::shared_ptr<const directory::directory_index> contoso() {
  static const auto index = directory::load_directory({kData + "contoso.yaml"});
  return index;
}

std::string rules(const std::string& transport_rules) {
  return "mfsim: 1\nname: directory-test\ntransport_rules:\n" + transport_rules;
}

// The diagnostics a --directory load throws, as "line:col: message".
strings problems_of(const std::vector<std::string>& specs) {
  return mfsim::test::load_problems([&] { (void)directory::load_directory(specs); });
}

strings names_of(const directory::directory_index& dir, const std::vector<std::uint32_t>& ids) {
  strings out;
  for (const auto id : ids) out.push_back(dir.at(id).name);
  std::sort(out.begin(), out.end());
  return out;
}

std::uint32_t id_of(const directory::directory_index& dir, std::string_view identity) {
  const auto ids = dir.resolve(identity);
  REQUIRE(ids.size() == 1);
  return ids.front();
}

// Writes a file for one test into a directory that lives as long as the test binary.
std::string temp_file(const std::string& name, const std::string& text) {
  static const mfsim::test::temp_dir dir;
  return dir.write(name, text);
}

}  // namespace

TEST_SUITE("directory") {
  TEST_CASE("identities resolve by address, proxy address, Name, DisplayName, without case") {
    const auto& dir = *contoso();
    const auto tony = id_of(dir, "tony");
    CHECK(id_of(dir, "Tony Smith") == tony);
    CHECK(id_of(dir, "T.SMITH@contoso.com") == tony);
    CHECK(dir.resolve("tony@fabrikam.com").empty());
    const auto hit = dir.find_address("t.smith@contoso.com");
    REQUIRE(hit);
    CHECK(hit->entry == tony);
    CHECK_FALSE(hit->primary);
    CHECK(dir.find_address("tony@contoso.com")->primary);
    CHECK_FALSE(dir.find_address("sip:tony@contoso.com"));  // SIP: addresses are not SMTP
    CHECK(dir.manager_address("tony@contoso.com") ==
          std::optional<std::string_view>("anna@contoso.com"));
    CHECK(dir.manager_address("carol@contoso.com") ==
          std::optional<std::string_view>("bob@contoso.com"));
    CHECK_FALSE(dir.manager_address("anna@contoso.com"));
  }

  TEST_CASE("addresses and names with non-ASCII capitals resolve in any case (decision 350)") {
    const auto index = directory::load_directory(
        {temp_file("accents.yaml",
                   "mfsim_directory: 1\nrecipients:\n  - Name: J\xc3\x93N\n"
                   "    PrimarySmtpAddress: J\xc3\x93N@contoso.com\n")});
    const auto hit = index->find_address(mfsim::case_folded_copy("j\xc3\x93n@CONTOSO.com"));
    REQUIRE(hit);
    CHECK(index->at(hit->entry).name == "J\xc3\x93N");
    CHECK(index->resolve("j\xc3\xb3n").size() == 1);
  }

  TEST_CASE("nested groups expand, each member once, and a nesting cycle ends") {
    const auto& dir = *contoso();
    // Finance Team -> Audit Team -> Finance Team: the cycle neither loops nor adds Finance.
    CHECK(names_of(dir, dir.members_of(id_of(dir, "Finance Team"))) ==
          strings{"Audit Team", "anna", "carol", "tony"});
    CHECK(names_of(dir, dir.members_of(id_of(dir, "audit@contoso.com"))) ==
          strings{"Finance Team", "anna", "carol", "tony"});
    CHECK(names_of(dir, dir.members_of(id_of(dir, "tony"))).empty());
  }

  TEST_CASE("a long nesting chain and a group of itself are bounded") {
    std::string yaml = "mfsim_directory: 1\ngroups:\n";
    constexpr int kDepth = 3000;  // far deeper than any recursion would survive under ASan
    for (int k = 0; k < kDepth; ++k) {
      yaml += "  - Name: g" + std::to_string(k) + "\n    Members: [g" +
              std::to_string((k + 1) % kDepth) + ", g" + std::to_string(k) + "]\n";
    }
    const auto dir = directory::load_directory({temp_file("chain.yaml", yaml)});
    CHECK(dir->members_of(id_of(*dir, "g0")).size() == kDepth - 1);
  }

  TEST_CASE("Export-Csv files of Get-Recipient and Get-User merge into one entry per person") {
    const auto dir = directory::load_directory({kData + "get-recipient.csv", kData + "get-user.csv",
                                                "Sales Team=" + kData + "sales-team-members.csv"});
    const auto tony = id_of(*dir, "Tony Smith");
    using directory::ad_attribute;
    CHECK(dir->attribute(tony, ad_attribute::office) == "B1 2020");                 // Get-Recipient
    CHECK(dir->attribute(tony, ad_attribute::mobile_number) == "+1 425 555 0200");  // Get-User
    CHECK(dir->attribute(tony, ad_attribute::zip_code) == "98052");                 // PostalCode
    CHECK(dir->attribute(tony, ad_attribute::country) == "United States");  // CountryOrRegion
    CHECK(dir->attribute(tony, ad_attribute::user_logon_name) == "tony@contoso.onmicrosoft.com");
    CHECK(dir->find_address("t.smith@contoso.com"));  // space-separated EmailAddresses
    CHECK(dir->find_address("cw@contoso.com"));       // ';'-separated (a script's -join ';')
    // "System.Collections.ArrayList": the export lost the proxies; the primary address stays.
    CHECK(dir->find_address("bob@contoso.com"));
    const auto carol = id_of(*dir, "carol");
    CHECK(dir->attribute(carol, ad_attribute::title) == "Sales Rep, \"West\"");  // quoting
    CHECK(dir->attribute(id_of(*dir, "anna"), ad_attribute::notes) ==
          "Signs payments\nover 10,000");  // a line break inside quotes
    CHECK(dir->manager_of(tony) == std::optional<std::uint32_t>(id_of(*dir, "anna")));
    // Get-DistributionGroupMember "Sales Team": its rows are the members of Sales Team.
    CHECK(names_of(*dir, dir->members_of(id_of(*dir, "sales@contoso.com"))) ==
          strings{"bob", "carol"});
    CHECK(dir->size() == 5);
  }

  TEST_CASE("directory problems are reported with file:line:col, all at once") {
    CHECK(problems_of({temp_file("bad.yaml", R"(mfsim_directory: 1
recipients:
  - Name: a
    PrimarySmtpAddress: a@contoso.com
    Departmnet: Sales
  - Name: b
    PrimarySmtpAddress: b@contoso.com
    Manager: nobody
  - Name: c
    PrimarySmtpAddress: c@contoso.com
    EmailAddresses: ['smtp:A@contoso.com']
  - Name: a
    City: Oslo
groups:
  - Name: g
    Members: [a, ghost]
)")}) == strings{"5:5: unknown key 'Departmnet' in the recipient at line 3 (did you mean "
                 "'Department'?)",
                 "12:5: this record names the same recipient as the one at line 3 (the same "
                 "Name, Guid, Identity or primary address)",
                 "9:5: address 'a@contoso.com' belongs to two recipients (the other is at line 3)",
                 "6:5: manager 'nobody' names no recipient or group of the directory",
                 "16:18: member 'ghost' names no recipient or group of the directory"});
    const auto csv =
        problems_of({temp_file("bad.csv",
                               "#TYPE x\r\n\"Name\",\"PrimarySmtpAddress\"\r\n"
                               "\"a\",\"not an address\"\r\n\"b\"\r\n\"c\",\"c@x.com")});
    CHECK(csv == strings{"3:5: 'PrimarySmtpAddress': expected an email address such as "
                         "user@contoso.com, found 'not an address'",
                         "4:1: this row has 1 values but the header row names 2 columns",
                         "5:5: a quoted value is not closed before the end of the file"});
    CHECK(problems_of({temp_file("nohead.csv", "\"Foo\",\"Bar\"\r\n\"1\",\"2\"\r\n")}).size() == 1);
    CHECK(problems_of({kData + "missing.csv"}).size() == 1);
  }

  TEST_CASE("FromMemberOf and SentToMemberOf: nested members count; a group address is expanded") {
    simulator sim(rules(R"(  - Name: from finance
    FromMemberOf: Finance Team
    SetAuditSeverity: Low
  - Name: to sales
    SentToMemberOf: [sales@contoso.com]
    ExceptIfFromMemberOf: Sales Team
    SetAuditSeverity: Low
)"),
                  contoso());
    sim.run(message({"From: Carol <carol@contoso.com>", "To: bob@contoso.com"}));
    CHECK(sim.fired() == strings{"from finance"});  // carol: Audit Team, inside Finance Team
    sim.run(message({"From: t.smith@contoso.com", "To: Sales <sales@contoso.com>"}));
    CHECK(sim.fired() == strings{"from finance", "to sales"});  // proxy address; the group itself
    sim.run(message({"From: x@fabrikam.com", "To: bob@contoso.com"}));
    CHECK(sim.fired() == strings{"to sales"});
  }

  TEST_CASE("AnyOf*HeaderMemberOf read the To and Cc headers, primary addresses only") {
    simulator sim(rules(R"(  - Name: to
    AnyOfToHeaderMemberOf: Sales Team
    SetAuditSeverity: Low
  - Name: cc
    AnyOfCcHeaderMemberOf: Sales Team
    SetAuditSeverity: Low
  - Name: to or cc
    AnyOfToCcHeaderMemberOf: Sales Team
    SetAuditSeverity: Low
)"),
                  contoso());
    mfsim::run_options envelope;
    envelope.recipients = {"bob@contoso.com"};  // the envelope does not count: the headers do
    sim.run(
        message({"From: x@fabrikam.com", "To: tony@contoso.com", "Cc: Carol <carol@contoso.com>"}),
        envelope);
    CHECK(sim.fired() == strings{"cc", "to or cc"});
    sim.run(message({"From: x@fabrikam.com", "To: cw@contoso.com"}));  // carol's proxy address
    CHECK(sim.fired().empty());
  }

  TEST_CASE("BetweenMemberOf1/2: the sender in one group and a recipient in the other") {
    simulator sim(rules(R"(  - Name: between
    BetweenMemberOf1: Sales Team
    BetweenMemberOf2: [finance@contoso.com]
    SetAuditSeverity: Low
)"),
                  contoso());
    sim.run(message({"From: bob@contoso.com", "To: anna@contoso.com"}));
    CHECK(sim.fired() == strings{"between"});
    sim.run(message({"From: anna@contoso.com", "To: bob@contoso.com"}));
    CHECK(sim.fired() == strings{"between"});  // either way
    sim.run(message({"From: tony@contoso.com", "To: anna@contoso.com"}));
    CHECK(sim.fired().empty());  // both in Finance Team only
  }

  TEST_CASE("From and SentTo take names, a name's proxy addresses, and a group's members") {
    simulator sim(rules(R"(  - Name: from tony
    From: Tony Smith
    SetAuditSeverity: Low
  - Name: to finance
    SentTo: [Finance Team, partner@fabrikam.com]
    SetAuditSeverity: Low
)"),
                  contoso());
    sim.run(message({"From: t.smith@contoso.com", "To: carol@contoso.com"}));
    CHECK(sim.fired() == strings{"from tony", "to finance"});  // carol: nested in Finance Team
    sim.run(message({"From: bob@contoso.com", "To: partner@fabrikam.com"}));
    CHECK(sim.fired() == strings{"to finance"});
    sim.run(message({"From: bob@contoso.com", "To: sales@contoso.com"}));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("a name the directory does not hold stops the rule set, with its position") {
    const auto set = mfsim::rules::load_rule_set_yaml(rules(R"(  - Name: typo
    FromMemberOf: [Finance Teem]
    SetAuditSeverity: Low
  - Name: ambiguous attribute
    SenderADAttributeContainsWords: ['Departmnt:Sales']
    SetAuditSeverity: Low
)"),
                                                      "typo.yaml");
    try {
      (void)mfsim::compile(set, contoso());
      FAIL("expected a load_error");
    } catch (const mfsim::load_error& e) {
      REQUIRE(e.diagnostics().size() == 2);
      CHECK(e.diagnostics()[0].where.line == 5);
      CHECK(e.diagnostics()[0].message ==
            "FromMemberOf 'Finance Teem': the directory holds no group of that name or address");
      CHECK(e.diagnostics()[1].message.rfind("SenderADAttributeContainsWords 'Departmnt:Sales': "
                                             "'Departmnt' is not an attribute",
                                             0) == 0);
    }
  }

  TEST_CASE("Sender/RecipientADAttribute words and patterns read the directory's attributes") {
    simulator sim(rules(R"(  - Name: sender words
    SenderADAttributeContainsWords: ['City:San Francisco,Seattle', 'CustomAttribute1:VIP']
    SetAuditSeverity: Low
  - Name: recipient pattern
    RecipientADAttributeMatchesPatterns: ['Title:^Director\b']
    SetAuditSeverity: Low
)"),
                  contoso());
    sim.run(message({"From: tony@contoso.com", "To: anna@contoso.com"}));
    CHECK(sim.fired() == strings{"sender words", "recipient pattern"});
    sim.run(message({"From: carol@contoso.com", "To: tony@contoso.com"}));
    CHECK(sim.fired() == strings{"sender words"});  // CustomAttribute1 VIP; tony is no director
    sim.run(message({"From: bob@contoso.com", "To: finance@contoso.com"}));
    CHECK(sim.fired().empty());  // Portland; a group's attributes are not read
  }

  TEST_CASE("ADComparisonAttribute compares the sender with every recipient") {
    simulator sim(rules(R"(  - Name: same department
    ADComparisonAttribute: Department
    SetAuditSeverity: Low
  - Name: other city
    ADComparisonAttribute: City
    ADComparisonOperator: NotEqual
    SetAuditSeverity: Low
)"),
                  contoso());
    sim.run(message({"From: tony@contoso.com", "To: anna@contoso.com"}));
    CHECK(sim.fired() == strings{"same department"});
    sim.run(message({"From: tony@contoso.com", "To: anna@contoso.com, bob@contoso.com"}));
    CHECK(sim.fired().empty());  // bob: Sales, and Portland is not Seattle for anna
    sim.run(message({"From: bob@contoso.com", "To: tony@contoso.com"}));
    CHECK(sim.fired() == strings{"other city"});
    sim.run(message({"From: tony@contoso.com", "To: x@fabrikam.com"}));
    CHECK(sim.fired().empty());  // a recipient outside the directory has no attributes
  }

  TEST_CASE("ManagerAddresses with ManagerForEvaluatedUser, and SenderManagementRelationship") {
    simulator sim(rules(R"(  - Name: sender reports to anna
    ManagerAddresses: Anna Lee
    ManagerForEvaluatedUser: Sender
    SetAuditSeverity: Low
  - Name: recipient reports to bob
    ManagerAddresses: [bob@contoso.com]
    ManagerForEvaluatedUser: Recipient
    SetAuditSeverity: Low
  - Name: to a direct report
    SenderManagementRelationship: Manager
    SetAuditSeverity: Low
  - Name: to the manager
    SenderManagementRelationship: DirectReport
    SetAuditSeverity: Low
)"),
                  contoso());
    sim.run(message({"From: tony@contoso.com", "To: anna@contoso.com"}));
    CHECK(sim.fired() == strings{"sender reports to anna", "to the manager"});
    sim.run(message({"From: bob@contoso.com", "To: carol@contoso.com"}));
    CHECK(sim.fired() ==
          strings{"sender reports to anna", "recipient reports to bob", "to a direct report"});
    sim.run(message({"From: carol@contoso.com", "To: tony@contoso.com"}));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("without a directory its conditions are false, and the rules reading it are named") {
    const std::string yaml = rules(R"(  - Name: member
    FromMemberOf: Finance Team
    SetAuditSeverity: Low
  - Name: not member
    SubjectContainsWords: hi
    ExceptIfSentToMemberOf: Finance Team
    SetAuditSeverity: Low
  - Name: by name
    From: Tony Smith
    SetAuditSeverity: Low
  - Name: by address
    From: tony@contoso.com
    SetAuditSeverity: Low
)");
    simulator sim(yaml);
    sim.run(message({"From: tony@contoso.com", "To: anna@contoso.com", "Subject: hi"}));
    CHECK(sim.fired() == strings{"not member", "by address"});
    CHECK(mfsim::rules::rules_reading_directory(mfsim::rules::load_rule_set_yaml(yaml, "t.yaml")) ==
          strings{"'member'", "'not member'", "'by name'"});
  }

  TEST_CASE("evaluating the directory's conditions allocates nothing after warm-up") {
    simulator sim(rules(R"(  - Name: all
    FromMemberOf: Finance Team
    SentToMemberOf: Sales Team
    AnyOfToCcHeaderMemberOf: Sales Team
    BetweenMemberOf1: Finance Team
    BetweenMemberOf2: Sales Team
    SenderADAttributeContainsWords: ['Department:Finance']
    RecipientADAttributeMatchesPatterns: ['Department:^Sales$']
    ADComparisonAttribute: Company
    ADComparisonOperator: NotEqual
    ManagerAddresses: anna
    ManagerForEvaluatedUser: Sender
    SetAuditSeverity: Low
  - Name: relation
    SenderManagementRelationship: Manager
    From: [Tony Smith]
    SentTo: [Sales Team]
    SetAuditSeverity: Low
)"),
                  contoso());
    const std::string m =
        message({"From: Tony <tony@contoso.com>", "To: bob@contoso.com, carol@contoso.com"});
    sim.run(m);
    CHECK(sim.fired() == strings{"all"});
    const mfsim::test::allocation_counter counter;
    for (int k = 0; k < 3; ++k) (void)mfsim::evaluate(sim.compiled(), m, {}, sim.working_memory());
    CHECK(counter.count() == 0);
  }
}

TEST_SUITE("e2e: directory") {
  TEST_CASE(
      "mfsim run --directory reads the exports; without it the run says once which rules "
      "read it") {
    const mfsim::test::temp_dir dir;
    const std::string rule_file = dir.write("rules.yaml", rules(R"(  - Name: Sales mail
    FromMemberOf: Sales Team
    SetSCL: 6
  - Name: Plain
    SubjectContainsWords: zzz
    SetSCL: 6
)"));
    for (int k = 0; k < 2; ++k) {
      dir.write(
          "mail/" + std::to_string(k) + ".eml",
          message({"From: Carol <carol@contoso.com>", "To: tony@contoso.com", "Subject: hi"}));
    }
    const auto with = mfsim::test::run_mfsim(
        {"run", "--rules", rule_file, "--format", "jsonl", "--directory",
         kData + "get-recipient.csv", "--directory",
         "Sales Team=" + kData + "sales-team-members.csv", dir.path() + "/mail"});
    CHECK(with.exit_code == 0);
    CHECK(with.err.find("no --directory") == std::string::npos);
    CHECK(mfsim::test::lines_of(with.out).size() == 2);
    CHECK(with.out.find("\"Sales mail\"") != std::string::npos);
    const auto without = mfsim::test::run_mfsim(
        {"run", "--rules", rule_file, "--format", "jsonl", dir.path() + "/mail"});
    CHECK(without.exit_code == 0);
    CHECK(without.out.find("\"Sales mail\"") == std::string::npos);
    CHECK(without.err.find("mfsim: no --directory: the directory conditions of 'Sales mail' are "
                           "false for every message (docs/directory.md)\n") == 0);
    const auto bad = mfsim::test::run_mfsim({"run", "--rules", rule_file, "--directory",
                                             kData + "nothing-here.csv", dir.path() + "/mail"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("nothing-here.csv") != std::string::npos);
  }
}
