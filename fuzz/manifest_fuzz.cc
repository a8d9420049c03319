// Fuzzes the --manifest reader (JSONL or CSV). load_error is the documented way to reject a
// file, with every diagnostic placed in the file; any other exception, a crash, a sanitizer
// report or a stack overflow (deep nesting) is a bug. A manifest that loads finds every id it
// reports unused, and none is unused after that.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>

#include "corpus/manifest.h"
#include "engine/status.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_file.h"
#include "fuzz/load_error_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = mfsim::fuzz::input_file(data, size);
  try {
    const auto m = mfsim::corpus::manifest::load(path);
    // Each id reported unused is found, and is then used.
    for (auto unused = m.unused(); unused.count != 0;) {
      MFSIM_FUZZ_CHECK(m.find(unused.first) != nullptr);
      const auto after = m.unused();
      MFSIM_FUZZ_CHECK(after.count == unused.count - 1);
      unused = after;
    }
  } catch (const mfsim::load_error& e) {
    mfsim::fuzz::check_refusal(e, path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "manifest::load threw something other than load_error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
