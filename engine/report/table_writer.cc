// Fixed-width rows for terminals.
#include "engine/report/table_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "engine/effect_text.h"
#include "engine/report/fork_text.h"
#include "engine/report/table_cell.h"
#include "engine/terminal_text.h"

namespace mfsim::report {
namespace {

// The columns after MESSAGE: full width (RELEASE is last and fits its longest value), and the
// narrowest each may become on a narrow terminal.
struct column {
  std::string_view title;
  std::size_t width;
  std::size_t narrowest;
};
constexpr std::array<column, 9> kColumns = {{{"DISPOSITION", 11, 5},
                                             {"SENDER IP", 17, 15},
                                             {"EGR", 3, 3},
                                             {"RULES", 7, 3},
                                             {"SCL", 3, 3},
                                             {"VERDICT", 21, 9},
                                             {"ACTION", 16, 10},
                                             {"QUARANTINE POLICY", 24, 10},
                                             {"RELEASE", 7, 7}}};
// The order in which columns give up width: those whose values are longest and most readable
// when cut first. An IPv4 address (15 characters) is never cut.
constexpr std::array<std::size_t, 6> kShrinkOrder = {7, 5, 6, 0, 3, 1};

std::size_t after_id(const std::array<std::size_t, 9>& widths) {
  std::size_t total = 0;
  for (const std::size_t w : widths) total += 1 + w;
  return total;
}

// The row's cells after the id, each fitted to its column, space-separated.
std::string format_row(std::string_view id, std::size_t id_width,
                       const std::array<std::size_t, 9>& widths,
                       const std::array<std::string, 9>& cells) {
  std::string out = fit_cell(id, id_width, elide::directory);
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    out += ' ';
    out += fit_cell(cells[i], widths[i]);
  }
  return out;
}

}  // namespace

table_writer::table_writer(const plan& p, std::size_t terminal_columns)
    : plan_(p), id_width_(kDefaultIdWidth) {
  for (std::size_t i = 0; i < kColumns.size(); ++i) widths_[i] = kColumns[i].width;
  if (terminal_columns == 0) return;  // not a terminal: the same widths whatever reads it
  const std::size_t full = after_id(widths_);
  if (terminal_columns >= full + kMinIdWidth) {
    id_width_ = terminal_columns - full;
    return;
  }
  // Too narrow: the wide columns shrink in turn, then the message column.
  std::size_t excess = full + kMinIdWidth - terminal_columns;
  for (const std::size_t i : kShrinkOrder) {
    const std::size_t give = std::min(excess, widths_[i] - kColumns[i].narrowest);
    widths_[i] -= give;
    excess -= give;
  }
  id_width_ = kMinIdWidth - std::min(excess, kMinIdWidth - kNarrowestId);
}

std::string table_writer::header() const {
  std::array<std::string, 9> titles;
  for (std::size_t i = 0; i < kColumns.size(); ++i) titles[i] = kColumns[i].title;
  std::string line = format_row("MESSAGE", id_width_, widths_, titles);
  line.erase(line.find_last_not_of(' ') + 1);
  return line + "\n";
}

std::string table_writer::legend() const {
  // The one abbreviated column heading, which no record field is spelt like.
  constexpr std::string_view kEgress =
      "EGR = SENDER IP is in the rule set's Area 1 egress list (the record's in_egress)\n";
  // A rule set without transport rules (eop-default) says so, as "Rules fired:" does, rather
  // than leave the heading of an empty legend.
  if (plan_.rule_count() == 0) return fmt::format("{}Rules: (no transport rules)\n", kEgress);
  std::string out = fmt::format("{}Rules:\n", kEgress);
  for (std::size_t i = 0; i < plan_.rule_count(); ++i) {
    out += fmt::format("  R{} = {}\n", i + 1, terminal_text(plan_.rule_name(i)));
  }
  return out;
}

void table_writer::append_row(std::string& out, std::string_view id, const outcome& r,
                              const recipient_forks* forks) const {
  std::string rules;
  for (const auto i : r.rules) rules += (rules.empty() ? "R" : ",R") + std::to_string(i + 1);
  const std::array<std::string, 9> cells = {
      terminal_text(r.disposition.value_or("-")),
      r.sender_ip ? r.sender_ip->to_string() : "-",
      r.in_egress ? "yes" : "no",
      rules.empty() ? "-" : rules,
      r.scl ? std::to_string(*r.scl) : "-",
      to_string(r.verdict_value),
      to_string(r.action),
      r.quarantine_policy.empty() ? "-" : terminal_text(r.quarantine_policy),
      r.release == release_path::none ? "-" : to_string(r.release)};
  // Ids, the disposition and names come from files and messages: shown inert (terminal_text.h),
  // then fitted to their columns.
  std::string row = format_row(terminal_text(id), id_width_, widths_, cells);
  if (!r.error.empty()) row += " error: " + terminal_text(r.error);
  row.erase(row.find_last_not_of(' ') + 1);
  out += row;
  out += '\n';
  append_effects_line(out, r);
  if (forks != nullptr) append_forks_line(out, *forks);
}

// The forks under their message's row, on one line: "  forks: alice@exec.example: spam,
// quarantine (Strict); bob@staff.example: spam, junk (Default)" (fork_text.h). Addresses and
// names come from messages and files: shown inert.
void table_writer::append_forks_line(std::string& out, const recipient_forks& forks) {
  if (!forks.any()) return;
  std::string line = "  forks:";
  for (std::size_t k = 0; k < forks.forks.size(); ++k) {
    line += k ? "; " : " ";
    line += fork_text(forks.forks[k]);
  }
  if (forks.truncated) line += " (" + forks_truncated_text() + ")";
  out += terminal_text(line);
  out += '\n';
}

// The effects under their message's row, on one line: "  effects: R1 SetSCL 5; R2 BlindCopyTo
// audit@contoso.com". Values come from rule files: shown inert, each cut at 60 bytes.
void table_writer::append_effects_line(std::string& out, const outcome& r) const {
  if (r.effects.empty()) return;
  constexpr std::size_t kMaxEffectValue = 60;
  std::string line = "  effects:";
  for (std::size_t k = 0; k < r.effects.size(); ++k) {
    line += k ? "; R" : " R";
    line += std::to_string(r.effects[k].rule + 1);
    line += ' ';
    line += effect_summary(r.effects[k], kMaxEffectValue);
  }
  out += terminal_text(line);
  out += '\n';
}

}  // namespace mfsim::report
