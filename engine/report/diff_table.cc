// Writing the diff report as text.
#include "engine/report/diff_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/terminal_text.h"

namespace mfsim::report {
namespace {

std::string joined(const std::vector<std::string>& items, std::string_view separator,
                   std::string_view empty = "-") {
  if (items.empty()) return std::string(empty);
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k) out += separator;
    out += items[k];
  }
  return out;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

// Names and ids in the text come from rule files and file names: shown inert (terminal_text.h).
std::string format_diff_table(const diff_report_data& d) {
  std::vector<std::string> states;
  for (const auto& state : d.states) states.push_back(terminal_text(state));
  std::string out;
  out += fmt::format("mfsim diff: {} ({}) -> {} ({}): {}, {}\n\n", terminal_text(d.base_name),
                     terminal_text(d.base_source), terminal_text(d.new_name),
                     terminal_text(d.new_source), plural(d.messages, "message", "messages"),
                     plural(d.changed, "changed", "changed"));
  // An empty matrix would read as "nothing changed" where nothing was compared (decision 520).
  if (d.messages == 0) {
    out += std::string(kNothingCompared) + "\n";
    return out;
  }
  // The matrix, columns numbered to keep it narrow; the row labels name the states.
  std::size_t label = 16;
  for (std::size_t s = 0; s < states.size(); ++s) {
    label = std::max(label, states[s].size() + fmt::format("[{}] ", s + 1).size());
  }
  std::size_t cell = 5;
  for (const auto& [key, n] : d.matrix) cell = std::max(cell, std::to_string(n).size() + 2);
  out += "Transition matrix: action (quarantine policy), before (rows) -> after (columns)\n";
  out += fmt::format("{:<{}}", "", label);
  for (std::size_t s = 0; s < states.size(); ++s)
    out += fmt::format("{:>{}}", fmt::format("[{}]", s + 1), cell);
  out += '\n';
  for (std::size_t b = 0; b < states.size(); ++b) {
    out += fmt::format("{:<{}}", fmt::format("[{}] {}", b + 1, states[b]), label);
    for (std::size_t a = 0; a < states.size(); ++a) {
      const auto it = d.matrix.find({b, a});
      out += fmt::format(
          "{:>{}}", it == d.matrix.end() ? std::string(".") : std::to_string(it->second), cell);
    }
    out += '\n';
  }
  out += '\n';
  std::uint64_t kept = 0;
  std::string moves;
  for (const auto& [key, n] : d.matrix) {
    if (key.first == key.second) {
      kept += n;
      continue;
    }
    moves += fmt::format("  {} -> {}: {}\n", states[key.first], states[key.second], n);
  }
  out += fmt::format("Transitions ({} kept their action and policy):\n{}", kept,
                     moves.empty() ? "  none\n" : moves);
  if (!d.field_counts.empty()) {
    out += "Fields changed:";
    for (const auto& [field, n] : d.field_counts) out += fmt::format(" {} {},", field, n);
    out.back() = '\n';
  }
  if (d.changed == 0) {
    out += "\nNo message changed.\n";
    return out;
  }
  out += "\nChanged messages, by transition:\n";
  for (const auto& [key, n] : d.changed_per_transition) {
    out += fmt::format("\n{} -> {}: {}\n", states[key.first], states[key.second],
                       plural(n, "message", "messages"));
    std::uint64_t shown = 0;
    for (const auto& change : d.changes) {
      if (change.before != key.first || change.after != key.second) continue;
      ++shown;
      out += fmt::format("  {}\n", terminal_text(change.id));
      out += fmt::format("    changed:      {}\n", joined(change.fields, ", "));
      if (!change.values.empty())
        out += fmt::format("    values:       {}\n", terminal_text(joined(change.values, "; ")));
      out +=
          fmt::format("    rules before: {}\n", terminal_text(joined(change.rules_before, "; ")));
      out += fmt::format("    rules after:  {}\n", terminal_text(joined(change.rules_after, "; ")));
    }
    if (shown < n) {
      out += fmt::format("  ... and {} more (--format jsonl lists every changed message)\n",
                         n - shown);
    }
  }
  return out;
}

}  // namespace mfsim::report
