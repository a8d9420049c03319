// The subcommands of the `mfsim` command line, registered by tools/command_line.cc; each
// tools/cmd_*.cc does the work of one.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "tools/exit_status.h"

// Only tools/command_line.cc and tools/main.cc include CLI11: each file that does compiles
// about 100 KB of its code (6 s of a core), which the other commands need not pay.
namespace CLI {
class App;
}  // namespace CLI

namespace mfsim::tools {

// Each registers its subcommand on `app` and sets `run` to the action to take if it is chosen;
// the action returns the process exit status.
void register_run(CLI::App& app, std::function<int()>& run);
void register_presets(CLI::App& app, std::function<int()>& run);
void register_generate(CLI::App& app, std::function<int()>& run);
void register_check(CLI::App& app, std::function<int()>& run);    // issue 5
void register_diff(CLI::App& app, std::function<int()>& run);     // issue 5
void register_explain(CLI::App& app, std::function<int()>& run);  // issue 5
void register_agree(CLI::App& app, std::function<int()>& run);
void register_import(CLI::App& app, std::function<int()>& run);
void register_lint(CLI::App& app, std::function<int()>& run);
void register_merge(CLI::App& app, std::function<int()>& run);   // issue 17
void register_parity(CLI::App& app, std::function<int()>& run);  // issue 15, hidden
void register_bench(CLI::App& app, std::function<int()>& run);   // issue 4

class part_set;
// `mfsim merge` of the parts of agree: the merged output into `merged` (agree keeps its output
// in memory as the single process does); returns the exit status, with `error` when not 0.
int merge_agree(part_set& parts, std::string& merged, std::string& error);
// `mfsim merge` of the parts of check: text into `merged` (`drain` writes it out as it grows),
// JUnit XML to `junit` when not empty; returns check's exit status, or 2 with `error`.
// The JUnit document a --junit file holds while a check or a merge of one runs: one errored
// case, `not-finished` (decision 582).
std::string unfinished_check_junit();
// The JUnit document of a check that did not run, and why (`why`): one errored case, `not-run`.
std::string not_run_check_junit(std::string_view why);
int merge_check(part_set& parts, const std::string& junit, std::string& merged,
                const std::function<void()>& drain, std::string& error);

}  // namespace mfsim::tools
