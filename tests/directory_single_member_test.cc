// A CSV Members value of one display name is one member, not its words (decision 632).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/directory/directory_index.h"
#include "engine/directory/load_directory.h"
#include "tests/support/load_problems.h"
#include "tests/support/process.h"

namespace {

namespace directory = mfsim::directory;

std::string temp_file(const std::string& name, const std::string& bytes) {
  static const mfsim::test::temp_dir dir;
  return dir.write(name, bytes);
}

}  // namespace

TEST_SUITE("directory") {
  TEST_CASE("a Members column of one display name is that one member") {
    // "anna" is another recipient's alias: split at its space, "Tony Anna" named two people.
    const std::string groups =
        "\"Name\",\"DisplayName\",\"PrimarySmtpAddress\",\"RecipientType\",\"Members\"\r\n"
        "\"tony\",\"Tony Anna\",\"tony@contoso.com\",\"UserMailbox\",\"\"\r\n"
        "\"anna\",\"Anna Lee\",\"anna@contoso.com\",\"UserMailbox\",\"\"\r\n"
        "\"fin\",\"Finance\",\"fin@contoso.com\",\"MailUniversalDistributionGroup\","
        "\"Tony Anna\"\r\n"
        "\"ops\",\"Ops\",\"ops@contoso.com\",\"MailUniversalDistributionGroup\","
        "\"tony@contoso.com anna@contoso.com\"\r\n";
    const auto dir = directory::load_directory({temp_file("one.csv", groups)});
    const auto id = [&](std::string_view identity) { return dir->resolve(identity).front(); };
    const auto members = [&](std::string_view group) {
      auto out = dir->members_of(id(group));
      std::sort(out.begin(), out.end());
      return out;
    };
    CHECK(members("fin") == std::vector<std::uint32_t>{id("tony")});
    std::vector<std::uint32_t> both{id("tony"), id("anna")};
    std::sort(both.begin(), both.end());
    CHECK(members("ops") == both);
  }
}
