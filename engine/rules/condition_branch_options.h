// .NET's refusal of inline options directly inside a condition tested as an expression.
#pragma once

#include <string_view>
#include <vector>

namespace mfsim::rules::ps {

// Throws boost::regex_error where an options construct, `(?i)` or `(?i:...)`, stands directly
// in an expression condition `(?(expression)yes|no)`, its condition or branches: .NET's
// RegexParser.ScanGroupOpen reads no options there and refuses the group
// (InvalidGroupingConstruct), while a condition on a group, `(?(1)...)` or `(?(name)...)`, takes
// them (decision 1194). `ignored`: what x makes white space or a comment, by position.
void refuse_options_in_expression_conditions(std::string_view pattern,
                                             const std::vector<bool>& ignored);

}  // namespace mfsim::rules::ps
