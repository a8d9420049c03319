// `mfsim diff --report`: a self-contained HTML page of what moved between two rule sets
// (engine/report/html_page.h for the shared frame): totals, the transition matrix, a chart and
// the changed messages. Every text is escaped; elements carry ids and data- attributes.
#pragma once

#include <string>

#include "engine/report/diff_summary.h"

namespace mfsim::report {

[[nodiscard]] std::string render_diff_report(const diff_report_data& data);

}  // namespace mfsim::report
