// What a file reader's documented refusal holds: a load_error with at least one diagnostic,
// each with a message and placed in the file it read (line and column 0 mean the whole file).
#pragma once

#include <string_view>

#include "engine/status.h"
#include "fuzz/fuzz_check.h"

namespace mfsim::fuzz {

inline void check_refusal(const load_error& e, std::string_view file) {
  MFSIM_FUZZ_CHECK(!e.diagnostics().empty());
  for (const auto& d : e.diagnostics()) {
    MFSIM_FUZZ_CHECK(!d.message.empty());
    MFSIM_FUZZ_CHECK(d.where.file == file && d.where.line >= 0 && d.where.col >= 0);
  }
}

}  // namespace mfsim::fuzz
