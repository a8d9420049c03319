// Aggregation of outcomes for the end-of-run summary.
#include "engine/report/run_summary.h"

#include <fmt/format.h>

#include "engine/terminal_text.h"

namespace mfsim::report {

run_summary::run_summary(const plan& p) : plan_(p), rule_hits_(p.rule_count(), 0) {}

void run_summary::add(const outcome& r) {
  ++messages_;
  if (!r.error.empty()) ++errors_;
  if (r.in_egress) ++from_egress_;
  if (r.disposition && !r.in_egress) ++disposition_not_from_egress_;
  ++actions_[to_string(r.action)];
  ++verdicts_[to_string(r.verdict_value)];
  if (!r.quarantine_policy.empty()) ++policies_[std::string(r.quarantine_policy)];
  for (const auto i : r.rules) ++rule_hits_[i];
}

void run_summary::merge(const run_summary& other) {
  messages_ += other.messages_;
  errors_ += other.errors_;
  from_egress_ += other.from_egress_;
  disposition_not_from_egress_ += other.disposition_not_from_egress_;
  for (const auto& [k, v] : other.actions_) actions_[k] += v;
  for (const auto& [k, v] : other.verdicts_) verdicts_[k] += v;
  for (const auto& [k, v] : other.policies_) policies_[k] += v;
  for (std::size_t i = 0; i < rule_hits_.size() && i < other.rule_hits_.size(); ++i) {
    rule_hits_[i] += other.rule_hits_[i];
  }
}

std::string run_summary::accounting_line() const {
  return fmt::format("messages read: {}, records written: {} (evaluated: {}, with errors: {})",
                     messages_, messages_, messages_ - errors_, errors_);
}

namespace {

void append_counts(std::string& out, const char* title,
                   const std::map<std::string, std::uint64_t>& counts) {
  out += fmt::format("{}:\n", title);
  if (counts.empty()) out += "  (none)\n";
  // Names come from rule files: shown inert (terminal_text.h).
  for (const auto& [name, count] : counts) {
    out += fmt::format("  {:<40} {:>8}\n", terminal_text(name), count);
  }
}

}  // namespace

std::string run_summary::format() const {
  std::string out;
  out += fmt::format("Summary ({}: {})\n", terminal_text(plan_.source().name),
                     terminal_text(plan_.source().source));
  out += fmt::format("  messages                                 {:>8}\n", messages_);
  out += fmt::format("  from Area 1 egress                       {:>8}\n", from_egress_);
  out += fmt::format("  disposition but not from egress          {:>8}\n",
                     disposition_not_from_egress_);
  out += fmt::format("  with read errors                         {:>8}\n", errors_);
  append_counts(out, "Actions", actions_);
  append_counts(out, "Verdicts", verdicts_);
  append_counts(out, "Quarantine policies", policies_);
  out += "Rules fired:\n";
  if (rule_hits_.empty()) out += "  (no transport rules)\n";
  for (std::size_t i = 0; i < rule_hits_.size(); ++i) {
    out += fmt::format("  R{} {:<37} {:>8}\n", i + 1, terminal_text(plan_.rule_name(i)),
                       rule_hits_[i]);
  }
  return out;
}

}  // namespace mfsim::report
