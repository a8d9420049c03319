// Fixed-width rows for terminals.
#include "engine/report/table_writer.h"

#include <fmt/format.h>

namespace mfsim::report {
namespace {

constexpr const char* kRowFormat =
    "{:<34} {:<11} {:<17} {:<4} {:<7} {:<4} {:<21} {:<16} {:<24} {}\n";

}  // namespace

table_writer::table_writer(const plan& p) : plan_(p) {}

std::string table_writer::header() const {
  return fmt::format(kRowFormat, "MESSAGE", "DISPOSITION", "SENDER IP", "EGR", "RULES", "SCL",
                     "VERDICT", "ACTION", "QUARANTINE POLICY", "RELEASE");
}

std::string table_writer::legend() const {
  std::string out = "Rules:\n";
  for (std::size_t i = 0; i < plan_.rule_count(); ++i) {
    out += fmt::format("  R{} = {}\n", i + 1, plan_.rule_name(i));
  }
  return out;
}

void table_writer::append_row(std::string& out, std::string_view id, const outcome& r) const {
  std::string rules;
  for (const auto i : r.rules) rules += (rules.empty() ? "R" : ",R") + std::to_string(i + 1);
  std::string action = to_string(r.action);
  if (!r.error.empty()) action += " (error: " + std::string(r.error) + ")";
  out += fmt::format(
      kRowFormat, id, r.disposition.value_or("-"), r.sender_ip ? r.sender_ip->to_string() : "-",
      r.in_egress ? "yes" : "no", rules.empty() ? "-" : rules, r.scl ? std::to_string(*r.scl) : "-",
      to_string(r.verdict_value), action, r.quarantine_policy.empty() ? "-" : r.quarantine_policy,
      r.release == release_path::none ? "-" : to_string(r.release));
}

}  // namespace mfsim::report
