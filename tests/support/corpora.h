// Where the tests find the public mail corpora, and what a test does when they are absent
// (docs/testing.md). The corpora are not part of the repository: a fresh clone has none.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace mfsim::test {

// $MFSIM_CORPORA when set and not empty, else ../shared/corpora beside the source tree.
[[nodiscard]] std::filesystem::path corpora_root();

// The folder `name` (spamassassin, phishing_pot, torture, outlook) under corpora_root(). When it is
// missing the test is skipped: this prints the skip line that CTest's SKIP_REGULAR_EXPRESSION
// looks for, saying what to set, and returns nullopt (the caller returns at once). With
// MFSIM_REQUIRE_CORPORA=1 a missing corpus fails the test instead.
[[nodiscard]] std::optional<std::filesystem::path> corpus_dir(std::string_view name);

}  // namespace mfsim::test
