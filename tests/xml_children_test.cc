// xml::parse_children hands each child of the root over as it closes and keeps none, so that
// reading an Export-Clixml of many objects takes its largest object (xml_reader.h).
#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/rules/xml_reader.h"

namespace xml = mfsim::rules::xml;

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
    std::string doc = "<Objs><Obj>";
    for (std::size_t k = 0; k + 2 < xml::kMaxElements; ++k) doc += "<B/>";
    doc += "<Nil/><Props/></Obj><Obj/></Objs>";
    xml::element root;
    xml::failure why;
    int handed = 0;
    CHECK_FALSE(xml::parse_children(
        doc, root, [&](xml::element&&) { return ++handed, true; }, why));
    CHECK(handed == 0);
    CHECK(why.offset == 11 + 4 * (xml::kMaxElements - 2));
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

  TEST_CASE("attribute_values finds every Ref's RefId and expands no declared entity") {
    const std::string doc =
        "<Objs><Obj RefId=\"0\"/><Ref RefId=\"0\"/><Obj><Ref RefId=\"7\"/></Obj></Objs>";
    CHECK(xml::attribute_values(doc, "Ref", "RefId") == std::set<std::string>{"0", "7"});
    const std::string declared =
        "<!DOCTYPE Objs [<!ENTITY e \"<Ref RefId='9'/>\">]><Objs>&e;<Ref RefId=\"1\"/></Objs>";
    CHECK(xml::attribute_values(declared, "Ref", "RefId").empty());
  }
}
