// A script's import with what it reads from outside (--define): parse, then run, keeping the
// parser's warnings beside the runner's.
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "engine/rules/load_powershell.h"

namespace mfsim::rules {

imported_rules import_powershell(std::string_view text, const std::string& file_name,
                                 const script_context& context) {
  std::vector<diagnostic> syntax;
  std::vector<diagnostic> warnings;
  const auto statements =
      parse_powershell(text, text_positions(text, file_name), context, syntax, warnings);
  if (!syntax.empty()) {
    imported_rules failed;
    failed.set.source = file_name;
    failed.diagnostics = std::move(syntax);
    failed.warnings = std::move(warnings);
    return failed;
  }
  imported_rules out = run_powershell(statements, file_name);
  // A loop's passes run its statements again: a problem is said once, where written (decision
  // 454).
  std::set<std::tuple<int, int, std::string>> said;
  std::erase_if(out.diagnostics, [&](const diagnostic& d) {
    return !said.emplace(d.where.line, d.where.col, d.message).second;
  });
  out.warnings.insert(out.warnings.begin(), std::make_move_iterator(warnings.begin()),
                      std::make_move_iterator(warnings.end()));
  return out;
}

}  // namespace mfsim::rules
