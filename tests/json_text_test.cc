// parse_json and its siblings: nlohmann's parser compiled once, reading exactly the bytes of the
// view they are given and failing as nlohmann::json::parse fails.
#include "engine/json_text.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

TEST_SUITE("json_text") {
  TEST_CASE("parse_json reads the view's bytes, no further") {
    CHECK(mfsim::parse_json(R"({"a":[1,2]})") == nlohmann::json{{"a", {1, 2}}});
    const std::string line = "[1] and more";
    CHECK(mfsim::parse_json(std::string_view(line).substr(0, 3)) == nlohmann::json::array({1}));
  }

  TEST_CASE("parse_json throws nlohmann's parse_error with its byte position") {
    try {
      (void)mfsim::parse_json(R"({"a":)");
      FAIL("parsed");
    } catch (const nlohmann::json::parse_error& e) {
      CHECK(e.byte == 6);
    }
  }

  TEST_CASE("parse_json_or_discarded gives a discarded value instead of throwing") {
    CHECK(mfsim::parse_json_or_discarded("{").is_discarded());
    CHECK(mfsim::parse_json_or_discarded(R"({"b":true})")["b"] == true);
  }

  TEST_CASE("parse_ordered_json keeps the members in the text's order") {
    CHECK(mfsim::parse_ordered_json(R"({"b":1,"a":2})").dump() == R"({"b":1,"a":2})");
  }
}
