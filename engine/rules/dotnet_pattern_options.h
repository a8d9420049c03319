// .NET's inline options x, n, m, s and i as a pattern sets them, read for Boost, which lacks n
// and reads `$`, `^`, `.` and `#` comments at other line breaks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/powershell_regex.h"

namespace mfsim::rules::ps {

// How .NET's inline options x, n, m and s read a pattern: the characters x ignores (white
// space and `#` comments outside a class), and the pattern written for Boost, which lacks n
// (each unnamed group under n made `(?:`, the n dropped from the option constructs) and reads
// `$` without m as the text's very end, where .NET also takes the place before a final line
// feed (`$` written `(?=\n?\z)`, decision 769). Boost also ends a line, a `#` comment and
// what `.` and `\Z` pass over at `\r` and `\f`, .NET at `\n` only: the anchors are written
// out (`^` under m `(?<![^\n])`, `$` under m `(?=\n|\z)`, `\Z` as `$`), `.` without s is
// `[^\n]`, and a comment is left out (decision 802).
struct option_reading {
  std::vector<bool> ignored;  // by position in `pattern`
  // By position in `pattern`, at each class's `[`: whether case is ignored there (i).
  std::vector<bool> case_ignored;
  std::string for_boost;  // empty when the pattern needs no change
  // Where for_boost holds the `(?:` written for a plain group under n, ascending: .NET still
  // reads it as a plain `(` (decision 1175).
  std::vector<std::size_t> uncaptured_by_n;
};

// The length of the inline option construct at `at`, through its `)` or `:`, as .NET reads one:
// `(?`, letters of i, m, n, s and x in either case and the signs `-` and `+`, then `)` or `:`
// (RegexParser.ScanOptions, decision 1224); 0 where none is there.
[[nodiscard]] std::size_t option_construct_length(std::string_view pattern, std::size_t at);

[[nodiscard]] option_reading read_options(std::string_view pattern, bool case_sensitive,
                                          line_anchors anchors);

}  // namespace mfsim::rules::ps
