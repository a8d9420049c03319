// Reading a transport rule's actions beyond SetSCL, the header and subject changes and the
// terminal actions: recipients, moderation, routing, protection, disclaimers, reports and
// notifications, and the Edge Transport actions (build_rule_actions.cc).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/validate.h"

namespace mfsim::rules::detail {

// Reads those actions present in `params` into `actions`, reporting
// bad values (addresses, enumerations, lengths, a companion parameter without its action) to
// `out` with the parameter's position.
void read_other_actions(std::span<const parameter> params, const std::string& ctx,
                        param_style style, rule_actions& actions, std::vector<diagnostic>& out);

}  // namespace mfsim::rules::detail
