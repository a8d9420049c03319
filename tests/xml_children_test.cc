// xml::parse_children hands each child of the root over as it closes and keeps none, so that
// reading an Export-Clixml of many objects takes its largest object (xml_reader.h).
#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/rules/xml_reader.h"

namespace xml = mfsim::rules::xml;

constexpr std::size_t kNoBudget = std::size_t{1} << 30;

TEST_SUITE("xml children") {
  TEST_CASE("each child of the root is handed over whole, with its offsets, and not kept") {
    const std::string doc =
        "<Objs v=\"1\">\n <Obj N=\"a\"><S>x</S></Obj>\n <Obj N=\"b\"/>\n</Objs>";
    xml::element root;
    xml::failure why;
    std::vector<std::string> names;
    std::vector<std::size_t> offsets;
    std::size_t kept = 99;
    REQUIRE(xml::parse_children(
        doc, root,
        [&](xml::element&& child) {
          CHECK(root.name == "Objs");
          kept = root.children.size();
          names.push_back(child.find_attribute("N")->value);
          offsets.push_back(child.offset);
          if (names.size() == 1) {
            REQUIRE(child.children.size() == 1);
            CHECK(child.children.front().content.bytes == "x");
          }
          return true;
        },
        why));
    CHECK(names == std::vector<std::string>{"a", "b"});
    CHECK(offsets == std::vector<std::size_t>{14, 41});
    CHECK(kept == 0);
    CHECK(root.children.empty());
    CHECK(root.content.bytes.empty());  // the root's own text is not kept either
  }

  TEST_CASE("the children before a problem are handed over; a visitor may stop or throw") {
    xml::element root;
    xml::failure why;
    int seen = 0;
    const auto count_until = [&](int last) {
      return [&seen, last](xml::element&&) { return ++seen < last; };
    };
    CHECK_FALSE(xml::parse_children("<Objs><Obj/><Obj/><Obj></Objs>", root, count_until(99), why));
    CHECK(seen == 2);
    CHECK(why.offset == 23);
    CHECK(why.message == "</Objs> closes <Obj>");
    // Stopped at the second child: what follows, not XML, is not read.
    const std::string doc = "<Objs><Obj/><Obj/><Obj/> not XML";
    seen = 0;
    CHECK(xml::parse_children(doc, root, count_until(2), why));
    CHECK(seen == 2);
    CHECK_THROWS_WITH_AS(
        (void)xml::parse_children(
            doc, root, [](xml::element&&) -> bool { throw std::runtime_error("stop"); }, why),
        "stop", std::runtime_error);
  }

  TEST_CASE("a child cut by the element limit is not handed over half read") {
    // The element past the limit is refused in its start tag, but expat still reports the end
    // of an empty one: that end must not close the child of the root it sits in.
    const std::string doc = "<Objs><Obj><B/><B/><B/><Nil/><Props/></Obj><Obj/></Objs>";
    xml::element root;
    xml::failure why;
    int handed = 0;
    CHECK_FALSE(xml::parse_children(
        doc, root, [&](xml::element&&) { return ++handed, true; }, why, 4));
    CHECK(handed == 0);
    CHECK(why.offset == doc.find("<Nil/>"));
    CHECK(why.message == "more than 4 elements in one child of <Objs> (the XML element limit)");
  }

  TEST_CASE("the element limit is on each child of the root, not on the document") {
    // Read a child at a time, a document holds one child at once (decision 931).
    const std::string doc = "<Objs><Obj><B/><B/></Obj><Obj><B/><B/></Obj></Objs>";
    xml::element root;
    xml::failure why;
    int handed = 0;
    const auto count = [&](xml::element&&) { return ++handed, true; };
    CHECK(xml::parse_children(doc, root, count, why, 3));
    CHECK(handed == 2);
    handed = 0;
    xml::element again;
    CHECK_FALSE(xml::parse_children(doc, again, count, why, 2));
    CHECK(handed == 0);
    CHECK(why.offset == doc.find("<B/><B/>") + 4);
    // parse() builds the whole tree: its limit is on the document. Two children of 600,000
    // elements each are read a child at a time, and refused whole.
    std::string big = "<Objs>";
    for (int child = 0; child < 2; ++child) {
      big += "<Obj>";
      for (int k = 0; k < 600000; ++k) big += "<B/>";
      big += "</Obj>";
    }
    big += "</Objs>";
    handed = 0;
    xml::element streamed;
    CHECK(xml::parse_children(big, streamed, count, why));
    CHECK(handed == 2);
    xml::element whole;
    CHECK_FALSE(xml::parse(big, whole, why));
    CHECK(why.message == "more than 1000000 elements (the XML element limit)");
  }

  TEST_CASE("a document longer than one piece reads as parse() reads it") {
    // expat is given 64 KiB at a time: a text across the seam is still one run of offsets.
    const std::string body(200000, 'x');
    const std::string doc = "<Objs><S>" + body + "</S><S>y&amp;z</S></Objs>";
    xml::failure why;
    xml::element whole;
    std::vector<xml::element> children;
    xml::element root;
    REQUIRE(xml::parse(doc, whole, why));
    REQUIRE(xml::parse_children(
        doc, root, [&](xml::element&& c) { return children.push_back(std::move(c)), true; }, why));
    REQUIRE(children.size() == 2);
    CHECK(children[0].content.bytes == whole.children[0].content.bytes);
    CHECK(children[0].content.offset_of(150000) == 9 + 150000);
    CHECK(children[1].content.bytes == "y&z");
    CHECK(children[1].content.offset_of(2) == whole.children[1].content.offset_of(2));
  }

  TEST_CASE("check finds every Ref's RefId and expands no declared entity") {
    const std::string doc =
        "<Objs a=\"1\"><Obj RefId=\"0\"/><Ref RefId=\"0\"/><Obj><Ref RefId=\"7\"/></Obj></Objs>";
    xml::element root;
    xml::failure why;
    std::set<std::string> ids;
    REQUIRE(xml::check(doc, root, "Ref", "RefId", ids, why, kNoBudget));
    CHECK(ids == std::set<std::string>{"0", "7"});
    CHECK(root.name == "Objs");
    CHECK(root.attributes.size() == 1);
    CHECK(root.children.empty());
    const std::string declared =
        "<!DOCTYPE Objs [<!ENTITY e \"<Ref RefId='9'/>\">]><Objs>&e;<Ref RefId=\"1\"/></Objs>";
    ids.clear();
    CHECK_FALSE(xml::check(declared, root, "Ref", "RefId", ids, why, kNoBudget));
    CHECK(ids.empty());
    CHECK(why.message == "document type declarations (<!DOCTYPE>) are not supported");
  }

  TEST_CASE("check keeps the values it finds within their budget, a value given again free") {
    // Decision 983: each value kept costs its bytes plus 80 (kept_value_bytes); the one that
    // goes past the budget stops the reading at its element, marked over_budget.
    const std::string doc =
        "<Objs><Ref RefId=\"1\"/><Ref RefId=\"1\"/><Ref RefId=\"22\"/><Ref RefId=\"3\"/></Objs>";
    xml::element root;
    xml::failure why;
    std::set<std::string> ids;
    REQUIRE(xml::check(doc, root, "Ref", "RefId", ids, why, 81 + 82 + 81));
    CHECK(ids.size() == 3);
    ids.clear();
    CHECK_FALSE(xml::check(doc, root, "Ref", "RefId", ids, why, 81 + 82 + 80));
    CHECK(why.over_budget);
    CHECK(why.offset == doc.find("<Ref RefId=\"3\""));
    CHECK(why.message == "the RefId values of the <Ref> elements take more than 0 MiB to keep");
    // An XML problem is no budget's.
    CHECK_FALSE(xml::check("<Objs><Ref RefId=\"1\"/>", root, "Ref", "RefId", ids, why, 1000));
    CHECK_FALSE(why.over_budget);
  }

  TEST_CASE("a value longer than a string holds in itself is charged its own block too") {
    // Decision 1127: 80 bytes besides the value's were a set's node only; past 15 bytes the
    // string allocates its bytes apart (malloc's block: bytes, NUL and header, rounded to 16).
    CHECK(xml::kept_value_bytes(15) == 95);
    CHECK(xml::kept_value_bytes(16) == 80 + 32);
    CHECK(xml::kept_value_bytes(24) == 80 + 48);
    CHECK(xml::kept_value_bytes(100) == 80 + 112);
    const std::string id(16, '7');
    const std::string doc = "<Objs><Ref RefId=\"" + id + "\"/></Objs>";
    xml::element root;
    xml::failure why;
    std::set<std::string> ids;
    CHECK(xml::check(doc, root, "Ref", "RefId", ids, why, 112));
    ids.clear();
    CHECK_FALSE(xml::check(doc, root, "Ref", "RefId", ids, why, 111));  // 96 before
    CHECK(why.over_budget);
  }

  TEST_CASE("check refuses what parse_children refuses, with the same message and offset") {
    // The first reading of an export refuses a cut or ill-formed file before any object is
    // read, as the whole-tree reader did: its messages name the open elements.
    const std::string cases[] = {
        "<Objs><Obj><S>x</S></Obj><Obj><Props><S N=\"Identity\">a",  // cut
        "<Objs><Obj/><Obj><Props><S>x</Props></Obj></Objs>",         // mismatched
        "<Objs><Obj/></Objs><Obj/>",                                 // after the root
        "<Obj><x></Obj>",                                            // another root, not XML
        "<Objs><Obj><B/><B/><B/></Obj></Objs>",                      // past the element limit
        "<Objs><Obj a=\"1\" a=\"2\"/></Objs>",
    };
    for (const std::string& doc : cases) {
      CAPTURE(doc);
      xml::element root;
      xml::failure checked;
      xml::failure streamed;
      std::set<std::string> ids;
      int handed = 0;
      CHECK_FALSE(xml::check(doc, root, "Ref", "RefId", ids, checked, kNoBudget, 3));
      xml::element again;
      CHECK_FALSE(xml::parse_children(
          doc, again, [&](xml::element&&) { return ++handed, true; }, streamed, 3));
      CHECK(checked.offset == streamed.offset);
      CHECK(checked.message == streamed.message);
    }
    xml::element root;
    xml::failure why;
    std::set<std::string> ids;
    CHECK_FALSE(xml::check(cases[0], root, "Ref", "RefId", ids, why, kNoBudget));
    CHECK(why.message == "element <S> is not closed");
    CHECK(why.offset == cases[0].find("<S N="));
  }
}
