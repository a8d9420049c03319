// Aggregation of outcomes for the end-of-run summary.
#include "engine/report/run_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

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

// One "label   count" line of the summary.
struct count_line {
  std::string label;  // shown inert already
  std::uint64_t count = 0;
};

// A titled list of lines, and what stands in for an empty one.
struct summary_section {
  std::string title;  // none for the first, the totals
  std::vector<count_line> lines;
  std::string_view when_empty = "  (none)\n";
};

// Labels are padded to the longest (at least 40, as in earlier output; rule names run to 64
// characters), so that every count stands in one column.
std::size_t label_width(const std::vector<summary_section>& sections) {
  constexpr std::size_t kNarrowest = 40;
  constexpr std::size_t kWidest = 72;
  std::size_t width = kNarrowest;
  for (const auto& section : sections) {
    for (const auto& l : section.lines) width = std::max(width, std::min(l.label.size(), kWidest));
  }
  return width;
}

}  // namespace

std::string run_summary::format() const {
  // Names come from rule files: shown inert.
  std::vector<summary_section> sections;
  sections.push_back({"",
                      {{"messages", messages_},
                       {"from Area 1 egress", from_egress_},
                       {"disposition but not from egress", disposition_not_from_egress_},
                       {"with read errors", errors_}}});
  const auto add_counts = [&](const char* title,
                              const std::map<std::string, std::uint64_t>& counts) {
    std::vector<count_line> lines;
    for (const auto& [name, count] : counts) lines.push_back({terminal_text(name), count});
    sections.push_back({title, std::move(lines)});
  };
  add_counts("Actions", actions_);
  add_counts("Verdicts", verdicts_);
  add_counts("Quarantine policies", policies_);
  std::vector<count_line> rules;
  for (std::size_t i = 0; i < rule_hits_.size(); ++i) {
    rules.push_back(
        {fmt::format("R{} {}", i + 1, terminal_text(plan_.rule_name(i))), rule_hits_[i]});
  }
  sections.push_back({"Rules fired", std::move(rules), "  (no transport rules)\n"});

  const std::size_t width = label_width(sections);
  std::string out = fmt::format("Summary ({}: {})\n", terminal_text(plan_.source().name),
                                terminal_text(plan_.source().source));
  for (const auto& section : sections) {
    if (!section.title.empty()) out += section.title + ":\n";
    if (section.lines.empty()) out += section.when_empty;
    for (const auto& l : section.lines)
      out += fmt::format("  {:<{}} {:>8}\n", l.label, width, l.count);
  }
  return out;
}

}  // namespace mfsim::report
