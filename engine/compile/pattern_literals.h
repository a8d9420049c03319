// The literal text every match of a transport-rule pattern must contain: the prefilter that lets
// most pattern rules be skipped without running their regex (issue 16, decisions.md 296).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mfsim::compile_detail {

// Runs of literal characters that every match of `pattern` (.NET syntax, read as
// exchange_pattern.h reads it, case ignored) contains, each ASCII-lower-cased, in pattern
// order. Conservative: a construct this reader does not fully understand (top-level `|`, `(?`
// other than `(?:`, escapes such as `\x41` or `\<name>`, ...) gives no runs at all, and only ASCII
// letters, digits, space and plain punctuation are taken as literal. Empty: no prefilter.
[[nodiscard]] std::vector<std::string> required_literals(std::string_view pattern);

}  // namespace mfsim::compile_detail
