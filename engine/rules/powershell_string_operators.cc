// PowerShell's -split and -replace on values the script knows, as about_Split and
// about_Comparison_Operators ("Replacement operator") define them: the pattern is a .NET regular
// expression, its case ignored unless the operator starts with 'c' (decision 430).
#include <fmt/format.h>

#include <algorithm>
#include <boost/regex/pattern_except.hpp>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <utility>

#include "engine/rules/dotnet_replacement.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_regex.h"
#include "engine/rules/regex_literal_text.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {

std::optional<string_operator> parse_string_operator(std::string_view word) {
  std::string lower = ascii_lower_copy(word);
  bool case_sensitive = false;
  if (lower.size() > 1 && (lower[0] == 'c' || lower[0] == 'i') &&
      (lower.substr(1) == "split" || lower.substr(1) == "replace")) {
    case_sensitive = lower[0] == 'c';
    lower.erase(0, 1);
  }
  if (lower == "split") return string_operator{string_operator::kind::split, case_sensitive};
  if (lower == "replace") return string_operator{string_operator::kind::replace, case_sensitive};
  return std::nullopt;
}

namespace {

// Whether a right-to-left search of `pattern` in `text` finds the matches a left-to-right one
// does: the empty pattern, or a literal pattern (literal_text) whose occurrences in the text do
// not overlap. A search from the end finds `aa` at 1 in `aaa`, one from the start at 0.
bool same_matches_both_ways(std::string_view pattern, std::string_view text, bool case_sensitive) {
  // An empty pattern matches at every character's edge, whichever way it is searched
  // (decision 767).
  if (pattern.empty()) return true;
  const std::optional<std::string> literal = literal_text(pattern);
  if (!literal) return false;
  const auto find = [&](std::size_t from) {
    return case_sensitive ? text.find(*literal, from) : ascii_ifind(text, *literal, from);
  };
  for (std::size_t at = find(0), next = 0; at != std::string_view::npos; at = next) {
    next = find(at + 1);
    if (next != std::string_view::npos && next < at + literal->size()) return false;
  }
  return true;
}

// `text` as a pattern that matches it and nothing else: each ASCII punctuation mark escaped.
std::string regex_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x80 && !ascii_is_alnum(c) && c != '_') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

parser::split_options parser::read_split_options(std::string_view written, std::size_t offset) {
  // about_Split, "Options": SimpleMatch, or RegexMatch with the regular expression options,
  // names separated by commas, case ignored; IgnoreCase goes with either (decision 768).
  split_options options;
  bool regex_option = false;
  std::size_t from = 0;
  while (from <= written.size()) {
    std::size_t comma = written.find(',', from);
    if (comma == std::string_view::npos) comma = written.size();
    const std::string_view option = ascii_trim_blanks(written.substr(from, comma - from));
    from = comma + 1;
    const auto is = [&](std::string_view known) { return ascii_iequals(option, known); };
    if (is("SimpleMatch")) {
      options.simple_match = true;
    } else if (is("IgnoreCase")) {
      options.ignore_case = true;
    } else if (is("RegexMatch") || is("CultureInvariant")) {
      regex_option = true;  // the default, and .NET's invariant culture mfsim folds with
    } else if (is("Multiline") || is("Singleline") || is("IgnorePatternWhitespace") ||
               is("ExplicitCapture")) {
      regex_option = true;
      options.prefix += is("Multiline")                 ? "(?m)"
                        : is("Singleline")              ? "(?s)"
                        : is("IgnorePatternWhitespace") ? "(?x)"
                                                        : "(?n)";
    } else {
      fail(offset, fmt::format("-split: '{}' is none of the options about_Split names "
                               "(SimpleMatch, RegexMatch, IgnoreCase, CultureInvariant, "
                               "IgnorePatternWhitespace, Multiline, Singleline, ExplicitCapture)",
                               shortened_at(option, kQuotedPatternBytes)));
    }
  }
  if (options.simple_match && regex_option) {
    fail(offset, fmt::format("-split: SimpleMatch goes with no other option than IgnoreCase "
                             "(about_Split), and '{}' names one",
                             shortened_at(written, kQuotedPatternBytes)));
  }
  return options;
}

ps_value parser::apply_string_operator(const string_operator& op, const ps_value& left,
                                       const ps_value& right, std::size_t offset) {
  const bool split = op.what == string_operator::kind::split;
  const std::string_view name = split ? "-split" : "-replace";
  // The right operand: the pattern, then the most pieces (-split) or the replacement.
  const std::vector<param_value> args = operand_items(right.value);
  if (args.empty() || args.size() > (split ? 3 : 2)) {
    fail(offset, fmt::format("{} takes a pattern and at most {}: 'text' {} 'pattern', {}", name,
                             split ? "a count and options" : "a replacement", name,
                             split ? "2, 'SimpleMatch'" : "'replacement'"));
  }
  std::string pattern = to_text(plain(args[0]));
  bool case_sensitive = op.case_sensitive;
  if (split && args.size() == 3) {
    const split_options options = read_split_options(to_text(plain(args[2])), offset);
    if (options.ignore_case) case_sensitive = false;
    pattern = options.simple_match ? regex_escaped(pattern) : options.prefix + pattern;
  }
  std::optional<dotnet_regex> re;
  try {
    re.emplace(pattern, case_sensitive);
  } catch (const boost::regex_error& e) {
    fail(offset,
         fmt::format("{}: the pattern '{}' is not a regular expression (at offset {}: {})", name,
                     shortened_at(pattern, kQuotedPatternBytes), e.position(), e.what()));
  }
  std::size_t most = 0;   // -split: at most this many pieces; 0 for all of them
  bool from_end = false;  // a negative count: the pieces counted from the end (PowerShell 7)
  if (split && args.size() >= 2) {
    const std::string count = to_text(plain(args[1]));
    long long n = 0;
    const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
    if (ec != std::errc{} || end != count.data() + count.size()) {
      fail(offset, fmt::format("-split: the count '{}' is not a whole number", count));
    }
    from_end = n < 0;
    most = n > 0   ? static_cast<std::size_t>(n)
           : n < 0 ? static_cast<std::size_t>(-(n + 1)) + 1  // -n, LLONG_MIN included
                   : 0;
  }
  const std::string replacement = args.size() == 2 ? to_text(plain(args[1])) : "";
  const auto text_item = [&](std::string text) {
    return param_value{value_type::text, std::move(text), false, {}, at(offset)};
  };
  param_value out{value_type::list, "", false, {}, at(offset)};
  try {
    for (const auto& item : operand_items(left.value)) {
      const std::string text = to_text(plain(item));
      std::size_t from = 0;  // where the text not yet matched starts
      std::string replaced;
      std::size_t pieces = 0;
      // A negative count splits at the last matches only, the text before them one piece: .NET's
      // Regex.Split searching right to left, as PowerShell 7 asks it to (decision 601).
      std::size_t passed_over = 0;
      if (from_end) {
        std::size_t matches = 0;
        re->for_each_match(text, regex_reads_, [&](const dotnet_match&) {
          ++matches;
          return true;
        });
        passed_over = matches - std::min(matches, most - 1);
        if (matches != 0 && most > 1 && !same_matches_both_ways(pattern, text, case_sensitive)) {
          // The right-to-left search may find other matches than these (decision 693).
          return unknown_value(
              fmt::format("{} -split '{}', -{} (PowerShell searches right to left, and mfsim "
                          "reads that search for literal patterns whose matches do not overlap)",
                          to_text_brief(left), shortened_at(pattern, kQuotedPatternBytes), most),
              at(offset));
        }
      }
      re->for_each_match(text, regex_reads_, [&](const dotnet_match& match) {
        const auto start = static_cast<std::size_t>(match.position());
        if (split) {
          if (passed_over != 0) {
            --passed_over;  // the text before the matches split at stays one piece
            return true;
          }
          if (!from_end && most != 0 && pieces + 1 >= most) return false;
          charge_text(start - from, offset);
          out.items.push_back(text_item(text.substr(from, start - from)));
          ++pieces;
          // What the pattern's groups captured comes between the pieces (Regex.Split), last
          // group first when it searched right to left (it reverses what it found).
          for (std::size_t k = 1; k <= re->group_count(); ++k) {
            const std::size_t index = from_end ? re->group_count() + 1 - k : k;
            if (!match.matched(re->boost_group(match, re->group_number(index)))) continue;
            // Regex.Split asks whether the group at that index took part and then writes the
            // group numbered so (GroupCollection's indexer takes a number): where numbers leave
            // gaps (decision 1225), another group, or nothing where none has that number.
            const int group = re->boost_group(match, index);
            charge_text(static_cast<std::size_t>(match.length(group)), offset);
            out.items.push_back(text_item(captured(match, group, text)));
          }
        } else {
          // Charged as it grows: an empty pattern matches at every position, so a short
          // replacement over a long text asks for gigabytes.
          const std::size_t before = replaced.size();
          replaced.append(text, from, start - from);
          append_replacement(*re, replacement, match, text, replaced);
          charge_bytes(replaced.size() - before, offset);
        }
        from = start + static_cast<std::size_t>(match.length());
        return true;
      });
      charge_text(text.size() - from, offset);
      if (split) {
        out.items.push_back(text_item(text.substr(from)));
      } else {
        replaced.append(text, from);
        out.items.push_back(text_item(std::move(replaced)));
      }
    }
  } catch (const regex_budget_exhausted&) {
    regex_budget_failed(name, offset);
  } catch (const std::runtime_error&) {
    fail(offset, fmt::format("{}: the pattern '{}' is too complex for this text (Boost.Regex "
                             "gave up)",
                             name, shortened_at(pattern, kQuotedPatternBytes)));
  }
  // -replace on one text gives one text; on a list, the list of results, as PowerShell does.
  if (!split && left.value.type != value_type::list) return plain(std::move(out.items.front()));
  return plain(std::move(out));
}

}  // namespace mfsim::rules::ps
