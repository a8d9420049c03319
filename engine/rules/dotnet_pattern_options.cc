#include "engine/rules/dotnet_pattern_options.h"

#include <optional>

#include "engine/ascii.h"
#include "engine/rules/dotnet_pattern_scan.h"

namespace mfsim::rules::ps {
namespace {

// Whether .NET's IgnorePatternWhitespace (x) ignores `c` outside a class (RegexOptions,
// "Ignore White Space").
bool is_pattern_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// The options .NET's ScanOptions reads: a letter of either case (RegexParser reads
// `ch | 0x20`), which the sign before it, `-` or `+`, turns off or on; on before any sign.
constexpr std::string_view kOptionLetters = "imnsx";

// An inline option construct at `at`: `(?imnsx-imnsx)` (`scoped` false) or `(?imnsx-imnsx:`,
// read as RegexParser.ScanOptions reads it: letters of either case and the signs `-` and `+`,
// any number of each in any order, each letter set as the sign last before it says (decision
// 1224). `(?-)` and `(?+:` hold only signs and change nothing; `(?)` and `(?:` are no option
// constructs (.NET reads `(?)` as a group of its own, `(?:` as the plain group).
struct option_construct {
  std::size_t length;   // through the `)` or `:`
  std::string on, off;  // lower case, in kOptionLetters' order, each letter in one of them
  bool scoped;
};

std::optional<option_construct> option_construct_at(std::string_view pattern, std::size_t at) {
  if (pattern.substr(at, 2) != "(?") return {};
  // By letter of kOptionLetters: 0 untouched, 1 on, -1 off.
  int state[kOptionLetters.size()] = {};
  bool off = false;
  std::size_t k = at + 2;
  for (; k < pattern.size(); ++k) {
    const char c = pattern[k];
    const std::size_t letter = kOptionLetters.find(ascii_lower(c));
    if (c == '-' || c == '+') {
      off = c == '-';
    } else if (letter != std::string_view::npos) {
      state[letter] = off ? -1 : 1;
    } else {
      break;
    }
  }
  if (k == at + 2 || k >= pattern.size() || (pattern[k] != ')' && pattern[k] != ':')) return {};
  option_construct found{k + 1 - at, {}, {}, pattern[k] == ':'};
  for (std::size_t letter = 0; letter < kOptionLetters.size(); ++letter) {
    if (state[letter] != 0) (state[letter] > 0 ? found.on : found.off) += kOptionLetters[letter];
  }
  return found;
}

bool has_option(std::string_view letters, char option) {
  return letters.find(option) != std::string_view::npos;
}

// .NET's `$` without m, and its `\Z`: the text's end, or before a line feed that ends it.
constexpr std::string_view kDollar = "(?=\\n?\\z)";

}  // namespace

std::size_t option_construct_length(std::string_view pattern, std::size_t at) {
  const auto options = option_construct_at(pattern, at);
  return options ? options->length : 0;
}

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
      // Boost reads lower-case letters, each on or off once, and no `+`: the construct is
      // written so, without n, which Boost lacks (decision 1224).
      const auto without_n = [](std::string letters) {
        std::erase(letters, 'n');
        return letters;
      };
      const std::string on = without_n(options->on);
      const std::string off = without_n(options->off);
      // `(?:)` for an option construct left empty: nothing, and no two tokens run together.
      std::string with = "(?" + on + (off.empty() ? "" : "-" + off);
      with += options->scoped ? ":" : (on.empty() && off.empty() ? ":)" : ")");
      if (pattern.substr(at, options->length) != with) edit(at, at + options->length, with);
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
