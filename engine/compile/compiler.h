// Turns a rule_set into an immutable plan (see engine.h for compile()).
#pragma once

#include <string>
#include <vector>

#include "engine/net/ip_range_set.h"
#include "engine/rules/rule_set.h"
#include "engine/status.h"

namespace mfsim::compile_detail {

// Resolves SenderIpRanges values ("$list" references and literal entries) into a set;
// problems are appended to `problems` with the condition's position.
net::ip_range_set resolve_ranges(const rules::rule_set& set, const std::vector<std::string>& values,
                                 const source_span& where, std::vector<diagnostic>& problems);

}  // namespace mfsim::compile_detail
