// The subcommands of the `mfsim` command line; each file registers one.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace mfsim::tools {

// Exit statuses shared by every subcommand (cli-contract.md).
constexpr int kExitOk = 0;
constexpr int kExitIoFailure = 1;
constexpr int kExitUsage = 2;

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

}  // namespace mfsim::tools
