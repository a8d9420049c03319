// Counting a diff's messages into its transition matrix and list of changes.
#include "engine/report/diff_summary.h"

#include <algorithm>

namespace mfsim::report {

std::string diff_state(const outcome& r) {
  std::string s = to_string(r.action);
  if (!r.quarantine_policy.empty()) s += " (" + std::string(r.quarantine_policy) + ")";
  return s;
}

void diff_summary::add(message_change& m) {
  ++messages_;
  const transition key{m.before_state, m.after_state};
  ++matrix_[key];
  if (!m.changed) return;
  ++changed_;
  const std::uint64_t n = ++changed_per_transition_[key];
  for (const auto& f : m.fields) ++field_counts_[f];
  if (!list_changes_) return;
  if (n <= kListedPerTransition) {
    listed_.push_back({m.id, key.first, key.second, std::move(m.fields), std::move(m.rules_before),
                       std::move(m.rules_after), std::move(m.values)});
  } else {
    ++left_out_;
  }
}

void diff_summary::add_unchanged(const std::string& before_state, const std::string& after_state,
                                 std::uint64_t n) {
  messages_ += n;
  matrix_[{before_state, after_state}] += n;
}

// Action order of the contract, then policy name.
std::vector<std::string> diff_summary::sorted_states() const {
  std::vector<std::string> states;
  for (const auto& [key, n] : matrix_) {
    for (const auto& s : {key.first, key.second}) {
      if (std::find(states.begin(), states.end(), s) == states.end()) states.push_back(s);
    }
  }
  const auto rank = [](const std::string& s) {
    const std::string action = s.substr(0, s.find(' '));
    for (int a = 0; a <= static_cast<int>(final_action::area1_quarantine); ++a) {
      if (action == to_string(static_cast<final_action>(a))) return a;
    }
    return 100;
  };
  std::sort(states.begin(), states.end(), [&](const std::string& a, const std::string& b) {
    return std::make_pair(rank(a), a) < std::make_pair(rank(b), b);
  });
  return states;
}

rule_set_label label_of(const plan& p) { return {p.source().name, p.source().source}; }

diff_report_data diff_summary::data(const rule_set_label& before,
                                    const rule_set_label& after) const {
  diff_report_data d;
  d.base_name = before.name;
  d.base_source = before.source;
  d.new_name = after.name;
  d.new_source = after.source;
  d.states = sorted_states();
  const auto index = [&](const std::string& s) {
    return static_cast<std::size_t>(std::find(d.states.begin(), d.states.end(), s) -
                                    d.states.begin());
  };
  for (const auto& [key, n] : matrix_) d.matrix[{index(key.first), index(key.second)}] = n;
  for (const auto& [key, n] : changed_per_transition_) {
    d.changed_per_transition[{index(key.first), index(key.second)}] = n;
  }
  d.messages = messages_;
  d.changed = changed_;
  d.changes_left_out = left_out_;
  d.field_counts = field_counts_;
  for (const auto& l : listed_) {
    d.changes.push_back(
        {l.id, index(l.before), index(l.after), l.fields, l.rules_before, l.rules_after, l.values});
  }
  return d;
}

}  // namespace mfsim::report
