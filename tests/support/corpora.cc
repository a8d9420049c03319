// Finding the public corpora, and skipping a test with a reason when they are absent.
#include "tests/support/corpora.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "tests/support/build_paths.h"
#include "tests/support/skip.h"

namespace mfsim::test {
namespace {

bool corpora_required() {
  const char* value = std::getenv("MFSIM_REQUIRE_CORPORA");
  return value != nullptr && std::string(value) == "1";
}

}  // namespace

std::filesystem::path corpora_root() {
  const char* value = std::getenv("MFSIM_CORPORA");
  if (value != nullptr && *value != '\0') return value;
  return std::filesystem::path(mfsim::test::source_dir()).parent_path() / "shared" / "corpora";
}

std::optional<std::filesystem::path> corpus_dir(std::string_view name) {
  const std::filesystem::path dir = corpora_root() / name;
  if (std::filesystem::is_directory(dir)) return dir;
  const std::string reason =
      "the public corpus " + std::string(name) + " is not at " + dir.string() +
      ": set MFSIM_CORPORA to the folder that holds spamassassin/, phishing_pot/, "
      "torture/ and outlook/ (docs/testing.md)";
  if (corpora_required()) FAIL(reason << "; MFSIM_REQUIRE_CORPORA=1 makes this a failure");
  report_skipped(reason);
  return std::nullopt;
}

}  // namespace mfsim::test
