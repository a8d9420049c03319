// Skipping a test with its reason, where what it needs is absent (a corpus, a kernel feature).
#pragma once

#include <iostream>
#include <string_view>

namespace mfsim::test {

// Prints the line CTest's SKIP_REGULAR_EXPRESSION looks for (tests/cmake/add_labelled_tests.cmake)
// and tools/test.sh lists at the end; the caller then returns from the test at once.
inline void report_skipped(std::string_view reason) {
  std::cout << "MFSIM_TEST_SKIPPED: " << reason << std::endl;
}

}  // namespace mfsim::test
