// What `mfsim diff` reports: each message's state under two rule sets, counted in input order
// into a transition matrix and the changed messages, for the text table
// (engine/report/diff_table.h) and the HTML report (engine/report/html_diff_report.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine.h"

namespace mfsim::report {

// "deliver", "quarantine (UserNotifyUserRelease)": an outcome's action and quarantine policy,
// what the transition matrix counts.
[[nodiscard]] std::string diff_state(const outcome& result);

// How a report names one rule set: its name and where it came from (a file, a preset).
struct rule_set_label {
  std::string name, source;
};
[[nodiscard]] rule_set_label label_of(const plan& p);

// One message under both rule sets.
struct message_change {
  std::string id;
  std::string before_state, after_state;  // diff_state() under each rule set
  bool changed = false;                   // a record field other than `id` differs
  // When changed: the record fields that differ (in record order), the rules fired on each side,
  // and the decision's values that moved ("scl 1 -> 5").
  std::vector<std::string> fields, rules_before, rules_after, values;
};

// A message whose record differs between the two rule sets.
struct diff_change {
  std::string id;
  std::size_t before = 0;  // index into diff_report_data::states
  std::size_t after = 0;
  std::vector<std::string> fields;  // the record fields that differ, in record order
  std::vector<std::string> rules_before;
  std::vector<std::string> rules_after;
  std::vector<std::string> values;  // "scl 1 -> 5": the decision's values that moved
};

struct diff_report_data {
  std::string base_name, base_source;  // the --base rule set
  std::string new_name, new_source;    // the --rules rule set
  // States ("deliver", "quarantine (UserNotifyUserRelease)", ...) in the contract's action
  // order, then by policy; both axes of the matrix use this list, so the diagonal holds the
  // messages that kept their state.
  std::vector<std::string> states;
  std::map<std::pair<std::size_t, std::size_t>, std::uint64_t> matrix;  // (before, after) -> n
  std::uint64_t messages = 0;
  std::uint64_t changed = 0;
  std::vector<diff_change> changes;  // listed changes, in input order
  std::map<std::pair<std::size_t, std::size_t>, std::uint64_t> changed_per_transition;
  std::uint64_t changes_left_out = 0;                 // changed messages not in `changes`
  std::map<std::string, std::uint64_t> field_counts;  // changed messages per record field
};

// Counts the messages of a diff, fed in input order from one thread.
class diff_summary {
 public:
  // Changed messages listed per transition; the rest are counted, and the reports say so.
  static constexpr std::size_t kListedPerTransition = 1000;

  // `list_changes`: keep the first kListedPerTransition changed messages of each transition
  // (for the table and the HTML report); without it only counts are kept.
  explicit diff_summary(bool list_changes) : list_changes_(list_changes) {}

  // Counts `m`; may move from its lists.
  void add(message_change& m);
  // Counts `n` messages that did not change, along (before_state, after_state) at once: what
  // `mfsim merge` reads from the trailers of a sharded diff's parts.
  void add_unchanged(const std::string& before_state, const std::string& after_state,
                     std::uint64_t n);

  [[nodiscard]] std::uint64_t changed() const noexcept { return changed_; }
  [[nodiscard]] diff_report_data data(const rule_set_label& before,
                                      const rule_set_label& after) const;

 private:
  struct listed_change {
    std::string id, before, after;
    std::vector<std::string> fields, rules_before, rules_after, values;
  };
  using transition = std::pair<std::string, std::string>;

  [[nodiscard]] std::vector<std::string> sorted_states() const;

  bool list_changes_;
  std::uint64_t messages_ = 0;
  std::uint64_t changed_ = 0;
  std::map<transition, std::uint64_t> matrix_;
  std::map<transition, std::uint64_t> changed_per_transition_;
  std::map<std::string, std::uint64_t> field_counts_;
  std::vector<listed_change> listed_;
  std::uint64_t left_out_ = 0;
};

}  // namespace mfsim::report
