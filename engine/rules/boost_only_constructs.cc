#include "engine/rules/boost_only_constructs.h"

#include <fmt/format.h>

#include <boost/regex.hpp>

#include "engine/ascii.h"
#include "engine/rules/dotnet_pattern_options.h"
#include "engine/rules/dotnet_pattern_scan.h"

namespace mfsim::rules::ps {

// Refuses what Boost reads as a construct of its own where .NET refuses the pattern or reads
// characters (decision 803): the verbs `(*FAIL)`, a branch reset `(?|`, recursion `(?1)`,
// `(?R)`, `(?&name)`, Python's `(?P<name>`, a possessive quantifier `a++`, `\x` without two
// hexadecimal digits (`\x{41}`), and in a class `[:alpha:]`, `[.a.]`, `[=a=]` (which .NET
// reads as characters) and a subtraction `[a-z-[aeiou]]` (which Boost reads as characters).
void refuse_boost_only_constructs(std::string_view pattern, const std::vector<bool>& ignored) {
  const auto refuse = [&](std::size_t at, std::string_view what) {
    throw boost::regex_error(
        fmt::format("{} at offset {} is read apart by .NET and by Boost, which mfsim uses", what,
                    at),
        boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
  };
  const auto is_hex = [](char c) { return ascii_hex_value(c) >= 0; };
  // The group opened by `(?<` or `(?'` at `at`, read as RegexParser.ScanGroupOpen reads it: a
  // look-behind, a number, a name, or a balancing pair (decisions 1193, 1225).
  const auto check_group_name = [&](std::size_t at) {
    const char close = pattern[at + 2] == '<' ? '>' : '\'';
    const char first = pattern[at + 3];
    if (close == '>' && (first == '=' || first == '!')) return;
    std::size_t end = at + 3;
    if (ascii_is_digit(first)) {
      while (end < pattern.size() && ascii_is_digit(pattern[end])) ++end;
    } else {
      end = name_end(pattern, at + 3);
    }
    if (first == '-' || (end > at + 3 && end < pattern.size() && pattern[end] == '-')) {
      throw boost::regex_error(
          fmt::format("a balancing group (?<name1-name2>...) at offset {}, which .NET reads but "
                      "Boost, which mfsim uses, cannot express",
                      at),
          boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
    }
    if (end == at + 3 || end >= pattern.size() || pattern[end] != close) {
      throw boost::regex_error(
          fmt::format("the group name at offset {} is no run of word characters or digits "
                      "closed by {}, which .NET refuses",
                      at + 3, close),
          boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
    }
    if (ascii_is_digit(first) &&
        pattern.substr(at + 3, end - at - 3).find_first_not_of('0') == std::string_view::npos) {
      throw boost::regex_error(
          fmt::format("the group at offset {} is named 0, the whole match's number, which .NET "
                      "refuses",
                      at),
          boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
    }
  };
  const auto check_escape = [&](std::size_t at) {
    if (at + 1 < pattern.size() && pattern[at + 1] == 'x' &&
        !(at + 3 < pattern.size() && is_hex(pattern[at + 2]) && is_hex(pattern[at + 3]))) {
      refuse(at, "\\x without two hexadecimal digits");
    }
  };
  // Whether the `}` at `close` ends a quantifier {n}, {n,} or {n,m}, not a `}` of its own.
  const auto closes_quantifier = [&](std::size_t close) {
    std::size_t open = close;
    while (open > 0 && (ascii_is_digit(pattern[open - 1]) || pattern[open - 1] == ',')) --open;
    return open > 0 && pattern[open - 1] == '{' && open < close && ascii_is_digit(pattern[open]);
  };
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    if (ignored[at]) continue;
    const std::string_view rest = pattern.substr(at);
    if (rest.front() == '\\') {
      check_escape(at);
      ++at;
    } else if (rest.front() == '[') {
      const std::size_t end = class_end(pattern, at);
      bool after_escape = false;  // pattern[k - 1] was escaped: `[a\-[]` holds a plain '-'
      for (std::size_t k = at + 1; k < end; ++k) {
        if (pattern[k] == '\\') {
          check_escape(k);
          ++k;
          after_escape = true;
          continue;
        }
        if (pattern[k] == '[' && k + 1 < end &&
            std::string_view(":.=").find(pattern[k + 1]) != std::string_view::npos) {
          refuse(k, "a POSIX class or collating element [:...:] inside [...]");
        } else if (pattern[k] == '[' && pattern[k - 1] == '-' && !after_escape && k - 1 > at + 1) {
          refuse(k, "a class subtraction -[...]");
        }
        after_escape = false;
      }
      at = end;
    } else if (rest.starts_with("(?#")) {
      const std::size_t end = pattern.find(')', at);
      at = end == std::string_view::npos ? pattern.size() : end;
    } else if (const std::size_t options = option_construct_length(pattern, at); options != 0) {
      at += options - 1;  // `(?+i)`: .NET's options, no recursion, and `?+` no quantifier
    } else if (rest.starts_with("(*") || rest.starts_with("(?|") || rest.starts_with("(?R") ||
               rest.starts_with("(?&") || rest.starts_with("(?P") || rest.starts_with("(?+") ||
               (rest.size() > 2 && rest.starts_with("(?") && ascii_is_digit(rest[2])) ||
               (rest.size() > 3 && rest.starts_with("(?-") && ascii_is_digit(rest[3]))) {
      refuse(at, fmt::format("the construct {}", rest.substr(0, 3)));
    } else if (rest.size() > 3 && (rest.starts_with("(?<") || rest.starts_with("(?'"))) {
      check_group_name(at);
    } else if (rest.size() > 1 && rest[1] == '+' &&
               (rest[0] == '*' || rest[0] == '+' || rest[0] == '?' ||
                (rest[0] == '}' && closes_quantifier(at)))) {
      refuse(at, "a possessive quantifier");
    }
  }
}
}  // namespace mfsim::rules::ps
