// The text form of `mfsim diff`'s report: the transition matrix, the transitions, the fields
// that changed and the changed messages by transition.
#pragma once

#include <string>

#include "engine/report/diff_summary.h"

namespace mfsim::report {

// What diff says, and fails with (exit 1), when the PATHs held no message (decision 520).
inline constexpr const char* kNothingCompared =
    "no message was read from the PATHs given: nothing was compared";

// A diff over no message gives the header line and kNothingCompared, no matrix.
[[nodiscard]] std::string format_diff_table(const diff_report_data& data);

}  // namespace mfsim::report
