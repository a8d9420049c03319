// Tests of the one escaping module (engine/escape.h) behind the JSON, HTML, XML and YAML writers.
#include "engine/escape.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

std::string json(std::string_view text) {
  std::string out;
  mfsim::append_json_string(out, text);
  return out;
}

std::string html(std::string_view text) {
  std::string out;
  mfsim::append_html_escaped(out, text);
  return out;
}

std::string xml(std::string_view text) {
  std::string out;
  mfsim::append_xml_escaped(out, text);
  return out;
}

const std::string kReplacement = "\xef\xbf\xbd";

}  // namespace

TEST_SUITE("escape") {
  TEST_CASE("JSON strings escape quotes, controls and invalid UTF-8") {
    CHECK(json("plain") == "\"plain\"");
    CHECK(json("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(json("tab\tnl\ncr\r") == "\"tab\\tnl\\ncr\\r\"");
    CHECK(json(std::string_view("nul\0x", 5)) == "\"nul\\u0000x\"");
    CHECK(json("\x7f") == "\"\\u007f\"");
    CHECK(json("caf\xc3\xa9") == "\"caf\xc3\xa9\"");  // valid UTF-8 kept
    CHECK(json("caf\xe9") == "\"caf\xef\xbf\xbd\"");  // Latin-1 byte replaced
    CHECK(json("\xed\xa0\x80") == "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");  // surrogate
    CHECK(json("\xc0\xaf") == "\"\xef\xbf\xbd\xef\xbf\xbd\"");                  // overlong
    CHECK(json("\xf0\x9f\x98\x80") == "\"\xf0\x9f\x98\x80\"");                  // 4-byte sequence
    CHECK(json(std::string("\x01\x1b[31m", 6)) == "\"\\u0001\\u001b[31m\"");
    CHECK(json("\xef\xbf\xbe") == "\"\xef\xbf\xbe\"");  // U+FFFE is valid JSON text
  }

  TEST_CASE("JSON strings are the same whichever byte a special one falls on") {
    // Pieces whose escapes do not depend on their neighbours, strung together at random: a
    // string of plain bytes is searched many bytes a step, so a special byte at any offset
    // must end that search exactly where it stands.
    const std::vector<std::pair<std::string, std::string>> pieces = {
        {"a", "a"},
        {"Z", "Z"},
        {" ", " "},
        {"~", "~"},
        {"\"", "\\\""},
        {"\\", "\\\\"},
        {"\n", "\\n"},
        {std::string(1, '\0'), "\\u0000"},
        {"\x1f", "\\u001f"},
        {"\x7f", "\\u007f"},
        {"\xc3\xa9", "\xc3\xa9"},
        {"\xff", kReplacement},
        {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},
    };
    std::mt19937 random(16);
    for (int round = 0; round < 5000; ++round) {
      std::string text;
      std::string expected = "\"";
      const std::size_t count = random() % 40;
      // Mostly plain bytes, so that runs of eight and more occur around the special ones.
      for (std::size_t k = 0; k < count; ++k) {
        const auto& piece = pieces[random() % 4 == 0 ? random() % pieces.size() : random() % 4];
        text += piece.first;
        expected += piece.second;
      }
      expected += '"';
      CHECK_MESSAGE(json(text) == expected, text);
    }
  }

  TEST_CASE("HTML text escapes the five specials and replaces controls and bad bytes") {
    CHECK(html("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    CHECK(html("tab\there\nline") == "tab\there\nline");
    CHECK(html("\x1b[2J\x7f") == kReplacement + "[2J" + kReplacement);
    CHECK(html("\xff") == kReplacement);
    CHECK(html("\xe2\x82\xac") == "\xe2\x82\xac");
  }

  TEST_CASE("XML text escapes the five specials and replaces what XML 1.0 forbids") {
    CHECK(xml("<a b='c'>&\"</a>") == "&lt;a b=&apos;c&apos;&gt;&amp;&quot;&lt;/a&gt;");
    CHECK(xml("\x01x\x7f") == kReplacement + "x\x7f");  // U+007F is allowed in XML 1.0
    CHECK(xml("\xef\xbf\xbe\xef\xbf\xbf") == kReplacement + kReplacement);
    CHECK(xml("\xc0\xaf") == kReplacement + kReplacement);  // overlong: one per byte
    CHECK(xml("\r\n\t") == "&#13;\n\t");                    // a raw CR would be read back as LF
  }

  TEST_CASE("XML attribute values write tab and line ends as character references") {
    std::string out;
    mfsim::append_xml_escaped(out, "a\tb\r\nc", true);
    CHECK(out == "a&#9;b&#13;&#10;c");
  }

  TEST_CASE("YAML scalars are plain only where every YAML reader takes them as that string") {
    CHECK(mfsim::yaml_scalar("Area 1 User Quarantine Message") == "Area 1 User Quarantine Message");
    CHECK(mfsim::yaml_scalar("10.0.0.1") == "10.0.0.1");
    CHECK(mfsim::yaml_scalar("2001:db8::1") == "2001:db8::1");
    CHECK(mfsim::yaml_scalar("198.51.100.0/24") == "198.51.100.0/24");
    CHECK(mfsim::yaml_scalar("true story") == "true story");
    CHECK(mfsim::yaml_scalar("1.2.3") == "1.2.3");
    CHECK(mfsim::yaml_scalar("0x") == "0x");
    CHECK(mfsim::yaml_scalar("1e") == "1e");
    CHECK(mfsim::yaml_scalar("v1") == "v1");
    CHECK(mfsim::yaml_scalar("caf\xe9") == "caf\xe9");  // bytes kept: the rule matches them
    CHECK(mfsim::yaml_scalar("bell\x07") == "\"bell\\x07\"");
    CHECK(mfsim::yaml_scalar(std::string("nul\0", 4)) == "\"nul\\0\"");
  }

  TEST_CASE("YAML quotes every spelling of null, booleans and numbers") {
    for (const char* text :
         {"",       "~",     "null",      "Null",  "NULL",  "true",  "True", "TRUE",
          "false",  "False", "FALSE",     "yes",   "Yes",   "YES",   "no",   "No",
          "NO",     "on",    "On",        "ON",    "off",   "Off",   "OFF",  "y",
          "Y",      "n",     "N",         "0",     "1",     "-1",    "+12",  "007",
          "1_000",  "0x1F",  "0o17",      "0b101", "1.5",   "-.5",   "1.",   "1e5",
          "2.5E-3", "12:30", "1:20:30.5", ".inf",  "-.Inf", "+.INF", ".nan", ".NaN"}) {
      CAPTURE(text);
      CHECK(mfsim::yaml_plain_resolves_to_non_string(text));
      CHECK(mfsim::yaml_scalar(text) == std::string("'") + text + "'");
    }
    for (const char* text : {"yess", "nope", "truth", "0x1G", "1-2", "1.2.3", "e5", "12:", "inf",
                             "nan", "1e+", "__", "+", "v1.0"}) {
      CAPTURE(text);
      CHECK_FALSE(mfsim::yaml_plain_resolves_to_non_string(text));
    }
  }

  TEST_CASE("what yaml_scalar writes loads back as the same string, quoted where it must be") {
    for (const std::string text :
         {"true",       "False", "yes",  "off",   "~",         "null",        "42",
          "0x1F",       "1.5",   ".inf", "12:30", "",          "[EXT] ",      "X-This-Is-Spam: yes",
          "it's",       "'q'",   "a #b", "-lead", "tab\there", "plain words", "10.0.0.1",
          "caf\xc3\xa9"}) {
      CAPTURE(text);
      const std::string written = mfsim::yaml_scalar(text);
      const YAML::Node node = YAML::Load("v: " + written)["v"];
      REQUIRE(node.IsScalar());
      CHECK(node.Scalar() == text);
      // A plain scalar is resolved by the reader ("?" tag); quoted ones are strings ("!").
      if (mfsim::yaml_plain_resolves_to_non_string(text)) CHECK(node.Tag() == "!");
    }
    CHECK(YAML::Load("v: [" + mfsim::yaml_scalar("a,b", true) + "]")["v"][0].Scalar() == "a,b");
  }
}
