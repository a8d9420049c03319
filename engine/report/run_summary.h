// Counts over a run: per action, verdict, quarantine policy and rule, plus the accounting line.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace mfsim::report {

class run_summary {
 public:
  explicit run_summary(const plan& p);

  void add(const outcome& result);
  // Adds another summary's counts (of the same plan): per-thread summaries merge at the end.
  void merge(const run_summary& other);

  // A readable block: totals, then counts per action, verdict, policy and rule.
  [[nodiscard]] std::string format() const;
  // "messages read: N, records written: N (evaluated N, with errors N)".
  [[nodiscard]] std::string accounting_line() const;

  [[nodiscard]] std::uint64_t messages() const noexcept { return messages_; }
  [[nodiscard]] std::uint64_t errors() const noexcept { return errors_; }

 private:
  const plan& plan_;
  std::uint64_t messages_ = 0;
  std::uint64_t errors_ = 0;
  std::uint64_t from_egress_ = 0;
  std::uint64_t disposition_not_from_egress_ = 0;  // forged or bypassed Area 1 (section 4)
  std::map<std::string, std::uint64_t> actions_;
  std::map<std::string, std::uint64_t> verdicts_;
  std::map<std::string, std::uint64_t> policies_;
  std::vector<std::uint64_t> rule_hits_;
};

}  // namespace mfsim::report
