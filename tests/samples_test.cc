// The bundled sample corpus against its hand-derived expected outcomes (corpus/expected/).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine/json_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

using mfsim::test::lines_of;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;

namespace {

// Every field of every expected record must equal the produced one; records pair by position
// and must carry the same id.
void check_against_expected(const std::string& preset) {
  const auto r = run_mfsim({"run", "--rules", preset, "--format", "jsonl", "corpus/samples"});
  REQUIRE(r.exit_code == 0);
  const auto got = lines_of(r.out);
  const auto expected =
      lines_of(read_file(mfsim::test::source_dir() + "/corpus/expected/" + preset + ".jsonl"));
  REQUIRE(expected.size() >= 30);
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto want = mfsim::parse_json(expected[i]);
    const auto have = mfsim::parse_json(got[i]);
    for (const auto& item : want.items()) {  // clang 14 cannot capture a structured binding
      const std::string& field = item.key();
      const nlohmann::json& value = item.value();
      CHECK_MESSAGE(have[field] == value, want["id"].get<std::string>()
                                              << ": " << field << " expected " << value.dump()
                                              << ", got " << have[field].dump());
    }
  }
}

}  // namespace

TEST_SUITE("e2e: samples") {
  TEST_CASE("uc4 gives the expected outcome for every sample message") {
    check_against_expected("uc4");
  }

  TEST_CASE("uc4-2023-01 gives the expected outcome for every sample message") {
    check_against_expected("uc4-2023-01");
  }
}
