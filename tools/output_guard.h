// Outputs never harm inputs: an output path (-o, --report, --junit) that is one of a command's
// inputs, or that lies where the directory walk would read it, is refused before any work.
#pragma once

#include <string>
#include <vector>

namespace mfsim::tools {

// What a command reads: message paths (walked when directories) and single files (rule files,
// --expect, --manifest, --mailbox-state; names that are not files, such as presets, are
// ignored).
struct command_inputs {
  std::vector<std::string> walked;
  std::vector<std::string> files;
};

// The error text for `output` (as given to `option`, e.g. "-o"), empty when it is safe: it is
// not an input (same file, through links too) and not inside a walked directory. Standard
// output ("" or "-") and existing devices and FIFOs are always safe.
[[nodiscard]] std::string output_conflict(const std::string& option, const std::string& output,
                                          const command_inputs& inputs);

// The name under which diff and check, which have no -o and write their table, records or
// verdict to standard output, list it among their outputs, with an empty path: a --report or
// --junit that is the file standard output writes is refused as -o's is (decision 886).
inline constexpr const char* kStandardOutput = "standard output";

// The first conflict among several outputs (option, path) pairs, or empty; two outputs naming
// the same file conflict too, and so do two by different names where one is written in place
// (standard output, a descriptor, a device or FIFO) into the file the other is (decision 881).
// Two regular files replaced by rename are two files, also hard links of one (decision 887).
[[nodiscard]] std::string outputs_conflict(
    const std::vector<std::pair<std::string, std::string>>& outputs, const command_inputs& inputs);

// Whether `path` is, through links and /dev/fd names too, the null device, which keeps nothing
// written to it.
[[nodiscard]] bool names_null_device(const std::string& path);

// The evaluation options' files (--manifest, --mailbox-state unless `recorded`, every
// --directory file) added to `inputs.files`.
void add_evaluation_files(const std::string& manifest, const std::string& mailbox_state,
                          const std::vector<std::string>& directory, command_inputs& inputs);

// outputs_conflict(), printed as "mfsim COMMAND: ..." on stderr; true when the command must stop
// (with kExitUsage) before any work.
[[nodiscard]] bool refuse_conflicting_outputs(
    const char* command, const std::vector<std::pair<std::string, std::string>>& outputs,
    const command_inputs& inputs);

// Whether each output (option, path) can be created now (output_file::probe: a folder missing,
// read-only or a file), printed as "mfsim COMMAND: OPTION: cannot create PATH ...: REASON"; true
// when the command must stop (with kExitUsage) before reading anything (decision 781).
[[nodiscard]] bool refuse_uncreatable_outputs(
    const char* command, const std::vector<std::pair<std::string, std::string>>& outputs);

class output_file;

// Opens `file` at `path` before the run, so an unwritable path fails at once and not after the
// work; on failure prints "mfsim COMMAND: OPTION: why" and returns false. An empty path opens
// nothing and returns true.
[[nodiscard]] bool open_before_run(const char* command, const char* option, const std::string& path,
                                   output_file& file);

}  // namespace mfsim::tools
