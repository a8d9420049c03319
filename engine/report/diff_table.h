// The text form of `mfsim diff`'s report: the transition matrix, the transitions, the fields
// that changed and the changed messages by transition.
#pragma once

#include <string>

#include "engine/report/diff_summary.h"

namespace mfsim::report {

[[nodiscard]] std::string format_diff_table(const diff_report_data& data);

}  // namespace mfsim::report
