// The `mfsim run` JSONL record (../shared/spec/cli-contract.md), one line per message.
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"

namespace mfsim::report {

// Appends one record and a '\n'. Fields in the contract's order, then the optional ones:
// received, flags, notify_frequency (when notify), rule_errors (when any).
void append_record(std::string& out, std::string_view id, const outcome& result, const plan& p);

}  // namespace mfsim::report
