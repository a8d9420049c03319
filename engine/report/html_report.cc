// The HTML run and diff reports: markup, inline CSS and SVG charts, all generated here.
#include "engine/report/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "engine/mail/rfc5322_date.h"
#include "engine/report/packed_fields.h"
#include "engine/utf8.h"

namespace mfsim::report {
namespace {

// ---- escaping ---------------------------------------------------------------------------

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

std::string esc(std::string_view text) {
  std::string out;
  append_html_escaped(out, text);
  return out;
}

// ---- page frame -------------------------------------------------------------------------

constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 0; padding: 24px 32px; color: #1f2328; background: #f6f8fa; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.sub { color: #57606a; margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; }
.card { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 16px; min-width: 140px; }
.card dt { color: #57606a; font-size: 12px; }
.card dd { margin: 2px 0 0; font-size: 22px; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin: 0; padding: 10px 12px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font-family: inherit; font-size: 12px; fill: #1f2328; }
table { border-collapse: collapse; background: #fff; border: 1px solid #d0d7de; }
th, td { padding: 4px 8px; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; }
th { background: #f0f3f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.group th { background: #e7edf3; }
.matrix td { text-align: right; min-width: 48px; font-variant-numeric: tabular-nums; }
.matrix td.diag { outline: 1px solid #8c959f; outline-offset: -1px; }
.note { color: #57606a; margin: 8px 0; }
.warn { color: #9a6700; font-weight: 600; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
td.id { min-width: 260px; word-break: break-all; }
td.ip { white-space: nowrap; }
td.rules { min-width: 200px; }
.scroll { overflow-x: auto; }
.matrix td.moved { font-weight: 600; }
input[type=search] { padding: 4px 8px; width: 320px; margin: 4px 0 8px; }
.error { color: #cf222e; }
)css";

constexpr std::string_view kFilterScript = R"js(
(function () {
  var box = document.getElementById('filter');
  if (!box) return;
  box.addEventListener('input', function () {
    var q = box.value.toLowerCase();
    document.querySelectorAll('table.filtered tbody tr').forEach(function (row) {
      row.hidden = q !== '' && row.textContent.toLowerCase().indexOf(q) < 0;
    });
  });
})();
)js";

void open_page(std::string& out, std::string_view title) {
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"mfsim 0.1.0\">\n";
  out += "<title>" + esc(title) + "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
}

void close_page(std::string& out) {
  out += "<script>";
  out += kFilterScript;
  out += "</script>\n</body>\n</html>\n";
}

void append_card(std::string& out, std::string_view id, std::string_view label, std::uint64_t n) {
  out +=
      fmt::format("<div class=\"card\" id=\"{}\" data-count=\"{}\"><dt>{}</dt><dd>{}</dd></div>\n",
                  id, n, esc(label), n);
}

std::string percent(std::uint64_t n, std::uint64_t total) {
  if (total == 0) return "0%";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(total));
}

// ---- charts -----------------------------------------------------------------------------

struct bar {
  std::string key;
  std::uint64_t count = 0;
  std::string color;
};

constexpr std::array<const char*, 10> kPalette = {"#0969da", "#8250df", "#1a7f37", "#bf3989",
                                                  "#9a6700", "#0e8a8a", "#cf222e", "#6e7781",
                                                  "#953800", "#4d2d8c"};

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
  if (v == "phish") return "#cf222e";
  if (v == "high_confidence_phish") return "#a40e26";
  if (v == "malware") return "#4d2d8c";
  return "#6e7781";
}

std::size_t label_width(const std::vector<bar>& bars) {
  std::size_t longest = 4;
  for (const auto& b : bars) longest = std::max(longest, b.key.size());
  return std::clamp<std::size_t>(longest * 7 + 16, 90, 380);
}

// A horizontal bar chart: one <g class="bar" data-key data-count> per bar.
void append_bar_chart(std::string& out, std::string_view id, std::string_view caption,
                      const std::vector<bar>& bars, std::uint64_t total) {
  constexpr std::size_t kRow = 26;
  constexpr std::size_t kBarArea = 280;
  constexpr std::size_t kCountArea = 110;
  const std::size_t label_w = label_width(bars);
  const std::size_t width = label_w + kBarArea + kCountArea;
  const std::size_t height = std::max<std::size_t>(bars.size(), 1) * kRow + 8;
  std::uint64_t max_count = 0;
  for (const auto& b : bars) max_count = std::max(max_count, b.count);
  out += "<figure class=\"chart\"><figcaption>" + esc(caption) + "</figcaption>\n";
  out += fmt::format(
      "<svg id=\"{}\" class=\"bar-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" data-total=\"{}\">\n",
      id, width, height, width, height, esc(caption), total);
  if (bars.empty()) {
    out += "<text x=\"8\" y=\"20\" class=\"empty\">none</text>\n";
  }
  for (std::size_t k = 0; k < bars.size(); ++k) {
    const bar& b = bars[k];
    const std::size_t w = max_count == 0 ? 0
                                         : static_cast<std::size_t>(static_cast<double>(kBarArea) *
                                                                    static_cast<double>(b.count) /
                                                                    static_cast<double>(max_count));
    const std::size_t bar_w = b.count > 0 ? std::max<std::size_t>(w, 2) : 0;
    out += fmt::format(
        "<g class=\"bar\" data-key=\"{}\" data-count=\"{}\" transform=\"translate(0,{})\">",
        esc(b.key), b.count, k * kRow + 4);
    out += fmt::format("<title>{}: {} ({})</title>", esc(b.key), b.count, percent(b.count, total));
    out += fmt::format("<text x=\"{}\" y=\"15\" text-anchor=\"end\">{}</text>", label_w - 8,
                       esc(b.key));
    out += fmt::format(
        "<rect x=\"{}\" y=\"2\" width=\"{}\" height=\"18\" rx=\"3\" fill=\"{}\"></rect>", label_w,
        bar_w, b.color);
    out += fmt::format("<text x=\"{}\" y=\"15\" class=\"count\">{} ({})</text></g>\n",
                       label_w + bar_w + 6, b.count, percent(b.count, total));
  }
  out += "</svg></figure>\n";
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

const char* mode_name(rules::rule_mode m) {
  switch (m) {
    case rules::rule_mode::enforce: return "Enforce";
    case rules::rule_mode::audit: return "Audit";
    case rules::rule_mode::audit_and_notify: return "AuditAndNotify";
  }
  return "Enforce";
}

void append_list(std::string& out, const std::vector<std::string>& items) {
  if (items.empty()) {
    out += "<span class=\"note\">none</span>";
    return;
  }
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k) out += "<br>";
    out += esc(items[k]);
  }
}

std::string join_escaped(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k) out += separator;
    out += esc(items[k]);
  }
  return out;
}

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(text, i);
      if (n == 0) {
        out += kReplacement;
        ++i;
      } else {
        out.append(text.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t':
      case '\n':
      case '\r': out += static_cast<char>(c); break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += kReplacement;
        else
          out += static_cast<char>(c);
    }
    ++i;
  }
}

// ---- rows -------------------------------------------------------------------------------

message_row make_row(std::string_view id, const outcome& r) {
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
  return row;
}

namespace {

constexpr std::size_t kTrailerDigits = 12;  // the payload's length, zero-padded, at the very end

}  // namespace

void append_row_payload(std::string& text, std::string_view id, const outcome& r) {
  const message_row row = make_row(id, r);
  const std::size_t start = text.size();
  for (const std::string* field :
       {&row.id, &row.disposition, &row.sender_ip, &row.scl, &row.verdict, &row.action,
        &row.quarantine_policy, &row.release, &row.expires, &row.error}) {
    append_packed(text, *field);
  }
  std::string flags;
  flags += row.in_egress ? '1' : '0';
  flags += row.notify ? '1' : '0';
  append_packed(text, flags);
  std::string rules;
  for (const auto i : row.rules) rules += std::to_string(i) + ' ';
  append_packed(text, rules);
  text += fmt::format("{:0{}}", text.size() - start, kTrailerDigits);
}

std::string_view take_row_payload(std::string_view text, message_row& row) {
  row = {};
  if (text.size() < kTrailerDigits) return text;
  std::size_t length = 0;
  const std::string_view digits = text.substr(text.size() - kTrailerDigits);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  if (error != std::errc() || end != digits.data() + digits.size() ||
      length > text.size() - kTrailerDigits) {
    return text;
  }
  const std::string_view before = text.substr(0, text.size() - kTrailerDigits - length);
  std::string_view in = text.substr(before.size(), length);
  std::string_view field;
  for (std::string* target :
       {&row.id, &row.disposition, &row.sender_ip, &row.scl, &row.verdict, &row.action,
        &row.quarantine_policy, &row.release, &row.expires, &row.error}) {
    if (!read_packed(in, field)) return text;
    target->assign(field);
  }
  if (!read_packed(in, field) || field.size() != 2) return text;
  row.in_egress = field[0] == '1';
  row.notify = field[1] == '1';
  if (!read_packed(in, field)) return text;
  while (!field.empty()) {
    const std::size_t space = field.find(' ');
    std::uint32_t index = 0;
    std::from_chars(field.data(), field.data() + std::min(space, field.size()), index);
    row.rules.push_back(index);
    if (space == std::string_view::npos) break;
    field.remove_prefix(space + 1);
  }
  return before;
}

// ---- run report -------------------------------------------------------------------------

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
      "<table id=\"rules-fired\"><thead><tr><th>#</th><th>Rule</th><th class=\"num\">Priority</th>"
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
        rule.state == rules::rule_state::enabled ? "Enabled" : "Disabled", mode_name(rule.mode),
        rule_hits_[i], percent(rule_hits_[i], messages_));
  }
  out += "</tbody></table>\n</section>\n";

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
      "<div class=\"scroll\"><table id=\"messages\" class=\"filtered\"><thead><tr><th "
      "class=\"num\">#</th><th>Message</th>"
      "<th>Disposition</th><th>Sender IP</th><th>Egress</th><th>Rules</th><th "
      "class=\"num\">SCL</th>"
      "<th>Verdict</th><th>Action</th><th>Quarantine policy</th><th>Release</th><th>Notify</th>"
      "<th>Expires</th><th>Error</th></tr></thead><tbody>\n";
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
        "<td>{}</td><td>{}</td><td class=\"mono\">{}</td><td class=\"error\">{}</td></tr>\n",
        k + 1, esc(row.id), row.disposition.empty() ? "-" : esc(row.disposition),
        row.sender_ip.empty() ? "-" : esc(row.sender_ip), row.in_egress ? "yes" : "no",
        rule_names.empty() ? "-" : join_escaped(rule_names, "<br>"),
        row.scl.empty() ? "-" : esc(row.scl), esc(row.verdict), esc(row.action),
        row.quarantine_policy.empty() ? "-" : esc(row.quarantine_policy),
        row.release.empty() ? "-" : esc(row.release), row.notify ? "yes" : "no",
        row.expires.empty() ? "-" : esc(row.expires), esc(row.error));
  }
  out += "</tbody></table></div>\n</section>\n";
  close_page(out);
  return out;
}

// ---- diff report ------------------------------------------------------------------------

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
  out += "<table id=\"transition-matrix\" class=\"matrix\"><thead><tr><th>before \\ after</th>";
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
  out += fmt::format("<td class=\"num\">{}</td></tr>\n</tbody></table>\n", d.messages);

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
      "<table id=\"transitions\"><thead><tr><th>Before</th><th>After</th><th "
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
  out += "</tbody></table>\n</section>\n";

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
      "<table id=\"changes\" class=\"filtered\"><thead><tr><th>Message</th><th>Changed fields</th>"
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
          "<td class=\"mono id\">{}</td><td>{}</td><td>",
          esc(c.id), esc(d.states[c.before]), esc(d.states[c.after]), join_escaped(c.fields, " "),
          esc(c.id), join_escaped(c.fields, ", "));
      append_list(out, c.rules_before);
      out += "</td><td>";
      append_list(out, c.rules_after);
      out += "</td></tr>\n";
    }
    out += "</tbody>\n";
  }
  out += "</table>\n</section>\n";
  close_page(out);
  return out;
}

}  // namespace mfsim::report
