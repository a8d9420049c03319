// Fixed-width rows for terminals.
#include "engine/report/table_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "engine/effect_text.h"
#include "engine/report/table_cell.h"
#include "engine/terminal_text.h"

namespace mfsim::report {
namespace {

// The columns after MESSAGE, with their widths (RELEASE is last and fits its longest value).
struct column {
  std::string_view title;
  std::size_t width;
};
constexpr std::array<column, 9> kColumns = {{{"DISPOSITION", 11},
                                             {"SENDER IP", 17},
                                             {"EGR", 3},
                                             {"RULES", 7},
                                             {"SCL", 3},
                                             {"VERDICT", 21},
                                             {"ACTION", 16},
                                             {"QUARANTINE POLICY", 24},
                                             {"RELEASE", 7}}};

constexpr std::size_t columns_after_id() {
  std::size_t total = 0;
  for (const column& c : kColumns) total += 1 + c.width;
  return total;
}

// The row's cells after the id, each fitted to its column, space-separated.
std::string format_row(std::string_view id, std::size_t id_width,
                       const std::array<std::string, 9>& cells) {
  std::string out = fit_cell(id, id_width, elide::directory);
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    out += ' ';
    out += fit_cell(cells[i], kColumns[i].width);
  }
  return out;
}

}  // namespace

table_writer::table_writer(const plan& p, std::size_t terminal_columns)
    : plan_(p),
      id_width_(terminal_columns == 0
                    ? kDefaultIdWidth
                    : std::max(kMinIdWidth, terminal_columns > columns_after_id()
                                                ? terminal_columns - columns_after_id()
                                                : std::size_t{0})) {}

std::string table_writer::header() const {
  std::array<std::string, 9> titles;
  for (std::size_t i = 0; i < kColumns.size(); ++i) titles[i] = kColumns[i].title;
  std::string line = format_row("MESSAGE", id_width_, titles);
  line.erase(line.find_last_not_of(' ') + 1);
  return line + "\n";
}

std::string table_writer::legend() const {
  std::string out = "Rules:\n";
  for (std::size_t i = 0; i < plan_.rule_count(); ++i) {
    out += fmt::format("  R{} = {}\n", i + 1, terminal_text(plan_.rule_name(i)));
  }
  return out;
}

void table_writer::append_row(std::string& out, std::string_view id, const outcome& r) const {
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
  std::string row = format_row(terminal_text(id), id_width_, cells);
  if (!r.error.empty()) row += " error: " + terminal_text(r.error);
  row.erase(row.find_last_not_of(' ') + 1);
  out += row;
  out += '\n';
  append_effects_line(out, r);
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
