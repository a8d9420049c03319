// The String methods that build rule names and reports (https://learn.microsoft.com/dotnet/api/
// system.string): .PadLeft(width[, char]) and .PadRight(...) count UTF-16 code units, as
// .Length does; .Replace(old, new) and .Contains(value) compare ordinally, case and all;
// .StartsWith(), .EndsWith() and .IndexOf() compare with the culture of the machine that runs
// the script: for printable ASCII mfsim gives the invariant culture's answer, the ordinal one
// (a culture that makes two letters one, Czech `ch`, may differ; decision 1244), and other
// texts are left to be known when the script runs (decision 1214).
#include "engine/rules/powershell_text_methods.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>

#include "engine/mail/linear_substring_search.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

constexpr std::string_view kNames[] = {"PadLeft",    "PadRight", "Replace", "Contains",
                                       "StartsWith", "EndsWith", "IndexOf", "ToString"};

std::string_view written_name(std::string_view lower) {
  for (const auto name : kNames) {
    if (ascii_iequals(name, lower)) return name;
  }
  return {};
}

// Printable ASCII: where the invariant culture's comparison is the ordinal one (no ignorable
// characters, no combining sequences, no case or width folding, no two letters made one).
bool printable_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

}  // namespace

std::optional<ps_value> text_method(parser& p, const std::string& text, std::string_view method,
                                    const std::vector<ps_value>& args, std::size_t start) {
  const std::string_view name = written_name(method);
  if (name.empty()) return std::nullopt;
  const auto count_is = [&](std::size_t low, std::size_t high) {
    if (args.size() < low || args.size() > high) {
      p.fail(start,
             fmt::format(".{}() takes {} argument(s), not {}", name,
                         low == high ? std::to_string(low) : fmt::format("{} or {}", low, high),
                         args.size()));
    }
  };
  for (const ps_value& arg : args) {
    if (unknown_or_query(arg)) {
      return unknown_value(fmt::format("{}.{}({})", p.to_text_brief(text_value(text, p.at(start))),
                                       name, p.to_text_brief(arg)),
                           p.at(start));
    }
  }
  const auto argument_text = [&](std::size_t k) {
    if (args[k].kind == ps_kind::plain && args[k].value.type == value_type::null) {
      p.fail(start, fmt::format(".{}(): the argument is $null, which .NET refuses "
                                "(ArgumentNullException)",
                                name));
    }
    return p.to_text(args[k]);
  };
  if (method == "tostring") {
    count_is(0, 0);
    return text_value(text, p.at(start));
  }
  if (method == "padleft" || method == "padright") {
    count_is(1, 2);
    const std::optional<long long> width =
        args[0].kind == ps_kind::plain ? whole_number_in(p.to_text(args[0])) : std::nullopt;
    if (!width || *width < 0 || *width > 0x7FFFFFFF) {
      p.fail(start, fmt::format(".{}(): the width {} is not a whole number from 0 to 2147483647 "
                                "(.NET: ArgumentOutOfRangeException)",
                                name, p.to_text_brief(args[0])));
    }
    std::string pad = " ";
    if (args.size() == 2) {
      pad = argument_text(1);
      // PowerShell converts a one-character text to the Char the method takes; a longer one not.
      if (utf16_length(pad) != 1) {
        p.fail(start, fmt::format(".{}(): the padding {} is not one character (PowerShell cannot "
                                  "convert it to System.Char)",
                                  name, p.to_text_brief(args[1])));
      }
    }
    const std::size_t length = utf16_length(text);
    const auto wanted = static_cast<std::size_t>(*width);
    if (wanted <= length) return text_value(text, p.at(start));
    const std::size_t added = wanted - length;
    p.charge_text(text.size() + added * pad.size(), start);  // before it is built
    std::string padding;
    padding.reserve(added * pad.size());
    for (std::size_t k = 0; k < added; ++k) padding += pad;
    return text_value(method == "padleft" ? padding + text : text + padding, p.at(start));
  }
  if (method == "replace") {
    count_is(2, 2);
    const std::string old_text = argument_text(0);
    if (old_text.empty()) {
      p.fail(start,
             ".Replace(): the text to replace is empty, which .NET refuses (ArgumentException: "
             "String cannot be of zero length)");
    }
    // $null as the new text removes each occurrence.
    const std::string new_text = p.to_text(args[1]);
    // Each search starts where the last occurrence ended: linear in the text (KMP), where
    // std::string::find took minutes over two runs of one letter.
    const mail::substring_finder occurrence(old_text);
    std::size_t found = 0;
    for (std::size_t at = occurrence.find_in(text); at != std::string::npos;
         at = occurrence.find_in(text, at + old_text.size()))
      ++found;
    if (new_text.size() > old_text.size())
      p.charge_text(text.size() + found * (new_text.size() - old_text.size()), start);
    std::string out;
    std::size_t from = 0;
    for (std::size_t at = occurrence.find_in(text); at != std::string::npos;
         at = occurrence.find_in(text, from)) {
      out.append(text, from, at - from);
      out += new_text;
      from = at + old_text.size();
    }
    out.append(text, from);
    return text_value(std::move(out), p.at(start));
  }
  count_is(1, 1);
  const std::string value = argument_text(0);
  const auto boolean = [&](bool b) {
    return plain(param_value{value_type::boolean, "", b, {}, p.at(start)});
  };
  const std::size_t first = mail::substring_finder(value).find_in(text);
  if (method == "contains") return boolean(first != std::string::npos);
  if (!printable_ascii(text) || !printable_ascii(value)) {
    // The culture decides where ignorable characters, combining marks or letters outside ASCII
    // meet: only the machine that runs the script knows its culture.
    return unknown_value(
        fmt::format("{}.{}({}) (compared with the culture of the machine that runs the script)",
                    p.to_text_brief(text_value(text, p.at(start))), name, p.to_text_brief(args[0])),
        p.at(start));
  }
  if (method == "startswith") return boolean(text.starts_with(value));
  if (method == "endswith") return boolean(text.ends_with(value));
  // IndexOf: ASCII, so bytes are UTF-16 units.
  return plain(param_value{value_type::number,
                           first == std::string::npos ? "-1" : std::to_string(first),
                           false,
                           {},
                           p.at(start)});
}

}  // namespace mfsim::rules::ps
