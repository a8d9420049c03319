// What every evaluating subcommand shares with `mfsim run`: loading --rules, the per-run
// options (--client-ip, --now, --message-verdict, --manifest, --jobs) and evaluating one
// pipeline item. Used by check, diff and explain.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corpus/manifest.h"
#include "engine/engine.h"
#include "engine/mailbox/mailbox_state.h"
#include "tools/ordered_pipeline.h"

namespace mfsim::tools {

struct evaluation_arguments {
  std::string client_ip;
  std::vector<std::string> recipients;  // --rcpt
  std::string now;
  std::string message_verdict = "use";
  std::string manifest;
  std::string mailbox_state;  // `recorded` or a state file (stage [G])
  mail::scan_limits limits;
  std::size_t jobs = 0;  // 0: all cores
  bool unwrap = false;   // --unwrap: each input is a report; evaluate what it carries
};

// Adds --client-ip, --now, --message-verdict, --mailbox-state, --unwrap, the header limits and,
// when `corpus_options`, --manifest and --jobs: the same options with the same checks for every
// command that evaluates messages.
void add_evaluation_options(CLI::App& cmd, evaluation_arguments& args, bool corpus_options);
// Adds --unwrap alone (for `mfsim agree`, which takes no other evaluation option).
void add_unwrap_flag(CLI::App& cmd, bool& unwrap);

// Everything the evaluation needs besides the plan. `manifest` is empty without --manifest.
struct evaluation_setup {
  run_options options;  // options.mailbox_state points into `mailbox_state`
  std::optional<corpus::manifest> manifest;
  std::shared_ptr<const mailbox::mailbox_state> mailbox_state;
  std::size_t jobs = 1;
  corpus::read_options read;  // how inputs are read (--unwrap)
};

// Parses the options and loads the manifest and the mailbox state. On a bad value prints
// "mfsim COMMAND: ..." or the diagnostics to stderr and returns nullopt (the caller exits with
// kExitUsage).
[[nodiscard]] std::optional<evaluation_setup> prepare_evaluation(const char* command,
                                                                 const evaluation_arguments& args);

// Loads and compiles a --rules value (preset or file). On failure prints every diagnostic as
// file:line:col to stderr and returns nullptr.
[[nodiscard]] std::shared_ptr<const plan> load_plan(const std::string& spec);

// Evaluates one pipeline item as `mfsim run` does: the manifest entry wins over the headers, and
// a message that could not be read fully gets its read error. The result lives in `s`, or in
// `copy` when the read error had to be set (then `copy` is returned).
const outcome& evaluate_item(const plan& p, const pipeline_item& item,
                             const evaluation_setup& setup, scratch& s, outcome& copy,
                             evaluation_trace* trace = nullptr);

}  // namespace mfsim::tools
