// A report file replaced, not left as the last run's: a CI job cancelled or timed out that
// publishes its report anyway must not show another run's numbers as its own (decision 529).
#include "tools/interrupted_report.h"

#include <fmt/format.h>

namespace mfsim::tools {

std::string interrupted_report_html(const char* command, int signal_number) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>mfsim {0}: interrupted</title>\n</head>\n<body>\n"
      "<h1>mfsim {0}: interrupted</h1>\n"
      "<p id=\"interrupted\" data-signal=\"{1}\">mfsim {0} was interrupted by signal {1} before "
      "its end: the messages after those it had read were not read, and there is no report.</p>\n"
      "</body>\n</html>\n",
      command, signal_number);
}

}  // namespace mfsim::tools
