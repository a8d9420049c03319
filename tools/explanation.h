// `mfsim explain`'s model: everything the engine did with one message, as one JSON object
// (the `--format json` document, fields listed in docs/check-diff-explain.md), and its
// rendering for a terminal. Like Exchange's Test-Message, offline.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "tools/evaluation_options.h"

namespace mfsim::tools {

// Evaluates one message with a trace and explains it: Area 1 disposition, connecting IP and
// egress range (or the nearest miss), Microsoft's recorded verdict, every rule with each
// condition and exception (values looked at, raw and decoded; the match and where), the SCL
// path, the verdict and why, the action, and the quarantine policy's permissions, release
// path, notification and expiry. `read_error` is the reader's error for the message, if any;
// `flags` the reader's flags (no_transport_headers).
[[nodiscard]] nlohmann::ordered_json explain_message(const plan& p, const evaluation_setup& setup,
                                                     std::string_view id, std::string_view bytes,
                                                     std::string_view read_error, scratch& s,
                                                     std::uint32_t flags = 0);

// The explanation as text for a terminal (plain ASCII markup, no colour).
[[nodiscard]] std::string render_explanation(const nlohmann::ordered_json& e);

}  // namespace mfsim::tools
