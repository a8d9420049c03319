// describe_json_failure: the one account of a refused JSON text that the expectations, manifest
// and Exchange-export readers give.
#include "engine/json_failure.h"

#include <doctest/doctest.h>

#include <string>

#include "engine/json_text.h"

namespace {

mfsim::json_failure failure_of(const std::string& text) {
  try {
    const auto parsed = mfsim::parse_json(text);
    FAIL("parsed: " << parsed.dump());
  } catch (const nlohmann::json::exception& e) {
    return mfsim::describe_json_failure(text, e);
  }
  return {};
}

}  // namespace

TEST_SUITE("json_failure") {
  TEST_CASE("a parse error keeps nlohmann's offset and drops its tag and position") {
    const auto f = failure_of("{\"a\":1,}");
    CHECK(f.byte == 8);
    CHECK(f.message ==
          "syntax error while parsing object key - unexpected '}'; expected string "
          "literal");
  }

  TEST_CASE("a number beyond a double is placed at its first byte") {
    CHECK(failure_of("1e400").byte == 1);
    const auto f = failure_of("[1, 2, -7e1000, 3]");
    CHECK(f.byte == 8);
    CHECK(f.message == "number overflow parsing '-7e1000'");
    // A long run of digits that still fits a double is not a problem; one that does not is.
    CHECK(mfsim::parse_json(std::string(300, '9')).is_number_float());
    const auto digits = failure_of("[" + std::string(400, '9') + "]");
    CHECK(digits.byte == 2);
  }

  TEST_CASE("a long token is cut in the middle, at UTF-8 boundaries") {
    // An unterminated string of 10,000 bytes: nlohmann quotes all of it.
    std::string text = "[\"";
    for (int k = 0; k < 5000; ++k) text += "\xc3\xa9";
    const auto f = failure_of(text);
    CHECK(f.message.size() < 300);
    CHECK(f.message.rfind("syntax error while parsing value - invalid string", 0) == 0);
    CHECK(f.message.find("...") != std::string::npos);
    // Every 0xC3 is still followed by its 0xA9: no sequence was cut.
    for (std::size_t k = 0; k < f.message.size(); ++k) {
      if (static_cast<unsigned char>(f.message[k]) == 0xC3) {
        REQUIRE(k + 1 < f.message.size());
        CHECK(static_cast<unsigned char>(f.message[k + 1]) == 0xA9);
      }
      if (static_cast<unsigned char>(f.message[k]) == 0xA9) {
        CHECK(k > 0);
        CHECK(static_cast<unsigned char>(f.message[k - 1]) == 0xC3);
      }
    }
    const auto number = failure_of(std::string(2000, '9') + "e99999");
    CHECK(number.message.size() < 300);
    CHECK(number.message.rfind("number overflow parsing '999", 0) == 0);
    CHECK(number.message.find("9e99999'") != std::string::npos);
  }
}
