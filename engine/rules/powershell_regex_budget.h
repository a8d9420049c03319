// Internal to the PowerShell importer: how many characters the regular expressions of one
// script may read, every search of -match, -replace, -split and switch -Regex counted
// (decision 608); the parser holds it, powershell_regex.h's searches count against it.
#pragma once

#include <cstddef>

namespace mfsim::rules::ps {

constexpr std::size_t kMaxRegexReads = std::size_t{64} << 20;

struct regex_budget {
  std::size_t used = 0;
  std::size_t limit = kMaxRegexReads;
};

}  // namespace mfsim::rules::ps
