// The linter behind lint_rule_set(): one member function per finding id, defined in the file of
// its family (lint.cc, egress_lint.cc, reachability_lint.cc, size_lint.cc). Include
// engine/lint/lint.h instead.
#pragma once

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lint/lint.h"

namespace mfsim::lint::detail {

using rules::condition;
using rules::condition_kind;
using rules::rule_set;
using rules::transport_rule;

// The ip list that holds Area 1's current egress ranges in the built-in presets.
inline constexpr const char* kReferenceList = "area1-office365";

class linter {
 public:
  explicit linter(const rule_set& set) : set_(set) {
    order_.resize(set.transport_rules.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return set.transport_rules[a].priority < set.transport_rules[b].priority;
    });
  }

  std::vector<finding> run();

 private:
  void add(std::string id, severity level, const source_span& where, std::string message,
           std::string fix) {
    findings_.push_back(finding{std::move(id), level, where, std::move(message), std::move(fix)});
  }
  [[nodiscard]] bool is_disposition_header(std::string_view name) const;
  [[nodiscard]] bool is_disposition_condition(const condition& c) const;

  void unguarded_disposition_rules();   // MF001
  void words_area1_never_writes();      // MF002
  void ranges_exchange_rejects();       // MF003, MF004 (egress_lint.cc)
  void stale_egress_lists();            // MF005 (egress_lint.cc)
  void unreachable_rules();             // MF006 (reachability_lint.cc)
  void duplicates();                    // MF007, MF008
  void quarantine_rules_that_do_not();  // MF009
  void size_limits();                   // MF010, MF011 (size_lint.cc)
  void rules_that_change_nothing();     // MF012
  void backtracking_patterns();         // MF013

  const rule_set& set_;
  std::vector<std::size_t> order_;  // rule indexes in evaluation order
  std::vector<finding> findings_;
};

// "'name'", as findings quote a rule.
[[nodiscard]] std::string quoted(const transport_rule& r);

// At most `at_most` items joined by ", ", then " and N more".
[[nodiscard]] std::string join_strings(const std::vector<std::string>& items,
                                       std::size_t at_most = 6);

// SenderIpRanges (and other) values with `$list` references replaced by the list's entries.
[[nodiscard]] std::vector<std::string> expand_ip_lists(const std::vector<std::string>& values,
                                                       const rule_set& set);

// Sorts findings by position (file, line, column), then id.
void sort_by_position(std::vector<finding>& findings);

}  // namespace mfsim::lint::detail
