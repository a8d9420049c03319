// --directory files that ConvertTo-Json and Export-Clixml wrote from Get-Recipient, Get-User and
// Get-DistributionGroupMember (docs/directory.md, decision 682): read through the exports' one
// JSON and one CLIXML reader, every problem at line:col.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/directory/directory_index.h"
#include "engine/directory/load_directory.h"
#include "tests/support/load_problems.h"
#include "tests/support/process.h"

namespace {

namespace directory = mfsim::directory;

std::string temp_file(const std::string& name, const std::string& bytes) {
  static const mfsim::test::temp_dir dir;
  return dir.write(name, bytes);
}

std::vector<std::string> problems_of(const std::vector<std::string>& specs) {
  return mfsim::test::load_problems([&] { (void)directory::load_directory(specs); });
}

// What `Get-Recipient anna,fin | ConvertTo-Json -EnumsAsStrings` writes (cut to the columns
// mfsim reads, and one it does not).
constexpr std::string_view kRecipientsJson = R"([
  {
    "Name": "anna",
    "DisplayName": "Anna Lee",
    "PrimarySmtpAddress": "anna@contoso.com",
    "EmailAddresses": ["SMTP:anna@contoso.com", "smtp:a.lee@contoso.com", "SIP:anna@contoso.com"],
    "RecipientTypeDetails": "UserMailbox",
    "Department": "Finance",
    "PoliciesIncluded": ["{26491cfc-9e50-4857-861b-0cb8df22b5d7}", "x"],
    "Guid": "5d1c0a2e-1b8f-4a0b-9c1e-3f2a4b5c6d7e",
    "HiddenFromAddressListsEnabled": false
  },
  {
    "Name": "fin",
    "PrimarySmtpAddress": "fin@contoso.com",
    "RecipientTypeDetails": "MailUniversalDistributionGroup"
  }
])";

// What `Get-Recipient tony | Export-Clixml` writes, cut to the columns mfsim reads.
constexpr std::string_view kRecipientsClixml =
    R"(<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
  <Obj RefId="0">
    <TN RefId="0">
      <T>Deserialized.Microsoft.Exchange.Data.Directory.Management.ReducedRecipient</T>
      <T>Deserialized.System.Object</T>
    </TN>
    <ToString>tony</ToString>
    <Props>
      <S N="Name">tony</S>
      <S N="DisplayName">Tony Smith</S>
      <S N="PrimarySmtpAddress">tony@contoso.com</S>
      <Obj N="EmailAddresses" RefId="1">
        <TN RefId="1"><T>Deserialized.Microsoft.Exchange.Data.ProxyAddressCollection</T></TN>
        <LST><S>SMTP:tony@contoso.com</S><S>smtp:t.smith@contoso.com</S></LST>
      </Obj>
      <Obj N="RecipientTypeDetails" RefId="2">
        <TN RefId="2"><T>Deserialized.Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails</T></TN>
        <ToString>UserMailbox</ToString>
        <U64>1</U64>
      </Obj>
      <S N="Manager">anna</S>
    </Props>
  </Obj>
</Objs>
)";

}  // namespace

TEST_SUITE("directory") {
  TEST_CASE("a ConvertTo-Json export of Get-Recipient reads as its Export-Csv does") {
    const auto dir =
        directory::load_directory({temp_file("recipients.json", std::string(kRecipientsJson))});
    const auto anna = dir->resolve("Anna Lee");
    REQUIRE(anna.size() == 1);
    CHECK(dir->at(anna.front()).addresses ==
          std::vector<std::string>{"anna@contoso.com", "a.lee@contoso.com"});
    CHECK(dir->attribute(anna.front(), directory::ad_attribute::department) == "Finance");
    CHECK(dir->resolve("a.lee@contoso.com") == anna);
    CHECK(dir->resolve("5d1c0a2e-1b8f-4a0b-9c1e-3f2a4b5c6d7e") == anna);
    const auto fin = dir->resolve("fin");
    REQUIRE(fin.size() == 1);
    CHECK(dir->at(fin.front()).group);
  }

  TEST_CASE("an Export-Clixml export of Get-Recipient reads its lists and enumerations") {
    const std::string people = temp_file("people.json", std::string(kRecipientsJson));
    const auto dir =
        directory::load_directory({people, temp_file("tony.xml", std::string(kRecipientsClixml))});
    const auto tony = dir->resolve("Tony Smith");
    REQUIRE(tony.size() == 1);
    CHECK(dir->at(tony.front()).recipient_type == "UserMailbox");
    CHECK(dir->resolve("t.smith@contoso.com") == tony);
    CHECK(dir->manager_address("tony@contoso.com") == "anna@contoso.com");
  }

  TEST_CASE("GROUP=FILE takes a ConvertTo-Json export of Get-DistributionGroupMember") {
    // Windows PowerShell 5.1 wraps an array piped whole: {"value": [...], "Count": n}.
    const std::string members =
        temp_file("fin-members.json",
                  R"({"value": [{"Name": "anna", "PrimarySmtpAddress": "anna@contoso.com"},
                      {"Name": "tony", "PrimarySmtpAddress": "tony@contoso.com"}], "Count": 2})");
    const auto dir = directory::load_directory(
        {temp_file("r.json", std::string(kRecipientsJson)), "fin=" + members,
         temp_file("t.xml", std::string(kRecipientsClixml))});
    const auto fin = dir->resolve("fin");
    REQUIRE(fin.size() == 1);
    CHECK(dir->members_of(fin.front()).size() == 2);
  }

  TEST_CASE("a JSON or CLIXML directory's problems are at their line and column") {
    CHECK(problems_of({temp_file("bad.json", "[\n  {\"Name\": \"a\",}\n]")})
              .front()
              .starts_with("2:16: invalid JSON: syntax error while parsing object key"));
    CHECK(problems_of(
              {temp_file("numbers.json", "[{\"Name\": \"a\", \"RecipientTypeDetails\": 1}]")}) ==
          std::vector<std::string>{
              "1:40: 'RecipientTypeDetails' is the number 1, not the type's name: export with "
              "ConvertTo-Json -EnumsAsStrings (PowerShell 7) or Export-Clixml"});
    CHECK(problems_of({temp_file("addresses.json",
                                 "[{\"Name\": \"a\",\n \"EmailAddresses\": [\"SMTP:a@b.c\", "
                                 "\"junk\"]}]")}) ==
          std::vector<std::string>{
              "2:20: 'EmailAddresses': expected SMTP:user@contoso.com, smtp:alias@contoso.com "
              "or an address, found 'junk'"});
    CHECK(problems_of({temp_file("twice.json", "[{\"Name\": \"a\", \"name\": \"b\"}]")}) ==
          std::vector<std::string>{"1:16: property 'name' is given twice in this object"});
    CHECK(problems_of({temp_file("scalar.json", "[1]")})
              .front()
              .starts_with("1:2: expected a recipient as Get-Recipient"));
    CHECK(problems_of({temp_file("deep.json", std::string(100, '['))}).size() == 1);
    CHECK(problems_of({temp_file("dtd.xml",
                                 "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]>"
                                 "<Objs/>")})
              .size() == 1);
  }

  TEST_CASE("a directory export's list of 100,000 bad entries lists 1,000 problems, then stops") {
    std::string list;
    for (int k = 0; k < 100000; ++k) list += k ? ",1" : "1";
    const auto problems =
        problems_of({temp_file("bad_list.json", "[{\"Name\": \"a\", \"EmailAddresses\": [" + list +
                                                    "]},\n{\"Name\": \"b\"}]")});
    REQUIRE(problems.size() == 1001);
    CHECK(problems.front().find("'EmailAddresses': expected a list of texts") != std::string::npos);
    CHECK(problems.back().find("more than 1000 problems (the limit kMaxDirectoryProblems)") !=
          std::string::npos);
  }
}
