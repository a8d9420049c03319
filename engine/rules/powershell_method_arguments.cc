// The argument list of a method call, `.Add(key, value)` and `[IO.File]::WriteAllText(path,
// text)` alike: PowerShell's argument-expression-list, expressions separated by commas, where
// each argument is a whole expression (`$h.Add('k', 'a' + 'b')`) but a comma outside brackets
// ends it rather than making an array (about_Methods; the PowerShell Language Specification,
// 7.1.3 "Invocation expressions").
#include <fmt/format.h>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {

std::vector<ps_value> parser::method_arguments(std::string_view callee, std::size_t start) {
  std::vector<ps_value> args;
  const nesting_guard guard(*this, i_, "(", /*commas_separate=*/true);
  ++i_;
  skip_separators();
  while (peek() != ')') {
    if (eof()) fail(start, fmt::format("{}( is not closed by ')'", callee));
    args.push_back(expression());
    skip_separators();
    if (peek() == ',') {
      ++i_, skip_line_breaks();  // a ';' after a comma is PowerShell's parse error
      if (peek() == ';' || peek() == ')') fail_parse(i_, "a value is missing after ','");
    } else if (peek() != ')') {
      fail_parse(i_, fmt::format("{} in {}( )", unexpected_at(i_), callee));
    }
  }
  ++i_;
  return args;
}

}  // namespace mfsim::rules::ps
