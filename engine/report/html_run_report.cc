// The HTML run report: totals, charts per action, verdict, policy and release, rules fired and
// the messages.
#include "engine/report/html_run_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/effect_text.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/report/fork_text.h"
#include "engine/report/html_page.h"

namespace mfsim::report {

using namespace html;

namespace {

const char* action_color(std::string_view action) {
  if (action == "deliver") return "#1a7f37";
  if (action == "junk") return "#d4a72c";
  if (action == "quarantine") return "#e16f24";
  if (action == "delete") return "#6e4c33";
  if (action == "redirect") return "#0969da";
  if (action == "reject") return "#a40e26";
  if (action == "add_x_header") return "#0e8a8a";
  if (action == "modify_subject") return "#8250df";
  if (action == "area1_quarantine") return "#bf3989";
  return "#6e7781";
}

const char* verdict_color(std::string_view v) {
  if (v == "not_spam") return "#1a7f37";
  if (v == "skipped") return "#8c959f";
  if (v == "bulk") return "#9a6700";
  if (v == "spam") return "#e16f24";
  if (v == "high_confidence_spam") return "#bc4c00";
  if (v == "spoof") return "#d1242f";
  if (v == "phish") return "#cf222e";
  if (v == "high_confidence_phish") return "#a40e26";
  if (v == "malware") return "#4d2d8c";
  return "#6e7781";
}

std::vector<bar> ordered_bars(const std::map<std::string, std::uint64_t>& counts,
                              const std::vector<std::string>& order,
                              const char* (*color)(std::string_view)) {
  std::vector<bar> bars;
  for (const auto& key : order) {
    const auto it = counts.find(key);
    if (it != counts.end() && it->second > 0) bars.push_back({key, it->second, color(key)});
  }
  // Anything not in the fixed order (cannot happen today) still shows, after the others.
  for (const auto& [key, n] : counts) {
    if (std::find(order.begin(), order.end(), key) == order.end())
      bars.push_back({key, n, color(key)});
  }
  return bars;
}

std::vector<bar> palette_bars(const std::map<std::string, std::uint64_t>& counts) {
  std::vector<bar> bars;
  for (const auto& [key, n] : counts)
    bars.push_back({key, n, kPalette[bars.size() % kPalette.size()]});
  return bars;
}

std::vector<std::string> action_order() {
  std::vector<std::string> order;
  for (int a = 0; a <= static_cast<int>(final_action::area1_quarantine); ++a) {
    order.emplace_back(to_string(static_cast<final_action>(a)));
  }
  return order;
}

std::vector<std::string> verdict_order() {
  std::vector<std::string> order;
  for (int v = 0; v <= static_cast<int>(verdict::malware); ++v) {
    order.emplace_back(to_string(static_cast<verdict>(v)));
  }
  return order;
}

}  // namespace

namespace {

// A value kept for the report: at most `max_bytes` of it (cut at a character boundary) and
// "..." after, so one message's megabyte header cannot swell the page; the JSONL has it whole.
std::string capped(std::string_view value, std::size_t max_bytes) {
  if (value.size() <= max_bytes) return std::string(value);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xc0) == 0x80) --end;
  return std::string(value.substr(0, end)) + "...";
}

}  // namespace

void cap_row_values(message_row& row) {
  constexpr std::size_t kMaxIdBytes = 1024;    // a long path stays whole
  constexpr std::size_t kMaxValueBytes = 200;  // disposition and error
  row.id = capped(row.id, kMaxIdBytes);
  row.disposition = capped(row.disposition, kMaxValueBytes);
  row.error = capped(row.error, kMaxValueBytes);
  constexpr std::size_t kMaxEffects = 50;  // a rule set with many rules acting on one message
  if (row.effects.size() > kMaxEffects) {
    const std::size_t more = row.effects.size() - kMaxEffects;
    row.effects.resize(kMaxEffects);
    row.effects.push_back(fmt::format("... and {} more", more));
  }
  for (auto& e : row.effects) e = capped(e, kMaxValueBytes);
  for (auto& f : row.forks) f = capped(f, kMaxValueBytes);
}

std::string effect_row_text(std::string_view rule_name, const effect& e) {
  return std::string(rule_name) + ": " + effect_summary(e);
}

message_row make_row(std::string_view id, const outcome& r, const plan* p,
                     const recipient_forks* forks) {
  message_row row;
  row.id.assign(id);
  if (r.disposition) row.disposition.assign(*r.disposition);
  if (r.sender_ip) row.sender_ip = r.sender_ip->to_string();
  row.in_egress = r.in_egress;
  row.rules = r.rules;
  if (r.scl) row.scl = std::to_string(*r.scl);
  row.verdict = to_string(r.verdict_value);
  row.action = to_string(r.action);
  row.quarantine_policy.assign(r.quarantine_policy);
  if (r.release != release_path::none) row.release = to_string(r.release);
  row.notify = r.notify;
  if (r.expires) row.expires = mail::format_iso8601_utc(*r.expires);
  row.error.assign(r.error);
  for (const auto& e : r.effects) {
    const std::string rule = p != nullptr && e.rule < p->rule_count()
                                 ? std::string(p->rule_name(e.rule))
                                 : "R" + std::to_string(e.rule + 1);
    row.effects.push_back(effect_row_text(rule, e));
  }
  if (forks != nullptr) {
    for (const recipient_fork& f : forks->forks) row.forks.push_back(fork_text(f));
    if (forks->truncated) row.forks.push_back(forks_truncated_text());
  }
  cap_row_values(row);
  return row;
}

html_run_report::html_run_report(const plan& p, std::size_t max_rows)
    : plan_(p), max_rows_(max_rows), rule_hits_(p.rule_count(), 0) {}

void html_run_report::add(message_row&& row) {
  ++messages_;
  if (!row.error.empty()) ++errors_;
  if (row.in_egress) ++from_egress_;
  if (!row.disposition.empty() && !row.in_egress) ++disposition_not_from_egress_;
  if (row.notify) ++notified_;
  ++actions_[row.action];
  ++verdicts_[row.verdict];
  if (!row.quarantine_policy.empty()) ++policies_[row.quarantine_policy];
  if (!row.release.empty()) ++releases_[row.release];
  for (const auto i : row.rules) {
    if (i < rule_hits_.size()) ++rule_hits_[i];
  }
  if (rows_.size() < max_rows_) rows_.push_back(std::move(row));
}

std::string html_run_report::render() const {
  const rules::rule_set& set = plan_.source();
  std::string out;
  open_page(out, "mfsim run report: " + set.name);
  out += "<header>\n<h1>mfsim run report</h1>\n";
  out += fmt::format(
      "<p class=\"sub\" id=\"rule-set\" data-name=\"{}\" data-source=\"{}\">Rule set "
      "<strong>{}</strong> ({}){}{}</p>\n",
      esc(set.name), esc(set.source), esc(set.name), esc(set.source),
      set.description.empty() ? "" : ": ", esc(set.description));
  out += "</header>\n";

  out += "<section id=\"totals\"><h2>Totals</h2>\n<dl class=\"cards\">\n";
  append_card(out, "total-messages", "Messages", messages_);
  append_card(out, "total-from-egress", "From Area 1 egress", from_egress_);
  append_card(out, "total-disposition-not-from-egress", "Disposition but not from egress",
              disposition_not_from_egress_);
  std::uint64_t quarantined = 0;
  for (const auto& [name, n] : policies_) quarantined += n;
  append_card(out, "total-quarantined", "Quarantined", quarantined);
  append_card(out, "total-notified", "Recipient notified", notified_);
  append_card(out, "total-errors", "With read errors", errors_);
  out += "</dl>\n</section>\n";

  out += "<section id=\"charts\"><h2>Outcomes</h2>\n<div class=\"charts\">\n";
  append_bar_chart(out, "chart-actions", "Action",
                   ordered_bars(actions_, action_order(), action_color), messages_);
  append_bar_chart(out, "chart-verdicts", "Verdict",
                   ordered_bars(verdicts_, verdict_order(), verdict_color), messages_);
  append_bar_chart(out, "chart-policies", "Quarantine policy (quarantined messages)",
                   palette_bars(policies_), quarantined);
  append_bar_chart(out, "chart-releases", "Release path (quarantined messages)",
                   palette_bars(releases_), quarantined);
  out += "</div>\n</section>\n";

  out += "<section id=\"rules\"><h2>Transport rules fired</h2>\n";
  std::vector<bar> rule_bars;
  for (std::size_t i = 0; i < rule_hits_.size(); ++i) {
    rule_bars.push_back({fmt::format("R{} {}", i + 1, plan_.rule_name(i)), rule_hits_[i],
                         kPalette[i % kPalette.size()]});
  }
  append_bar_chart(out, "chart-rules", "Messages each rule matched (Audit matches included)",
                   rule_bars, messages_);
  out +=
      "<div class=\"scroll\"><table id=\"rules-fired\"><thead><tr><th>#</th><th>Rule</th><th "
      "class=\"num\">Priority</th>"
      "<th>State</th><th>Mode</th><th class=\"num\">Matched</th><th class=\"num\">Share</th></tr>"
      "</thead><tbody>\n";
  if (rule_hits_.empty())
    out += "<tr><td colspan=\"7\" class=\"note\">no transport rules</td></tr>\n";
  for (std::size_t i = 0; i < rule_hits_.size(); ++i) {
    const rules::transport_rule& rule = plan_.rule_source(i);
    out += fmt::format(
        "<tr data-rule=\"{}\" data-count=\"{}\"><td>R{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        esc(plan_.rule_name(i)), rule_hits_[i], i + 1, esc(plan_.rule_name(i)), rule.priority,
        rules::parameter_value(rule.state), rules::parameter_value(rule.mode), rule_hits_[i],
        percent(rule_hits_[i], messages_));
  }
  out += "</tbody></table></div>\n</section>\n";

  out += "<section id=\"messages-section\"><h2>Messages</h2>\n";
  const std::uint64_t left_out = messages_ - rows_.size();
  out += fmt::format("<p class=\"note{}\" id=\"rows-note\" data-shown=\"{}\" data-left-out=\"{}\">",
                     left_out > 0 ? " warn" : "", rows_.size(), left_out);
  if (left_out > 0) {
    out += fmt::format(
        "Showing the first {} of {} messages, in input order; {} more are counted in "
        "the totals above but not listed here (use <code>mfsim run --format jsonl</code> "
        "for every record).",
        rows_.size(), messages_, left_out);
  } else {
    out += fmt::format("All {} messages, in input order.", messages_);
  }
  out +=
      "</p>\n<input id=\"filter\" type=\"search\" placeholder=\"Filter messages (any text)\" "
      "aria-label=\"Filter messages\">\n";
  out +=
      "<div class=\"scroll\"><table id=\"messages\" class=\"filtered fit\"><thead><tr><th "
      "class=\"num\">#</th><th>Message</th>"
      "<th>Disposition</th><th>Sender IP</th><th>Egress</th><th>Rules</th><th "
      "class=\"num\">SCL</th>"
      "<th>Verdict</th><th>Action</th><th>Quarantine policy</th><th>Release</th><th>Notify</th>"
      "<th>Expires</th><th>Error</th><th>Effects</th><th>Forks</th></tr></thead><tbody>\n";
  for (std::size_t k = 0; k < rows_.size(); ++k) {
    const message_row& row = rows_[k];
    std::vector<std::string> rule_names;
    for (const auto i : row.rules) {
      if (i < plan_.rule_count()) rule_names.emplace_back(plan_.rule_name(i));
    }
    out += fmt::format(
        "<tr data-id=\"{}\" data-action=\"{}\" data-verdict=\"{}\" data-policy=\"{}\" "
        "data-release=\"{}\" data-rules=\"{}\">",
        esc(row.id), esc(row.action), esc(row.verdict), esc(row.quarantine_policy),
        esc(row.release), row.rules.size());
    out += fmt::format(
        "<td class=\"num\">{}</td><td class=\"mono id\">{}</td><td>{}</td><td class=\"mono "
        "ip\">{}</td>"
        "<td>{}</td><td class=\"rules\">{}</td><td "
        "class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td class=\"mono\">{}</td><td class=\"error\">{}</td>"
        "<td class=\"effects\">{}</td><td class=\"effects\">{}</td></tr>\n",
        k + 1, esc(row.id), row.disposition.empty() ? "-" : esc(row.disposition),
        row.sender_ip.empty() ? "-" : esc(row.sender_ip), row.in_egress ? "yes" : "no",
        rule_names.empty() ? "-" : join_escaped(rule_names, "<br>"),
        row.scl.empty() ? "-" : esc(row.scl), esc(row.verdict), esc(row.action),
        row.quarantine_policy.empty() ? "-" : esc(row.quarantine_policy),
        row.release.empty() ? "-" : esc(row.release), row.notify ? "yes" : "no",
        row.expires.empty() ? "-" : esc(row.expires), esc(row.error),
        row.effects.empty() ? "-" : join_escaped(row.effects, "<br>"),
        row.forks.empty() ? "-" : join_escaped(row.forks, "<br>"));
  }
  out += "</tbody></table></div>\n</section>\n";
  close_page(out);
  return out;
}

}  // namespace mfsim::report
