// The format operator -f (about_Operators, "Format operator -f"): .NET's composite formatting
// ("Composite formatting",
// https://learn.microsoft.com/dotnet/standard/base-types/composite-formatting) of the values the
// script knows. A format item is {index[,alignment][:formatString]}: the alignment pads the value
// with spaces to its width (right-aligned, or left-aligned when negative); a format string is
// ignored for a text, as .NET ignores it for what is not IFormattable, and read for a whole number
// where it is D or X. Any other format string on a number (N0, C, F2: the machine's culture
// decides them) makes the result a value only the machine running the script knows, as
// $(Get-Date) is: an error only where a rule uses it (decision 640). .NET refuses an index or
// alignment of 1,000,000 or more (String.Format's IndexLimit and WidthLimit), so a width cannot ask
// for gigabytes, and the result is charged in the value budget before it is built.
#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/ascii.h"
#include "engine/rules/powershell_parser.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

constexpr std::size_t kFormatLimit = 1000000;  // .NET's IndexLimit and WidthLimit

struct format_item {
  std::size_t index = 0;
  std::size_t width = 0;
  bool left_aligned = false;
  std::string_view format;  // after ':', empty when none is written
  std::size_t end = 0;      // past its '}'
};

// The format item whose '{' is at `open`, read as .NET reads one (spaces allowed after the
// index and around the alignment); nullopt when it is none, or its index or width reaches
// kFormatLimit.
std::optional<format_item> read_format_item(std::string_view pattern, std::size_t open) {
  std::size_t at = open + 1;
  const auto number = [&](std::size_t& value) {
    const std::size_t first = at;
    value = 0;
    for (; at < pattern.size() && ascii_is_digit(pattern[at]); ++at) {
      value = value * 10 + static_cast<std::size_t>(pattern[at] - '0');
      if (value >= kFormatLimit) return false;
    }
    return at > first;
  };
  const auto spaces = [&] {
    while (at < pattern.size() && pattern[at] == ' ') ++at;
  };
  format_item item;
  if (!number(item.index)) return std::nullopt;
  spaces();
  if (at < pattern.size() && pattern[at] == ',') {
    ++at;
    spaces();
    item.left_aligned = at < pattern.size() && pattern[at] == '-';
    if (item.left_aligned) ++at;
    if (!number(item.width)) return std::nullopt;
    spaces();
  }
  if (at < pattern.size() && pattern[at] == ':') {
    const std::size_t close = pattern.find('}', at + 1);
    if (close == std::string_view::npos) return std::nullopt;
    item.format = pattern.substr(at + 1, close - at - 1);
    at = close;
  }
  if (at >= pattern.size() || pattern[at] != '}') return std::nullopt;
  item.end = at + 1;
  return item;
}

// A whole number by the standard format `format` ("D3", "X", "x8"); nullopt for any other format
// string (N, C, P, E, F, G, custom ones), whose result depends on the culture or on fractions.
std::optional<std::string> formatted_number(long long n, std::string_view format) {
  const char kind = format.empty() ? 'D' : format.front();
  std::size_t precision = 0;
  for (std::size_t k = 1; k < format.size(); ++k) {
    if (!ascii_is_digit(format[k])) return std::nullopt;
    precision = precision * 10 + static_cast<std::size_t>(format[k] - '0');
    if (precision > 99) return std::nullopt;  // .NET's standard precision is 0 to 999999999
  }
  std::string digits;
  if (kind == 'D' || kind == 'd') {
    digits = std::to_string(n < 0 ? -static_cast<unsigned long long>(n)
                                  : static_cast<unsigned long long>(n));
  } else if (kind == 'X' || kind == 'x') {
    // A negative number's two's complement in the width of its PowerShell type: a whole
    // number that fits an Int32 is one (-1 is ffffffff), a larger one an Int64 (decision 642).
    const bool int32 = n >= std::numeric_limits<std::int32_t>::min();
    const auto bits = int32 ? static_cast<unsigned long long>(static_cast<std::uint32_t>(n))
                            : static_cast<unsigned long long>(n);
    digits = kind == 'X' ? fmt::format("{:X}", bits) : fmt::format("{:x}", bits);
  } else {
    return std::nullopt;
  }
  if (digits.size() < precision) digits.insert(0, precision - digits.size(), '0');
  if (n < 0 && (kind == 'D' || kind == 'd')) digits.insert(0, 1, '-');
  return digits;
}

}  // namespace

ps_value parser::format() {
  ps_value left = range();
  skip_inline_space();
  if (!at_operator("f")) return left;
  const std::size_t op = i_;
  i_ += 2;
  skip_line_breaks();
  ps_value args = comma_list();
  const std::string written = fmt::format("{} -f {}", to_text_brief(left), to_text_brief(args));
  for (const auto& part : args.unknown_parts) left.unknown_parts.push_back(part);
  std::vector<ps_value> items;
  if (args.kind == ps_kind::plain && args.value.type == value_type::list) {
    for (const auto& item : args.value.items) items.push_back(plain(item));
  } else {
    items.push_back(std::move(args));
  }
  const std::string pattern = to_text(left);
  // What format item `item` writes, its alignment aside; nullopt for a number under a format
  // string mfsim does not compute.
  const auto value_of = [&](const format_item& item) -> std::optional<std::string> {
    const ps_value& value = items[item.index];
    if (item.format.empty() || value.kind != ps_kind::plain ||
        value.value.type != value_type::number) {
      return to_text(value);
    }
    const std::optional<long long> n = whole_number_in(value.value.text);
    return n ? formatted_number(*n, item.format) : std::nullopt;
  };
  // A culture's format ('{0:N0}' -f $count in a Write-Host line) refused the whole script: the
  // result is what the machine running it knows, an error only where a rule reads it.
  bool culture_formatted = false;
  // Two passes: the first checks the pattern and sizes the result, which is charged before the
  // second builds it ('{0}{0}...' repeats an argument as often as the pattern names it).
  std::string out;
  std::size_t size = 0;
  for (const bool build : {false, true}) {
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      const char c = pattern[k];
      const bool doubled = (c == '{' || c == '}') && k + 1 < pattern.size() && pattern[k + 1] == c;
      if (doubled || c != '{') {
        if (build) {
          out += c;
        } else {
          ++size;
        }
        k += doubled ? 1 : 0;
        continue;
      }
      const std::optional<format_item> item = read_format_item(pattern, k);
      if (!item) {
        fail(op, fmt::format("-f: the format '{}' holds an item that is not {{index[,alignment]"
                             "[:format]}} (index and alignment under {}, as .NET reads them)",
                             shortened_at(pattern, kQuotedPatternBytes), kFormatLimit));
      }
      if (item->index >= items.size()) {
        fail(op, fmt::format("-f: the format '{}' names an argument it is not given",
                             shortened_at(pattern, kQuotedPatternBytes)));
      }
      const std::optional<std::string> formatted = value_of(*item);
      culture_formatted = culture_formatted || !formatted;
      const std::string value = formatted.value_or("");
      const std::size_t length = utf16_length(value);
      const std::size_t padding = item->width > length ? item->width - length : 0;
      if (build) {
        if (!item->left_aligned) out.append(padding, ' ');
        out += value;
        if (item->left_aligned) out.append(padding, ' ');
      } else {
        size = capped_sum(size, capped_sum(value.size(), padding));
      }
      k = item->end - 1;
    }
    if (!build && culture_formatted) {
      ps_value result = unknown_value(written, at(op));
      for (auto& part : left.unknown_parts) result.unknown_parts.push_back(std::move(part));
      return result;
    }
    if (!build) {
      charge_text(size, op);
      out.reserve(size);
    }
  }
  ps_value result = text_value(std::move(out), at(op));
  result.unknown_parts = std::move(left.unknown_parts);
  return result;
}

}  // namespace mfsim::rules::ps
