// What every evaluating subcommand shares: loading --rules and the per-run options
// (--client-ip, --now, --message-verdict, --mailbox-state, --manifest, --jobs) turned into the
// pipeline's evaluation_setup. Used by run, check, diff, agree and explain.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corpus/file_reader.h"
#include "corpus/manifest.h"
#include "engine/engine.h"
#include "pipeline/evaluate_corpus.h"
#include "tools/evaluation_arguments.h"

namespace mfsim::tools {

using pipeline::evaluation_setup;

// Parses the options and loads the manifest and the mailbox state. On a bad value prints
// "mfsim COMMAND: ..." or the diagnostics to stderr and returns nullopt (the caller exits with
// kExitUsage).
[[nodiscard]] std::optional<evaluation_setup> prepare_evaluation(const char* command,
                                                                 const evaluation_arguments& args);

// How `setup` reads the inputs for `plans`: only each message file's header block when no
// plan reads more (message_reads::header_block_only) and --unwrap is off.
[[nodiscard]] corpus::read_options reading_for(std::initializer_list<const plan*> plans,
                                               const evaluation_setup& setup);

// Says on stderr what the run passed over as no message (Maildir tmp/ and control files,
// desktop metadata, PST items that are not mail; decisions 394-396), when anything.
void tell_passed_over(const char* command, const evaluation_setup& setup);

// Reads the --directory files of `args` once per process: load_plan and the mailbox state's
// identities use that copy. False, after printing the problems, when they do not load; true
// when none is given.
[[nodiscard]] bool directory_loads(const evaluation_arguments& args);

// Loads and compiles a --rules value (preset or file). On failure prints every diagnostic as
// file:line:col to stderr and returns nullptr.
[[nodiscard]] std::shared_ptr<const plan> load_plan(const std::string& spec,
                                                    const std::vector<std::string>& defines = {});
// The same, compiled against the --directory files of `args` (and its --define values). Says
// once on stderr which rules read a directory when none was given (their directory
// conditions are false). nullptr after printing the problems when anything does not load.
[[nodiscard]] std::shared_ptr<const plan> load_plan(const std::string& spec,
                                                    const evaluation_arguments& args);

}  // namespace mfsim::tools
