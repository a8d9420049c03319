// Fuzzes the `check --expect` reader. load_error is the documented way to reject a file, with
// every diagnostic placed in the file; any other exception, a crash, a sanitizer report or a
// stack overflow (deep nesting) is a bug. A file that loads has unique ids, each found by find().
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "engine/json_text.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_file.h"
#include "fuzz/load_error_check.h"
#include "tools/expectations.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mfsim::tools::record_schema schema;
  const std::string& path = mfsim::fuzz::input_file(data, size);
  try {
    const auto set = mfsim::tools::expectation_set::load(path, schema);
    for (std::size_t k = 0; k < set.entries().size(); ++k) {
      const auto found = set.find(set.entries()[k].id);
      MFSIM_FUZZ_CHECK(found && *found == k);
      // Each entry keeps its line, parsed again when its message comes: it must parse.
      MFSIM_FUZZ_CHECK(mfsim::parse_json(set.entries()[k].fields).is_object());
      MFSIM_FUZZ_CHECK(set.entries()[k].line >= 1);
    }
  } catch (const mfsim::load_error& e) {
    mfsim::fuzz::check_refusal(e, path);
    for (const auto& d : e.diagnostics()) {
      MFSIM_FUZZ_CHECK(d.message.size() < 4096);  // quoted values are shortened
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "expectation_set::load threw something other than load_error: %s\n",
                 e.what());
    std::abort();
  }
  return 0;
}
