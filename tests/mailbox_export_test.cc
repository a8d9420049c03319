// --mailbox-state reads Exchange's exports of Get-MailboxJunkEmailConfiguration: ConvertTo-Json
// (PowerShell 7), Export-Csv (Windows PowerShell 5.1, UTF-16) and Export-Clixml, identities
// mapped to addresses through --directory (decisions 650-655).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/directory/load_directory.h"
#include "engine/mailbox/load_mailbox_export.h"
#include "engine/mailbox/load_mailbox_state.h"
#include "engine/rules/json_locator.h"
#include "tests/support/build_paths.h"
#include "tests/support/load_problems.h"
#include "tests/support/process.h"

namespace {

const std::string kDir = mfsim::test::source_dir() + "/tests/testdata/mailbox_export/";

std::shared_ptr<const mfsim::directory::directory_index> contoso() {
  return mfsim::directory::load_directory({kDir + "directory.yaml"});
}

mfsim::mailbox::mailbox_state load(const std::string& name) {
  const auto directory = contoso();
  return mfsim::mailbox::load_mailbox_state_file(kDir + name, [&] { return directory.get(); });
}

std::vector<std::string> problems_of(std::string_view text, bool with_directory = true) {
  const auto directory = contoso();
  return mfsim::test::load_problems([&] {
    (void)mfsim::mailbox::load_mailbox_export(text, "state.json",
                                              with_directory ? directory.get() : nullptr);
  });
}

// An Export-Clixml state, not closed, of `mailboxes` mailboxes u0@contoso.com ... each naming its
// trusted list of three senders again by a <Ref> as its blocked list, as Export-Clixml writes an
// object met again.
std::string naming_each_list_again(int mailboxes) {
  std::string text = "<Objs>\n";
  for (int k = 0; k < mailboxes; ++k) {
    const std::string id = std::to_string(k);
    text += "<Obj><Props><S N=\"Identity\">u" + id +
            "@contoso.com</S><Obj N=\"TrustedSendersAndDomains\" RefId=\"" + id +
            "\"><LST><S>a0.example</S><S>a1.example</S><S>a2.example</S></LST></Obj>"
            "<Ref N=\"BlockedSendersAndDomains\" RefId=\"" +
            id + "\"/></Props></Obj>\n";
  }
  return text;
}

}  // namespace

TEST_SUITE("mailbox") {
  TEST_CASE("a ConvertTo-Json export maps display names through the directory") {
    const auto state = load("junk_ps7.json");
    // Ann Lee's mailbox (two addresses, one settings: decision 683), and carol's address.
    REQUIRE(state.mailboxes().size() == 2);
    const auto* ann = state.find("a.lee@contoso.com");
    REQUIRE(ann != nullptr);
    CHECK(ann->safe_senders ==
          std::vector<std::string>{"partner@fabrikam.com", "tailspintoys.com"});
    CHECK(ann->blocked_senders == std::vector<std::string>{"offers@example.net"});
    CHECK(ann->contacts_trusted);
    CHECK_FALSE(ann->trusted_lists_only);
    REQUIRE(state.find("ann@contoso.com") != nullptr);
    // Enabled $false: the safelist collection moves nothing.
    const auto* carol = state.find("carol@contoso.com");
    REQUIRE(carol != nullptr);
    CHECK(carol->blocked_senders.empty());
    CHECK_FALSE(carol->trusted_lists_only);
  }

  TEST_CASE("a UTF-16 Export-Csv with a TYPE line reads lists joined with semicolons") {
    const auto state = load("junk_ps51_utf16.csv");
    const auto* ann = state.find("ann@contoso.com");
    REQUIRE(ann != nullptr);
    CHECK(ann->safe_senders ==
          std::vector<std::string>{"partner@fabrikam.com", "tailspintoys.com"});
    CHECK(ann->contacts_trusted);
    const auto* bob = state.find("bob@contoso.com");
    REQUIRE(bob != nullptr);
    CHECK(bob->safe_senders.empty());
    CHECK(bob->blocked_senders == std::vector<std::string>{"example.org"});
    CHECK(bob->trusted_lists_only);
  }

  TEST_CASE("a CSV list joined with commas, spaces or line breaks reads as one joined with ';'") {
    const auto state = mfsim::mailbox::mailbox_state(
        mfsim::mailbox::load_mailbox_export("Identity,TrustedSendersAndDomains\r\n"
                                            "a@contoso.com,\"x.com, y@z.com\r\nw.org;;v.net\"\r\n",
                                            "state.csv", nullptr));
    REQUIRE(state.find("a@contoso.com") != nullptr);
    CHECK(state.find("a@contoso.com")->safe_senders ==
          std::vector<std::string>{"v.net", "w.org", "x.com", "y@z.com"});
  }

  TEST_CASE("an export of more mailboxes than the cap stops at the first record past it") {
    // Decision 1088: a mailbox held takes about 370 bytes however short its row, so the 1 GiB of
    // 1076 bounded nothing: a gigabyte of 10-byte rows would take 40 GB.
    const std::string csv = "Identity\na@contoso.com\nb@contoso.com\nc@contoso.com\n";
    CHECK(mfsim::mailbox::load_mailbox_export(csv, "state.csv", nullptr, 3).size() == 3);
    try {
      (void)mfsim::mailbox::load_mailbox_export(csv, "state.csv", nullptr, 2);
      FAIL("a third mailbox past a cap of 2 loaded");
    } catch (const mfsim::load_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].where.line == 4);
      CHECK(e.diagnostics()[0].message ==
            "the mailbox state holds more than 2 mailboxes (the limit kMaxStateMailboxes): the "
            "rest of the file is not read; split the export");
    }
  }

  TEST_CASE("a UTF-16 Export-Clixml export is read") {
    const auto state = load("junk.clixml");
    const auto* ann = state.find("ann@contoso.com");
    REQUIRE(ann != nullptr);
    CHECK(ann->safe_senders == std::vector<std::string>{"partner@fabrikam.com"});
    CHECK(ann->blocked_senders == std::vector<std::string>{"example.org", "offers@example.net"});
  }

  TEST_CASE("Export-Csv type names and unknown identities are refused at their positions") {
    const auto problems = mfsim::test::load_problems(
        [&] { (void)mfsim::mailbox::load_mailbox_state_file(kDir + "junk_type_names.csv"); });
    REQUIRE(problems.size() == 2);
    CHECK(
        problems[0].starts_with("2:26: 'TrustedSendersAndDomains' holds the type name "
                                "'System.Collections.ArrayList', not the entries"));
    CHECK(problems[0].find("-join ';'") != std::string::npos);
    CHECK(
        problems[1].starts_with("3:1: 'Identity' 'Dee Roe' is not an SMTP address: give "
                                "--directory"));
  }

  TEST_CASE("an Export-Csv naming a column twice, or with a # first line (decisions 830, 833)") {
    CHECK(problems_of("\"Identity\",\"Enabled\",\"identity\"\r\n"
                      "\"ann@contoso.com\",\"True\",\"bob@contoso.com\"\r\n") ==
          std::vector<std::string>{"1:22: the header row names the column 'identity' twice: "
                                   "Import-Csv refuses such a file; keep one of the two"});
    CHECK(problems_of("#Type Deserialized.X\r\n\"Identity\",\"Enabled\"\r\n"
                      "\"ann@contoso.com\",\"yes\"\r\n")
              .at(0)
              .starts_with("3:19: "));
    CHECK(mfsim::mailbox::is_mailbox_export("# exported\r\n\"Identity\",\"Enabled\"\r\n"));
  }

  TEST_CASE("a quote never closed is the one problem of its record (decision 832)") {
    CHECK(
        problems_of("\"Identity\",\"Enabled\"\r\n\"ann@contoso.com\",\"True\r\n") ==
        std::vector<std::string>{"2:19: a quoted value is not closed before the end of the file"});
  }

  TEST_CASE("an identity the directory does not know is an error unless it is an address") {
    CHECK(problems_of(R"([{"Identity": "Zed"}, {"Identity": "zed@contoso.com"}])") ==
          std::vector<std::string>{
              "1:15: 'Identity' 'Zed' is not an SMTP address and names no entry of --directory: "
              "give --directory with the mailbox (docs/directory.md) or export the address as "
              "Identity"});
    // Two records for one mailbox: by alias, then by address.
    CHECK(
        problems_of("{\"value\": [{\"Identity\": \"ann\"},\n {\"Identity\": "
                    "\"ANN@contoso.com\"}], \"Count\": 2}") ==
        std::vector<std::string>{"2:15: mailbox 'ANN@contoso.com' given twice (first at line 1)"});
    CHECK(problems_of(R"({"Identity": "bob", "Enabled": "maybe"})") ==
          std::vector<std::string>{"1:32: 'Enabled': expected True or False"});
  }

  TEST_CASE("an identity with a control character, a space or no domain is no address") {
    // Decision 684: as rule values take an address; the directory's own check (decision 627).
    const auto problems = problems_of(
        "[{\"Identity\": \"a\\u0000b@x.com\"},\n{\"Identity\": \"c d@x.com\"},\n"
        "{\"Identity\": \"e@\"}]",
        false);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == std::string("1:15: 'Identity' 'a\0b@x.com' is not an SMTP address: give "
                                     "--directory with the mailbox (docs/directory.md) or export "
                                     "the address as Identity",
                                     140));
    CHECK(problems[1] ==
          "2:14: 'Identity' 'c d@x.com' is not an SMTP address: give --directory with the "
          "mailbox (docs/directory.md) or export the address as Identity");
    CHECK(problems[2] ==
          "3:14: 'Identity' 'e@' is not an SMTP address: give --directory with the mailbox "
          "(docs/directory.md) or export the address as Identity");
  }

  TEST_CASE("a property given twice in an object is refused, not read as its last value") {
    CHECK(problems_of(R"([{"Identity": "a@x.com", "identity": "b@x.com"}])", false) ==
          std::vector<std::string>{"1:26: property 'identity' is given twice in this object"});
    // The problems found before a record that cannot be read are kept.
    CHECK(problems_of(R"([{"Identity": "Zed"}, 5])", false).size() == 2);
  }

  TEST_CASE("PowerShell 5.1's wrapper that gives its list twice is refused at the second") {
    CHECK(problems_of("{\"value\": [{\"Identity\": \"a@x.com\"}],\n \"value\": [{\"Identity\": "
                      "\"b@x.com\"}, {\"Identity\": \"c@x.com\", \"Identity\": \"d@x.com\"}]}",
                      false) ==
          std::vector<std::string>{"2:2: property 'value' is given twice in this object"});
  }

  TEST_CASE("an object with more than 1000 properties is refused before it is parsed") {
    // nlohmann's ordered objects cost k * k for k keys: 60,000 took 7 s (decision 686).
    std::string text = "[{\"Identity\": \"a@x.com\"";
    for (int k = 0; k < 999; ++k) text += ", \"K" + std::to_string(k) + "\": 1";  // 1,000 in all
    CHECK(problems_of(text + "}]", false).empty());
    const auto problems = problems_of(text + ", \"Z\": 1}]", false);
    REQUIRE(problems.size() == 1);
    // At the 1,001st property's key, its opening quote (decision 773), not its ':'.
    CHECK(problems.front().starts_with(
        "1:" + std::to_string(text.size() + 3) +
        ": invalid JSON: an object with more than 1000 properties (the limit kMaxObjectKeys)"));
  }

  TEST_CASE("the 1,001st key is placed at its key when the keys are not quoted") {
    // Decision 892: not JSON, but the position was the last string's quote, here a value's a
    // thousand properties back, or the ':' when no string came before.
    using mfsim::rules::json_export::too_many_keys;
    std::string text = "{\"Identity\": \"a@x.com\"";
    for (int k = 0; k < 999; ++k) text += ",\n K" + std::to_string(k) + " : 1";
    CHECK(too_many_keys(text + "}") == std::nullopt);
    CHECK(too_many_keys(text + ", Zed: 1}") == text.size() + 2);
    CHECK(too_many_keys(text + ",\tZed\t: 1}") == text.size() + 2);
    CHECK(too_many_keys(text + ",'Zed': 1}") == text.size() + 1);
    CHECK(too_many_keys(text + ", \"Zed\": 1}") == text.size() + 2);
    // A ':' with no key before it is placed at itself.
    CHECK(too_many_keys(text + ", : 1}") == text.size() + 2);
    std::string bare = "{";
    for (int k = 0; k < 1001; ++k) bare += (k ? ",k" : "k") + std::to_string(k) + ":1";
    CHECK(too_many_keys(bare + "}") == bare.size() - 7);  // k1000:1
    const auto problems = problems_of("[" + bare + "}]", false);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().starts_with("1:" + std::to_string(bare.size() - 5) + ": invalid JSON"));
  }

  TEST_CASE("a ':' in a list is no property of an object: the key limit counts objects only") {
    // Decision 982: `[:,:,...]` was refused as an object of more than 1000 properties.
    using mfsim::rules::json_export::too_many_keys;
    std::string colons = "[";
    for (int k = 0; k < 1001; ++k) colons += k ? ",:" : ":";
    CHECK(too_many_keys(colons + "]") == std::nullopt);
    // Nor do a list's ':'s count for the object around it, nor an object's for the list's.
    CHECK(too_many_keys("{\"a\": " + colons + "], \"b\": 1}") == std::nullopt);
    std::string wide = "{";
    for (int k = 0; k < 1001; ++k) wide += (k ? ",\"k" : "\"k") + std::to_string(k) + "\":1";
    CHECK(too_many_keys("[" + colons + "], " + wide + "}]") ==
          colons.size() + 4 + wide.size() - 9);  // "k1000":1
    const auto problems = problems_of(colons + "]", false);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().find("invalid JSON") != std::string::npos);
    CHECK(problems.front().find("properties") == std::string::npos);
  }

  TEST_CASE("a file of more than 4,194,304 values is refused before it is parsed, at line:col") {
    // `[0,0,...]` in 32 MiB: 16 million values, 1.3 GB and 30 s once parsed (decision 742).
    constexpr std::size_t kLimit = std::size_t{1} << 22;
    // The root, the array, the object, its second property and the list: 5 counted so far.
    std::string text = "[{\"Identity\": \"a@x.com\", \"BlockedSendersAndDomains\": [";
    text.reserve(2 * kLimit + 64);
    for (std::size_t k = 5; k < kLimit; ++k) text += "0,";
    text += "0]}";
    CHECK(mfsim::rules::json_export::too_many_values(text + "]") == std::nullopt);
    const auto problems = problems_of("\n" + text + ",{}]", false);
    REQUIRE(problems.size() == 1);
    // At the comma past the limit: the one after the list's object, line 2.
    CHECK(problems.front().starts_with(
        "2:" + std::to_string(text.size() + 1) +
        ": invalid JSON: more than 4194304 values in the file (the limit kMaxJsonValues)"));
    // Decision 1128: the message says how large a tenant this is, and what to export instead.
    CHECK(problems.front().ends_with(
        "(the limit kMaxJsonValues): a ConvertTo-Json export holds about 524288 objects of 8 "
        "values at most; export a larger tenant with Export-Csv or Export-Clixml, or split it"));
  }

  TEST_CASE("a run of more than 1 MiB of blanks outside strings is refused where it starts") {
    // nlohmann would write every blank of the run into its message, escaped (decision 1009).
    constexpr std::size_t kLimit = std::size_t{1} << 20;
    const std::string within = "[" + std::string(kLimit, '\n') + "]";
    CHECK(mfsim::rules::json_export::too_long_blank_run(within) == std::nullopt);
    // Blanks inside a string are the text's own, not counted.
    CHECK(mfsim::rules::json_export::too_long_blank_run("[\"" + std::string(kLimit + 1, ' ') +
                                                        "\"]") == std::nullopt);
    const auto problems = problems_of("[{}, " + std::string(kLimit + 1, ' ') + "{}]", false);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front() ==
          "1:5: invalid JSON: more than 1048576 blank characters in a row (the limit "
          "kMaxBlankRun); an export's indentation is a few dozen");
  }

  TEST_CASE("an Export-Clixml is read a mailbox at a time, a Ref to an earlier one's list too") {
    // Each <Obj> of <Objs> is read as it closes and then freed (decision 890); a <Ref> names an
    // object of an earlier mailbox, which is kept for it.
    const std::string text =
        "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n"
        "<Obj RefId=\"0\"><Props><S N=\"Identity\">Ann Lee</S>"
        "<Obj N=\"BlockedSendersAndDomains\" RefId=\"1\"><LST><S>a.example</S><S>b.example</S>"
        "</LST></Obj></Props></Obj>\n"
        "<Obj RefId=\"2\"><Props><S N=\"Identity\">bob@contoso.com</S>"
        "<Ref N=\"BlockedSendersAndDomains\" RefId=\"1\" /></Props></Obj>\n</Objs>";
    const auto directory = contoso();
    const auto state = mfsim::mailbox::mailbox_state(
        mfsim::mailbox::load_mailbox_export(text, "junk.xml", directory.get()));
    const std::vector<std::string> both{"a.example", "b.example"};
    REQUIRE(state.find("a.lee@contoso.com") != nullptr);
    CHECK(state.find("a.lee@contoso.com")->blocked_senders == both);
    REQUIRE(state.find("bob@contoso.com") != nullptr);
    CHECK(state.find("bob@contoso.com")->blocked_senders == both);
  }

  TEST_CASE("an Export-Clixml that is not XML is refused before its mailboxes are read") {
    // The whole document is checked first (decision 932): a cut file says so at once, not after
    // the problems of the mailboxes before the cut.
    const std::string ill_formed =
        "<Objs>\n<Obj><Props><S N=\"Identity\">Zed</S></Props></Obj>\n"
        "<Obj><Props><S N=\"Identity\">bob@contoso.com</Props></Obj>\n</Objs>";
    CHECK(problems_of(ill_formed) ==
          std::vector<std::string>{"3:44: invalid XML: </Props> closes <S>"});
    const std::string cut =
        "<Objs>\n<Obj><Props><S N=\"Identity\">Zed</S></Props></Obj>\n"
        "<Obj><Props><S N=\"Identity\">Ann</S>";
    CHECK(problems_of(cut) ==
          std::vector<std::string>{"3:6: invalid XML: element <Props> is not closed"});
    // Another root that is not XML either: the XML is what is wrong first.
    CHECK(problems_of("<Obj>\n<x></Obj>") ==
          std::vector<std::string>{"2:4: invalid XML: </Obj> closes <x>"});
  }

  TEST_CASE("the RefIds an Export-Clixml's Refs name are held to the Ref budget, first") {
    // Decision 983: the first reading kept every RefId a <Ref> names with no limit (a 30 MB
    // file of <Ref>s took 155 MB). They count against what <Ref>s may take (the file's size
    // plus 16 MiB), each its bytes and 80 more, and past it the file is refused at that <Ref>,
    // before any mailbox is read, as an XML problem is.
    std::string text = "<Objs>\n<Obj><Props><S N=\"Identity\">Zed</S></Props></Obj>\n<Obj><Props>";
    const std::size_t first_ref = text.size();
    constexpr int kRefs = 400000;
    for (int k = 0; k < kRefs; ++k) text += "<Ref RefId=\"" + std::to_string(k) + "\"/>";
    text += "</Props></Obj>\n</Objs>";
    const std::size_t budget = text.size() + (std::size_t{16} << 20);
    std::size_t spent = 0;
    std::size_t at = first_ref;
    for (int k = 0;; ++k) {
      const std::string id = std::to_string(k);
      spent += id.size() + 80;
      if (spent > budget) break;
      at += std::string("<Ref RefId=\"\"/>").size() + id.size();
    }
    REQUIRE(at < text.size());
    CHECK(problems_of(text) ==
          std::vector<std::string>{
              "3:" + std::to_string(at - first_ref + 13) +
              ": invalid CLIXML: <Ref> elements name more objects than an export holds: their "
              "RefIds take more than " +
              std::to_string(budget >> 20) + " MiB to keep (a Ref fan-out)"});
    // Refs to a few objects, many times over, keep a few RefIds.
    std::string shared =
        "<Objs>\n<Obj RefId=\"0\"><Props><S N=\"Identity\">bob@contoso.com</S>"
        "<Obj N=\"BlockedSendersAndDomains\" RefId=\"1\"><LST><S>a.example</S></LST></Obj>"
        "</Props></Obj>\n";
    for (int k = 0; k < 2000; ++k)
      shared +=
          "<Obj><Props><S N=\"Identity\">ann@contoso.com</S><Ref "
          "N=\"BlockedSendersAndDomains\" RefId=\"1\"/></Props></Obj>\n";
    const auto problems = problems_of(shared + "</Objs>");  // ann's settings given 2,000 times
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.front().find("fan-out") == std::string::npos);
  }

  TEST_CASE("the RefIds of an Export-Clixml's objects and type names are held to their budget") {
    // Decision 1078: the reading kept the RefId of every <Obj> and <TN> read (to refuse one given
    // twice, and to find a <TNRef>'s) with no limit: 300,000 empty objects of one mailbox held
    // 24 MB. Each costs its bytes and 80 more, as a RefId the first reading keeps (decisions
    // 983, 1012), against the file's size plus 16 MiB, and past it the reading stops there.
    for (const std::string element : {"<Obj RefId=\"", "<Obj><TN RefId=\""}) {
      CAPTURE(element);
      const std::string end = element.starts_with("<Obj><TN") ? "\"/></Obj>" : "\"/>";
      std::string text =
          "<Objs>\n<Obj><Props><S N=\"Identity\">bob@contoso.com</S>"
          "<Obj N=\"TrustedSendersAndDomains\"><LST>";
      const std::size_t line_start = std::string("<Objs>\n").size();
      const std::size_t first = text.size();
      constexpr int kObjects = 400000;
      for (int k = 0; k < kObjects; ++k) text += element + std::to_string(k) + end;
      text += "</LST></Obj></Props></Obj>\n</Objs>";
      const std::size_t budget = text.size() + (std::size_t{16} << 20);
      std::size_t spent = 0;
      std::size_t at = first;
      for (int k = 0;; ++k) {
        const std::string id = std::to_string(k);
        spent += id.size() + 80;
        // An <Obj>'s is placed at its RefId's value, a <TN>'s at the <TN>.
        if (spent > budget) {
          at += end.size() == 3 ? element.size() : std::string("<Obj>").size();
          break;
        }
        at += element.size() + id.size() + end.size();
      }
      REQUIRE(at < text.size());
      CHECK(problems_of(text, false) ==
            std::vector<std::string>{"2:" + std::to_string(at - line_start + 1) +
                                     ": invalid CLIXML: the RefIds of the <Obj> and <TN> elements "
                                     "take more than " +
                                     std::to_string(budget >> 20) +
                                     " MiB to keep, more than an export holds"});
    }
  }

  TEST_CASE("an Export-Clixml that names each mailbox's list once more loads at any size") {
    // Decision 1030: Export-Clixml writes a <Ref> for an object met again, so 20,000 mailboxes
    // each naming its trusted list again as its blocked list (4.5 MB) is an ordinary export; the
    // budget of the file's size plus 16 MiB refused it. Now a multiple of the file's size.
    constexpr int kMailboxes = 20000;
    const std::string text = naming_each_list_again(kMailboxes) + "</Objs>";
    CHECK(problems_of(text, false).empty());
    const auto state = mfsim::mailbox::mailbox_state(
        mfsim::mailbox::load_mailbox_export(text, "junk.xml", nullptr));
    CHECK(state.mailboxes().size() == kMailboxes);
    const auto* last = state.find("u19999@contoso.com");
    REQUIRE(last != nullptr);
    const std::vector<std::string> senders{"a0.example", "a1.example", "a2.example"};
    CHECK(last->blocked_senders == senders);
  }

  TEST_CASE("one large object an Export-Clixml names again and again is still a Ref fan-out") {
    // A list of 10,000 senders kept, then mailboxes that each name it: each copy costs the whole
    // list, and the reading stops at the copy past the budget (16 times the file plus 16 MiB).
    std::string text =
        "<Objs>\n<Obj><Props><S N=\"Identity\">big@contoso.com</S>"
        "<Obj N=\"TrustedSendersAndDomains\" RefId=\"0\"><LST>";
    constexpr int kSenders = 10000;
    for (int k = 0; k < kSenders; ++k) text += "<S>x.example</S>";
    text += "</LST></Obj></Props></Obj>\n";
    constexpr int kMailboxes = 2000;
    for (int k = 0; k < kMailboxes; ++k)
      text += "<Obj><Props><S N=\"Identity\">u" + std::to_string(k) +
              "@contoso.com</S><Ref N=\"BlockedSendersAndDomains\" RefId=\"0\"/></Props></Obj>\n";
    text += "</Objs>";
    // What clixml_tree.cc charges: 128 bytes a value besides its text, the kept list, each copy.
    const std::size_t list_cost = 128 + kSenders * (128 + std::string("x.example").size());
    const std::size_t budget = 16 * text.size() + (std::size_t{16} << 20);
    const std::size_t copies_allowed = budget / list_cost - 1;
    REQUIRE(copies_allowed < kMailboxes);
    const auto problems = problems_of(text, false);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.back().rfind(std::to_string(3 + copies_allowed) + ":", 0) == 0);
    CHECK(problems.back().find("a Ref fan-out") != std::string::npos);
  }

  TEST_CASE("a CLIXML problem comes after the problems of the objects before it, as JSON's") {
    // Decision 984: problems are listed in the order of the file; a problem of an object's
    // CLIXML (or JSON) structure stops the reading there, after those of the objects before
    // it. Only a file that is not XML (or JSON) at all is refused first (decisions 932, 983).
    const std::string clixml =
        "<Objs>\n<Obj><Props><S N=\"Identity\">Zed</S></Props></Obj>\n"
        "<Obj><Props><S N=\"Identity\">bob@contoso.com</S><B N=\"Enabled\">maybe</B></Props>"
        "</Obj>\n</Objs>";
    const auto xml_problems = problems_of(clixml);
    REQUIRE(xml_problems.size() == 2);
    CAPTURE(xml_problems[0]);
    CHECK(xml_problems[0].starts_with("2:29: 'Identity' 'Zed'"));
    CHECK(xml_problems[1] == "3:63: invalid CLIXML: <B> holds 'maybe', not true or false");
    const auto json_problems = problems_of(
        "[{\"Identity\": \"Zed\"},\n {\"Identity\": \"bob@contoso.com\", \"identity\": \"x\"}]");
    REQUIRE(json_problems.size() == 2);
    CHECK(json_problems[0].starts_with("1:15: 'Identity' 'Zed'"));
    CAPTURE(json_problems[1]);
    CHECK(json_problems[1].starts_with("2:34: property 'identity' is given twice"));
  }

  TEST_CASE("an export naming each mailbox's list once again by a Ref is not a fan-out") {
    // Decision 1012: Export-Clixml writes a <Ref> where an object is met again, so an export
    // may name one RefId per mailbox. Charged to
    // the budget of the objects kept and copied too, those RefIds refused this state of 19,000
    // mailboxes (4 MB) that the objects alone fit in.
    const std::string text = naming_each_list_again(19000);
    CHECK(problems_of(text + "</Objs>", false).empty());
  }

  TEST_CASE("a mailbox's many addresses share one copy of its lists") {
    const mfsim::test::temp_dir dir;
    std::string proxies;
    for (int k = 0; k < 300; ++k) proxies += " smtp:p" + std::to_string(k) + "@contoso.com";
    const auto directory = mfsim::directory::load_directory(
        {dir.write("big.csv", "Name,PrimarySmtpAddress,EmailAddresses\nbig,big@contoso.com,\"" +
                                  proxies + "\"\n")});
    std::string list;
    for (int k = 0; k < 1000; ++k) list += (k ? ",\"s" : "\"s") + std::to_string(k) + ".com\"";
    const auto state = mfsim::mailbox::mailbox_state(mfsim::mailbox::load_mailbox_export(
        "[{\"Identity\": \"big\", \"BlockedSendersAndDomains\": [" + list + "]}]", "state.json",
        directory.get()));
    // 301 addresses, one settings: 1,000 entries held once, not 301 times (decision 683).
    REQUIRE(state.mailboxes().size() == 1);
    CHECK(state.mailboxes().front().blocked_senders.size() == 1000);
    CHECK(state.find("p299@contoso.com") == state.find("big@contoso.com"));
    CHECK(state.find("p299@contoso.com") != nullptr);
    CHECK(state.differs_by_recipient());
  }

  TEST_CASE("control characters in an export's identity reach the terminal inert") {
    const mfsim::test::temp_dir dir;
    const std::string state = dir.write("evil.json", "[{\"Identity\": \"\\u001b[31mEvil\"}]");
    const auto r =
        mfsim::test::run_mfsim({"run", "--rules", "eop-default", "--mailbox-state", state, "-"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find('\x1b') == std::string::npos);
    CHECK(r.err.find(":1:15: error: 'Identity' '\\x1b[31mEvil' is not an SMTP address") !=
          std::string::npos);
  }

  TEST_CASE("an export with more than 1000 problems is read no further") {
    std::string text = "Identity,Enabled\n";
    for (int k = 0; k < 3000; ++k) text += "nobody,True\n";
    const auto problems = problems_of(text, false);
    REQUIRE(problems.size() == 1001);
    CHECK(problems.back().starts_with("1002:1: more than 1000 problems"));
  }

  TEST_CASE("a YAML state does not load the directory") {
    const mfsim::test::temp_dir dir;
    const std::string state =
        dir.write("state.yaml", "mfsim_mailbox: 1\nmailboxes:\n  - Recipient: a@contoso.com\n");
    bool asked = false;
    const auto loaded = mfsim::mailbox::load_mailbox_state_file(state, [&] {
      asked = true;
      return static_cast<const mfsim::directory::directory_index*>(nullptr);
    });
    CHECK(loaded.find("a@contoso.com") != nullptr);
    CHECK_FALSE(asked);
  }

  TEST_CASE("mfsim's own YAML and JSON are not taken for exports") {
    CHECK_FALSE(mfsim::mailbox::is_mailbox_export("mfsim_mailbox: 1\nmailboxes: []\n"));
    CHECK_FALSE(mfsim::mailbox::is_mailbox_export("# Identity, the\nmfsim_mailbox: 1\n"));
    CHECK_FALSE(mfsim::mailbox::is_mailbox_export(R"({"mfsim_mailbox": 1, "mailboxes": []})"));
    CHECK_FALSE(mfsim::mailbox::is_mailbox_export("{'mfsim_mailbox': 1, mailboxes: []}"));
    CHECK(mfsim::mailbox::is_mailbox_export("\"Identity\";\"Enabled\"\r\n\"a@b.c\";\"True\"\r\n"));
    CHECK(mfsim::mailbox::is_mailbox_export("#TYPE Selected.X\r\n\"Identity\"\r\n"));
  }

  TEST_CASE("an export object that holds the text mfsim_mailbox in a value is still an export") {
    using mfsim::mailbox::is_mailbox_export;
    CHECK(is_mailbox_export(R"({"Identity": "mfsim_mailbox@contoso.com", "Enabled": true})"));
    CHECK(is_mailbox_export(R"({"Identity": "a@b.c", "x": {"mfsim_mailbox": 1}})"));
    CHECK(is_mailbox_export(
        R"({"Identity": "a@b.c", "TrustedSendersAndDomains": ["mfsim_mailbox"]})"));
    CHECK(is_mailbox_export(R"({"Identity": "say \"mfsim_mailbox\"", "Enabled": true})"));
    CHECK_FALSE(is_mailbox_export("{mfsim_mailbox: 1, mailboxes: []}"));
    CHECK_FALSE(
        is_mailbox_export("{\n  mailboxes: [{Recipient: O'Brien@x.y}],\n  mfsim_mailbox: 1\n}"));
  }

  TEST_CASE("mfsim run applies an export's Blocked Senders to the mailbox's proxy address") {
    const std::string mail =
        "From: offers@example.net\r\nTo: a.lee@contoso.com\r\nSubject: hello\r\n"
        "Message-ID: <x@example.net>\r\n\r\nbody\r\n";
    const std::string state = "tests/testdata/mailbox_export/junk_ps7.json";
    const std::string directory = "tests/testdata/mailbox_export/directory.yaml";
    const auto r = mfsim::test::run_mfsim(
        {"run", "--rules", "eop-default", "--directory", directory, "--mailbox-state", state, "-"},
        mail);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\"folder\":\"junk\"") != std::string::npos);
    CHECK(r.out.find("\"folder_reason\":\"mailbox:blocked_sender\"") != std::string::npos);
    // Without --directory "Ann Lee" is no address: exit 2 at the Identity's position.
    const auto without = mfsim::test::run_mfsim(
        {"run", "--rules", "eop-default", "--mailbox-state", state, "-"}, mail);
    CHECK(without.exit_code == 2);
    CHECK(without.err.find("junk_ps7.json:17:17: error: 'Identity' 'Ann Lee' is not an SMTP "
                           "address") != std::string::npos);
  }
}
