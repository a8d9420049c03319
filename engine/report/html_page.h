// The frame every mfsim HTML report shares: page head with inline CSS, the filter script,
// total cards, SVG bar charts and escaped lists. Used by the run and diff reports.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::report::html {

// `text` escaped for HTML text and attribute values (engine/escape.h).
[[nodiscard]] std::string esc(std::string_view text);

// <!DOCTYPE html> to <body>, with `title` and the style sheet.
void open_page(std::string& out, std::string_view title);
// The filter script, then </body></html>.
void close_page(std::string& out);

// <div class="card" id data-count> with a label and a count.
void append_card(std::string& out, std::string_view id, std::string_view label, std::uint64_t n);

// "12.5%" of `total` ("0%" when it is 0).
[[nodiscard]] std::string percent(std::uint64_t n, std::uint64_t total);

struct bar {
  std::string key;
  std::uint64_t count = 0;
  std::string color;
};

inline constexpr std::array<const char*, 10> kPalette = {"#0969da", "#8250df", "#1a7f37", "#bf3989",
                                                         "#9a6700", "#0e8a8a", "#cf222e", "#6e7781",
                                                         "#953800", "#4d2d8c"};

// A horizontal bar chart: one <g class="bar" data-key data-count> per bar.
void append_bar_chart(std::string& out, std::string_view id, std::string_view caption,
                      const std::vector<bar>& bars, std::uint64_t total);

// Items escaped, one per line (<br>); "none" when empty.
void append_list(std::string& out, const std::vector<std::string>& items);
// Items escaped, joined by `separator` (written as is).
[[nodiscard]] std::string join_escaped(const std::vector<std::string>& items,
                                       std::string_view separator);

}  // namespace mfsim::report::html
