// The directory's references are checked for at most kMaxDirectoryProblems problems, as each
// file is read for (decision 633).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/directory/load_directory.h"
#include "tests/support/load_problems.h"
#include "tests/support/process.h"

namespace {

std::string temp_file(const std::string& name, const std::string& bytes) {
  static const mfsim::test::temp_dir dir;
  return dir.write(name, bytes);
}

// A group row whose Members are `count` addresses of no one, joined with spaces.
std::string group_of_strangers(int first, int count) {
  std::string members;
  for (int k = first; k < first + count; ++k)
    members += (k == first ? "" : " ") + ("m" + std::to_string(k) + "@nobody.example");
  return "\"g" + std::to_string(first) + "\",\"g" + std::to_string(first) +
         "@contoso.com\",\"MailUniversalDistributionGroup\",\"" + members + "\"\r\n";
}

std::vector<std::string> problems_of(const std::string& csv) {
  return mfsim::test::load_problems(
      [&] { (void)mfsim::directory::load_directory({temp_file("groups.csv", csv)}); });
}

}  // namespace

TEST_SUITE("directory") {
  TEST_CASE("references to no one are reported up to the problem limit, then said to stop") {
    const std::string header = "\"Name\",\"PrimarySmtpAddress\",\"RecipientType\",\"Members\"\r\n";
    // 2,000 members of no one in two groups: the 1,001st problem says the rest are unchecked.
    const auto many =
        problems_of(header + group_of_strangers(0, 1000) + group_of_strangers(1000, 1000));
    REQUIRE(many.size() == 1001);
    CHECK(many[999] ==
          "2:56: member 'm999@nobody.example' names no recipient or group of the "
          "directory");
    CHECK(many.back() ==
          "3:62: more than 1000 problems (the limit kMaxDirectoryProblems): the "
          "directory's other addresses and references are not checked");
    // Exactly 1,000 are all reported, with no word of a limit.
    const auto thousand = problems_of(header + group_of_strangers(0, 1000));
    REQUIRE(thousand.size() == 1000);
    CHECK(thousand.back().find("names no recipient") != std::string::npos);
  }
}
