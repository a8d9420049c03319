// The HTML diff report: totals, the transition matrix, before/after bars, transitions and the
// changed messages grouped by transition.
#include "engine/report/html_diff_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/report/html_page.h"

namespace mfsim::report {

using namespace html;

std::string render_diff_report(const diff_report_data& d) {
  std::string out;
  open_page(out, "mfsim diff report: " + d.base_name + " -> " + d.new_name);
  out += "<header>\n<h1>mfsim diff report</h1>\n";
  out += fmt::format(
      "<p class=\"sub\" id=\"rule-sets\" data-base=\"{}\" data-new=\"{}\">Before: "
      "<strong>{}</strong> ({}) &rarr; after: <strong>{}</strong> ({})</p>\n",
      esc(d.base_name), esc(d.new_name), esc(d.base_name), esc(d.base_source), esc(d.new_name),
      esc(d.new_source));
  out += "</header>\n";

  out += "<section id=\"totals\"><h2>Totals</h2>\n<dl class=\"cards\">\n";
  append_card(out, "diff-messages", "Messages", d.messages);
  append_card(out, "diff-changed", "Changed", d.changed);
  append_card(out, "diff-unchanged", "Unchanged", d.messages - d.changed);
  std::uint64_t moved = 0;
  for (const auto& [key, n] : d.matrix) {
    if (key.first != key.second) moved += n;
  }
  append_card(out, "diff-moved", "Changed action or policy", moved);
  out += "</dl>\n</section>\n";

  // The matrix: rows before, columns after.
  out += "<section id=\"matrix\"><h2>Transition matrix</h2>\n";
  out +=
      "<p class=\"note\">Action and quarantine policy of each message under the base rule set "
      "(rows) "
      "and the new one (columns). The outlined diagonal holds the messages that kept theirs.</p>\n";
  std::uint64_t max_cell = 0;
  for (const auto& [key, n] : d.matrix) max_cell = std::max(max_cell, n);
  out +=
      "<div class=\"scroll\"><table id=\"transition-matrix\" "
      "class=\"matrix\"><thead><tr><th>before \\ after</th>";
  for (const auto& s : d.states) out += "<th data-state=\"" + esc(s) + "\">" + esc(s) + "</th>";
  out += "<th class=\"num\">total before</th></tr></thead><tbody>\n";
  std::vector<std::uint64_t> column_totals(d.states.size(), 0);
  for (std::size_t b = 0; b < d.states.size(); ++b) {
    out += "<tr data-state=\"" + esc(d.states[b]) + "\"><th>" + esc(d.states[b]) + "</th>";
    std::uint64_t row_total = 0;
    for (std::size_t a = 0; a < d.states.size(); ++a) {
      const auto it = d.matrix.find({b, a});
      const std::uint64_t n = it == d.matrix.end() ? 0 : it->second;
      row_total += n;
      column_totals[a] += n;
      // Kept state in blue, moved messages in orange; darker for more messages.
      const double shade =
          max_cell == 0 ? 0.0 : 0.08 + 0.5 * static_cast<double>(n) / static_cast<double>(max_cell);
      const std::string style = n == 0 ? std::string()
                                       : fmt::format(" style=\"background: rgba({},{:.2f})\"",
                                                     a == b ? "9,105,218" : "225,111,36", shade);
      out += fmt::format(
          "<td class=\"cell{}\" data-before=\"{}\" data-after=\"{}\" data-count=\"{}\"{}>{}</td>",
          a == b  ? " diag"
          : n > 0 ? " moved"
                  : "",
          esc(d.states[b]), esc(d.states[a]), n, style,
          n == 0 ? std::string("&middot;") : std::to_string(n));
    }
    out += fmt::format("<td class=\"num\">{}</td></tr>\n", row_total);
  }
  out += "<tr><th>total after</th>";
  for (const auto n : column_totals) out += fmt::format("<td>{}</td>", n);
  out += fmt::format("<td class=\"num\">{}</td></tr>\n</tbody></table></div>\n", d.messages);

  // Before and after counts per state, as two bars per state.
  std::vector<bar> before_after;
  for (std::size_t s = 0; s < d.states.size(); ++s) {
    std::uint64_t before = 0;
    for (const auto& [key, n] : d.matrix) {
      if (key.first == s) before += n;
    }
    before_after.push_back({"before: " + d.states[s], before, "#8c959f"});
    before_after.push_back({"after: " + d.states[s], column_totals[s], "#0969da"});
  }
  out += "<div class=\"charts\" style=\"margin-top:16px\">\n";
  append_bar_chart(out, "chart-states", "Messages per action and policy, before and after",
                   before_after, d.messages);
  out += "</div>\n</section>\n";

  out += "<section id=\"transitions-section\"><h2>Transitions</h2>\n";
  out +=
      "<div class=\"scroll\"><table id=\"transitions\"><thead><tr><th>Before</th><th>After</th><th "
      "class=\"num\">Messages</th>"
      "<th class=\"num\">Changed</th></tr></thead><tbody>\n";
  for (const auto& [key, n] : d.matrix) {
    const auto changed = d.changed_per_transition.find(key);
    const std::uint64_t c = changed == d.changed_per_transition.end() ? 0 : changed->second;
    out += fmt::format(
        "<tr data-before=\"{}\" data-after=\"{}\" data-count=\"{}\" data-changed=\"{}\">"
        "<td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        esc(d.states[key.first]), esc(d.states[key.second]), n, c, esc(d.states[key.first]),
        esc(d.states[key.second]), n, c);
  }
  out += "</tbody></table></div>\n</section>\n";

  out += "<section id=\"changes-section\"><h2>Changed messages</h2>\n";
  out += fmt::format(
      "<p class=\"note{}\" id=\"changes-note\" data-listed=\"{}\" data-left-out=\"{}\">",
      d.changes_left_out > 0 ? " warn" : "", d.changes.size(), d.changes_left_out);
  if (d.changes_left_out > 0) {
    out += fmt::format(
        "{} changed messages are listed; {} more are counted above but not listed here "
        "(use <code>mfsim diff --format jsonl</code> for every one).",
        d.changes.size(), d.changes_left_out);
  } else {
    out += fmt::format("All {} changed messages, grouped by transition, in input order.",
                       d.changes.size());
  }
  out +=
      "</p>\n<input id=\"filter\" type=\"search\" placeholder=\"Filter changes (any text)\" "
      "aria-label=\"Filter changes\">\n";
  out +=
      "<div class=\"scroll\"><table id=\"changes\" class=\"filtered "
      "fit\"><thead><tr><th>Message</th><th>Changed fields</th>"
      "<th>Rules before</th><th>Rules after</th></tr></thead>\n";
  for (const auto& [key, n] : d.changed_per_transition) {
    out += fmt::format(
        "<tbody data-before=\"{}\" data-after=\"{}\"><tr class=\"group\"><th colspan=\"4\">"
        "{} &rarr; {} ({} changed)</th></tr>\n",
        esc(d.states[key.first]), esc(d.states[key.second]), esc(d.states[key.first]),
        esc(d.states[key.second]), n);
    for (const diff_change& c : d.changes) {
      if (c.before != key.first || c.after != key.second) continue;
      out += fmt::format(
          "<tr data-id=\"{}\" data-before=\"{}\" data-after=\"{}\" data-fields=\"{}\">"
          "<td class=\"mono id\">{}</td><td>{}{}{}</td><td>",
          esc(c.id), esc(d.states[c.before]), esc(d.states[c.after]), join_escaped(c.fields, " "),
          esc(c.id), join_escaped(c.fields, ", "), c.values.empty() ? "" : "<br>",
          join_escaped(c.values, "; "));
      append_list(out, c.rules_before);
      out += "</td><td>";
      append_list(out, c.rules_after);
      out += "</td></tr>\n";
    }
    out += "</tbody>\n";
  }
  out += "</table></div>\n</section>\n";
  close_page(out);
  return out;
}

}  // namespace mfsim::report
