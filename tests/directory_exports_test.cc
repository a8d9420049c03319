// --directory files as Windows PowerShell 5.1 writes them and as a wrong or hostile file looks
// (docs/directory.md, decisions 616-617): UTF-16 exports, and a bounded count of problems.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/csv_reader.h"
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

// UTF-8 text (ASCII and two-byte characters only) as UTF-16 LE or BE code units.
std::string utf16(std::string_view utf8, bool big_endian) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    auto code = static_cast<unsigned>(static_cast<unsigned char>(utf8[i]));
    if (code >= 0xC0 && i + 1 < utf8.size()) {
      code = ((code & 0x1F) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3F);
    }
    const char high = static_cast<char>(code >> 8);
    const char low = static_cast<char>(code & 0xFF);
    out += big_endian ? high : low;
    out += big_endian ? low : high;
  }
  return out;
}

// What `Get-Recipient | Export-Csv -Encoding Unicode` writes in Windows PowerShell 5.1.
constexpr std::string_view kRecipients =
    "#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.ReducedRecipient\r\n"
    "\"Name\",\"DisplayName\",\"PrimarySmtpAddress\",\"EmailAddresses\",\"Department\"\r\n"
    "\"anna\",\"Anna L\xC3\xA9"
    "e\",\"anna@contoso.com\",\"System.Collections.ArrayList\","
    "\"Finance\"\r\n";

std::vector<std::string> problems_of(const std::vector<std::string>& specs) {
  return mfsim::test::load_problems([&] { (void)directory::load_directory(specs); });
}

}  // namespace

TEST_SUITE("directory") {
  TEST_CASE("a UTF-16 Export-Csv, with or without its byte order mark, reads as UTF-8 does") {
    for (const auto& [name, bytes] :
         {std::pair{"le-bom.csv", "\xFF\xFE" + utf16(kRecipients, false)},
          std::pair{"be-bom.csv", "\xFE\xFF" + utf16(kRecipients, true)},
          std::pair{"le.csv", utf16(kRecipients, false)}}) {
      CAPTURE(name);
      const auto dir = directory::load_directory({temp_file(name, bytes)});
      const auto ids = dir->resolve(
          "Anna L\xC3\xA9"
          "e");
      REQUIRE(ids.size() == 1);
      CHECK(dir->attribute(ids.front(), directory::ad_attribute::department) == "Finance");
      CHECK(dir->find_address("anna@contoso.com"));
    }
    // A group's member list written by `ConvertTo-Csv > members.csv` is UTF-16 LE too.
    const auto dir = directory::load_directory(
        {temp_file("r.csv", std::string(kRecipients)),
         "Finance Team=" +
             temp_file("members.csv", "\xFF\xFE" + utf16("\"Name\",\"PrimarySmtpAddress\"\r\n"
                                                         "\"anna\",\"anna@contoso.com\"\r\n",
                                                         false))});
    const auto group = dir->resolve("Finance Team");
    REQUIRE(group.size() == 1);
    CHECK(dir->members_of(group.front()).size() == 1);
  }

  TEST_CASE("UTF-16 that is cut in a character is an error naming the file, not a crash") {
    const auto problems = problems_of({temp_file("cut.csv",
                                                 "\xFF\xFE"
                                                 "N\0a\0m")});
    REQUIRE(problems.size() == 1);
    // At the character that is cut, as every UTF-16 file (decision 681).
    CHECK(problems.front() ==
          "1:1: the file is UTF-16 and cannot be decoded: the UTF-16 text ends in the middle of a "
          "character");
  }

  TEST_CASE("a CSV or YAML directory with more than 1000 problems stops there") {
    std::string csv = "\"Name\"\r\n";
    for (int k = 0; k < 5000; ++k) csv += "a,b\r\n";  // two values under one column: a problem
    const auto csv_problems = problems_of({temp_file("wrong.csv", csv)});
    REQUIRE(csv_problems.size() == directory::kMaxDirectoryProblems + 1);
    CHECK(csv_problems.back() ==
          "1002:1: more than 1000 problems (the limit kMaxDirectoryProblems): the rest of the "
          "file is not read; is it an Export-Csv of Get-Recipient, Get-User or "
          "Get-DistributionGroupMember?");
    std::string yaml = "mfsim_directory: 1\nrecipients:\n";
    for (int k = 0; k < 5000; ++k) yaml += "  - x\n";  // not a mapping: a problem each
    const auto yaml_problems = problems_of({temp_file("wrong.yaml", yaml)});
    REQUIRE(yaml_problems.size() == directory::kMaxDirectoryProblems + 1);
    CHECK(yaml_problems.back().starts_with("1003:5: more than 1000 problems"));
    // The count is each file's: a second file is read in full after a first one's problems.
    const auto both =
        problems_of({temp_file("wrong.csv", csv), temp_file("few.csv", csv.substr(0, 30))});
    CHECK(both.size() == directory::kMaxDirectoryProblems + 1 + 5);
  }

  TEST_CASE("the empty Export-Csv of a group without members is that group, with no members") {
    // Windows PowerShell 5.1's Export-Csv creates the file before the first object: nothing to
    // export leaves it empty (with -Encoding Unicode, its byte order mark alone).
    for (const auto& bytes : {std::string(), std::string("\xFF\xFE"), std::string("\r\n")}) {
      const auto dir =
          directory::load_directory({temp_file("r.csv", std::string(kRecipients)),
                                     "Empty Team=" + temp_file("empty-members.csv", bytes)});
      const auto group = dir->resolve("Empty Team");
      REQUIRE(group.size() == 1);
      CHECK(dir->members_of(group.front()).empty());
    }
    // A Get-Recipient export is never empty: an empty FILE alone is still a problem.
    CHECK(problems_of({temp_file("empty.csv", "")}).size() == 1);
  }

  TEST_CASE("a member file cut to DisplayName or EmailAddresses still names each member") {
    // `Get-DistributionGroupMember G | Select-Object DisplayName | Export-Csv`: every member was
    // dropped without a word, and each row became a second recipient of that display name.
    const std::string recipients = temp_file("r.csv", std::string(kRecipients));
    for (const auto& members :
         {std::string("#TYPE Selected.x\r\n\"DisplayName\"\r\n\"Anna L\xC3\xA9"
                      "e\"\r\n"),
          std::string("\"EmailAddresses\"\r\n\"SMTP:anna@contoso.com\"\r\n")}) {
      CAPTURE(members);
      const auto dir = directory::load_directory(
          {recipients, "Finance Team=" + temp_file("cut-members.csv", members)});
      const auto group = dir->resolve("Finance Team");
      REQUIRE(group.size() == 1);
      CHECK(dir->members_of(group.front()) == dir->resolve("anna"));
      CHECK(dir->resolve("Anna L\xC3\xA9"
                         "e")
                .size() == 1);
    }
    // A display name no other file holds is a member that names no one, at its row.
    CHECK(
        problems_of({recipients, "Finance Team=" +
                                     temp_file("ghost.csv", "\"DisplayName\"\r\n\"Ghost\"\r\n")}) ==
        std::vector<std::string>{
            "2:1: member 'Ghost' names no recipient or group of the directory"});
  }

  TEST_CASE(
      "a directory saved in a Windows code page is refused at its first byte that is not UTF-8") {
    // `Export-Csv -Encoding Default` on a Western Windows: "Lée" in Windows-1252.
    CHECK(problems_of({temp_file("ansi.csv",
                                 "\"Name\",\"DisplayName\"\r\n\"l\xC3\xA9o\",\"L\xC3\xA9o\"\r\n"
                                 "\"anna\",\"Anna L\xE9"
                                 "e\"\r\n")}) ==
          std::vector<std::string>{
              "3:15: byte 0xE9 is not UTF-8: was the file saved in a Windows code page "
              "(Export-Csv -Encoding Default, Excel's \"CSV (Comma delimited)\")? Export with "
              "-Encoding UTF8 or -Encoding Unicode"});
  }

  TEST_CASE("CSV positions count characters, and lines end at a lone CR too") {
    // Columns after "Lée" (two bytes for é) and rows of a file saved with CR line ends.
    CHECK(problems_of({temp_file("cols.csv",
                                 "\"Name\",\"DisplayName\",\"PrimarySmtpAddress\"\r\n"
                                 "\"l\xC3\xA9o\",\"L\xC3\xA9o\",\"not an address\"\r\n")}) ==
          std::vector<std::string>{"2:13: 'PrimarySmtpAddress': expected an email address such as "
                                   "user@contoso.com, found 'not an address'"});
    CHECK(problems_of({temp_file("cr.csv",
                                 "#TYPE x\r\"Name\",\"PrimarySmtpAddress\"\r\"a\",\"a@x.com\"\r"
                                 "\"b\",\"not an address\"\r")}) ==
          std::vector<std::string>{"4:5: 'PrimarySmtpAddress': expected an email address such as "
                                   "user@contoso.com, found 'not an address'"});
  }

  TEST_CASE("a first line that starts with # is passed over, as Import-Csv does (decision 830)") {
    for (const std::string first : {"#Type Deserialized.Microsoft.Exchange.Data.Directory."
                                    "Management.ReducedRecipient",
                                    "# exported for the mfsim dry run"}) {
      CAPTURE(first);
      const auto dir = directory::load_directory(
          {temp_file("hash.csv", first + "\r\n\"Name\",\"PrimarySmtpAddress\"\r\n"
                                         "\"ann\",\"ann@contoso.com\"\r\n")});
      CHECK(dir->find_address("ann@contoso.com"));
      CHECK(problems_of({temp_file("hash-bad.csv", first + "\n\"Name\",\"PrimarySmtpAddress\"\n"
                                                           "\"ann\",\"ann\"\n")}) ==
            std::vector<std::string>{"3:7: 'PrimarySmtpAddress': expected an email address such "
                                     "as user@contoso.com, found 'ann'"});
    }
  }

  TEST_CASE("a record past the budget is the one problem of its row (decision 832)") {
    const std::string values = std::string(1000, ',') + std::string(mfsim::kMaxCsvRecordBytes, 'x');
    CHECK(problems_of({temp_file("values.csv", "\"Name\",\"PrimarySmtpAddress\"\n" + values)}) ==
          std::vector<std::string>{"2:1: a record runs on past 16777216 bytes (the limit "
                                   "kMaxCsvRecordBytes): the rest of the file is not read"});
    // 16 MiB of commas stop sooner, at the 1,025th value (decision 814), again one problem.
    const std::string commas(mfsim::kMaxCsvRecordBytes + 1, ',');
    CHECK(problems_of({temp_file("commas.csv", "\"Name\",\"PrimarySmtpAddress\"\n" + commas)}) ==
          std::vector<std::string>{"2:1025: a row holds more than 1024 values (the limit "
                                   "kMaxCsvColumns): the rest of the file is not read"});
  }

  TEST_CASE("a header row naming a column twice is refused at the second (decision 833)") {
    CHECK(problems_of({temp_file("twice-col.csv",
                                 "\"Name\",\"Department\",\"PrimarySmtpAddress\",\"department\"\r\n"
                                 "\"ann\",\"Sales\",\"ann@contoso.com\",\"Finance\"\r\n")}) ==
          std::vector<std::string>{"1:42: the header row names the column 'department' twice: "
                                   "Import-Csv refuses such a file; keep one of the two"});
  }

  TEST_CASE("the same directory file given twice is one problem, not one a row") {
    const std::string file = temp_file("twice.csv", std::string(kRecipients));
    const std::string same = file.substr(0, file.rfind('/')) + "/./twice.csv";
    CHECK(problems_of({file, same}) ==
          std::vector<std::string>{"0:0: '" + same +
                                   "' is given twice as --directory: each file once"});
    // A member file may list the members of two groups.
    const std::string members = temp_file("m.csv", "\"Name\"\r\n\"anna\"\r\n");
    CHECK(problems_of({file, "A Team=" + members, "B Team=" + members}).empty());
  }

  TEST_CASE("EmailAddresses joined with ';' keeps its SMTP proxies beside X500 and X400 ones") {
    // What docs/directory.md's `$_.EmailAddresses -join ';'` gives for a migrated mailbox: the
    // X500 and X400 proxies hold spaces and ';' themselves.
    const auto dir = directory::load_directory({temp_file(
        "x500.csv",
        "\"Name\",\"EmailAddresses\"\r\n\"tony\",\"SMTP:tony@contoso.com;X500:/o=ExchangeLabs/"
        "ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=5d1c-tony;"
        "X400:C=US;A= ;P=Contoso;O=Exchange;S=Smith;G=Tony;;smtp:t.smith@contoso.com;"
        "SIP:tony@contoso.com\"\r\n")});
    const auto tony = dir->resolve("tony");
    REQUIRE(tony.size() == 1);
    CHECK(dir->find_address("t.smith@contoso.com"));
    CHECK(dir->resolve("tony@contoso.com") == tony);
    CHECK_FALSE(dir->find_address("tony@contoso.com;x500:/o=exchangelabs/ou=exchange"));
    // A word after an SMTP proxy is still no proxy address.
    CHECK(problems_of({temp_file("junk.csv",
                                 "\"Name\",\"EmailAddresses\"\r\n"
                                 "\"bob\",\"SMTP:bob@contoso.com junk\"\r\n")})
              .size() == 1);
  }

  TEST_CASE("an X500 piece holding a '@' and no space is no SMTP address") {
    // The cn of a migrated mailbox may end in its old address: after the split at spaces, that
    // piece holds a '@' and no space, but '/' and '=' make it the X500 name's.
    const auto dir = directory::load_directory({temp_file(
        "x500_at.csv",
        "\"Name\",\"EmailAddresses\"\r\n\"ann\",\"SMTP:ann@contoso.com X500:/o=ExchangeLabs/"
        "ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ann@contoso.com-1a2b "
        "smtp:a.lee@contoso.com\"\r\n")});
    const auto ann = dir->resolve("ann");
    REQUIRE(ann.size() == 1);
    CHECK(dir->at(ann.front()).addresses ==
          std::vector<std::string>{"ann@contoso.com", "a.lee@contoso.com"});
    CHECK_FALSE(dir->find_address("(fydibohf23spdlt)/cn=recipients/cn=ann@contoso.com-1a2b"));
  }

  TEST_CASE("a directory address has a domain a mailbox can have") {
    // `a@b..c` and `a@-x` pass rule values' check, but no mailbox has them (decision 775).
    // Nor a second `@` outside quotes (decision 813).
    for (const std::string bad : {"ann@contoso..com", "ann@-contoso.com", "ann@contoso.com.",
                                  "ann@@contoso.com", "ann@fabrikam@contoso.com"}) {
      CAPTURE(bad);
      const auto problems = problems_of({temp_file(
          "bad_domain.csv", "\"Name\",\"PrimarySmtpAddress\"\r\n\"ann\",\"" + bad + "\"\r\n")});
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].starts_with("2:7: 'PrimarySmtpAddress': expected an email address"));
    }
    CHECK(problems_of(
              {temp_file("good.csv",
                         "\"Name\",\"PrimarySmtpAddress\"\r\n\"ann\",\"ann@contoso.com\"\r\n")})
              .empty());
  }

  TEST_CASE("a bare address after a space in an X500 name is the name's, after ';' its own") {
    // An X500 cn holds spaces (`cn=Ann Lee`): a bare address a space after it is part of it,
    // one after ';' a proxy of its own (decision 774).
    const auto dir = directory::load_directory({temp_file(
        "x500_space.csv",
        "\"Name\",\"EmailAddresses\"\r\n\"ann\",\"SMTP:ann@contoso.com;X500:/o=ExchangeLabs/"
        "cn=Recipients/cn=Ann old.ann@fabrikam.com;a.lee@contoso.com\"\r\n")});
    const auto ann = dir->resolve("ann");
    REQUIRE(ann.size() == 1);
    CHECK(dir->at(ann.front()).addresses ==
          std::vector<std::string>{"ann@contoso.com", "a.lee@contoso.com"});
    CHECK_FALSE(dir->find_address("old.ann@fabrikam.com"));
  }

  TEST_CASE("a Members column joined with ';' keeps the spaces inside display names") {
    const std::string groups =
        "\"Name\",\"DisplayName\",\"PrimarySmtpAddress\",\"RecipientType\",\"Members\"\r\n"
        "\"tony\",\"Tony Smith\",\"tony@contoso.com\",\"UserMailbox\",\"\"\r\n"
        "\"anna\",\"Anna Lee\",\"anna@contoso.com\",\"UserMailbox\",\"\"\r\n"
        "\"fin\",\"Finance\",\"fin@contoso.com\",\"MailUniversalDistributionGroup\","
        "\"Tony Smith; Anna Lee\"\r\n"
        "\"ops\",\"Ops\",\"ops@contoso.com\",\"MailUniversalDistributionGroup\","
        "\"tony@contoso.com anna@contoso.com\"\r\n";
    const auto dir = directory::load_directory({temp_file("groups.csv", groups)});
    for (const std::string_view group : {"fin", "ops"}) {
      CAPTURE(group);
      CHECK(dir->members_of(dir->resolve(group).front()).size() == 2);
    }
  }

  TEST_CASE("an address with a control character in it is no address") {
    // An escape sequence in PrimarySmtpAddress went into every record naming the recipient
    // (AddManagerAsRecipientType's "manager"), as a NUL did.
    for (const std::string& address :
         {std::string("ann\x1b[2J@contoso.com"), std::string("ann\0@contoso.com", 16)}) {
      const auto problems = problems_of({temp_file(
          "ctl.csv", "\"Name\",\"PrimarySmtpAddress\"\r\n\"anna\",\"" + address + "\"\r\n")});
      REQUIRE(problems.size() == 1);
      CHECK(problems.front().starts_with("2:8: 'PrimarySmtpAddress': expected an email address"));
    }
  }
}
