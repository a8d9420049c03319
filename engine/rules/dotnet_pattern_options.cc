#include "engine/rules/dotnet_pattern_options.h"

#include <optional>

#include "engine/ascii.h"
#include "engine/rules/dotnet_pattern_scan.h"

namespace mfsim::rules::ps {
namespace {

// Whether .NET's IgnorePatternWhitespace (x) ignores `c` outside a class (RegexOptions,
// "Ignore White Space").
bool is_pattern_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// An inline option construct at `at`: `(?imnsx-imnsx)` (`scoped` false) or `(?imnsx-imnsx:`.
struct option_construct {
  std::size_t length;  // through the `)` or `:`
  std::string on, off;
  bool scoped;
};

std::optional<option_construct> option_construct_at(std::string_view pattern, std::size_t at) {
  if (pattern.substr(at, 2) != "(?") return {};
  option_construct found{0, {}, {}, false};
  bool negated = false;
  for (std::size_t k = at + 2; k < pattern.size(); ++k) {
    const char c = pattern[k];
    if (c == '-' && !negated) {
      negated = true;
    } else if (std::string_view("imnsxIMNSX").find(c) != std::string_view::npos) {
      (negated ? found.off : found.on) += c;
    } else if ((c == ')' || c == ':') && !(found.on.empty() && found.off.empty())) {
      found.length = k + 1 - at;
      found.scoped = c == ':';
      return found;
    } else {
      return {};
    }
  }
  return {};
}

bool has_option(std::string_view letters, char option) {
  return letters.find(option) != std::string_view::npos ||
         letters.find(ascii_upper(option)) != std::string_view::npos;
}

// .NET's `$` without m, and its `\Z`: the text's end, or before a line feed that ends it.
constexpr std::string_view kDollar = "(?=\\n?\\z)";

}  // namespace

option_reading read_options(std::string_view pattern, bool case_sensitive, line_anchors anchors) {
  struct scope {
    bool i = false;
    bool x = false;
    bool n = false;
    bool m = false;
    bool s = false;
  };
  std::vector<scope> scopes(1);
  scopes.back().m = anchors == line_anchors::every_line;
  scopes.back().i = !case_sensitive;
  option_reading reading{
      std::vector<bool>(pattern.size(), false), std::vector<bool>(pattern.size(), false), {}, {}};
  std::size_t copied = 0;  // pattern[0, copied) is in for_boost
  const auto edit = [&](std::size_t from, std::size_t to, std::string_view with) {
    reading.for_boost.append(pattern.substr(copied, from - copied));
    reading.for_boost += with;
    copied = to;
  };
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const char c = pattern[at];
    if (scopes.back().x && is_pattern_space(c)) {
      reading.ignored[at] = true;
    } else if (scopes.back().x && c == '#') {
      const std::size_t comment = at;
      for (; at < pattern.size() && pattern[at] != '\n'; ++at) reading.ignored[at] = true;
      edit(comment, at, "");
      if (at < pattern.size()) reading.ignored[at] = true;
    } else if (c == '\\') {
      if (pattern.substr(at, 2) == "\\Z") edit(at, at + 2, kDollar);
      ++at;
    } else if (c == '[') {
      reading.case_ignored[at] = scopes.back().i;
      at = class_end(pattern, at);
    } else if (pattern.substr(at, 3) == "(?#") {
      const std::size_t end = pattern.find(')', at);
      at = end == std::string_view::npos ? pattern.size() : end;
    } else if (pattern.substr(at, 3) == "(?(" && at + 3 < pattern.size() &&
               pattern[at + 3] != '?') {
      // A condition's group or name, (?(1)...), is no group: passed over, never made (?:. An
      // expression's `(` is no group either (decision 1112): its contents are read as any.
      scopes.push_back(scopes.back());
      const std::size_t end = condition_reference_end(pattern, at);
      if (end == std::string_view::npos) scopes.push_back(scopes.back());
      at = end == std::string_view::npos ? at + 2 : end;
    } else if (const auto options = option_construct_at(pattern, at)) {
      scope set = scopes.back();
      if (has_option(options->on, 'i')) set.i = true;
      if (has_option(options->off, 'i')) set.i = false;
      if (has_option(options->on, 'x')) set.x = true;
      if (has_option(options->off, 'x')) set.x = false;
      if (has_option(options->on, 'n')) set.n = true;
      if (has_option(options->off, 'n')) set.n = false;
      if (has_option(options->on, 'm')) set.m = true;
      if (has_option(options->off, 'm')) set.m = false;
      if (has_option(options->on, 's')) set.s = true;
      if (has_option(options->off, 's')) set.s = false;
      if (options->scoped) {
        scopes.push_back(set);
      } else {
        scopes.back() = set;
      }
      if (has_option(options->on, 'n') || has_option(options->off, 'n')) {
        const auto without = [](std::string letters) {
          std::erase_if(letters, [](char l) { return l == 'n' || l == 'N'; });
          return letters;
        };
        const std::string on = without(options->on);
        const std::string off = without(options->off);
        // `(?:)` for an option construct left empty: nothing, and no two tokens run together.
        std::string with = "(?" + on + (off.empty() ? "" : "-" + off);
        with += options->scoped ? ":" : (on.empty() && off.empty() ? ":)" : ")");
        edit(at, at + options->length, with);
      }
      at += options->length - 1;
    } else if (c == '(') {
      if (scopes.back().n && pattern.substr(at, 2) != "(?" && pattern.substr(at, 2) != "(*") {
        reading.uncaptured_by_n.push_back(reading.for_boost.size() + (at - copied));
        edit(at, at + 1, "(?:");
      }
      scopes.push_back(scopes.back());
    } else if (c == ')' && scopes.size() > 1) {
      scopes.pop_back();
    } else if (c == '$') {
      // A transport rule's `$` also ends a line before CRLF: Exchange may match a body line by
      // line, and mfsim finds what it finds under either reading (decisions 432, 812).
      const std::string_view line_end =
          anchors == line_anchors::every_line ? "(?=\\r?\\n|\\z)" : "(?=\\n|\\z)";
      edit(at, at + 1, scopes.back().m ? line_end : kDollar);
    } else if (c == '^') {
      edit(at, at + 1, scopes.back().m ? "(?<![^\\n])" : "\\A");
    } else if (c == '.' && !scopes.back().s) {
      edit(at, at + 1, "[^\\n]");
    }
  }
  if (copied != 0) reading.for_boost.append(pattern.substr(copied));
  return reading;
}
}  // namespace mfsim::rules::ps
