// The problems a loader reports, in the form tests compare: "line:col: message".
#pragma once

#include <string>
#include <vector>

#include "engine/status.h"

namespace mfsim::test {

// Runs `load` and returns the diagnostics of the load_error it throws, in order; empty when it
// throws none.
template <typename Load>
std::vector<std::string> load_problems(Load&& load) {
  std::vector<std::string> out;
  try {
    load();
  } catch (const load_error& e) {
    for (const auto& d : e.diagnostics()) {
      out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.col) + ": " +
                    d.message);
    }
  }
  return out;
}

}  // namespace mfsim::test
