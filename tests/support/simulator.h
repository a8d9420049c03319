// Test support: one compiled plan and one scratch, and messages built from header lines.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace mfsim::test {

// A message: header lines joined by `eol`, an empty line and a one-line body.
std::string message(const std::vector<std::string_view>& headers, std::string_view eol = "\r\n");

// Compiles a YAML rule set once and evaluates messages with one scratch; keeps the last message
// alive for the outcome's views.
class simulator {
 public:
  explicit simulator(const std::string& yaml);
  // The same, compiled against a directory (--directory).
  simulator(const std::string& yaml, std::shared_ptr<const directory::directory_index> directory);

  const outcome& run(std::string msg, const run_options& options = {});

  // Names of the rules that matched in the last run, in evaluation order.
  [[nodiscard]] std::vector<std::string> fired() const;
  [[nodiscard]] const plan& compiled() const { return *plan_; }
  [[nodiscard]] scratch& working_memory() { return scratch_; }

 private:
  std::shared_ptr<const plan> plan_;
  scratch scratch_;
  std::string message_;
  const outcome* last_ = nullptr;
};

}  // namespace mfsim::test
