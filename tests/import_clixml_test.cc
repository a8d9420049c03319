// Tests of the Export-Clixml importer (engine/rules/load_clixml.h): the same rule set as the
// equivalent ConvertTo-Json export, each kind of object, UTF-16, the _xHHHH_ escapes, <Ref> and
// <TNRef>, errors at the element's line:col, the limits on hostile files, and the refusal of
// Format-List text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/rules/clixml_text.h"
#include "engine/rules/load_any.h"
#include "engine/rules/load_clixml.h"
#include "engine/rules/write_yaml.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

namespace {

using mfsim::diag_code;
using mfsim::load_error;
using mfsim::test::read_file;
using mfsim::test::temp_dir;
using namespace mfsim::rules;

const std::string kData = mfsim::test::source_dir() + "/tests/testdata/import/clixml/";

struct diag_view {
  diag_code code = diag_code::bad_value;
  int line = 0;
  int col = 0;
  std::string message;
};

// The errors of loading `text` as an Export-Clixml file named t.xml (none when it loads).
std::vector<diag_view> clixml_errors(const std::string& text) {
  try {
    (void)load_rule_set_clixml(text, "t.xml");
  } catch (const load_error& e) {
    std::vector<diag_view> out;
    for (const auto& d : e.diagnostics()) {
      CHECK(d.where.file == "t.xml");
      out.push_back({d.code, d.where.line, d.where.col, d.message});
      MESSAGE(d.where.line << ":" << d.where.col << " " << d.message);
    }
    return out;
  }
  return {};
}

// A document of one transport rule named x: `props` starts at line 4, column 1.
std::string rule_doc(const std::string& props) {
  return "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n"
         "<Obj RefId=\"0\"><TN RefId=\"0\"><T>Deserialized.Rule</T></TN><Props>\n"
         "<S N=\"Name\">x</S><I32 N=\"Priority\">0</I32>\n" +
         props + "\n</Props></Obj></Objs>\n";
}

// The YAML of a rule set with its name and source left out, to compare two imports.
std::string yaml_of(rule_set set) {
  set.name = "same";
  set.source = "same";
  return write_rule_set_yaml(set);
}

// UTF-8 text (up to three bytes a character) as UTF-16 LE with a byte order mark.
std::string utf16le_with_bom(const std::string& utf8) {
  std::string out = "\xFF\xFE";
  for (std::size_t k = 0; k < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[k]);
    unsigned code = b;
    std::size_t length = 1;
    if (b >= 0xE0) {
      code = b & 0x0Fu;
      length = 3;
    } else if (b >= 0xC0) {
      code = b & 0x1Fu;
      length = 2;
    }
    for (std::size_t j = 1; j < length; ++j) {
      code = (code << 6) | (static_cast<unsigned char>(utf8[k + j]) & 0x3Fu);
    }
    k += length;
    out += static_cast<char>(code & 0xFF);
    out += static_cast<char>(code >> 8);
  }
  return out;
}

}  // namespace

TEST_SUITE("import_clixml") {
  TEST_CASE("transport rules read as the equivalent ConvertTo-Json export reads") {
    const rule_set from_xml = load_rule_file(kData + "rules.xml");
    const rule_set from_json = load_rule_file(kData + "rules.json");
    CHECK(yaml_of(from_xml) == yaml_of(from_json));

    REQUIRE(from_xml.transport_rules.size() == 2);
    const transport_rule& first = from_xml.transport_rules[0];
    CHECK(first.name == "Area 1 tagged spam");
    CHECK(first.state == rule_state::enabled);  // the enumeration's <ToString>, not its number
    CHECK(first.mode == rule_mode::enforce);
    CHECK(first.comments == "Set by the mail team\r\nsee ticket 42");  // _x000D__x000A_
    CHECK(first.activation_date == 1772348400);                        // 2026-03-01T07:00Z
    const transport_rule& second = from_xml.transport_rules[1];
    CHECK(second.name == "Tag_x0020_partners");  // _x005F_ is the underscore
    CHECK(second.state == rule_state::disabled);
    CHECK(second.mode == rule_mode::audit_and_notify);
    // The IPRange object in the list is read as its ToString; SentTo comes through a <Ref>.
    const std::string yaml = write_rule_set_yaml(from_xml);
    CHECK(yaml.find("SenderIpRanges: [52.11.209.211, 104.47.0.0/17]") != std::string::npos);
    CHECK(yaml.find("SentTo: [postmaster@contoso.com, abuse@contoso.com]") != std::string::npos);
    CHECK(yaml.find("SetHeaderValue: _x0020_ stays as written") != std::string::npos);
  }

  TEST_CASE("anti-spam policies, their rules, quarantine policies and accepted domains") {
    const rule_set antispam = load_rule_file(kData + "antispam.xml");
    CHECK(yaml_of(antispam) == yaml_of(load_rule_file(kData + "antispam.json")));
    CHECK(antispam.antispam.spam.action == spam_action::quarantine);
    CHECK(antispam.antispam.spam.quarantine_tag == "AdminOnlyAccessPolicy");
    REQUIRE(antispam.scoped_antispam.size() == 1);
    CHECK(antispam.scoped_antispam[0].spam.action == spam_action::delete_message);
    CHECK(antispam.scoped_antispam[0].recipient_domain_is ==
          std::vector<std::string>{"finance.contoso.com"});

    // The TimeSpan <TS>PT4H</TS> reaches the value {"TotalHours": 4.0} gives.
    const rule_set quarantine = load_rule_file(kData + "quarantine.xml");
    CHECK(yaml_of(quarantine) == yaml_of(load_rule_file(kData + "quarantine.json")));
    CHECK(quarantine.notify_frequency == notification_frequency::every_4_hours);
    REQUIRE(quarantine.quarantine_policies.size() == 1);
    CHECK(quarantine.quarantine_policies[0].name == "NotifyOnly");

    const rule_set domains =
        load_rule_files({kData + "rules.xml", kData + "domains.xml"}, import_options{});
    REQUIRE(domains.accepted_domains.size() == 1);
    CHECK(write_rule_set_yaml(domains).find("DomainName: contoso.com\n      DomainType: "
                                            "InternalRelay") != std::string::npos);
  }

  TEST_CASE("the format is told by the root element, in UTF-8 or UTF-16 LE with a BOM") {
    CHECK(detect_format("<Objs Version=\"1.1.0.1\">") == rule_format::clixml);
    CHECK(detect_format("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- backup -->\n<Objs>") ==
          rule_format::clixml);
    CHECK(detect_format("<ObjsX/>") == rule_format::exported_xml);
    CHECK(detect_format("<rules name=\"TransportVersioned\">") == rule_format::exported_xml);
    CHECK(std::string(to_string(rule_format::clixml)) == "Export-Clixml export");

    // What Windows PowerShell 5.1's Export-Clixml writes: UTF-16 LE with a byte order mark.
    temp_dir dir;
    const std::string utf8 = read_file(kData + "rules.xml");
    const std::string path = dir.write("rules.xml", utf16le_with_bom(utf8));
    CHECK(yaml_of(load_rule_file(path)) == yaml_of(load_rule_file(kData + "rules.xml")));
    const std::string accented =
        rule_doc("<S N=\"Comments\">Z\xC3\xBCrich_x0009_office</S><I32 N=\"SetSCL\">5</I32>");
    const rule_set set = load_rule_file(dir.write("accented.xml", utf16le_with_bom(accented)));
    CHECK(set.transport_rules.at(0).comments == "Z\xC3\xBCrich\toffice");
  }

  TEST_CASE("_xHHHH_ escapes decode to UTF-16 code units, surrogate pairs joined") {
    CHECK(clixml::decode_string("a_x000A_b") == "a\nb");
    CHECK(clixml::decode_string("_x005F_x0020_") == "_x0020_");
    CHECK(clixml::decode_string("caf_x00e9_") == "caf\xC3\xA9");
    CHECK(clixml::decode_string("_xD83D__xDE00_") == "\xF0\x9F\x98\x80");
    CHECK(clixml::decode_string("_xD83D_x") ==
          "\xEF\xBF\xBD"
          "x");  // unpaired: U+FFFD
    CHECK(clixml::decode_string("_x12_ and _xZZZZ_") == "_x12_ and _xZZZZ_");
  }

  TEST_CASE("<Ref> reuses an earlier object; <TNRef> an earlier type list") {
    // The list of the first rule's ExceptIfSentTo is the second rule's SentTo (rules.xml), and
    // a Ref inside a list works the same.
    const std::string doc = rule_doc(
        "<Obj N=\"SentTo\" RefId=\"1\"><TN RefId=\"1\"><T>System.Collections.ArrayList</T></TN>"
        "<LST><S>a@contoso.com</S></LST></Obj>\n"
        "<Obj N=\"ExceptIfSentTo\" RefId=\"2\"><TNRef RefId=\"1\"/><LST><Ref RefId=\"1\"/></LST>"
        "</Obj><I32 N=\"SetSCL\">5</I32>");
    const auto errors = clixml_errors(doc);
    REQUIRE(errors.size() == 1);  // a list inside a list is not a value of ExceptIfSentTo
    CHECK(errors[0].code == diag_code::bad_value);
    CHECK(errors[0].line == 5);
    CHECK(errors[0].col == 58);  // the <Ref> element
    CHECK(errors[0].message.find("an item of 'ExceptIfSentTo'") == 0);
    const rule_set set = load_rule_set_clixml(
        rule_doc("<Obj N=\"SentTo\" RefId=\"1\"><TN RefId=\"1\"><T>System.Object[]</T></TN>"
                 "<LST><S>a@contoso.com</S></LST></Obj>\n"
                 "<Ref N=\"ExceptIfSentTo\" RefId=\"1\"/><I32 N=\"SetSCL\">5</I32>"),
        "t.xml");
    const std::string yaml = write_rule_set_yaml(set);
    CHECK(yaml.find("SentTo: [a@contoso.com]") != std::string::npos);
    CHECK(yaml.find("ExceptIfSentTo: [a@contoso.com]") != std::string::npos);
  }

  TEST_CASE("property errors point at the element in the .xml file") {
    // An unknown property: at its element.
    auto errors = clixml_errors(rule_doc("  <I32 N=\"SetSCLL\">5</I32>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::unknown_key);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].col == 3);
    CHECK(errors[0].message.find("unknown property 'SetSCLL' of transport rule #1 'x'") == 0);

    // An enumeration written as a bare number: at the number, with the export that works.
    errors = clixml_errors(rule_doc("<I32 N=\"Mode\">3</I32><I32 N=\"SetSCL\">5</I32>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_value);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].col == 15);
    CHECK(errors[0].message.find("'Mode' of transport rule #1 'x' is a number (3)") == 0);
    CHECK(errors[0].message.find("Export-Clixml") != std::string::npos);

    // A value the parameter refuses, and one that is not of its CLIXML type.
    errors = clixml_errors(rule_doc("<S N=\"SetSCL\">12</S>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_value);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].col == 15);
    CHECK(errors[0].message.find("SetSCL") != std::string::npos);
    errors = clixml_errors(rule_doc("<I32 N=\"SetSCL\">five</I32>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_value);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].col == 17);
    CHECK(errors[0].message == "invalid CLIXML: <I32> holds 'five', not an integer");
    errors =
        clixml_errors(rule_doc("<Obj N=\"Mode\" RefId=\"1\"><ToString>Enforced</ToString>"
                               "<I32>3</I32></Obj><I32 N=\"SetSCL\">5</I32>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].col == 35);  // the <ToString> text
    CHECK(errors[0].message.find("'Mode' in transport rule 'x': expected one of Enforce") == 0);
  }

  TEST_CASE("Refs to no earlier object, loops, fan-outs and depth bombs are refused") {
    auto errors = clixml_errors(rule_doc("<Ref N=\"SentTo\" RefId=\"42\"/>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_reference);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].col == 1);
    CHECK(errors[0].message ==
          "invalid CLIXML: <Ref RefId=\"42\"> names no earlier <Obj RefId=\"42\">");
    // An object defined later is no earlier object.
    errors =
        clixml_errors(rule_doc("<Ref N=\"SentTo\" RefId=\"7\"/>\n<Obj N=\"From\" RefId=\"7\">"
                               "<LST><S>a@b.c</S></LST></Obj>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_reference);
    CHECK(errors[0].line == 4);
    errors = clixml_errors(
        rule_doc("<Obj N=\"SentTo\" RefId=\"5\"><LST>\n  <Ref RefId=\"5\"/></LST></Obj>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_reference);
    CHECK(errors[0].line == 5);
    CHECK(errors[0].col == 3);
    CHECK(errors[0].message.find("names an object that contains it") != std::string::npos);
    errors = clixml_errors(rule_doc("<Obj N=\"SentTo\" RefId=\"5\"><TNRef RefId=\"9\"/></Obj>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_reference);
    CHECK(errors[0].col == 27);

    // Billion laughs: each list holds ten Refs to the one before; it stops at the budget.
    std::string laughs = "<Objs Version=\"1.1.0.1\">\n<Obj RefId=\"0\"><LST>";
    for (int k = 0; k < 10; ++k) laughs += "<S>" + std::string(100, 'a') + "</S>";
    laughs += "</LST></Obj>\n";
    for (int level = 1; level <= 9; ++level) {
      laughs += "<Obj RefId=\"" + std::to_string(level) + "\"><LST>";
      for (int k = 0; k < 10; ++k) laughs += "<Ref RefId=\"" + std::to_string(level - 1) + "\"/>";
      laughs += "</LST></Obj>\n";
    }
    laughs += "</Objs>\n";
    errors = clixml_errors(laughs);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_value);
    CHECK(errors[0].line == 6);  // level 4, whose copies pass the file's size plus 16 MiB
    CHECK(errors[0].message.find("a Ref fan-out") != std::string::npos);

    // Nesting past the XML limit, and past the value limit once Refs are expanded.
    std::string deep = "<Objs>\n";
    for (int k = 0; k < 40; ++k) deep += "<Obj><LST>";
    errors = clixml_errors(deep + "\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::syntax_error);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].message.find("nested more than 64 deep") != std::string::npos);
    // Three objects 30 lists deep, each holding the one before at its bottom: 90 once expanded.
    std::string chain = "<Objs>\n";
    for (int level = 0; level < 3; ++level) {
      chain += "<Obj RefId=\"" + std::to_string(level) + "\"><LST>";
      for (int k = 0; k < 29; ++k) chain += "<Obj><LST>";
      chain += level == 0 ? "<S>x</S>" : "<Ref RefId=\"" + std::to_string(level - 1) + "\"/>";
      for (int k = 0; k < 29; ++k) chain += "</LST></Obj>";
      chain += "</LST></Obj>\n";
    }
    errors = clixml_errors(chain + "</Objs>\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].message.find("once <Ref> elements are expanded") != std::string::npos);
  }

  TEST_CASE("objects kept for Refs are charged, and a document holds at most a million elements") {
    // A <Ref> inside a <ToString> is never expanded, but the object it names is kept for it:
    // 600,000 values kept take more than 16 times the file's size plus 16 MiB (decision 1030).
    std::string hidden = "<Objs>\n<Obj RefId=\"0\"><LST>";
    for (int k = 0; k < 600000; ++k) hidden += "<Nil/>";
    hidden += "</LST></Obj>\n<Obj><ToString><Ref RefId=\"0\"/></ToString></Obj>\n</Objs>\n";
    auto errors = clixml_errors(hidden);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].message.find("when kept and copied") != std::string::npos);

    std::string wide = "<Objs>\n<Obj><LST>";
    for (int k = 0; k < 1000000; ++k) wide += "<B/>";
    errors = clixml_errors(wide + "</LST></Obj>\n</Objs>\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "invalid XML: more than 1000000 elements (the XML element limit)");
  }

  TEST_CASE("what is not CLIXML is refused at its element") {
    auto errors = clixml_errors(rule_doc("<Foo N=\"SetSCL\">5</Foo>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].col == 1);
    CHECK(errors[0].message.find("invalid CLIXML: <Foo> is not a CLIXML value") == 0);
    errors = clixml_errors(rule_doc("<S N=\"SetSCL\">5</S>\n<S N=\"SetSCL\">6</S>"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::duplicate);
    CHECK(errors[0].line == 5);
    errors = clixml_errors("<Objs><Obj><Props>\n<S>no name</S></Props></Obj></Objs>");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].message.find("has no N=") != std::string::npos);
    errors = clixml_errors("<Objs Version=\"1.1.0.1\">\n  <S>a rule?</S>\n</Objs>");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].col == 6);
    CHECK(errors[0].message.find("expected an object (a rule or policy as Export-Clixml writes "
                                 "it), found string") != std::string::npos);
  }

  TEST_CASE("an array exported as one object gives its items") {
    // Export-Clixml -InputObject (Get-TransportRule) serializes the array itself.
    const std::string doc =
        "<Objs Version=\"1.1.0.1\"><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Object[]</T></TN>"
        "<LST><Obj RefId=\"1\"><ToString>a</ToString><Props><S N=\"Name\">a</S>"
        "<I32 N=\"SetSCL\">5</I32></Props></Obj><Obj RefId=\"2\"><ToString>b</ToString><Props>"
        "<S N=\"Name\">b</S><I32 N=\"SetSCL\">6</I32></Props></Obj></LST></Obj></Objs>";
    const rule_set set = load_rule_set_clixml(doc, "t.xml");
    REQUIRE(set.transport_rules.size() == 2);
    CHECK(set.transport_rules[1].name == "b");
  }
}

TEST_SUITE("format_list_refusal") {
  TEST_CASE("Format-List text is refused at 1:1 with the exports that work") {
    temp_dir dir;
    const auto first_error = [&](const std::string& name, const std::string& text) {
      try {
        (void)load_rule_file(dir.write(name, text));
      } catch (const load_error& e) {
        const auto& d = e.diagnostics().front();
        return std::to_string(d.where.line) + ":" + std::to_string(d.where.col) + " " + d.message;
      }
      return std::string("loaded");
    };
    const std::string listed =
        "\r\n\r\nPriority                                     : 0\r\n"
        "State                                        : Enabled\r\n"
        "Mode                                         : Enforce\r\n"
        "Description                                  : If the message:\r\n"
        "                                                   'X-Tag' header contains 'a'\r\n"
        "SenderIpRanges                               : {10.0.0.1, 10.0.0.2, 10.0.0.3, "
        "10.0.0.4...}\r\n"
        "ExpiryDate                                   :\r\n"
        "Name                                         : Tag\r\n\r\n"
        "Priority                                     : 1\r\n";
    const std::string error = first_error("rule.txt", listed);
    CHECK(error.starts_with("1:1 this is Format-List output"));
    CHECK(error.find("cut after 4 items") != std::string::npos);
    CHECK(error.find("Export-Clixml") != std::string::npos);
    CHECK(error.find("ConvertTo-Json -Depth 5") != std::string::npos);
    // UTF-16, as `> rule.txt` writes in Windows PowerShell 5.1.
    CHECK(
        first_error("rule16.txt", utf16le_with_bom(listed)).starts_with("1:1 this is Format-List"));
  }

  TEST_CASE("a script with 'Name : value' text is not taken for Format-List") {
    temp_dir dir;
    const auto loads = [&](const std::string& name, const std::string& text) {
      try {
        (void)load_rule_file(dir.write(name, text));
      } catch (const load_error&) {
        return false;
      }
      return true;
    };
    CHECK(loads("help.ps1",
                "<#\nAuthor  : mail team\nVersion : 2\nPurpose : tag spam\n#>\n"
                "New-TransportRule X -SetSCL 5\n"));
    CHECK(loads("comments.ps1",
                "# Name    : x\n# State   : Enabled\n# Mode    : Enforce\n"
                "New-TransportRule X -SetSCL 5\n"));
    CHECK(loads("host.ps1",
                "Write-Host \"Name : x\"\nWrite-Host \"Mode : y\"\n"
                "Write-Host \"State : z\"\nNew-TransportRule X -SetSCL 5\n"));
    CHECK(loads("hashtable.ps1",
                "$p = @{\n  Name  = 'X'\n  SetSCL = 5\n  Mode = 'Enforce'\n}\n"
                "New-TransportRule @p\n"));
    // Aligned colons that a command line breaks are no Format-List either (PowerShell then
    // says what it makes of the text).
    CHECK_FALSE(
        loads("mixed.ps1", "Name     : x\nState    : y\nNew-TransportRule X\nMode     : z\n"));
    const std::string text = "Name     : x\nState    : y\nNew-TransportRule X\nMode     : z\n";
    try {
      (void)load_rule_file(dir.write("mixed2.ps1", text));
    } catch (const load_error& e) {
      CHECK(e.diagnostics().front().message.find("Format-List") == std::string::npos);
    }
  }
}
