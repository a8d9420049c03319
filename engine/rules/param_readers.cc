// Reading one parameter value (texts, names, numbers, booleans, lists, header names) with the
// diagnostics every rule format shares, and the text helpers those diagnostics use.
#include "engine/rules/param_readers.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <utility>

#include "engine/rules/validate.h"
#include "engine/utf8.h"

namespace mfsim::rules {

using detail::error;
using detail::find_param;
using detail::is_texty;
using detail::read_list;

// ---- text helpers -------------------------------------------------------------------------

std::string join(std::span<const std::string_view> items) {
  std::string out;
  for (const auto item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::size_t utf8_length(std::string_view text) noexcept {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  }));
}

bool is_header_name(std::string_view text) noexcept {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 33 && u <= 126 && u != ':';
  });
}

bool is_domain(std::string_view text) noexcept {
  return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 32 || u == 127 || c == '@' || c == ',' || c == ';' || c == '*' || c == '?';
  });
}

bool is_host_domain(std::string_view text) noexcept {
  if (text.empty() || text.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view label =
        text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (const char c : label) {
      const auto u = static_cast<unsigned char>(c);
      const bool letter_or_digit =
          (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
      if (!letter_or_digit && c != '-' && u < 0x80) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_address(std::string_view text) noexcept {
  const auto at = text.rfind('@');
  return at != std::string_view::npos && at > 0 && is_domain(text.substr(at + 1)) &&
         std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 32; });
}

// ---- value readers -------------------------------------------------------------------------

namespace detail {

const parameter* find_param(std::span<const parameter> params, std::string_view name) {
  for (const auto& p : params) {
    if (ascii_iequals(p.name, name)) return &p;
  }
  return nullptr;
}

void error(std::vector<diagnostic>& out, diag_code code, const source_span& where,
           std::string message) {
  out.push_back(diagnostic{code, where, std::move(message)});
}

bool is_texty(const param_value& v) noexcept {
  return v.type == value_type::text || v.type == value_type::number;
}

std::optional<std::vector<list_item>> read_list(const parameter& p, const std::string& ctx,
                                                param_style style, std::string_view noun,
                                                std::vector<diagnostic>& out, bool allow_empty) {
  std::vector<list_item> items;
  const std::string label = param_label(p.name, style);
  if (is_texty(p.value)) {
    items.push_back(list_item{p.value.text, p.value.where});
  } else if (p.value.type == value_type::list) {
    for (const auto& item : p.value.items) {
      if (!is_texty(item)) {
        error(out, diag_code::bad_value, item.where,
              fmt::format("an item of {} {}: expected {}, found {}", label, ctx, noun,
                          describe(item, style)));
        return std::nullopt;
      }
      items.push_back(list_item{item.text, item.where});
    }
  } else {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected {} or a list of them, found {}", label, ctx, noun,
                      describe(p.value, style)));
    return std::nullopt;
  }
  if (items.empty() && allow_empty) return items;
  if (items.empty()) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: the list is empty; give at least one {}", label, ctx,
                      noun.substr(noun.find(' ') + 1)));
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& item : items) {
    if (ascii_trim_blanks(item.text).empty()) {
      error(out, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected {}, found an empty string", label, ctx, noun));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<std::string> read_header_name(const parameter& p, const std::string& ctx,
                                            param_style style, std::vector<diagnostic>& out) {
  auto text = read_text(p, ctx, style, false, out);
  if (text && !is_header_name(*text)) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected a header name (printable ASCII without spaces or ':'), "
                      "found {}",
                      param_label(p.name, style), ctx, describe(p.value, style)));
    return std::nullopt;
  }
  return text;
}

}  // namespace detail

std::optional<std::string> read_text(const parameter& p, const std::string& ctx, param_style style,
                                     bool allow_empty, std::vector<diagnostic>& out) {
  if (p.value.type == value_type::null && allow_empty) return std::string();
  if (!is_texty(p.value)) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected a text, found {}", param_label(p.name, style), ctx,
                      describe(p.value, style)));
    return std::nullopt;
  }
  if (!allow_empty && ascii_trim_blanks(p.value.text).empty()) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected a non-empty text, found {}", param_label(p.name, style), ctx,
                      describe(p.value, style)));
    return std::nullopt;
  }
  return p.value.text;
}

std::optional<int> read_int(const parameter& p, const std::string& ctx, param_style style, int low,
                            int high, std::vector<diagnostic>& out) {
  const std::string expected = high == INT_MAX ? fmt::format("an integer of {} or more", low)
                                               : fmt::format("an integer from {} to {}", low, high);
  if (p.value.type == value_type::number && p.value.is_double) {
    // A script's Double (5.0, 10 / 4): the reference asks for an integer (decision 864).
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected {}, found the Double {}, which mfsim does not convert to "
                      "an integer: write the whole number",
                      param_label(p.name, style), ctx, expected, p.value.text));
    return std::nullopt;
  }
  if (is_texty(p.value)) {
    const std::string_view text = ascii_trim_blanks(p.value.text);
    long long value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (!text.empty() && ec == std::errc() && stop == end && value >= low && value <= high) {
      return static_cast<int>(value);
    }
  }
  error(out, diag_code::bad_value, p.value.where,
        fmt::format("{} {}: expected {}, found {}", param_label(p.name, style), ctx, expected,
                    describe(p.value, style)));
  return std::nullopt;
}

std::optional<bool> read_bool(const parameter& p, const std::string& ctx, param_style style,
                              std::vector<diagnostic>& out) {
  if (p.value.type == value_type::boolean) return p.value.flag;
  // PowerShell binds 1 and 0 to Boolean parameters too, but not the words true and false.
  if (p.value.type == value_type::number || p.value.type == value_type::text) {
    if (p.value.text == "1") return true;
    if (p.value.text == "0") return false;
  }
  const bool cmdlet = style == param_style::cmdlet;
  std::string hint;
  if (is_texty(p.value) &&
      (ascii_iequals(p.value.text, "true") || ascii_iequals(p.value.text, "false"))) {
    hint = fmt::format(" (write {}{})", cmdlet ? "$" : "", ascii_lower_copy(p.value.text));
  }
  error(out, diag_code::bad_value, p.value.where,
        fmt::format("{} {}: expected {}, found {}{}", param_label(p.name, style), ctx,
                    cmdlet ? "$true or $false" : "true or false", describe(p.value, style), hint));
  return std::nullopt;
}

std::optional<std::string> read_name(const parameter& p, const std::string& ctx, param_style style,
                                     std::vector<diagnostic>& out) {
  auto text = read_text(p, ctx, style, false, out);
  if (text && utf8_length(*text) > 64) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected at most 64 characters, found {}", param_label(p.name, style),
                      ctx, utf8_length(*text)));
    return std::nullopt;
  }
  return text;
}

}  // namespace mfsim::rules
