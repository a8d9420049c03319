// The `mfsim run` JSONL record (../shared/spec/cli-contract.md), one line per message.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/recipient_forks.h"

namespace mfsim::report {

// Appends one record and a '\n'. Fields in the contract's order, then mfsim's own, each
// optional one only when it has something to say (record_fields() lists them all), and last
// `forks` / `forks_truncated` when `forks` has something to say (engine/recipient_forks.h).
void append_record(std::string& out, std::string_view id, const outcome& result, const plan& p,
                   const recipient_forks* forks = nullptr);

// Every field append_record can write, in record order, those written only when they have
// something to say included: what `mfsim check` accepts in an expectations file, so that a
// baseline blessed from `mfsim run` always loads.
[[nodiscard]] std::span<const std::string_view> record_fields() noexcept;

}  // namespace mfsim::report
