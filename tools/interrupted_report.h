// What `--report` (an HTML page) and `-o` (one line) hold when their command wrote no report or
// records: stopped by a signal, unable to run, or not finished yet. Said so, rather than leaving
// the last run's output in place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/unfinished_output.h"

namespace mfsim::tools {

class output_file;

// A self-contained page saying that `mfsim COMMAND` was interrupted by signal `signal_number`
// before its end and wrote no report (decision 529).
[[nodiscard]] std::string interrupted_report_html(const char* command, int signal_number);

// A self-contained page saying that `mfsim COMMAND` did not run, and why (`why`, shown inert),
// so wrote no report (decision 571).
[[nodiscard]] std::string not_run_report_html(const char* command, std::string_view why);

// A self-contained page saying that `mfsim COMMAND` could not write its records (`why`, shown
// inert) and stopped, so wrote no report (decision 583).
[[nodiscard]] std::string output_failed_report_html(const char* command, std::string_view why);

// A self-contained page saying that `mfsim COMMAND` started and did not finish: what a --report
// holds from the moment the command starts until its own page replaces it (decision 582).
[[nodiscard]] std::string unfinished_report_html(const char* command);

// The one line a records output (`run -o`, `merge -o`) or `import -o`'s rule file holds from the
// moment `mfsim COMMAND` starts until its output replaces it (decisions 701 and 720): not JSON,
// and no rule set, so that no reader takes it for records or rules, the last run's or none, and
// `check --expect`, `merge` and every rule-file reader say what it is (is_unfinished_output).
[[nodiscard]] std::string unfinished_records_text(const char* command);

// When `path` (an output found to be no input) names an existing regular file holding the last
// run's output of `mfsim COMMAND OPTION`, or nothing, replaces it now with `text`: a command
// killed before its end (a signal while the rule set loads, SIGKILL, a crash) leaves `text`,
// never that run's output as its own (decision 582). A device, a FIFO, a name not yet taken and
// a file of another kind (notes given by mistake: decisions 722, 842, 880) are left alone. Tells a
// failed write as `mfsim COMMAND: OPTION: ...`; a path that cannot be opened is left to the
// command's own open to refuse.
void replace_last_run_output(const char* command, const char* option, const std::string& path,
                             const std::string& text);

// The first line of the YAML `mfsim import` writes.
inline constexpr std::string_view kImportedYamlFirstLine =
    "# mfsim rule set (docs/rule-format.md), written by mfsim import from:";

// Whether a file saying that `mfsim COMMAND` wrote no output may go at `path` (given to OPTION):
// nothing there yet, a device or FIFO, or a file holding what COMMAND writes there or nothing
// (replace_last_run_output). A user's file of another kind is never lost to a command that
// wrote nothing of its own (decision 880).
[[nodiscard]] bool may_replace_output(const char* command, std::string_view option,
                                      const std::string& path);

// replace_last_run_output for `-o` (found to be no input) with unfinished_records_text, when the
// file there holds `mfsim COMMAND`'s own output (records, a part, import's YAML, that line) or
// nothing: a file of another kind named by mistake (a script, a message, notes) is left as it
// is by a command that fails (decision 722).
void replace_last_records(const char* command, const std::string& output);

// What the -o, --report and --junit options of a command line that does not parse were given
// ("" where not).
struct unparsed_outputs {
  std::string records;
  std::string report;
  std::string junit;
};

// For a `mfsim COMMAND` whose command line does not parse, so that ran nothing: replaces the last
// run's records at -o with unfinished_records_text (decision 703), and an existing --report or
// --junit file with the page, or the JUnit document, of a command that did not run (decision
// 784). `words` are the command line's other words, each taken for an input, and its pieces at
// `,` and `=` too (`--rules a.yaml,b.ps1`, `--directory G=F`), since what they mean is unknown:
// an output that may be one of them is left alone.
void replace_outputs_after_usage_error(const char* command, const unparsed_outputs& outputs,
                                       const std::vector<std::string>& words);

// Writes `page` to `file` (opened, and found to be no input) in place of the file `option`
// names, telling any failure as `mfsim COMMAND: OPTION: ...`; where may_replace_output says no,
// leaves the file and says so. True when the file now holds `page` (the null device holds
// nothing): only then may the command say that the file tells what happened.
bool write_in_place(const char* command, const char* option, output_file& file,
                    const std::string& page);

// For a command that stops before its run: writes that page to `report` (opened, and found to be
// no input) when one was asked for, outside a --shard part, telling any failure; returns
// kExitUsage.
int report_not_run(const char* command, output_file& report, bool asked, std::string_view why);

}  // namespace mfsim::tools
