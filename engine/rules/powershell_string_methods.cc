// A text's .Trim(), .TrimStart(), .TrimEnd(), .Split(separator) and .Substring(), one character at
// a time (engine/rules/dotnet_string_methods.h), and a .Split() whose result depends on the
// PowerShell that runs the script left to be known when it runs.
#include <fmt/format.h>

#include <algorithm>

#include "engine/rules/dotnet_string_methods.h"
#include "engine/rules/powershell_parser.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {

std::string parser::trim_call(std::string_view text, std::string_view method,
                              const std::vector<ps_value>& args, std::size_t start) {
  // String.Trim(params char[]): the characters given, PowerShell converting a text argument
  // to its characters, else (none, or an empty array) Char.IsWhiteSpace's (decisions 644, 695).
  std::u32string chars;
  for (const auto& arg : args) chars += code_points(to_text(arg));
  if (std::any_of(chars.begin(), chars.end(), [](char32_t c) { return c > 0xFFFF; })) {
    // Two .NET characters (a surrogate pair), each trimmed on its own: half a character can
    // be left.
    fail(start, fmt::format(".{}(): a character past U+FFFF to trim is two .NET characters, "
                            "which mfsim does not trim apart",
                            method == "trim"        ? "Trim"
                            : method == "trimstart" ? "TrimStart"
                                                    : "TrimEnd"));
  }
  const trim_end which = method == "trimstart" ? trim_end::start
                         : method == "trimend" ? trim_end::end
                                               : trim_end::both;
  return trimmed(text, chars, which);
}

ps_value parser::split_call(const std::string& text, const ps_value& separator, std::size_t start) {
  const std::string written = to_text(separator);
  const auto whole_text = [&] {
    param_value list{value_type::list, "", false, {}, at(start)};
    list.items.push_back({value_type::text, text, false, {}, at(start)});
    return plain(std::move(list));
  };
  if (separator.kind == ps_kind::plain && separator.value.type != value_type::list &&
      written.empty()) {
    // An empty separator: Windows PowerShell 5.1 passes no characters, and Split(char[]) then
    // cuts at white space; PowerShell 7's Split(string) gives the text whole. Both give the text
    // whole when it has no white space (decision 766).
    const std::u32string chars = code_points(text);
    if (std::none_of(chars.begin(), chars.end(), is_dotnet_white_space)) return whole_text();
  }
  const bool one_text = separator.kind == ps_kind::plain &&
                        separator.value.type != value_type::list && utf16_length(written) == 1;
  if (!one_text) {
    // Windows PowerShell 5.1 calls Split(params char[]) and cuts at each character given;
    // PowerShell 7 calls Split(string) and cuts at the whole text (PowerShell issue 13726):
    // which one runs the script is known only then (decision 696).
    return unknown_value(
        fmt::format("{}.Split({}) (Windows PowerShell 5.1 splits at each character given, "
                    "PowerShell 7 at the whole text)",
                    to_text_brief(text_value(text, at(start))), to_text_brief(separator)),
        at(start));
  }
  param_value list{value_type::list, "", false, {}, at(start)};
  for (std::string& piece : split_at(text, code_points(written).front()))
    list.items.push_back({value_type::text, std::move(piece), false, {}, at(start)});
  return plain(std::move(list));
}

ps_value parser::substring_call(const std::string& text, const std::vector<ps_value>& args,
                                std::size_t start) {
  // String.Substring(startIndex[, length]) counts UTF-16 code units and throws
  // ArgumentOutOfRangeException past the text's end (decision 793).
  std::vector<long long> numbers;
  for (const auto& arg : args) {
    const std::optional<long long> n =
        arg.kind == ps_kind::plain ? whole_number_in(to_text(arg)) : std::nullopt;
    if (!n) {
      fail(start, fmt::format(".Substring(): {} is not a whole number", to_text_brief(arg)));
    }
    numbers.push_back(*n);
  }
  if (numbers.empty() || numbers.size() > 2) {
    fail(start, fmt::format(".Substring() takes a start index and, optionally, a length, not "
                            "{} argument(s)",
                            numbers.size()));
  }
  const auto units = static_cast<long long>(utf16_length(text));
  const long long from = numbers[0];
  const long long length = numbers.size() == 2 ? numbers[1] : units - from;
  if (from < 0 || from > units || length < 0 || from + length > units) {
    fail(start, fmt::format(".Substring({}): the text {} is {} character(s) long, so "
                            "PowerShell stops with ArgumentOutOfRangeException",
                            numbers.size() == 2 ? fmt::format("{}, {}", from, length)
                                                : std::to_string(from),
                            to_text_brief(text_value(text, at(start))), units));
  }
  std::string piece;
  long long unit = 0;
  std::size_t length_of = 0;
  for (std::size_t at_byte = 0; at_byte < text.size(); at_byte += length_of) {
    const char32_t c = character_at(text, at_byte, length_of);
    const long long width = c > 0xFFFF ? 2 : 1;
    const bool inside = unit >= from && unit + width <= from + length;
    const bool cut = !inside && unit < from + length && unit + width > from;
    if (cut) {
      fail(start,
           ".Substring(): the cut falls inside a character past U+FFFF (two .NET "
           "characters), which mfsim does not cut apart");
    }
    if (inside) piece.append(text, at_byte, length_of);
    unit += width;
  }
  return text_value(std::move(piece), at(start));
}

}  // namespace mfsim::rules::ps
