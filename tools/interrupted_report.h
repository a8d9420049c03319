// The HTML page `--report` holds when its command was stopped by a signal: no report, said so.
#pragma once

#include <string>

namespace mfsim::tools {

// A self-contained page saying that `mfsim COMMAND` was interrupted by signal `signal_number`
// before its end and wrote no report (decision 529).
[[nodiscard]] std::string interrupted_report_html(const char* command, int signal_number);

}  // namespace mfsim::tools
