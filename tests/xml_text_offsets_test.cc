// The document offset of every byte of an XML element's text, kept as runs (xml_reader.h): a
// stretch copied from the document maps byte for byte, a reference to where it was written.
#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "engine/rules/xml_reader.h"

namespace xml = mfsim::rules::xml;

TEST_SUITE("xml text offsets") {
  TEST_CASE("literal text, references and CDATA map to where they stand") {
    const std::string doc = "<a>ab&amp;cd<![CDATA[ef]]>g&#233;h</a>";
    xml::element root;
    xml::failure why;
    REQUIRE(xml::parse(doc, root, why));
    REQUIRE(root.content.bytes == "ab&cdefg\xC3\xA9h");
    std::vector<std::size_t> offsets;
    for (std::size_t k = 0; k < root.content.bytes.size(); ++k)
      offsets.push_back(root.content.offset_of(k));
    // a b at 3-4; '&' (both bytes of nothing else) at the '&' of &amp; (5); c d at 10-11; e f
    // inside the CDATA section at 21-22; g at 26; both bytes of U+00E9 at the '&' of &#233;
    // (27); h at 33.
    CHECK(offsets == std::vector<std::size_t>{3, 4, 5, 10, 11, 21, 22, 26, 27, 27, 33});
  }

  TEST_CASE("a long text is one run however expat hands it over") {
    const std::string body(200000, 'x');
    const std::string doc = "<a>" + body + "</a>";
    xml::element root;
    xml::failure why;
    REQUIRE(xml::parse(doc, root, why));
    REQUIRE(root.content.bytes.size() == body.size());
    CHECK(root.content.offset_of(0) == 3);
    CHECK(root.content.offset_of(123456) == 3 + 123456);
    CHECK(root.content.offset_of(body.size() - 1) == 3 + body.size() - 1);
  }
}
