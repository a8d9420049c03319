// Internal to the importers: Exchange's address parameters (-From, -SentTo, their ExceptIf
// twins, -RedirectMessageTo, a HostedContentFilterRule's -SentTo) take addresses, not
// patterns. An item with a wildcard would never match, so it is an error that names the
// parameter that matches patterns.
#pragma once

#include <string_view>
#include <vector>

#include "engine/rules/validate.h"

namespace mfsim::rules {

// Reports `item` (of parameter `name`, `ctx` "in transport rule 'X'") when it holds '*' or '?'
// and returns true; false, reporting nothing, for any other text. `transport_rule`: the message
// names the *MatchesPatterns condition to use instead (anti-spam rules have none).
[[nodiscard]] bool report_address_wildcard(std::string_view name, std::string_view item,
                                           const source_span& where, const std::string& ctx,
                                           param_style style, std::vector<diagnostic>& out,
                                           bool transport_rule = true);

}  // namespace mfsim::rules
