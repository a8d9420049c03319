// contains_text(): whether a text holds another, in time linear in both (decision 1008).
#include "engine/mail/linear_substring_search.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using mfsim::mail::contains_text;

TEST_SUITE("linear substring search") {
  TEST_CASE("finds a part where a partial match restarts inside itself") {
    CHECK(contains_text("aaab", "aab"));
    CHECK(contains_text("abababc", "ababc"));
    CHECK(contains_text("wire transfer now", "transfer"));
    CHECK(contains_text("anything", ""));
    CHECK_FALSE(contains_text("abababd", "ababc"));
    CHECK_FALSE(contains_text("ab", "abc"));
    CHECK_FALSE(contains_text("", "a"));
  }

  TEST_CASE("two runs of one letter take linear time") {
    // std::string::find compared the part again at each of the text's 4 million `a`s.
    const std::string text(4'000'000, 'a');
    const std::string part = std::string(1'000'000, 'a') + "b";
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(contains_text(text, part));
    CHECK(contains_text(text + "b", part));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    CHECK(took.count() < 2.0);
  }
}
