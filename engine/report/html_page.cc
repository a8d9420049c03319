// The shared frame of the HTML reports: markup, inline CSS, the filter script, SVG bar charts.
#include "engine/report/html_page.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/escape.h"

namespace mfsim::report::html {
namespace {

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
td.id { min-width: 14em; word-break: break-all; }
td.ip { white-space: nowrap; }
td.rules { min-width: 10em; }
/* A wide table scrolls inside its box; the page itself never scrolls sideways. */
.scroll { overflow-x: auto; max-width: 100%; }
/* The message tables fill their box; ids and errors break anywhere, other cells at spaces. */
table.fit { width: 100%; font-size: 13px; }
table.fit th, table.fit td { padding: 4px 6px; }
table.fit td.id, table.fit td.error { overflow-wrap: anywhere; }
table.fit td.num { white-space: nowrap; }
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

std::size_t label_width(const std::vector<bar>& bars) {
  std::size_t longest = 4;
  for (const auto& b : bars) longest = std::max(longest, b.key.size());
  return std::clamp<std::size_t>(longest * 7 + 16, 90, 380);
}

}  // namespace

std::string esc(std::string_view text) {
  std::string out;
  append_html_escaped(out, text);
  return out;
}

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

// ---- charts and lists ------------------------------------------------------------------

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

}  // namespace mfsim::report::html
