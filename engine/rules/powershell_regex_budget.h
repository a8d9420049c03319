// Internal to the PowerShell importer: how many characters the regular expressions of one
// script may read, every search of -match, -replace, -split and switch -Regex counted
// (decision 608); the parser holds it, powershell_regex.h's searches count against it.
#pragma once

#include <cstddef>

namespace mfsim::rules::ps {

// As large as the value budget (kMaxValueBytes): a script may search each text it is allowed to
// hold once, as a foreach matching 4,000 names against a 23 KB list does (decision 641).
constexpr std::size_t kMaxRegexReads = std::size_t{256} << 20;

struct regex_budget {
  std::size_t used = 0;
  std::size_t limit = kMaxRegexReads;
};

}  // namespace mfsim::rules::ps
